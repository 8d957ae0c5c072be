package v2_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tradestation-go/tradestation/internal/streamhook"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/v2"
)

// seen is what the test server received.
type seen struct {
	method     string
	requestURI string // the request target exactly as sent
	header     http.Header
	body       []byte
}

// answer is what the test server sends back.
type answer struct {
	status      int
	contentType string
	body        string
}

// newServer starts a server that serves the API under /v2/ only (so that a
// wrong absolute path fails), records each request on the returned channel
// and answers with a. It returns a bare client whose base URL ends in /v2.
func newServer(t *testing.T, a answer, opts ...option.RequestOption) (*v2.Client, <-chan seen) {
	t.Helper()
	got := make(chan seen, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/v2/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- seen{method: r.Method, requestURI: r.RequestURI, header: r.Header.Clone(), body: body}
		if a.contentType != "" {
			w.Header().Set("Content-Type", a.contentType)
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := v2.NewClient(srv.URL+"/v2", append([]option.RequestOption{option.WithHTTPClient(srv.Client())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, got
}

// received returns the request the server recorded, failing if there was none.
func received(t *testing.T, got <-chan seen) seen {
	t.Helper()
	select {
	case s := <-got:
		return s
	default:
		t.Fatal("the server received no request")
		return seen{}
	}
}

// noRequests is a transport that fails the test if any request reaches it.
type noRequests struct{ t *testing.T }

func (d noRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	d.t.Errorf("unexpected request %s %s", r.Method, r.URL)
	return nil, http.ErrHandlerTimeout
}

// The stream openers that package stream uses, looked up the same way.
var (
	openDaysBack = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, *v2.StreamBarchartsDaysBackParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsDaysBack")
	openFrom     = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, string, *v2.StreamBarchartsFromStartDateParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsFromStartDate")
	openBarsBack = streamhook.Lookup[func(context.Context, *v2.Client, string, int, v2.BarUnit, int, string, *v2.StreamBarchartsBarsBackParams, ...option.RequestOption) (*http.Response, error)]("v2.StreamBarchartsBarsBack")
)
