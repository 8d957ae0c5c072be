package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
)

// A 308 on an order and a 307 on a read come back as *APIError naming the
// Location; the other address receives nothing, not even with the caller's
// own *http.Client, which is left as it was.
func TestTheAPIClientNeverFollowsARedirect(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"Orders":[{"OrderID":"666"}],"Accounts":[]}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := http.StatusTemporaryRedirect
		if r.Method == http.MethodPost {
			status = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, other.URL+r.URL.Path+"?token=leak", status)
	}))
	defer api.Close()
	mine := &http.Client{}
	c := newAPI(t, api.URL, mine)
	ctx := context.Background()
	_, placeErr := placeOrder(ctx, c, marketBuy("redirect-1"))
	getErr := getAccounts(ctx, c)
	for name, want := range map[string]struct {
		err    error
		status int
		path   string
	}{
		"PlaceOrder":  {placeErr, 308, "/v3/orderexecution/orders"},
		"GetAccounts": {getErr, 307, "/v3/brokerage/accounts"},
	} {
		var apiErr *client.APIError
		if !errors.As(want.err, &apiErr) || apiErr.StatusCode != want.status || apiErr.Location != other.URL+want.path+"?token=leak" {
			t.Errorf("%s: error %v, want an APIError %d naming the Location", name, want.err, want.status)
			continue
		}
		if msg := want.err.Error(); strings.Contains(msg, "leak") || !strings.Contains(msg, other.URL+want.path+" not followed") {
			t.Errorf("%s: error text %q", name, msg)
		}
		if errors.Is(want.err, client.ErrMaybePlaced) {
			t.Errorf("%s: a redirect is not an order that may exist: %v", name, want.err)
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other address received %d requests, want none", n)
	}
	if mine.CheckRedirect != nil {
		t.Error("the caller's http.Client was changed")
	}
}

// request is what a server saw of a request.
type request struct {
	proto         int
	method        string
	contentLength int64
	te            string
	header        string // Content-Length and Transfer-Encoding as sent
	body          string
}

func recordingServer(h2 bool, seen chan<- request) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen <- request{r.ProtoMajor, r.Method, r.ContentLength, strings.Join(r.TransferEncoding, ","),
			r.Header.Get("Content-Length") + "|" + r.Header.Get("Transfer-Encoding"), string(body)}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"OrderID":"1001","Message":"Cancel request sent"}`)
	}))
	if h2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	return srv
}

// The doer hands net/http no body to replay; a cancellation, which has none,
// must reach the server exactly as a plain DELETE does, on both protocols.
func TestACancelLooksToTheServerLikeAPlainDelete(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		seen := make(chan request, 4)
		srv := recordingServer(h2, seen)
		defer srv.Close()
		res, err := cancelOrder(context.Background(), newAPI(t, srv.URL, srv.Client()), "1001")
		if err != nil || res.OrderID != "1001" {
			t.Fatalf("h2 %t: CancelOrder = %+v, %v", h2, res, err)
		}
		viaClient := <-seen
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/v3/orderexecution/orders/1001", nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		plain := <-seen
		if viaClient != plain || (plain.proto == 2) != h2 {
			t.Errorf("h2 %t: the server saw %+v from the client and %+v from a plain DELETE", h2, viaClient, plain)
		}
	}
}

// accountsOf answers GetAccounts with a body of exactly n bytes.
func accountsOf(n int) []byte {
	const open, close = `{"Accounts":[],"Pad":"`, `"}`
	return []byte(open + strings.Repeat("x", n-len(open)-len(close)) + close)
}

func TestSuccessfulBodiesOverTheLimitAreAnErrorNamingIt(t *testing.T) {
	const limit = 4 << 10
	cases := []struct {
		name    string
		size    int
		chunked bool
		gzipped bool
		wantErr bool
	}{
		{"exactly the limit, declared", limit, false, false, false},
		{"exactly the limit, chunked", limit, true, false, false},
		{"one byte over, declared", limit + 1, false, false, true},
		{"one byte over, chunked", limit + 1, true, false, true},
		{"one byte over once inflated", limit + 1, false, true, true},
		{"exactly the limit once inflated", limit, false, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := accountsOf(c.size)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case c.gzipped:
					w.Header().Set("Content-Encoding", "gzip")
					zw := gzip.NewWriter(w)
					zw.Write(body)
					zw.Close()
				case c.chunked:
					w.Write(body[:10])
					w.(http.Flusher).Flush()
					w.Write(body[10:])
				default:
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					w.Write(body)
				}
			}))
			defer srv.Close()
			err := getAccounts(context.Background(), newAPI(t, srv.URL, srv.Client(), option.WithMaxResponseBytes(limit)))
			var le *client.BodyLimitError
			switch {
			case c.wantErr && (!errors.As(err, &le) || le.Limit != limit || !strings.Contains(err.Error(), "limit of 4 KiB")):
				t.Errorf("error %v, want a BodyLimitError of 4 KiB", err)
			case !c.wantErr && err != nil:
				t.Errorf("a body within the limit failed: %v", err)
			}
		})
	}
}

// gzipBomb writes members concatenated gzip members of 16 MiB of zeros
// each; one member is about 16 KiB on the wire.
func gzipBomb(members int) []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 16<<20))
	zw.Close()
	return bytes.Repeat(member.Bytes(), members)
}

// peakHeap samples the heap's live objects while f runs and returns the
// highest figure seen and the bytes allocated in all.
func peakHeap(f func()) (peak, allocated uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	before := sample[1].Value.Uint64()
	var mu sync.Mutex
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	}()
	f()
	close(done)
	<-stopped
	metrics.Read(sample)
	return peak, sample[1].Value.Uint64() - before
}

// A few MiB of gzip that inflate to 4 GiB end in the limit's error, with
// the heap bounded by the limit, not by the bomb.
func TestAGzipBombEndsInTheBodyLimitWithBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 64 MiB")
	}
	bomb := gzipBomb(256) // 4 GiB inflated
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	for _, limit := range []int64{client.DefaultMaxResponseBytes, 1 << 20} {
		api := newAPI(t, srv.URL, srv.Client(), option.WithMaxResponseBytes(limit))
		runtime.GC()
		var err error
		peak, allocated := peakHeap(func() { err = getAccounts(context.Background(), api) })
		var le *client.BodyLimitError
		if !errors.As(err, &le) || le.Limit != limit {
			t.Fatalf("limit %d: error %v, want a BodyLimitError", limit, err)
		}
		t.Logf("limit %d MiB: %d KiB of gzip (%d GiB inflated) ended in %q; peak heap %.1f MiB, allocated %.1f MiB",
			limit>>20, len(bomb)>>10, 4, err, float64(peak)/(1<<20), float64(allocated)/(1<<20))
		if bound := uint64(4*limit + 32<<20); peak > bound {
			t.Errorf("limit %d MiB: peak heap %d MiB, want under %d MiB", limit>>20, peak>>20, bound>>20)
		}
	}
}
