package value

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// V2Time is a timestamp as API v2 writes it: "/Date(1482849060000)/", the
// milliseconds since the Unix epoch, optionally followed by the offset of
// the zone it was recorded in ("/Date(1482849060000-0500)/"). A time with
// an offset decodes into a fixed zone of that offset and encodes with it
// again; a time in UTC encodes without one. The zero V2Time means absent:
// it decodes from null or "" and encodes as null.
//
// Older v2 servers write "3/30/2011 2:51:49 PM" (UTC, by TradeStation's
// documentation of the time), with "1/1/0001 12:00:00 AM" for no time. Both
// decode: the first encodes in the same form again, the second is the
// zero V2Time.
//
// A JSON string that is none of these does not fail the decoding of the
// answer that holds it, since one odd timestamp would otherwise lose every
// order of a list: it decodes as a zero V2Time whose Err names the text.
// JSON that is not a string (a number, an object) is an error, as is bad
// text given to ParseV2Time or UnmarshalText.
type V2Time struct {
	time.Time
	legacy bool   // decoded from "M/D/YYYY h:mm:ss AM"; encode so again
	bad    string // the JSON string that was no timestamp
}

// Err reports the text of a JSON string that decoded as no timestamp, nil
// for every other V2Time.
func (t V2Time) Err() error {
	if t.bad == "" {
		return nil
	}
	return fmt.Errorf("value: invalid v2 time %q: %w", t.bad, errNotDate)
}

// legacyLayout is the form of older v2 servers: "3/30/2011 2:51:49 PM".
const legacyLayout = "1/2/2006 3:04:05 PM"

// MarshalJSON writes "/Date(ms)/", or "/Date(ms±hhmm)/" outside UTC, or
// the older "M/D/YYYY h:mm:ss AM" form for a time that came in it.
func (t V2Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 32)
	if t.legacy {
		b = append(b, '"')
		b = t.UTC().AppendFormat(b, legacyLayout)
		return append(b, '"'), nil
	}
	b = append(b, `"/Date(`...)
	b = strconv.AppendInt(b, t.UnixMilli(), 10)
	if _, off := t.Zone(); t.Location() != time.UTC {
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		hh, mm := off/3600, off%3600/60
		b = append(b, sign, byte('0'+hh/10), byte('0'+hh%10), byte('0'+mm/10), byte('0'+mm%10))
	}
	return append(b, `)/"`...), nil
}

// UnmarshalJSON reads the forms of the type's documentation, also with the
// escaped slashes that API v2 writes ("\/Date(ms)\/"); null and "" leave t
// zero.
func (t *V2Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" || string(b) == `""` {
		*t = V2Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("value: invalid v2 time %s: not a JSON string", b)
	}
	lit := b[1 : len(b)-1]
	if bytes.IndexByte(lit, '\\') >= 0 {
		// API v2 escapes the slashes: "\/Date(1482849060000)\/".
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("value: invalid v2 time %s: %w", b, err)
		}
		lit = []byte(s)
	}
	if err := t.parse(lit); err != nil {
		*t = V2Time{bad: string(lit)}
	}
	return nil
}

// MarshalText writes what MarshalJSON writes, without the quotes.
func (t V2Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return nil, nil
	}
	b, _ := t.MarshalJSON()
	return b[1 : len(b)-1], nil
}

// UnmarshalText reads what ParseV2Time reads; "" leaves t zero.
func (t *V2Time) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = V2Time{}
		return nil
	}
	if err := t.parse(b); err != nil {
		return fmt.Errorf("value: invalid v2 time %q: %w", b, err)
	}
	return nil
}

// ParseV2Time reads "/Date(1482849060000)/", "/Date(1482849060000-0500)/"
// or the older "3/30/2011 2:51:49 PM".
func ParseV2Time(s string) (V2Time, error) {
	var t V2Time
	if err := t.parse([]byte(s)); err != nil {
		return V2Time{}, fmt.Errorf("value: invalid v2 time %q: %w", s, err)
	}
	return t, nil
}

type v2TimeError string

func (e v2TimeError) Error() string { return string(e) }

const (
	errNotDate   = v2TimeError(`want /Date(milliseconds)/, /Date(milliseconds±hhmm)/ or M/D/YYYY h:mm:ss AM`)
	errBadOffset = v2TimeError("offset out of range")
)

func (t *V2Time) parse(b []byte) error {
	const prefix, suffix = "/Date(", ")/"
	if len(b) > 0 && b[0] != '/' {
		at, err := time.Parse(legacyLayout, string(b))
		if err != nil {
			return errNotDate
		}
		*t = V2Time{Time: at, legacy: !at.IsZero()}
		return nil
	}
	if len(b) < len(prefix)+len(suffix)+1 || string(b[:len(prefix)]) != prefix || string(b[len(b)-len(suffix):]) != suffix {
		return errNotDate
	}
	body := b[len(prefix) : len(b)-len(suffix)]
	i := 0
	if body[0] == '-' {
		i++ // times before 1970
	}
	var ms int64
	start := i
	for ; i < len(body) && body[i] >= '0' && body[i] <= '9'; i++ {
		if i-start >= 15 {
			return errNotDate
		}
		ms = ms*10 + int64(body[i]-'0')
	}
	if i == start {
		return errNotDate
	}
	if body[0] == '-' {
		ms = -ms
	}
	at := time.UnixMilli(ms).UTC()
	if i == len(body) {
		*t = V2Time{Time: at}
		return nil
	}
	zone := body[i:]
	if len(zone) != 5 || (zone[0] != '+' && zone[0] != '-') {
		return errNotDate
	}
	for _, c := range zone[1:] {
		if c < '0' || c > '9' {
			return errNotDate
		}
	}
	hh := int(zone[1]-'0')*10 + int(zone[2]-'0')
	mm := int(zone[3]-'0')*10 + int(zone[4]-'0')
	if hh > 14 || mm > 59 {
		return errBadOffset
	}
	off := hh*3600 + mm*60
	if zone[0] == '-' {
		off = -off
	}
	*t = V2Time{Time: at.In(fixedZone(off))}
	return nil
}

var zones sync.Map // offset in seconds -> *time.Location

// fixedZone returns a shared location for an offset, so that decoding many
// times of one zone does not allocate a location each.
func fixedZone(off int) *time.Location {
	if loc, ok := zones.Load(off); ok {
		return loc.(*time.Location)
	}
	loc, _ := zones.LoadOrStore(off, time.FixedZone("", off))
	return loc.(*time.Location)
}
