package requestconfig

import (
	"fmt"
	"net/url"
	"strings"
)

// MediaJSON is the Content-Type and Accept of JSON requests, shared by
// every request and never changed.
var MediaJSON = []string{"application/json"}

// IsZero reports whether v is its type's zero value, which a request
// leaves out.
func IsZero[T comparable](v T) bool {
	var zero T
	return v == zero
}

// PathList joins the items of a list path parameter with literal commas,
// as TradeStation documents, each item escaped as a path segment. An empty
// list or item is an error naming the parameter.
func PathList(name string, items []string) (string, error) {
	if len(items) == 0 {
		return "", fmt.Errorf("%s is empty: give at least one", name)
	}
	n := len(items) - 1
	for i, it := range items {
		if strings.TrimSpace(it) == "" {
			return "", fmt.Errorf("%s[%d] is empty", name, i)
		}
		n += len(it)
	}
	if len(items) == 1 {
		return url.PathEscape(items[0]), nil
	}
	var b strings.Builder
	b.Grow(n)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(url.PathEscape(it))
	}
	return b.String(), nil
}

// URL returns the URL of one operation: server, then pathFormat with
// each %s replaced by the next of the escaped pathParams, then the query
// fragments joined by '&'. The path is resolved against the server the way
// url.URL.Parse("./path") resolves it (RFC 3986). For a plain server and
// path (see isPlainURL) that is concatenation, done here without parsing;
// anything else goes through net/url, so both ways give the same URL.
func URL(server, pathFormat string, pathParams, query []string) (string, error) {
	queryLen := max(len(query)-1, 0)
	for _, q := range query {
		queryLen += len(q)
	}
	size := len(server) + len(pathFormat) + 1 + queryLen
	for _, p := range pathParams {
		size += len(p)
	}
	var b strings.Builder
	b.Grow(size)
	plainServer := isPlainURL(server, false) && strings.HasSuffix(server, "/") &&
		(strings.HasPrefix(server, "https://") || strings.HasPrefix(server, "http://"))
	if plainServer {
		b.WriteString(server[:len(server)-1]) // the path brings its own '/'
	}
	pathStart := b.Len()
	rest := pathFormat
	for _, p := range pathParams {
		if p == "" || p == "." || p == ".." {
			// Resolved as a URL, such a segment would reach another endpoint
			// (an empty order id turns a cancel into DELETE /orderexecution/).
			return "", fmt.Errorf("path parameter %q in %s would change which endpoint is called", p, strings.ReplaceAll(pathFormat, "%s", "{}"))
		}
		i := strings.Index(rest, "%s")
		if i < 0 {
			return "", fmt.Errorf("path %q has fewer parameters than the %d given", pathFormat, len(pathParams))
		}
		b.WriteString(rest[:i])
		b.WriteString(p)
		rest = rest[i+2:]
	}
	if strings.Contains(rest, "%s") {
		return "", fmt.Errorf("path %q has more parameters than the %d given", pathFormat, len(pathParams))
	}
	b.WriteString(rest)

	if path := b.String()[pathStart:]; !plainServer || !isPlainURL(path, true) {
		base, err := url.Parse(server)
		if err != nil {
			return "", err
		}
		resolved, err := base.Parse("." + path)
		if err != nil {
			return "", err
		}
		resolved.RawQuery = strings.Join(query, "&")
		return resolved.String(), nil
	}
	if queryLen > 0 {
		b.WriteByte('?')
		for i, q := range query {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString(q)
		}
	}
	return b.String(), nil
}

// isPlainURL reports whether s has no dot segment ("/." starts none in a
// plain URL) and only characters that a URL carries as they are: letters,
// digits, -._~:/@!$&'()*+,;=[] and, if escaped is true, '%' (the escapes of
// path parameters). No query or fragment then, and nothing to re-escape.
func isPlainURL(s string, escaped bool) bool {
	if strings.Contains(s, "/.") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~:/@!$&'()*+,;=[]", c) >= 0 || escaped && c == '%' {
			continue
		}
		return false
	}
	return true
}
