package book

import (
	"strings"

	"github.com/tradestation-go/tradestation/v3"
)

// positionState is what the book knows of one position.
type positionState struct {
	pos      v3.Position
	streamed uint64 // tracker.seq at its last stream observation
}

// positionKey identifies a position: its account and symbol.
func positionKey(account, symbol string) string { return account + "\x00" + symbol }

// keyOf finds p's key from its account and symbol, or else from its
// PositionID (a closing message may carry nothing more).
func (t *tracker) keyOf(p v3.Position) (string, bool) {
	if p.AccountID != "" && p.Symbol != "" {
		return positionKey(p.AccountID, p.Symbol), true
	}
	key, ok := t.byID[p.PositionID]
	return key, ok && p.PositionID != ""
}

// position merges one observation of a position and returns its key. A
// listing does not overwrite what the stream said after the request left,
// nor bring back a position the stream closed since.
func (t *tracker) position(p v3.Position, from origin, since uint64) (string, bool) {
	key, ok := t.keyOf(p)
	if !ok {
		return "", false
	}
	if from != listing {
		t.seq++
	}
	if p.Deleted {
		if from != listing {
			t.closePosition(key)
		}
		return key, true
	}
	ps := t.positions[key]
	if from == listing {
		if ps != nil && ps.streamed > since {
			return key, true
		}
		if at, ok := t.closed[key]; ok && at > since {
			return key, true
		}
	}
	if ps == nil {
		ps = &positionState{}
		t.positions[key] = ps
	}
	if ps.pos.PositionID != "" && ps.pos.PositionID != p.PositionID {
		delete(t.byID, ps.pos.PositionID)
	}
	ps.pos = p
	if p.PositionID != "" {
		t.byID[p.PositionID] = key
	}
	if from != listing {
		ps.streamed = t.seq
		delete(t.closed, key)
	}
	return key, true
}

// closePosition removes a position on the stream's word.
func (t *tracker) closePosition(key string) {
	if ps := t.positions[key]; ps != nil {
		delete(t.byID, ps.pos.PositionID)
		delete(t.positions, key)
	}
	t.closed[key] = t.seq
}

// closePositionsNotIn closes, after a stream snapshot, the positions of
// the stream's accounts that the snapshot did not list.
func (t *tracker) closePositionsNotIn(seen map[string]struct{}) {
	for key := range t.positions {
		if _, ok := seen[key]; !ok {
			t.seq++
			t.closePosition(key)
		}
	}
}

// listPositions merges a REST answer: every position it lists, and the
// removal of those it does not list, except in accounts it reports an
// error for (a missing position there proves nothing) and those the
// stream spoke of since the request left.
func (t *tracker) listPositions(answer *v3.Positions, since uint64) {
	seen := map[string]struct{}{}
	for _, p := range answer.Positions {
		if key, ok := t.position(p, listing, since); ok {
			seen[key] = struct{}{}
		}
	}
	failed := map[string]bool{}
	for _, e := range answer.Errors {
		if e.AccountID == "" {
			failed[""] = true // all of them
		}
		for a := range strings.SplitSeq(e.AccountID, ",") {
			failed[strings.TrimSpace(a)] = true
		}
	}
	for key, ps := range t.positions {
		if _, ok := seen[key]; ok || ps.streamed > since || failed[""] || failed[ps.pos.AccountID] {
			continue
		}
		delete(t.byID, ps.pos.PositionID)
		delete(t.positions, key)
	}
	for key, at := range t.closed {
		if at <= since {
			delete(t.closed, key) // no listing still in flight can be older
		}
	}
}
