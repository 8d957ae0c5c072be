package client

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NewOrderConfirmID returns a fresh random OrderConfirmID (20 characters of
// A-Z and 2-7, 96 random bits). Keep it with the order when you want to
// resend the placement yourself: TradeStation refuses a second order with an
// id it has seen.
func NewOrderConfirmID() string {
	var b [12]byte
	rand.Read(b[:]) // never fails: crypto/rand ends the program instead
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])
}

// confirmIDKey is the member that carries an order's OrderConfirmID: v3
// spells it OrderConfirmID, v2 OrderConfirmId.
func confirmIDKey(v2 bool) string {
	if v2 {
		return "OrderConfirmId"
	}
	return "OrderConfirmID"
}

// orderSlot is one order object of a placement or confirmation body: the
// top-level order, each order of a group, and each order of their OSOs.
type orderSlot struct {
	open  int    // offset just after the object's '{'
	empty bool   // the object has no members
	id    string // its OrderConfirmID; "" when it has none
}

// scanOrders finds the orders of a placement body (one order, or with
// group a {"Orders": [...]} object) and their OrderConfirmIDs, in the order
// they appear. It reads them as TradeStation's JSON reader would see them
// and reports ok only when that reading leaves no doubt: the body is one
// valid JSON object in UTF-8, every id is the exact key once with a
// non-empty string value, and no member spells an id, Orders or OSOs
// another way or twice. A body it is not sure of is sent as it is, and never
// twice.
func scanOrders(body []byte, group, v2 bool) (orders []orderSlot, ok bool) {
	if !utf8.Valid(body) {
		return nil, false
	}
	s := &orderScanner{dec: json.NewDecoder(bytes.NewReader(body)), key: confirmIDKey(v2)}
	s.dec.UseNumber()
	if group {
		ok = s.object(nil, func(key string) bool {
			return s.member(key, "Orders", s.orderArray)
		})
	} else {
		ok = s.order()
	}
	if _, err := s.dec.Token(); err != io.EOF {
		ok = false // more than one value
	}
	return s.orders, ok
}

type orderScanner struct {
	dec    *json.Decoder
	key    string
	orders []orderSlot
	seen   map[string]bool // the structural keys met in the current object
}

// object reads one object. opened, when set, learns the offset just after
// its '{'; member is called for each key with the decoder at its value,
// reads the value and reports whether the object is still clear.
func (s *orderScanner) object(opened func(offset int), member func(key string) bool) bool {
	if tok, err := s.dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	if opened != nil {
		opened(int(s.dec.InputOffset()))
	}
	outer := s.seen
	s.seen = nil
	defer func() { s.seen = outer }()
	for s.dec.More() {
		tok, err := s.dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey || !member(key) {
			return false
		}
	}
	tok, err := s.dec.Token()
	return err == nil && tok == json.Delim('}')
}

// member handles a key that may be the structural name want: read calls
// its value once; the same key twice or another spelling of it is a doubt;
// any other key's value is skipped.
func (s *orderScanner) member(key, want string, read func() bool) bool {
	switch {
	case key == want:
		if s.seen[want] {
			return false
		}
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		s.seen[want] = true
		return read()
	case sameName(key, want):
		return false
	}
	return s.skip()
}

// order reads one order object: its id and the orders of its OSOs.
func (s *orderScanner) order() bool {
	i := len(s.orders)
	s.orders = append(s.orders, orderSlot{empty: true})
	opened := func(offset int) { s.orders[i].open = offset }
	return s.object(opened, func(key string) bool {
		s.orders[i].empty = false
		switch {
		case key == s.key:
			return s.confirmID(i)
		case sameName(key, s.key):
			return false
		}
		return s.member(key, "OSOs", func() bool {
			return s.array(func() bool {
				return s.object(nil, func(key string) bool { return s.member(key, "Orders", s.orderArray) })
			})
		})
	})
}

// confirmID reads the value of order i's id member.
func (s *orderScanner) confirmID(i int) bool {
	tok, err := s.dec.Token()
	id, isString := tok.(string)
	if err != nil || !isString || id == "" || s.orders[i].id != "" {
		return false
	}
	s.orders[i].id = id
	return true
}

func (s *orderScanner) orderArray() bool { return s.array(s.order) }

// array reads one array, calling elem for each element.
func (s *orderScanner) array(elem func() bool) bool {
	if tok, err := s.dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	for s.dec.More() {
		if !elem() {
			return false
		}
	}
	tok, err := s.dec.Token()
	return err == nil && tok == json.Delim(']')
}

// skip reads one value of any kind.
func (s *orderScanner) skip() bool {
	depth := 0
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}

// sameName reports whether a JSON key names the member want when case,
// spaces and punctuation are ignored, as lenient readers do.
func sameName(key, want string) bool {
	return normalName(key) == normalName(want)
}

func normalName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// fillConfirmIDs returns body with a fresh OrderConfirmID as the first
// member of every order in orders (as scanOrders found them) that has none,
// and sets their ids.
func fillConfirmIDs(body []byte, orders []orderSlot, v2 bool) []byte {
	key := confirmIDKey(v2)
	var b bytes.Buffer
	b.Grow(len(body) + len(orders)*(len(key)+30))
	last := 0
	for i := range orders {
		o := &orders[i]
		if o.id != "" {
			continue
		}
		o.id = NewOrderConfirmID()
		b.Write(body[last:o.open])
		b.WriteString(`"` + key + `":"` + o.id + `"`)
		if !o.empty {
			b.WriteByte(',')
		}
		last = o.open
	}
	if last == 0 {
		return body
	}
	b.Write(body[last:])
	return b.Bytes()
}

// allIdentified reports whether there are orders and each carries an id.
func allIdentified(orders []orderSlot) bool {
	for _, o := range orders {
		if o.id == "" {
			return false
		}
	}
	return len(orders) > 0
}

// confirmIDs lists the ids of orders.
func confirmIDs(orders []orderSlot) []string {
	ids := make([]string, 0, len(orders))
	for _, o := range orders {
		if o.id != "" {
			ids = append(ids, o.id)
		}
	}
	return ids
}
