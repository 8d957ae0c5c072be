package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
)

// limitedBody is a response body that fails with err, instead of ending,
// once more than left bytes would be read.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	err  error
	over bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.over {
		return 0, b.err
	}
	if b.left == 0 {
		// At the limit: one more byte makes the body too large.
		var probe [1]byte
		n, err := b.rc.Read(probe[:])
		if n > 0 {
			b.over = true
			return 0, b.err
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// isJSONType reports whether a Content-Type names JSON.
func isJSONType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// answerFacts is what the doer needs to know of a 200 answer to an order
// call.
type answerFacts struct {
	named     []string // the order ids it names
	refusal   string   // the first refusal of a placement's order, if any
	duplicate bool     // that refusal (or another) is of a used OrderConfirmID
}

// orderAnswer checks that the body of a 200 answer to an order call is the
// JSON that TradeStation documents for it, decoded into the very type that
// the generated method decodes it into next, and tells what it names and
// refuses.
func orderAnswer(body []byte, kind callKind, v2Path, group bool) (facts answerFacts, err error) {
	type result struct{ orderID, error, message string }
	var results []result
	switch {
	case kind == callPlacement && !v2Path:
		var r v3.OrderResults
		if err := json.Unmarshal(body, &r); err != nil {
			return facts, err
		}
		for _, o := range r.Orders {
			results = append(results, result{o.OrderID, o.Error, o.Message})
		}
		for _, e := range r.Errors {
			if e.Error == "" {
				e.Error = "refused" // an entry of Errors is a refusal whatever it says
			}
			results = append(results, result{e.OrderID, e.Error, e.Message})
		}
	case kind == callPlacement:
		var list []v2.OrderResult
		if group {
			err = json.Unmarshal(body, &list)
		} else {
			var r v2.OrderResultOneOrMany
			if err = json.Unmarshal(body, &r); err == nil {
				list, err = r.List()
			}
		}
		if err != nil {
			return facts, err
		}
		for _, o := range list {
			failed := ""
			if strings.EqualFold(string(o.OrderStatus), string(v2.OrderResultStatusFailed)) {
				failed = string(o.OrderStatus)
			}
			results = append(results, result{o.OrderID, failed, o.Message})
		}
	case !v2Path:
		var r v3.OrderResult
		if err := json.Unmarshal(body, &r); err != nil {
			return facts, err
		}
		results = append(results, result{r.OrderID, r.Error, r.Message})
	default:
		var r v2.OrderResult
		if err := json.Unmarshal(body, &r); err != nil {
			return facts, err
		}
		results = append(results, result{r.OrderID, string(r.OrderStatus), r.Message})
	}
	if len(results) == 0 {
		return facts, errors.New("it names no order")
	}
	for _, r := range results {
		if r == (result{}) {
			return answerFacts{}, errors.New("it holds an empty result")
		}
		if r.orderID != "" {
			facts.named = append(facts.named, r.orderID)
		}
		if kind != callPlacement || r.error == "" {
			continue
		}
		text := strings.TrimPrefix(r.error+": "+r.message, ": ")
		if dup := isDuplicateRefusal(r.error, r.message); facts.refusal == "" || (dup && !facts.duplicate) {
			facts.refusal, facts.duplicate = text, dup
		}
	}
	return facts, nil
}

// isDuplicateRefusal reports whether a refusal says that an order's
// OrderConfirmID was used before. TradeStation documents no wording for
// it, so the client reads any refusal whose code or message says
// "duplicate" or names the OrderConfirmID (case, spaces and punctuation
// aside) as one: the cost of a wrong guess is a look at the orders, the
// cost of a miss a second order.
func isDuplicateRefusal(code, message string) bool {
	t := normalName(code + " " + message)
	return strings.Contains(t, "duplicate") || strings.Contains(t, "confirmid")
}

// answerError says why a 2xx answer to an order call is not what was
// asked; err is a failure to read or decode it.
func answerError(status int, contentType string, body []byte, err error) error {
	switch {
	case status != 200:
		return fmt.Errorf("client: TradeStation answered %d, not 200: %s", status, excerpt(body))
	case !isJSONType(contentType):
		return fmt.Errorf("client: TradeStation answered 200 with Content-Type %q, not JSON: %s", contentType, excerpt(body))
	}
	return fmt.Errorf("client: TradeStation's 200 answer is not the documented JSON: %w", err)
}
