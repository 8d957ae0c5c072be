package main

import (
	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// fake is a running built-in fake TradeStation.
type fake struct {
	session                *auth.Session // a simulator session on the fake
	url                    string        // its base URL (sign-in and API)
	clientID, clientSecret string        // the API key it accepts
	user, password         string        // the sign-in its authorize page accepts
	close                  func()
}

// startBuiltinFake starts tradestationtest's fake on loopback, its market
// clock following the wall clock so that streams move.
func startBuiltinFake() (fake, error) {
	srv := tradestationtest.NewServer(tradestationtest.WithRealTime())
	return fake{
		session:      srv.Session(auth.Sim()),
		url:          srv.URL(),
		clientID:     tradestationtest.ClientID,
		clientSecret: tradestationtest.ClientSecret,
		user:         tradestationtest.UserID,
		password:     tradestationtest.DemoPassword,
		close:        srv.Close,
	}, nil
}
