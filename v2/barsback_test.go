package v2_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
)

func TestStreamBarchartsBarsBackSendsPathAndQuery(t *testing.T) {
	pre := v2.SessionTemplatePreAndPost
	tests := []struct {
		name     string
		symbol   string
		interval int
		unit     v2.BarUnit
		barsBack int
		lastDate string
		params   *v2.StreamBarchartsBarsBackParams
		want     string
	}{
		{"minute bars with session template", "MSFT", 5, v2.BarUnitMinute, 25, "06-18-2024",
			&v2.StreamBarchartsBarsBackParams{SessionTemplate: pre},
			"/v2/stream/barchart/MSFT/5/Minute/25/06-18-2024?SessionTemplate=USEQPreAndPost&APIVersion=20160101"},
		{"option symbol with a space", "MSFT 250117C420", 1, v2.BarUnitDaily, 10, "6-18-2024", nil,
			"/v2/stream/barchart/MSFT%20250117C420/1/Daily/10/6-18-2024?APIVersion=20160101"},
		{"index symbol with a dollar sign", "$DJI", 1, v2.BarUnitWeekly, 52, "06-14-2024", nil,
			"/v2/stream/barchart/$DJI/1/Weekly/52/06-14-2024?APIVersion=20160101"},
		{"slash, hash and question mark stay in the segment", "A/B#C?D", 1, v2.BarUnitMonthly, 1, "01-31-2024", nil,
			"/v2/stream/barchart/A%2FB%23C%3FD/1/Monthly/1/01-31-2024?APIVersion=20160101"},
		{"largest minute interval and bars back", "ESU24", v2.MaxBarInterval, v2.BarUnitMinute, v2.MaxBarsBack, "06-18-2024", nil,
			"/v2/stream/barchart/ESU24/1440/Minute/57600/06-18-2024?APIVersion=20160101"},
		{"params without session template send no query", "AAPL", 1, v2.BarUnitMinute, 1, "06-18-2024",
			&v2.StreamBarchartsBarsBackParams{},
			"/v2/stream/barchart/AAPL/1/Minute/1/06-18-2024?APIVersion=20160101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, got := newServer(t, answer{status: http.StatusOK, contentType: "application/vnd.tradestation.streams+json", body: "END\n"})
			rsp, err := openBarsBack(context.Background(), c, tt.symbol, tt.interval, tt.unit, tt.barsBack, tt.lastDate, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			_ = rsp.Body.Close()
			s := received(t, got)
			if s.method != http.MethodGet {
				t.Errorf("method = %s, want GET", s.method)
			}
			if s.requestURI != tt.want {
				t.Errorf("request target\n got %s\nwant %s", s.requestURI, tt.want)
			}
			if got := s.header.Get("Accept"); got != "application/vnd.tradestation.streams+json" {
				t.Errorf("Accept = %q, want the v2 stream media type", got)
			}
		})
	}
}

func TestStreamBarchartsBarsBackAppliesClientEditorsThenCallEditors(t *testing.T) {
	appendOrder := func(name string) option.RequestOption {
		return option.WithRequestEditor(func(_ context.Context, r *http.Request) error {
			r.Header.Add("X-Editors", name)
			return nil
		})
	}
	c, got := newServer(t, answer{status: http.StatusOK, body: ""}, appendOrder("client"))
	rsp, err := openBarsBack(context.Background(), c, "MSFT", 1, v2.BarUnitMinute, 5, "06-18-2024", nil, appendOrder("call"))
	if err != nil {
		t.Fatal(err)
	}
	_ = rsp.Body.Close()
	s := received(t, got)
	if got, want := strings.Join(s.header.Values("X-Editors"), ","), "client,call"; got != want {
		t.Errorf("editors ran as %q, want %q", got, want)
	}
}

func TestStreamBarchartsBarsBackEditorErrorStopsTheRequest(t *testing.T) {
	refuse := errors.New("no token")
	c, err := v2.NewClient("https://sim-api.tradestation.com/v2", option.WithHTTPClient(&http.Client{Transport: noRequests{t}}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = openBarsBack(context.Background(), c, "MSFT", 1, v2.BarUnitMinute, 5, "06-18-2024", nil,
		option.WithRequestEditor(func(context.Context, *http.Request) error { return refuse }))
	if !errors.Is(err, refuse) {
		t.Fatalf("err = %v, want the editor's error", err)
	}
}

func TestStreamBarchartsBarsBackRejectsBadArgumentsNamingThem(t *testing.T) {
	tests := []struct {
		name     string
		symbol   string
		interval int
		unit     v2.BarUnit
		barsBack int
		lastDate string
		wantMsg  string
	}{
		{"empty symbol", "", 1, v2.BarUnitMinute, 10, "06-18-2024", `symbol ""`},
		{"blank symbol", "  ", 1, v2.BarUnitMinute, 10, "06-18-2024", `symbol "  "`},
		{"zero bars back", "MSFT", 1, v2.BarUnitMinute, 0, "06-18-2024", "barsBack 0"},
		{"negative bars back", "MSFT", 1, v2.BarUnitMinute, -3, "06-18-2024", "barsBack -3"},
		{"too many bars back", "MSFT", 1, v2.BarUnitMinute, v2.MaxBarsBack + 1, "06-18-2024", "barsBack 57601"},
		{"zero interval", "MSFT", 0, v2.BarUnitMinute, 10, "06-18-2024", "interval 0"},
		{"interval above a day of minutes", "MSFT", 1441, v2.BarUnitMinute, 10, "06-18-2024", "interval 1441"},
		{"daily bars with interval 5", "MSFT", 5, v2.BarUnitDaily, 10, "06-18-2024", "interval 5 with unit Daily"},
		{"unknown unit", "MSFT", 1, v2.BarUnit("Hourly"), 10, "06-18-2024", `unit "Hourly"`},
		{"empty unit", "MSFT", 1, v2.BarUnit(""), 10, "06-18-2024", `unit ""`},
		{"ISO date", "MSFT", 1, v2.BarUnitMinute, 10, "2024-06-18", `lastDate "2024-06-18"`},
		{"empty date", "MSFT", 1, v2.BarUnitMinute, 10, "", `lastDate ""`},
		{"impossible date", "MSFT", 1, v2.BarUnitMinute, 10, "02-30-2024", `lastDate "02-30-2024"`},
		{"date with a time", "MSFT", 1, v2.BarUnitMinute, 10, "06-18-2024t09:30:00", `lastDate "06-18-2024t09:30:00"`},
	}
	c, err := v2.NewClient("https://sim-api.tradestation.com/v2", option.WithHTTPClient(&http.Client{Transport: noRequests{t}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openBarsBack(context.Background(), c, tt.symbol, tt.interval, tt.unit, tt.barsBack, tt.lastDate, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), "v2: StreamBarchartsBarsBack: ") {
				t.Errorf("error = %v, want one containing %s", err, tt.wantMsg)
			}
		})
	}
}

func TestStreamBarchartsBarsBackAnswersErrorsAsAPIErrors(t *testing.T) {
	c, _ := newServer(t, answer{status: http.StatusNotFound, contentType: "application/json; charset=utf-8",
		body: `{"TraceId":"c41f8b27-6d90-4e1a-a3f5-28b7e9d06c3a","StatusCode":404,"Message":"INVALID SYMBOL"}`})
	rsp, err := openBarsBack(context.Background(), c, "MSFTX", 1, v2.BarUnitMinute, 1, "06-18-2024", nil)
	var apiErr *client.APIError
	if rsp != nil || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Message != "INVALID SYMBOL" {
		t.Fatalf("answer %v, err %v; want a 404 *client.APIError", rsp, err)
	}
}
