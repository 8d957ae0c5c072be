package v2

// The bars-back barchart stream,
// GET /stream/barchart/{symbol}/{interval}/{unit}/{barsBack}/{lastDate},
// has the same path template shape as the date-range stream, which OpenAPI
// forbids; this file adds it as the generated code adds the others: an
// opener registered for package stream (stream.V2BarsBarsBack).

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/oapi-codegen/runtime"

	"github.com/tradestation-go/tradestation/internal/requestconfig"
	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
)

// Limits of the bars-back stream's arguments.
const (
	MaxBarInterval = 1440  // largest interval of minute bars
	MaxBarsBack    = 57600 // most bars one barchart request may ask for
)

// lastDateLayout is MM-DD-YYYY; time.Parse also takes single-digit months and days.
const lastDateLayout = "1-2-2006"

// StreamBarchartsBarsBackParams holds the optional query parameters of the
// bars-back stream; zero fields are not sent.
type StreamBarchartsBarsBackParams struct {
	// SessionTemplate extends US equity bars past the regular session;
	// ignored for other symbols.
	SessionTemplate SessionTemplate `form:"SessionTemplate,omitempty" json:"SessionTemplate,omitzero"`
}

func init() {
	streamhook.Register("v2.StreamBarchartsBarsBack", openStreamBarchartsBarsBack)
}

// openStreamBarchartsBarsBack sends the bars-back stream's request once,
// for package stream, and returns the 2xx answer with its body unread:
// barsBack bars of interval units each, ending at midnight at the start of
// lastDate (MM-DD-YYYY), then new ones.
func openStreamBarchartsBarsBack(ctx context.Context, c *Client, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams, opts ...option.RequestOption) (*http.Response, error) {
	cfg, err := c.cfg.With(opts)
	if err != nil {
		return nil, fmt.Errorf("v2: StreamBarchartsBarsBack: %w", err)
	}
	return cfg.Open(ctx, "v2: StreamBarchartsBarsBack", func(ctx context.Context, baseURL string) (*http.Request, error) {
		return buildStreamBarchartsBarsBackRequest(ctx, baseURL, symbol, interval, unit, barsBack, lastDate, params)
	})
}

// buildStreamBarchartsBarsBackRequest builds the bars-back stream's request
// against server. It rejects arguments the API would refuse, naming the bad
// value.
func buildStreamBarchartsBarsBackRequest(ctx context.Context, server string, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams) (*http.Request, error) {
	if err := checkBarsBackArgs(symbol, interval, unit, barsBack, lastDate); err != nil {
		return nil, err
	}
	path := []string{url.PathEscape(symbol), strconv.Itoa(interval), url.PathEscape(string(unit)), strconv.Itoa(barsBack), url.PathEscape(lastDate)}
	var query []string
	if params != nil && params.SessionTemplate != "" {
		frag, err := runtime.StyleParamWithOptions("form", true, "SessionTemplate", params.SessionTemplate, runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationQuery, Type: "string"})
		if err != nil {
			return nil, err
		}
		query = []string{frag}
	}
	target, err := requestconfig.URL(server, "/stream/barchart/%s/%s/%s/%s/%s", path, query)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.tradestation.streams+json")
	return req, nil
}

func checkBarsBackArgs(symbol string, interval int, unit BarUnit, barsBack int, lastDate string) error {
	if strings.TrimSpace(symbol) == "" {
		return fmt.Errorf("symbol %q is empty", symbol)
	}
	switch unit {
	case BarUnitMinute:
		if interval < 1 || interval > MaxBarInterval {
			return fmt.Errorf("interval %d is out of range 1..%d", interval, MaxBarInterval)
		}
	case BarUnitDaily, BarUnitWeekly, BarUnitMonthly:
		if interval != 1 {
			return fmt.Errorf("interval %d with unit %s: daily, weekly and monthly bars take interval 1", interval, unit)
		}
	default:
		return fmt.Errorf("unit %q is not one of Minute, Daily, Weekly, Monthly", string(unit))
	}
	if barsBack < 1 || barsBack > MaxBarsBack {
		return fmt.Errorf("barsBack %d is out of range 1..%d", barsBack, MaxBarsBack)
	}
	if _, err := time.Parse(lastDateLayout, lastDate); err != nil {
		return fmt.Errorf("lastDate %q is not a date of the form MM-DD-YYYY", lastDate)
	}
	return nil
}
