package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tradestation-go/tradestation/auth"
)

// apiKeyFlags name the API key; the environment supplies what they leave
// out.
type apiKeyFlags struct{ id, secret string }

func (f *apiKeyFlags) register(fs *flagSet) {
	fs.text(&f.id, "client-id", "", "ID", "API key (default $"+envClientID+")")
	fs.text(&f.secret, "client-secret", "", "SECRET", "API secret (default $"+envClientSecret+")")
}

// resolve returns the key from the flags or else the environment; empty
// when neither has it.
func (f *apiKeyFlags) resolve(env func(string) string) (id, secret string) {
	return firstNonEmpty(f.id, strings.TrimSpace(env(envClientID))), firstNonEmpty(f.secret, strings.TrimSpace(env(envClientSecret)))
}

func loginCommand() *command {
	return &command{
		name: "login", timing: selfTimed,
		summary: "Sign in through the browser and store the refresh token for later commands.",
		example: "tradestation login --client-id ID --client-secret SECRET",
		setup: func(f *flagSet) runFunc {
			var l loginFlags
			l.register(f)
			return l.run
		},
	}
}

// loginFlags are the flags of login.
type loginFlags struct {
	key       apiKeyFlags
	noBrowser bool
	port      int
	prompt    bool
}

func (f *loginFlags) register(fs *flagSet) {
	f.key.register(fs)
	fs.BoolVar(&f.noBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	whole(fs, &f.port, "port", 0, 1, maxPort, "loopback port for the sign-in callback (default: the first free of 3000, 3001, 8080, 31022, 80)")
	fs.Lookup("port").DefValue = ""
	fs.BoolVar(&f.prompt, "prompt", false, "ask for the password even when the browser is still signed in")
}

const maxPort = 65535

func (f *loginFlags) run(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	store := x.g.tokenStore()
	cfg := auth.LoginConfig{
		Prompt:  f.prompt,
		Timeout: x.g.timeout, // 0: auth's default
		Output:  x.stderr,
		Store:   store,
	}
	cfg.ClientID, cfg.ClientSecret = f.key.resolve(x.env)
	if f.port != 0 {
		cfg.Ports = []int{f.port}
	}
	if f.noBrowser {
		cfg.OpenBrowser = func(string) error { return nil } // Login prints the URL anyway
	}
	if x.g.fake {
		fk, err := x.launchFake()
		if err != nil {
			return err
		}
		defer fk.close()
		cfg.SignInURL, cfg.ClientID, cfg.ClientSecret = fk.url, fk.clientID, fk.clientSecret
		fmt.Fprintf(x.stderr, "tradestation: signing in to the built-in fake TradeStation (user %q, password %q)\n", fk.user, fk.password)
		if x.g.tokenFile == "" {
			// A fake token must not replace a real one in the default file.
			cfg.Store = nil
		}
	} else if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return usageErrorf("login needs an API key: pass --client-id and --client-secret or set %s and %s (or try --fake)", envClientID, envClientSecret)
	} else if u := firstNonEmpty(x.g.signInURL, strings.TrimSpace(x.env(envSignInURL))); u != "" {
		cfg.SignInURL = u
	}
	tok, err := auth.Login(ctx, cfg)
	if err != nil {
		return err
	}
	who := signedInAs(auth.UserInfoFromToken(tok))
	if cfg.Store == nil {
		fmt.Fprintf(x.stdout, "%s; the token of the built-in fake was not stored (pass --token-file to keep it)\n", who)
		return nil
	}
	fmt.Fprintf(x.stdout, "%s; token stored in %s\n", who, store.Path())
	return nil
}

// signedInAs names the user that the id token describes, as far as it
// does.
func signedInAs(info auth.UserInfo, err error) string {
	switch {
	case err != nil:
		return "signed in"
	case info.Name != "":
		return fmt.Sprintf("signed in as %s (%s)", info.Name, info.UserID)
	}
	return "signed in as " + info.UserID
}

func logoutCommand() *command {
	return &command{
		name:    "logout",
		summary: "Revoke the stored refresh token at TradeStation and delete the token file.",
		example: "tradestation logout",
		setup: func(f *flagSet) runFunc {
			var key apiKeyFlags
			key.register(f)
			return key.logout
		},
	}
}

// logout revokes the stored token with the API key and deletes the file.
func (f *apiKeyFlags) logout(ctx context.Context, x *invocation, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	store := x.g.tokenStore()
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
	id, secret := f.resolve(x.env)
	if id == "" || secret == "" {
		return usageErrorf("logout revokes the token with the API key: pass --client-id and --client-secret or set %s and %s", envClientID, envClientSecret)
	}
	hostOpts, _ := x.hosts(x.g)
	sess, err := auth.NewSession(id, secret, "", append(append(append([]auth.Option(nil), x.authOptions...), hostOpts...), auth.WithTokenStore(store))...)
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
