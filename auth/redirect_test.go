package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tradestation-go/tradestation/auth"
)

// A redirect from the sign-in host must not re-post the client secret and
// the refresh token anywhere: token and revoke requests stop at the 3xx,
// also with the caller's own *http.Client, which is left unchanged.
func TestTokenAndRevokeNeverFollowARedirect(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		fmt.Fprint(w, `{"access_token":"stolen","expires_in":1200,"token_type":"Bearer"}`)
	}))
	defer other.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		signIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path+"?next=client-secret-1", status)
		}))
		mine := &http.Client{}
		sess, err := auth.NewSession("client-id", "client-secret-1", "refresh-token-1", auth.WithSignInURL(signIn.URL), auth.WithHTTPClient(mine))
		if err != nil {
			t.Fatal(err)
		}
		_, tokenErr := sess.Token(context.Background())
		revokeErr := auth.Revoke(context.Background(), sess)
		for name, err := range map[string]error{"token": tokenErr, "revoke": revokeErr} {
			var te *auth.TokenError
			if !errors.As(err, &te) || te.StatusCode != status || te.Endpoint != name || te.Location != other.URL+"/oauth/"+name {
				t.Errorf("%d on %s: error %v, want a TokenError naming %d and %s", status, name, err, status, other.URL+"/oauth/"+name)
				continue
			}
			if msg := err.Error(); strings.Contains(msg, "client-secret-1") || strings.Contains(msg, "refresh-token-1") || !strings.Contains(msg, "not followed") {
				t.Errorf("%d on %s: error text %q", status, name, msg)
			}
		}
		if mine.CheckRedirect != nil {
			t.Error("the caller's http.Client was changed")
		}
		signIn.Close()
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other host received %d requests, want none", n)
	}
}
