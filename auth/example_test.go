package auth_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/tradestation-go/tradestation/auth"
)

func ExampleNewSession() {
	sess, err := auth.NewSession("my-client-id", "my-client-secret", "my-refresh-token", auth.Sim())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sess.BaseURL())
	fmt.Println(sess.IsSim(), sess.IsV2())
	fmt.Println(sess) // no secret is printed
	// Output:
	// https://sim-api.tradestation.com/v3
	// true false
	// auth.Session{env: sim, api: https://sim-api.tradestation.com/v3, client_id: my-client-id}
}

func ExampleSession_RequestEditor() {
	// A stand-in for signin.tradestation.com that issues one access token.
	signIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"example-access-token","token_type":"Bearer","expires_in":1200}`)
	}))
	defer signIn.Close()

	sess, err := auth.NewSession("my-client-id", "my-client-secret", "my-refresh-token",
		auth.Sim(), auth.WithSignInURL(signIn.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest(http.MethodGet, sess.BaseURL()+"/brokerage/accounts", nil)
	if err := sess.RequestEditor()(context.Background(), req); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.URL)
	fmt.Println(req.Header.Get("Authorization"))
	// Output:
	// https://sim-api.tradestation.com/v3/brokerage/accounts
	// Bearer example-access-token
}
