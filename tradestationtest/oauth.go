package tradestationtest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authorizeParams are the query parameters of /authorize, carried through
// the sign-in form as hidden fields.
var authorizeParams = []string{"response_type", "client_id", "redirect_uri", "audience", "scope", "state", "code_challenge", "code_challenge_method", "prompt"}

const apiAudience = "https://api.tradestation.com"

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - TradeStation (tradestationtest)</title></head>
<body style="font-family: sans-serif; max-width: 28em; margin: 3em auto">
<h1>TradeStation</h1>
<p>This is <b>tradestationtest</b>, a fake sign-in page. Any non-empty user name and password are accepted (try {{.User}} / {{.Password}}).</p>
{{if .Problem}}<p style="color: #b00" id="problem">{{.Problem}}</p>{{end}}
<form method="post" action="/authorize">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p><label>User name <input name="username" autocomplete="username" value="{{.User}}"></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password"></label></p>
<p><label><input type="checkbox" name="consent" value="yes"> Allow application {{.ClientID}} to use your TradeStation account with these permissions: {{.Scopes}}</label></p>
<p><button type="submit" name="action" value="signin">Sign in</button> <button type="submit" name="action" value="cancel">Cancel</button></p>
</form>
</body></html>
`))

type hiddenField struct{ Name, Value string }

type signInView struct {
	User, Password, Problem, ClientID, Scopes string
	Hidden                                    []hiddenField
}

// checkAuthorize validates the parameters that decide where the browser may
// be sent back to. A problem with them is shown on a page, never redirected.
func checkAuthorize(q url.Values) string {
	switch {
	case q.Get("response_type") != "code":
		return "response_type must be code."
	case q.Get("client_id") != ClientID:
		return "Unknown client_id " + strings.TrimSpace(q.Get("client_id")) + "; the fake knows only " + ClientID + "."
	case !isLoopbackRedirect(q.Get("redirect_uri")):
		return "redirect_uri must be an http://localhost or http://127.0.0.1 URL (the fake accepts any loopback port)."
	}
	return ""
}

func isLoopbackRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	return u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1"
}

// authorizePage shows the sign-in and consent form.
func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if problem := checkAuthorize(q); problem != "" {
		writeSignInError(w, problem)
		return
	}
	s.renderSignIn(w, q, "")
}

func (s *Server) renderSignIn(w http.ResponseWriter, q url.Values, problem string) {
	view := signInView{User: UserID, Password: DemoPassword, Problem: problem, ClientID: q.Get("client_id"), Scopes: q.Get("scope")}
	for _, name := range authorizeParams {
		if v := q.Get(name); v != "" {
			view.Hidden = append(view.Hidden, hiddenField{name, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = signInPage.Execute(w, view)
}

func writeSignInError(w http.ResponseWriter, problem string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("<!doctype html><meta charset=\"utf-8\"><title>Sign-in error</title><p>" + template.HTMLEscapeString(problem) + "</p>\n"))
}

// authorizeSubmit takes the filled-in form: it sends the browser back to
// redirect_uri with a code, or with error=access_denied when the user
// cancelled or did not give consent.
func (s *Server) authorizeSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeSignInError(w, "The form could not be read: "+err.Error())
		return
	}
	q := r.PostForm
	if problem := checkAuthorize(q); problem != "" {
		writeSignInError(w, problem)
		return
	}
	back := func(params url.Values) {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+params.Encode(), http.StatusFound)
	}
	switch {
	case q.Get("action") == "cancel" || q.Get("consent") != "yes":
		back(url.Values{"error": {"access_denied"}, "error_description": {"The user did not allow the application to access the account."}})
	case q.Get("audience") != apiAudience:
		back(url.Values{"error": {"invalid_request"}, "error_description": {"audience must be " + apiAudience + "."}})
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"code_challenge_method must be S256."}})
	case strings.TrimSpace(q.Get("username")) == "" || q.Get("password") == "":
		s.renderSignIn(w, q, "Enter a user name and a password.")
	default:
		code := s.tokens.issueCode(q.Get("redirect_uri"), parseScopes(q.Get("scope")), q.Get("code_challenge"))
		back(url.Values{"code": {code}})
	}
}

// tokenAnswer is the JSON of a successful token request.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope"`
	ExpiresIn    int64  `json:"expires_in"`
	TokenType    string `json:"token_type"`
}

// oauthError answers as Auth0 does: {"error", "error_description"}.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeOAuthJSON(w, status, map[string]string{"error": code, "error_description": description})
}

// writeOAuthJSON answers v as JSON that no cache may keep, as a token
// endpoint does.
func writeOAuthJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// tokenEndpoint exchanges an authorization code or a refresh token.
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The body must be form encoded.")
		return
	}
	f := r.PostForm
	if !withBasicCredentials(w, r, f) {
		return
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, f)
	case "refresh_token":
		s.refreshGrant(w, f)
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type.")
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+f.Get("grant_type")+".")
	}
}

// withBasicCredentials copies an API key sent as HTTP Basic credentials
// into f, where clientOK looks for it: TradeStation's sign-in host takes
// the key in the form body or as Basic, as OAuth allows. Each part is
// form-decoded first (RFC 6749, section 2.3.1). A request that sends two
// different keys is refused.
func withBasicCredentials(w http.ResponseWriter, r *http.Request, f url.Values) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return true
	}
	id, err1 := url.QueryUnescape(user)
	secret, err2 := url.QueryUnescape(pass)
	switch {
	case err1 != nil || err2 != nil:
		oauthError(w, http.StatusBadRequest, "invalid_request", "The Basic credentials are not form-encoded.")
		return false
	case (f.Has("client_id") && f.Get("client_id") != id) || (f.Has("client_secret") && f.Get("client_secret") != secret):
		oauthError(w, http.StatusBadRequest, "invalid_request", "The request sends one API key as Basic credentials and another in the body.")
		return false
	}
	f.Set("client_id", id)
	f.Set("client_secret", secret)
	return true
}

// clientOK checks the API key sent in the body; PKCE sign-ins may omit the secret.
func clientOK(w http.ResponseWriter, f url.Values, secretOptional bool) bool {
	if f.Get("client_id") != ClientID || (f.Get("client_secret") != ClientSecret && !(secretOptional && f.Get("client_secret") == "")) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Unknown client or wrong client secret.")
		return false
	}
	return true
}

func (s *Server) exchangeCode(w http.ResponseWriter, f url.Values) {
	verifier := f.Get("code_verifier")
	if !clientOK(w, f, verifier != "") {
		return
	}
	g, ok := s.tokens.redeemCode(f.Get("code"))
	switch {
	case !ok:
		oauthError(w, http.StatusForbidden, "invalid_grant", "Invalid authorization code.")
		return
	case g.redirectURI != f.Get("redirect_uri"):
		oauthError(w, http.StatusForbidden, "invalid_grant", "redirect_uri does not match the one of the authorization request.")
		return
	case g.challenge != "" && !pkceMatches(g.challenge, verifier):
		oauthError(w, http.StatusForbidden, "invalid_grant", "Failed to verify code_verifier.")
		return
	case g.challenge == "" && f.Get("client_secret") == "":
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client_secret is required without PKCE.")
		return
	}
	ans := s.answerTokens(g.scopes)
	if slices.Contains(g.scopes, "offline_access") {
		ans.RefreshToken = s.tokens.issueRefresh(g.scopes)
	}
	writeOAuthJSON(w, http.StatusOK, ans)
}

func pkceMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:]) == challenge
}

func (s *Server) refreshGrant(w http.ResponseWriter, f url.Values) {
	if !clientOK(w, f, false) {
		return
	}
	scopes, successor, ok := s.tokens.useRefresh(f.Get("refresh_token"))
	if !ok {
		oauthError(w, http.StatusForbidden, "invalid_grant", "Unknown or invalid refresh token.")
		return
	}
	if asked := parseScopes(f.Get("scope")); len(asked) > 0 {
		for _, sc := range asked {
			if !slices.Contains(scopes, sc) {
				oauthError(w, http.StatusForbidden, "invalid_scope", "Scope "+sc+" was not granted at sign-in.")
				return
			}
		}
		scopes = asked
	}
	ans := s.answerTokens(scopes)
	ans.RefreshToken = successor
	writeOAuthJSON(w, http.StatusOK, ans)
}

// answerTokens issues an access token (and an id token with openid).
func (s *Server) answerTokens(scopes []string) tokenAnswer {
	tok, life := s.tokens.issueAccess(scopes)
	ans := tokenAnswer{AccessToken: tok, Scope: strings.Join(scopes, " "), ExpiresIn: int64(life.Seconds()), TokenType: "Bearer"}
	if ans.ExpiresIn < 1 {
		ans.ExpiresIn = 1
	}
	if slices.Contains(scopes, "openid") {
		ans.IDToken = idToken(s.signInURL(), scopes, time.Now())
	}
	return ans
}

// revokeEndpoint revokes every refresh token of the API key, as TradeStation
// does: one client's logout signs out every other client of the key. It
// takes a form or a JSON body, the key in it or as Basic credentials.
func (s *Server) revokeEndpoint(w http.ResponseWriter, r *http.Request) {
	f := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var body map[string]string
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			oauthError(w, http.StatusBadRequest, "invalid_request", "The body is not a JSON object.")
			return
		}
		for k, v := range body {
			f.Set(k, v)
		}
	} else if err := r.ParseForm(); err == nil {
		f = r.PostForm
	}
	if !withBasicCredentials(w, r, f) || !clientOK(w, f, false) {
		return
	}
	if f.Get("token") == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: token.")
		return
	}
	s.tokens.revokeAllRefresh()
	w.WriteHeader(http.StatusOK)
}
