package option_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/option"
	"github.com/tradestation-go/tradestation/tradestationtest"
)

// Options given to the constructor apply to every call; options given to
// a call apply to it alone, after the client's. Here a call asks for its
// raw answer to read the rate-limit headers.
func Example() {
	srv := tradestationtest.NewServer()
	defer srv.Close()
	if err := srv.LimitRate(250, 5*time.Minute); err != nil {
		log.Fatal(err)
	}
	api, err := client.NewV3(srv.Session(), option.WithUserAgent("my-bot/1.2"), option.WithMaxRetries(3))
	if err != nil {
		log.Fatal(err)
	}
	var raw *http.Response
	_, err = api.GetAccounts(context.Background(), option.WithRequestTimeout(5*time.Second), option.WithResponseInto(&raw))
	if err != nil {
		log.Fatal(err)
	}
	rl := client.RateLimitOf(raw)
	fmt.Println(rl.Remaining, "of", rl.Limit, "requests left for", rl.Resource)
	// Output:
	// 249 of 250 requests left for Accounts
}
