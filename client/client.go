package client

import (
	"errors"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/internal/retry"
	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// NewV3 returns a typed API v3 client for sess: it talks to the session's
// host (live, sim or WithAPIURL) under /v3, authenticates every request and
// returns every non-2xx answer as an *APIError.
func NewV3(sess *auth.Session, opts ...Option) (*v3.ClientWithResponses, error) {
	if sess == nil {
		return nil, errors.New("client: NewV3 needs a session (auth.NewSession)")
	}
	s := configure(opts)
	clientOpts := []v3.ClientOption{v3.WithHTTPClient(s.doer(sess, false)), v3.WithRequestEditorFn(sess.RequestEditor())}
	for _, e := range s.editors {
		clientOpts = append(clientOpts, v3.WithRequestEditorFn(e))
	}
	return v3.NewClientWithResponses(sess.APIURL()+"/v3", clientOpts...)
}

// NewV2 returns a typed client for the legacy API v2 under /v2 of the
// session's host, whether or not the session was made with auth.V2: the
// flag picks a default for callers that read BaseURL, the constructor is
// explicit. Every request also carries APIVersion=20160101.
func NewV2(sess *auth.Session, opts ...Option) (*v2.ClientWithResponses, error) {
	if sess == nil {
		return nil, errors.New("client: NewV2 needs a session (auth.NewSession)")
	}
	s := configure(opts)
	clientOpts := []v2.ClientOption{v2.WithHTTPClient(s.doer(sess, true)), v2.WithRequestEditorFn(sess.RequestEditor())}
	for _, e := range s.editors {
		clientOpts = append(clientOpts, v2.WithRequestEditorFn(e))
	}
	return v2.NewClientWithResponses(sess.APIURL()+"/v2", clientOpts...)
}

func configure(opts []Option) settings {
	s := defaultSettings()
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	return s
}

func (s settings) doer(sess *auth.Session, v2 bool) *doer {
	return &doer{
		http:          withoutRedirects(s.httpClient),
		auth:          sess,
		userAgent:     []string{s.userAgent},
		policy:        retry.Policy{MaxRetries: s.maxRetries, First: s.minBackoff, Max: s.maxBackoff},
		log:           s.logger,
		v2:            v2,
		autoConfirmID: s.autoConfirmID,
		maxBody:       s.maxBody,
	}
}
