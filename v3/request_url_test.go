package v3

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"testing"
)

// The request builders come from openapi/client.tmpl, which joins server and
// path by concatenation when it can. These tests hold it to what resolving
// "./path" against the server with net/url gives, for plain and odd servers.

var oddServers = []string{
	"https://sim-api.tradestation.com/v3/",
	"https://sim-api.tradestation.com/v3", // no slash: the last segment is replaced
	"https://user:pw@sim-api.tradestation.com:8443/v3/",
	"https://h/a/../v3/", // dot segments are removed
	"https://h/v3/?x=1",  // the server's query is dropped
	"https://h/v%33/",
	"https://h/v 3/",
	"/relative/",
	"relative/",
	"",
}

var oddSymbols = []string{"MSFT", "MSFT 250620C450", "MSFT,AAPL", "@ES", ".x", "..x", "a/b", "ü", "50%"}

// resolved is the URL that http.NewRequest gets when path is resolved
// against server by net/url, with query as the raw query.
func resolved(t *testing.T, server, path, query string) *url.URL {
	t.Helper()
	base, err := url.Parse(server)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", server, err)
	}
	u, err := base.Parse("." + path)
	if err != nil {
		t.Fatalf("resolve %q against %q: %v", path, server, err)
	}
	u.RawQuery = query
	want, err := url.Parse(u.String())
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", u.String(), err)
	}
	return want
}

func TestRequestPathsResolveAgainstTheServerLikeNetURL(t *testing.T) {
	for _, server := range oddServers {
		for _, symbol := range oddSymbols {
			req, err := buildGetQuoteSnapshotsRequest(context.Background(), server, []string{symbol})
			if err != nil {
				t.Fatalf("buildGetQuoteSnapshotsRequest(%q, %q): %v", server, symbol, err)
			}
			want := resolved(t, server, "/marketdata/quotes/"+url.PathEscape(symbol), "")
			if !reflect.DeepEqual(req.URL, want) {
				t.Errorf("server %q, symbol %q: URL %q (%#v), want %q (%#v)", server, symbol, req.URL, *req.URL, want, *want)
			}
		}
	}
}

func TestRequestQueriesFollowThePathOnEveryServer(t *testing.T) {
	for _, server := range oddServers {
		req, err := buildGetBarsRequest(context.Background(), server, "@ES", &GetBarsParams{BarsBack: 5, Unit: BarUnitMinute})
		if err != nil {
			t.Fatalf("buildGetBarsRequest(%q): %v", server, err)
		}
		want := resolved(t, server, "/marketdata/barcharts/@ES", req.URL.RawQuery)
		if !reflect.DeepEqual(req.URL, want) {
			t.Errorf("server %q: URL %q, want %q", server, req.URL, want)
		}
		if got := req.URL.Query(); !reflect.DeepEqual(got, url.Values{"barsback": {"5"}, "unit": {"Minute"}}) {
			t.Errorf("server %q: query %q, want barsback=5&unit=Minute", server, req.URL.RawQuery)
		}
	}
}

func TestEmptyOrDotPathParametersAreRefused(t *testing.T) {
	for _, id := range []string{"", ".", ".."} {
		req, err := buildCancelOrderRequest(context.Background(), "https://sim-api.tradestation.com/v3/", id)
		if err == nil {
			t.Errorf("order id %q: no error, request for %s %s", id, req.Method, req.URL)
			continue
		}
		if want := fmt.Sprintf("path parameter %q in /orderexecution/orders/{} would change which endpoint is called", id); err.Error() != want {
			t.Errorf("order id %q: error %q, want %q", id, err, want)
		}
	}
}

func TestABadServerURLIsAnError(t *testing.T) {
	for _, server := range []string{"https://h/%zz/", "https://h:port/v3/", "://h/v3/", "https://[::1/v3/"} {
		if req, err := buildGetQuoteSnapshotsRequest(context.Background(), server, []string{"MSFT"}); err == nil {
			t.Errorf("server %q: no error, request for %q", server, req.URL)
		}
	}
}
