package book

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/tradestation-go/tradestation/auth"
	"github.com/tradestation-go/tradestation/client"
	"github.com/tradestation-go/tradestation/stream"
)

// ErrStopped is matched by the error with which a book that stopped by
// itself ends every Events loop. That error also wraps the cause: the
// stream's final error (test it with errors.Is for
// stream.ErrReconnectBudget or stream.ErrAllSubjectsFailed, errors.As for
// a *stream.Error whose Code is "DualLogon" or a *client.APIError) or the
// listing's (auth.ErrLoginRequired).
var ErrStopped = errors.New("book: stopped")

// errClosed is the cause of a book's end by Close, which Events does not
// report.
var errClosed = errors.New("book: closed")

// stop ends the book because of err, which what (the order stream, the
// listing of orders...) met.
func (b *Book) stop(what string, err error) {
	b.cancel(fmt.Errorf("%w: %s: %w", ErrStopped, what, err))
}

// endsStream reports whether a stream ends after yielding err: so the
// stream package documents its final errors (an *Error of Verdict Fatal,
// anything neither an *Error nor a *MessageError).
func endsStream(err error) bool {
	switch e := err.(type) {
	case *stream.MessageError:
		return false
	case *stream.Error:
		return e.Verdict == stream.Fatal
	}
	return true
}

// stopsBook reports whether the error that ended a stream stops the book.
// Only exhausted connection attempts leave hope: the network or
// TradeStation was down, and may come back. Every other final error says
// that more attempts would fail the same way or make things worse: the
// login is gone (401, a refused refresh token), another session took it
// (DualLogon), TradeStation refuses the accounts, or the stream has used
// its reconnect budget, which opening it again would only evade.
func stopsBook(err error) bool {
	return !errors.Is(err, stream.ErrRetriesExhausted)
}

// loginGone reports whether a listing failed because TradeStation no
// longer accepts the login: the client refreshes the token and tries
// again after a 401, so a 401 that comes back, like a refused refresh
// token, will not heal.
func loginGone(err error) bool {
	var apiErr *client.APIError
	return errors.Is(err, auth.ErrLoginRequired) || errors.Is(err, auth.ErrNotLoggedIn) ||
		(errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized)
}
