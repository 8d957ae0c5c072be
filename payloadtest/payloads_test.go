package payloadtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// exception is a payload that is allowed to lose something, and what.
type exception struct {
	why string
	// allowed: each problem found must contain one of these texts; any
	// other problem fails the test.
	allowed []string
}

// exceptions are the v2 payloads of TradeStation's 2011-2016 web API
// documentation (ts-webapi-docs/) that show an API version older than the
// 20160101 one the SDK speaks, where the two disagree. The payloads README
// marks the folder so. No v3 payload is an exception.
var exceptions = map[string]exception{
	"ts-webapi-docs/03-GetOrdersByAccounts.json": {
		why: "legs give OrderType as a number (0) and its name in OrderTypeDescription, where 20160101 sends the name as OrderType; .NET's empty date 1/1/0001 12:00:00 AM decodes as no time and is left out",
		allowed: []string{
			`cannot unmarshal number into Go struct field OrderLeg.Legs.OrderType`,
			`.OrderType: lost (the payload has 0)`,
			`.OrderTypeDescription: lost`,
			`.TimeExecuted: lost (the payload has "1/1/0001 12:00:00 AM")`,
		},
	},
	"ts-webapi-docs/07-GetSymbol.json": {
		why:     "one symbol answered as a one-element array; 20160101 answers the object",
		allowed: []string{`cannot unmarshal array into Go value of type v2.Symbol`, `$: want 1 elements`},
	},
	"ts-webapi-docs/11-SearchSymbols.json": {
		why:     "LotSize, which 20160101 no longer sends",
		allowed: []string{`unknown field "LotSize"`},
	},
	"ts-webapi-docs/12-SuggestSymbols.json": {
		why:     "Category and Currency as numbers; 20160101 sends their names",
		allowed: []string{`cannot unmarshal number into Go struct field Symbol.Category`, `.Category: lost`, `.Currency: lost`},
	},
	"ts-webapi-docs/14-PlaceOrder.json": {
		why:     "an OrderID in a new order's body, not part of 20160101's request",
		allowed: []string{`unknown field "OrderID"`},
	},
	"ts-webapi-docs/17-ConfirmOrder.json": {
		why:     "AccountKey as a number; 20160101 takes a string",
		allowed: []string{`cannot unmarshal number into Go struct field OrderRequest.AccountKey`, `$.AccountKey: want 11234, got ""`},
	},
	"ts-webapi-docs/18-ConfirmOrder.json": {
		why:     "RelationIdentifier (null here), not in 20160101's confirmation",
		allowed: []string{`unknown field "RelationIdentifier"`},
	},
	"ts-webapi-docs/21-PlaceOrder.json": {
		why:     "the older TrailingStop {ByPoints, Value}; 20160101 has {Amount | Percent}",
		allowed: []string{`unknown field "ByPoints"`, `$.AdvancedOptions: lost (the payload has {"TrailingStop":{"ByPoints":true,"Value":3}})`},
	},
	"ts-webapi-docs/27-CancelReplaceOrder.json": {
		why:     "AccountKey, OrderID and Symbol in the body; 20160101 puts the order in the path and takes no account or symbol",
		allowed: []string{`unknown field "AccountKey"`, `.AccountKey: lost`, `.OrderID: lost`, `.Symbol: lost`},
	},
	"ts-webapi-docs/37-StreamQuoteChanges.json": {
		why: "fields 20160101 no longer sends (ForexWinFactor, ForexLoseFactor, CurrencyCode, ExchangeID) and Category as a number",
		allowed: []string{`unknown field "ForexWinFactor"`, `$.ForexWinFactor: lost`, `$.ForexLoseFactor: lost`,
			`$.CurrencyCode: lost`, `$.ExchangeID: lost`, `$.Category: lost (the payload has 2)`},
	},
}

type payload struct{ file, pkg, typ, source, kind string }

// payloadDir is where the corpus is: PAYLOADS_DIR, or ../shared beside the
// clone as on the project's machines and CI.
func payloadDir() string {
	if dir := os.Getenv("PAYLOADS_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "shared", "reference", "payloads")
}

func TestRealPayloadsRoundTripThroughTheSDKTypes(t *testing.T) {
	dir := payloadDir()
	list, err := readManifest(filepath.Join(dir, "manifest.tsv"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no payload corpus at %s (set PAYLOADS_DIR): %v", dir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	count := map[string][2]int{} // package -> lossless, total
	excused := 0
	for _, p := range list {
		if _, ok := exceptions[p.file]; ok {
			excused++
		}
		problems := check(dir, p)
		n := count[p.pkg]
		n[1]++
		if len(problems) == 0 {
			n[0]++
		}
		count[p.pkg] = n
		t.Run(p.file, func(t *testing.T) {
			ex, excused := exceptions[p.file]
			if !excused {
				for _, pr := range problems {
					t.Errorf("%s %s.%s from %s: %s", p.kind, p.pkg, p.typ, p.source, pr)
				}
				return
			}
			if len(problems) == 0 {
				t.Errorf("listed as an exception (%s) but now round-trips: drop it from exceptions", ex.why)
			}
			for _, pr := range problems {
				if !allowedBy(pr, ex.allowed) {
					t.Errorf("beyond its documented exception (%s): %s", ex.why, pr)
				}
			}
			t.Logf("documented exception: %s", ex.why)
		})
	}
	total, lossless := 0, 0
	for _, n := range count {
		lossless += n[0]
		total += n[1]
	}
	line := fmt.Sprintf("%d/%d lossless (v3 %d/%d, v2 %d/%d; %d documented v2 exceptions)",
		lossless, total, count["v3"][0], count["v3"][1], count["v2"][0], count["v2"][1], excused)
	t.Log(line)
	fmt.Println(line)
}

func allowedBy(problem string, allowed []string) bool {
	for _, a := range allowed {
		if strings.Contains(problem, a) {
			return true
		}
	}
	return false
}

func readManifest(path string) ([]payload, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []payload
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue // the header
		}
		col := strings.Split(sc.Text(), "\t")
		if len(col) != 5 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 5", path, line, len(col))
		}
		out = append(out, payload{col[0], col[1], col[2], col[3], col[4]})
	}
	return out, sc.Err()
}

// check decodes one payload strictly into its type, encodes it again and
// lists every problem: a decode error, a value lost or changed.
func check(dir string, p payload) []string {
	raw, err := os.ReadFile(filepath.Join(dir, p.file))
	if err != nil {
		return []string{err.Error()}
	}
	base := strings.TrimPrefix(p.typ, "[]")
	typ, ok := types[p.pkg+"."+base]
	if !ok {
		return []string{fmt.Sprintf("type %s.%s is not in the test's registry", p.pkg, base)}
	}
	if base != p.typ {
		typ = reflect.SliceOf(typ)
	}
	var problems []string
	v := reflect.New(typ).Interface()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		problems = append(problems, "strict decode: "+err.Error())
		// Decode again without the strictness, to list what would be lost.
		v = reflect.New(typ).Interface()
		_ = json.Unmarshal(raw, v)
	} else if _, err := dec.Token(); err != io.EOF {
		problems = append(problems, "data after the first JSON value")
	}
	again, err := json.Marshal(v)
	if err != nil {
		return append(problems, "encode: "+err.Error())
	}
	want, err1 := parse(raw)
	got, err2 := parse(again)
	if err := errors.Join(err1, err2); err != nil {
		return append(problems, err.Error())
	}
	var diffs []string
	compare("$", want, got, &diffs)
	sort.Strings(diffs)
	return append(problems, diffs...)
}

func parse(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	return v, dec.Decode(&v)
}

// compare appends a line for each value of want that got lacks or holds
// differently. Values that are empty in want (null, false, 0, "", [] and
// objects of such) may be missing from got: the SDK leaves out what is
// empty. A number and a string are the same value when they hold the same
// decimal (value.Decimal encodes every number it decodes as a string); two
// RFC 3339 times are the same when they name the same instant. Keys match
// without regard to case, as encoding/json and TradeStation do.
func compare(at string, want, got any, out *[]string) {
	if empty(want) {
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want an object, got %s", at, brief(got)))
			return
		}
		for key, wv := range w {
			gv, found := lookup(g, key)
			switch {
			case !found && !empty(wv):
				*out = append(*out, fmt.Sprintf("%s.%s: lost (the payload has %s)", at, key, brief(wv)))
			case found:
				compare(at+"."+key, wv, gv, out)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: want %d elements, got %s", at, len(w), brief(got)))
			return
		}
		for i := range w {
			compare(fmt.Sprintf("%s[%d]", at, i), w[i], g[i], out)
		}
	default:
		if !sameScalar(want, got) {
			*out = append(*out, fmt.Sprintf("%s: want %s, got %s", at, brief(want), brief(got)))
		}
	}
}

func lookup(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case json.Number:
		r, ok := number(x)
		return ok && r.Sign() == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !empty(e) {
				return false
			}
		}
		return true
	}
	return false
}

var decimalText = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// number reads a JSON number or a string holding a decimal, exactly.
func number(v any) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return nil, false
	}
	if !decimalText.MatchString(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

func sameScalar(want, got any) bool {
	if want == got {
		return true
	}
	if a, ok := number(want); ok {
		b, ok := number(got)
		return ok && a.Cmp(b) == 0
	}
	ws, ok1 := want.(string)
	gs, ok2 := got.(string)
	if ok1 && ok2 {
		tw, err1 := time.Parse(time.RFC3339Nano, ws)
		tg, err2 := time.Parse(time.RFC3339Nano, gs)
		return err1 == nil && err2 == nil && tw.Equal(tg)
	}
	return false
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 100 {
		return string(b[:97]) + "..."
	}
	return string(b)
}
