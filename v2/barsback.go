package v2

// The bars-back barchart stream,
// GET /stream/barchart/{symbol}/{interval}/{unit}/{barsBack}/{lastDate},
// has the same path template shape as the date-range stream, which OpenAPI
// forbids; this file offers it in the style of the generated client.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/oapi-codegen/runtime"
)

// Limits of the bars-back stream's arguments.
const (
	MaxBarInterval = 1440  // largest interval of minute bars
	MaxBarsBack    = 57600 // most bars one barchart request may ask for
)

// lastDateLayout is MM-DD-YYYY; time.Parse also takes single-digit months and days.
const lastDateLayout = "1-2-2006"

// StreamBarchartsBarsBackParams holds the optional query parameters of
// StreamBarchartsBarsBack; nil fields are not sent.
type StreamBarchartsBarsBackParams struct {
	// SessionTemplate extends US equity bars past the regular session;
	// ignored for other symbols.
	SessionTemplate *SessionTemplate `form:"SessionTemplate,omitempty" json:"SessionTemplate,omitempty"`
}

// StreamBarchartsBarsBackResponse is the parsed answer of
// StreamBarchartsBarsBackWithResponse; the bars-back stream answers like the
// date-range stream.
type StreamBarchartsBarsBackResponse = StreamBarchartsFromStartDateToEndDateResponse

// NewStreamBarchartsBarsBackRequest builds the request of the bars-back
// barchart stream: barsBack bars of interval units each, ending at midnight
// at the start of lastDate (MM-DD-YYYY). It rejects arguments the API would
// refuse, naming the bad value.
func NewStreamBarchartsBarsBackRequest(server string, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams) (*http.Request, error) {
	if err := checkBarsBackArgs(symbol, interval, unit, barsBack, lastDate); err != nil {
		return nil, err
	}
	path := make([]string, 0, 5)
	for _, p := range []struct {
		name string
		v    any
		typ  string
	}{
		{"symbol", symbol, "string"},
		{"interval", interval, "integer"},
		{"unit", unit, "string"},
		{"barsBack", barsBack, "integer"},
		{"lastDate", lastDate, "string"},
	} {
		seg, err := runtime.StyleParamWithOptions("simple", false, p.name, p.v, runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationPath, Type: p.typ, Format: ""})
		if err != nil {
			return nil, err
		}
		path = append(path, seg)
	}

	serverURL, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	queryURL, err := serverURL.Parse("./stream/barchart/" + strings.Join(path, "/"))
	if err != nil {
		return nil, err
	}

	if params != nil && params.SessionTemplate != nil {
		frag, err := runtime.StyleParamWithOptions("form", true, "SessionTemplate", *params.SessionTemplate, runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationQuery, Type: "string", Format: ""})
		if err != nil {
			return nil, err
		}
		queryURL.RawQuery = frag
	}

	return http.NewRequest(http.MethodGet, queryURL.String(), nil)
}

func checkBarsBackArgs(symbol string, interval int, unit BarUnit, barsBack int, lastDate string) error {
	const op = "v2: StreamBarchartsBarsBack"
	if strings.TrimSpace(symbol) == "" {
		return fmt.Errorf("%s: symbol %q is empty", op, symbol)
	}
	switch unit {
	case BarUnitMinute:
		if interval < 1 || interval > MaxBarInterval {
			return fmt.Errorf("%s: interval %d is out of range 1..%d", op, interval, MaxBarInterval)
		}
	case BarUnitDaily, BarUnitWeekly, BarUnitMonthly:
		if interval != 1 {
			return fmt.Errorf("%s: interval %d with unit %s: daily, weekly and monthly bars take interval 1", op, interval, unit)
		}
	default:
		return fmt.Errorf("%s: unit %q is not one of Minute, Daily, Weekly, Monthly", op, string(unit))
	}
	if barsBack < 1 || barsBack > MaxBarsBack {
		return fmt.Errorf("%s: barsBack %d is out of range 1..%d", op, barsBack, MaxBarsBack)
	}
	if _, err := time.Parse(lastDateLayout, lastDate); err != nil {
		return fmt.Errorf("%s: lastDate %q is not a date of the form MM-DD-YYYY", op, lastDate)
	}
	return nil
}

// StreamBarchartsBarsBack opens the bars-back barchart stream; see
// NewStreamBarchartsBarsBackRequest for the arguments. The body is a stream
// of Bar objects, one per line; the caller closes it.
func (c *Client) StreamBarchartsBarsBack(ctx context.Context, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams, reqEditors ...RequestEditorFn) (*http.Response, error) {
	req, err := NewStreamBarchartsBarsBackRequest(c.Server, symbol, interval, unit, barsBack, lastDate, params)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	if err := c.applyEditors(ctx, req, reqEditors); err != nil {
		return nil, err
	}
	return c.Client.Do(req)
}

// barsBackStreamer is what ClientWithResponses needs from the client it
// wraps; *Client has it, ClientInterface (generated) does not.
type barsBackStreamer interface {
	StreamBarchartsBarsBack(ctx context.Context, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams, reqEditors ...RequestEditorFn) (*http.Response, error)
}

// StreamBarchartsBarsBackWithResponse is StreamBarchartsBarsBack with the
// answer read and parsed like the other WithResponse methods. Like them it
// reads the whole body, so it suits error answers and finished streams, not
// live ones.
func (c *ClientWithResponses) StreamBarchartsBarsBackWithResponse(ctx context.Context, symbol string, interval int, unit BarUnit, barsBack int, lastDate string, params *StreamBarchartsBarsBackParams, reqEditors ...RequestEditorFn) (*StreamBarchartsBarsBackResponse, error) {
	s, ok := c.ClientInterface.(barsBackStreamer)
	if !ok {
		return nil, fmt.Errorf("v2: StreamBarchartsBarsBack: the wrapped client %T has no StreamBarchartsBarsBack method", c.ClientInterface)
	}
	rsp, err := s.StreamBarchartsBarsBack(ctx, symbol, interval, unit, barsBack, lastDate, params, reqEditors...)
	if err != nil {
		return nil, err
	}
	return ParseStreamBarchartsBarsBackResponse(rsp)
}

// ParseStreamBarchartsBarsBackResponse reads and parses an answer of the
// bars-back stream.
func ParseStreamBarchartsBarsBackResponse(rsp *http.Response) (*StreamBarchartsBarsBackResponse, error) {
	return ParseStreamBarchartsFromStartDateToEndDateResponse(rsp)
}
