package main

import (
	"fmt"

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
	return fakeOn(tradestationtest.NewServer(tradestationtest.WithRealTime())), nil
}

// fakeOn describes a running fake server; close shuts it down.
func fakeOn(srv *tradestationtest.Server) fake {
	return fake{
		session:      srv.Session(auth.Sim()),
		url:          srv.URL(),
		clientID:     tradestationtest.ClientID,
		clientSecret: tradestationtest.ClientSecret,
		user:         tradestationtest.UserID,
		password:     tradestationtest.DemoPassword,
		close:        srv.Close,
	}
}

// launchFake starts the built-in fake, saying so in its error.
func (a *app) launchFake() (fake, error) {
	f, err := a.startFake()
	if err != nil {
		return fake{}, fmt.Errorf("starting the built-in fake TradeStation: %w", err)
	}
	return f, nil
}
