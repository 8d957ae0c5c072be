package redisstore_test

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/redis/go-redis/v9"
	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/ratelimit"
	"github.com/tradestation-go/tradestation/redisstore"
)

// Every process of a fleet builds the same store and budget: they then make
// one token request per rotation between them and share one quota.
func Example() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	login := "tradestation:sim:" + os.Getenv("TRADESTATION_USER") // names the login, holds no secret
	store := redisstore.New(rdb, login, redisstore.WithEncryptionKey([]byte(os.Getenv("TOKEN_SEALING_KEY"))))
	sess, err := auth.NewSession(os.Getenv("TRADESTATION_CLIENT_ID"), os.Getenv("TRADESTATION_CLIENT_SECRET"), "",
		auth.Sim(), auth.WithTokenStore(store))
	if err != nil {
		log.Fatal(err)
	}
	budget := redisstore.NewRateLimiter(rdb, login, nil) // TradeStation's documented quotas

	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sess.BaseURL()+"/brokerage/accounts", nil)
	if err := budget.Wait(ctx, ratelimit.Group(req.URL.Path)); err != nil {
		log.Fatal(err)
	}
	if err := sess.RequestEditor()(ctx, req); err != nil {
		log.Fatal(err)
	}
	// ... send req with an HTTP client
}
