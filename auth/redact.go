package auth

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

const (
	redacted       = "[redacted]"
	excerptRunes   = 160
	excerptScanMax = 4096
)

var (
	// secretFieldPattern finds JSON string values of keys that name a token,
	// secret, code or verifier, even when the closing quote is missing.
	secretFieldPattern = regexp.MustCompile(`(?i)("[a-z_]*(?:token|secret|code|verifier)[a-z_]*"\s*:\s*)"[^"]*"?`)
	// longRunPattern finds long runs of token characters (JWTs, opaque tokens).
	longRunPattern = regexp.MustCompile(`[A-Za-z0-9\-_.~+/=]{32,}`)
)

// scrub removes the known secrets and anything that looks like a token from s.
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	s = secretFieldPattern.ReplaceAllString(s, `$1"`+redacted+`"`)
	return longRunPattern.ReplaceAllString(s, redacted)
}

// excerpt returns a short, single-line, secret-free preview of a body.
func excerpt(body []byte, secrets []string) string {
	if len(body) > excerptScanMax {
		body = body[:excerptScanMax]
	}
	s := strings.ToValidUTF8(string(body), "?")
	s = strings.Join(strings.Fields(scrub(s, secrets)), " ")
	if utf8.RuneCountInString(s) > excerptRunes {
		s = string([]rune(s)[:excerptRunes]) + "..."
	}
	return s
}

// writeRedacted implements fmt.Formatter for types holding secrets: %#v gets
// goString, every other verb gets str, so no verb can reach the fields.
func writeRedacted(f fmt.State, verb rune, str, goString string) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, goString)
		return
	}
	_, _ = io.WriteString(f, str)
}
