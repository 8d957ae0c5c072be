package wiretest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// received is one request as a server read it, body complete.
type received struct {
	method, path string
	body         string
	// endOnHeaders is true when the HEADERS frame ended the stream (over
	// HTTP/1.1: no Content-Length nor chunked body); dataFrames counts the
	// DATA frames that followed.
	endOnHeaders bool
	dataFrames   int
}

// log collects what a server received.
type log struct {
	mu  sync.Mutex
	got []received
}

func (l *log) add(r received) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, r)
	return len(l.got)
}

// of lists the requests received for method and path.
func (l *log) of(method, path string) []received {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []received
	for _, r := range l.got {
		if r.method == method && r.path == path {
			out = append(out, r)
		}
	}
	return out
}

// fault is what a raw server does once it has read a whole request.
type fault struct {
	name   string
	rst    http2.ErrCode // reset the stream with this code
	goAway bool          // or send GOAWAY naming no stream as processed, and close
}

var h2Faults = []fault{
	{name: "RST_STREAM PROTOCOL_ERROR", rst: http2.ErrCodeProtocol},
	{name: "RST_STREAM INTERNAL_ERROR", rst: http2.ErrCodeInternal},
	{name: "RST_STREAM REFUSED_STREAM", rst: http2.ErrCodeRefusedStream},
	{name: "GOAWAY", goAway: true},
}

// serveAll runs serve for every connection ln accepts until the test ends,
// then closes the listener and the connections still open and waits.
func serveAll(t *testing.T, ln net.Listener, serve func(net.Conn)) {
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(30 * time.Second))
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
}

// rawH2 is an HTTP/2 server over TLS on loopback, written with the framer,
// that meets every request with its fault after reading the whole body.
type rawH2 struct {
	URL string
	log
	fault fault
}

func newRawH2(t *testing.T, cert tls.Certificate, f fault) *rawH2 {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	s := &rawH2{URL: "https://" + ln.Addr().String(), fault: f}
	serveAll(t, ln, s.serve)
	return s
}

func (s *rawH2) serve(c net.Conn) {
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	open := map[uint32]*received{}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		var done *received
		var id uint32
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			r := &received{method: f.PseudoValue("method"), path: f.PseudoValue("path"), endOnHeaders: f.StreamEnded()}
			if i := strings.IndexByte(r.path, '?'); i >= 0 {
				r.path = r.path[:i]
			}
			open[f.StreamID] = r
			if f.StreamEnded() {
				done, id = r, f.StreamID
			}
		case *http2.DataFrame:
			r := open[f.StreamID]
			if r == nil {
				continue
			}
			r.body += string(f.Data())
			r.dataFrames++
			if f.StreamEnded() {
				done, id = r, f.StreamID
			}
		}
		if done == nil {
			continue
		}
		delete(open, id)
		s.add(*done)
		if s.fault.goAway {
			_ = fr.WriteGoAway(0, http2.ErrCodeNo, nil)
			time.Sleep(20 * time.Millisecond) // let the client read it before the close
			return
		}
		_ = fr.WriteRSTStream(id, s.fault.rst)
	}
}

// closingH1 is an HTTP/1.1 server on loopback that answers GET requests
// and closes the connection, without an answer, after reading the whole
// body of anything else.
type closingH1 struct {
	URL string
	log
}

func newClosingH1(t *testing.T) *closingH1 {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &closingH1{URL: "http://" + ln.Addr().String()}
	serveAll(t, ln, s.serve)
	return s
}

func (s *closingH1) serve(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return
		}
		s.add(received{method: req.Method, path: req.URL.Path, body: string(body), endOnHeaders: req.ContentLength == 0 && len(req.TransferEncoding) == 0})
		if req.Method != http.MethodGet {
			return // the body was read; the answer never comes
		}
		answer := `{"Accounts":[]}`
		resp := &http.Response{StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1, ContentLength: int64(len(answer)),
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(answer))}
		if resp.Write(c) != nil {
			return
		}
	}
}

// loopbackCert is a self-signed certificate for 127.0.0.1, and a pool
// that trusts it.
func loopbackCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wiretest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// h2Client speaks HTTP/2 over TLS to servers with the certificate pool
// trusts.
func h2Client(pool *x509.CertPool) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
}

// same reports whether every request carried the same body.
func same(rs []received) bool {
	for _, r := range rs {
		if r.body != rs[0].body {
			return false
		}
	}
	return true
}
