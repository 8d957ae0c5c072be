package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/tradestation-go/tradestation/auth"
)

func loginCommand() *command {
	return &command{
		name: "login", timing: selfTimed,
		summary: "Sign in through the browser and store the refresh token for later commands.",
		example: "tradestation login --client-id ID --client-secret SECRET",
		setup: func(fs *flag.FlagSet) runFunc {
			id := fs.String("client-id", "", "API key (default $"+envClientID+")")
			secret := fs.String("client-secret", "", "API secret (default $"+envClientSecret+")")
			noBrowser := fs.Bool("no-browser", false, "print the sign-in URL instead of opening a browser")
			port := fs.Int("port", 0, "loopback port for the sign-in callback (default: the first free of 3000, 3001, 8080, 31022, 80)")
			prompt := fs.Bool("prompt", false, "ask for the password even when the browser is still signed in")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("login takes no arguments")
				}
				if *port < 0 || *port > 65535 {
					return fmt.Errorf("--port %d is not a port number", *port)
				}
				cfg := auth.LoginConfig{
					ClientID:     firstNonEmpty(*id, strings.TrimSpace(x.env(envClientID))),
					ClientSecret: firstNonEmpty(*secret, strings.TrimSpace(x.env(envClientSecret))),
					Prompt:       *prompt,
					Timeout:      x.g.timeout,
					Output:       x.stderr,
				}
				if *port != 0 {
					cfg.Ports = []int{*port}
				}
				if *noBrowser {
					cfg.OpenBrowser = func(string) error { return nil } // Login prints the URL anyway
				}
				store := x.tokenStore(x.g)
				cfg.Store = store
				if x.g.fake {
					f, err := x.startFake()
					if err != nil {
						return fmt.Errorf("starting the built-in fake TradeStation: %w", err)
					}
					defer f.close()
					cfg.SignInURL, cfg.ClientID, cfg.ClientSecret = f.url, f.clientID, f.clientSecret
					fmt.Fprintf(x.stderr, "tradestation: signing in to the built-in fake TradeStation (user %q, password %q)\n", f.user, f.password)
					if x.g.tokenFile == "" {
						// A fake token must not replace a real one in the default file.
						cfg.Store = nil
					}
				} else if cfg.ClientID == "" || cfg.ClientSecret == "" {
					return fmt.Errorf("login needs an API key: pass --client-id and --client-secret or set %s and %s (or try --fake)", envClientID, envClientSecret)
				}
				tok, err := auth.Login(ctx, cfg)
				if err != nil {
					return err
				}
				who := "signed in"
				if info, err := auth.UserInfoFromToken(tok); err == nil {
					who = "signed in as " + info.UserID
					if info.Name != "" {
						who = fmt.Sprintf("signed in as %s (%s)", info.Name, info.UserID)
					}
				}
				if cfg.Store == nil {
					fmt.Fprintf(x.stdout, "%s; the token of the built-in fake was not stored (pass --token-file to keep it)\n", who)
					return nil
				}
				fmt.Fprintf(x.stdout, "%s; token stored in %s\n", who, store.Path())
				return nil
			}
		},
	}
}

func logoutCommand() *command {
	return &command{
		name:    "logout",
		summary: "Revoke the stored refresh token at TradeStation and delete the token file.",
		example: "tradestation logout",
		setup: func(fs *flag.FlagSet) runFunc {
			id := fs.String("client-id", "", "API key (default $"+envClientID+")")
			secret := fs.String("client-secret", "", "API secret (default $"+envClientSecret+")")
			return func(ctx context.Context, x *invocation, args []string) error {
				if len(args) > 0 {
					return usageErrorf("logout takes no arguments")
				}
				store := x.tokenStore(x.g)
				if _, err := store.Load(ctx); errors.Is(err, auth.ErrNotLoggedIn) {
					fmt.Fprintf(x.stdout, "not logged in (no token in %s)\n", store.Path())
					return nil
				} else if err != nil {
					return err
				}
				if x.g.fake {
					// Each run starts a new fake, which knows no earlier token.
					if err := store.Delete(ctx); err != nil {
						return err
					}
					fmt.Fprintf(x.stdout, "deleted %s (the built-in fake has nothing to revoke)\n", store.Path())
					return nil
				}
				clientID := firstNonEmpty(*id, strings.TrimSpace(x.env(envClientID)))
				clientSecret := firstNonEmpty(*secret, strings.TrimSpace(x.env(envClientSecret)))
				if clientID == "" || clientSecret == "" {
					return fmt.Errorf("logout revokes the token with the API key: pass --client-id and --client-secret or set %s and %s", envClientID, envClientSecret)
				}
				sess, err := auth.NewSession(clientID, clientSecret, "", append(append([]auth.Option(nil), x.authOptions...), auth.WithTokenStore(store))...)
				if err != nil {
					return err
				}
				if err := auth.Revoke(ctx, sess); err != nil {
					return fmt.Errorf("%w; the token file %s was kept so that you can try again", err, store.Path())
				}
				if err := store.Delete(ctx); err != nil {
					return err
				}
				fmt.Fprintf(x.stdout, "revoked the refresh token and deleted %s\n", store.Path())
				return nil
			}
		},
	}
}
