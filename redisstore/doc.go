// Package redisstore shares one TradeStation login among processes and
// machines through Redis: a token store that sessions refresh through one
// at a time, and a rate budget that keeps them all under TradeStation's
// quotas, which count per login.
//
// A Store is an auth.SharedTokenStore. Give every session of the fleet a
// Store on the same Redis key; a session that needs a new access token
// takes the Store's lease, reads the stored token, uses it if another
// process already refreshed, and otherwise asks TradeStation and saves the
// answer before it uses it. So the fleet makes one token request per
// rotation, and no process is left holding a refresh token that a rotation
// retired.
//
// The lease is a Redis key set with NX and an expiry, holding a random owner
// token: it is renewed while its holder refreshes, released only by its
// owner, and expires on its own when its holder dies, so that the others
// wait no longer than the lease time. Saves are compare-and-set on a
// version that every save increments: a holder that lost its lease (paused
// past it) cannot overwrite a token that a later holder saved.
//
// Without WithEncryptionKey, Redis holds the refresh token in clear: anyone
// who can read the key can trade on the account. With it, tokens are sealed
// with AES-GCM before they reach Redis. Keys never hold a secret.
//
// A RateLimiter is a ratelimit.StreamLimiter shared through Redis: one
// budget per login and resource group (GCRA, from go-redis's redis_rate),
// and a cap on concurrent streams.
package redisstore
