package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// orderFlags are the flags that describe a new order, or a group of
// orders that cancel each other (--oco) or exit one position (--bracket).
type orderFlags struct {
	account, symbol, side, qty, orderType, limit, stop, duration, until string
	oco, bracket                                                        []string
}

// The words --side, --type and --duration complete to.
var (
	sideWords     = []string{"buy", "sell", "sellshort", "buytocover", "buytoopen", "buytoclose", "selltoopen", "selltoclose"}
	typeWords     = []string{"market", "limit", "stop", "stoplimit"}
	durationWords = []string{"day", "day+", "gtc", "gtc+", "gtd", "gtd+", "ioc", "fok", "opg", "clo", "1min", "3min", "5min"}
)

func (f *orderFlags) register(fs *flagSet) {
	fs.text(&f.account, "account", "", "ACCOUNT", "account to trade in (see tradestation accounts)")
	fs.text(&f.symbol, "symbol", "", "SYMBOL", "symbol to trade, such as MSFT")
	fs.choice(&f.side, "side", "", "what the order does: "+orList(sideWords), sideWords...)
	fs.text(&f.qty, "qty", "", "QTY", "quantity: shares, contracts or units, such as 10 or 0.5")
	fs.choice(&f.orderType, "type", "market", "order type: "+orList(typeWords), typeWords...)
	fs.text(&f.limit, "limit", "", "PRICE", "limit price (limit and stoplimit orders)")
	fs.text(&f.stop, "stop", "", "PRICE", "stop price (stop and stoplimit orders)")
	fs.choice(&f.duration, "duration", "day", "time in force: "+orList(durationWords)+"; a plus adds the extended hours", durationWords...)
	fs.text(&f.until, "until", "", "DATE", "the last day of a gtd or gtd+ order, YYYY-MM-DD (at most 90 days ahead)")
	fs.StringArrayVar(&f.oco, "oco", nil, "also send this order, the first one changed as CHANGES say; when one fills the others are cancelled (repeatable)")
	fs.placeholder("oco", "CHANGES")
	fs.StringArrayVar(&f.bracket, "bracket", nil, "also send this exit of the same position, the first order changed as CHANGES say (type, limit, stop, qty); when one fills the other is cancelled")
	fs.placeholder("bracket", "CHANGES")
}

// orderLong explains order groups in the help of the commands that take
// them.
const orderLong = `--oco and --bracket send a group: the order the flags describe and one more order for each --oco or --bracket, described by CHANGES to the first one, such as type=stop,stop=380 (keys: side, symbol, qty, type, limit, stop; a bracket keeps the account, symbol and side). Prices carry over unless CHANGES set the type. When one order of the group fills, TradeStation cancels the others.

  take profit at 440 or stop out at 400 on a long position of 10:
    --side sell --qty 10 --type limit --limit 440 --bracket type=stop,stop=400
  buy a breakout above 410 or short a breakdown below 390:
    --side buy --qty 10 --type stop --stop 410 --oco side=sellshort,stop=390`

// The words --side, --type and --duration accept, with a few short forms.
var (
	tradeActions = map[string]v3.TradeAction{
		"buy":         v3.TradeActionBuy,
		"sell":        v3.TradeActionSell,
		"sellshort":   v3.TradeActionSellShort,
		"short":       v3.TradeActionSellShort,
		"buytocover":  v3.TradeActionBuyToCover,
		"cover":       v3.TradeActionBuyToCover,
		"buytoopen":   v3.TradeActionBuyToOpen,
		"buytoclose":  v3.TradeActionBuyToClose,
		"selltoopen":  v3.TradeActionSellToOpen,
		"selltoclose": v3.TradeActionSellToClose,
	}
	orderTypes = map[string]v3.OrderType{
		"market":     v3.OrderTypeMarket,
		"limit":      v3.OrderTypeLimit,
		"stop":       v3.OrderTypeStopMarket,
		"stopmarket": v3.OrderTypeStopMarket,
		"stoplimit":  v3.OrderTypeStopLimit,
	}
	durations = map[string]v3.Duration{
		"day":  v3.DurationDay,
		"day+": v3.DurationDayPlus,
		"dyp":  v3.DurationDayPlus,
		"gtc":  v3.DurationGTC,
		"gtc+": v3.DurationGTCPlus,
		"gcp":  v3.DurationGTCPlus,
		"gtd":  v3.DurationGTD,
		"gtd+": v3.DurationGTDPlus,
		"gdp":  v3.DurationGTDPlus,
		"ioc":  v3.DurationIOC,
		"fok":  v3.DurationFOK,
		"opg":  v3.DurationOPG,
		"clo":  v3.DurationCLO,
		"1min": v3.DurationOneMinute,
		"3min": v3.DurationThreeMinutes,
		"5min": v3.DurationFiveMinutes,
	}
)

// orderSet is what the order flags describe: one order, or a group.
type orderSet struct {
	order v3.OrderRequest
	group *v3.GroupOrderRequest // nil for a single order
}

// build checks the flags and builds the order or the group.
func (f *orderFlags) build() (orderSet, error) {
	first, err := f.request()
	if err != nil {
		return orderSet{}, err
	}
	switch {
	case len(f.oco) > 0 && len(f.bracket) > 0:
		return orderSet{}, usageErrorf("--oco and --bracket exclude each other: a group is one or the other")
	case len(f.oco) > 0:
		return f.groupOf(first, v3.OrderGroupTypeOCO, "oco", f.oco, []string{"side", "symbol", "qty", "type", "limit", "stop"})
	case len(f.bracket) > 0:
		return f.groupOf(first, v3.OrderGroupTypeBracket, "bracket", f.bracket, []string{"qty", "type", "limit", "stop"})
	}
	return orderSet{order: first}, nil
}

// groupOf builds a group: the first order and one more for each CHANGES.
func (f *orderFlags) groupOf(first v3.OrderRequest, typ v3.OrderGroupType, flagName string, changes []string, keys []string) (orderSet, error) {
	g := &v3.GroupOrderRequest{Type: typ, Orders: []v3.OrderRequest{first}}
	for _, ch := range changes {
		other := *f
		other.oco, other.bracket = nil, nil
		given := map[string]bool{}
		for _, kv := range strings.Split(ch, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			k = strings.ToLower(strings.TrimSpace(k))
			switch {
			case !ok || v == "":
				return orderSet{}, usageErrorf("--%s %q: write changes as key=value pairs separated by commas, such as type=stop,stop=380", flagName, ch)
			case !slices.Contains(keys, k):
				return orderSet{}, usageErrorf("--%s %q: %q is not one of the keys %s", flagName, ch, k, orList(keys))
			case given[k]:
				return orderSet{}, usageErrorf("--%s %q gives %s twice", flagName, ch, k)
			}
			given[k] = true
			switch k {
			case "side":
				other.side = v
			case "symbol":
				other.symbol = v
			case "qty":
				other.qty = v
			case "type":
				other.orderType = v
			case "limit":
				other.limit = v
			case "stop":
				other.stop = v
			}
		}
		if given["type"] {
			// Another type takes only the prices the changes give.
			if !given["limit"] {
				other.limit = ""
			}
			if !given["stop"] {
				other.stop = ""
			}
		}
		req, err := other.request()
		if err != nil {
			var ue *usageError
			if errors.As(err, &ue) {
				return orderSet{}, usageErrorf("--%s %q: %s", flagName, ch, ue.msg)
			}
			return orderSet{}, err
		}
		g.Orders = append(g.Orders, req)
	}
	return orderSet{order: first, group: g}, nil
}

// request checks the flags and builds the one order they describe.
func (f *orderFlags) request() (v3.OrderRequest, error) {
	switch {
	case strings.TrimSpace(f.account) == "":
		return v3.OrderRequest{}, usageErrorf("missing --account: name the account to trade in (see tradestation accounts)")
	case strings.TrimSpace(f.symbol) == "":
		return v3.OrderRequest{}, usageErrorf("missing --symbol: name what to trade, such as --symbol MSFT")
	case f.side == "":
		return v3.OrderRequest{}, usageErrorf("missing --side: buy, sell, sellshort or buytocover (options: buytoopen, selltoclose...)")
	case f.qty == "":
		return v3.OrderRequest{}, usageErrorf("missing --qty: how many shares or contracts")
	}
	action, ok := tradeActions[strings.ToLower(f.side)]
	if !ok {
		return v3.OrderRequest{}, usageErrorf("--side must be %s, not %q", orList(sideWords), f.side)
	}
	qty, err := positiveDecimal("qty", quantityWords, f.qty)
	if err != nil {
		return v3.OrderRequest{}, err
	}
	p, err := parsePricing(f.orderType, f.limit, f.stop)
	if err != nil {
		return v3.OrderRequest{}, err
	}
	tif, err := f.timeInForce()
	if err != nil {
		return v3.OrderRequest{}, err
	}
	return v3.OrderRequest{
		AccountID:   strings.TrimSpace(f.account),
		Symbol:      strings.ToUpper(strings.TrimSpace(f.symbol)),
		TradeAction: action,
		Quantity:    qty,
		OrderType:   p.orderType,
		LimitPrice:  p.limit,
		StopPrice:   p.stop,
		TimeInForce: tif,
	}, nil
}

// timeInForce reads --duration, and --until for the orders good through
// a date.
func (f *orderFlags) timeInForce() (v3.TimeInForce, error) {
	dur, ok := durations[strings.ToLower(f.duration)]
	if !ok {
		return v3.TimeInForce{}, usageErrorf("--duration must be %s, not %q", orList(durationWords), f.duration)
	}
	tif := v3.TimeInForce{Duration: dur}
	throughDate := dur == v3.DurationGTD || dur == v3.DurationGTDPlus
	switch {
	case throughDate && f.until == "":
		return tif, usageErrorf("a %s order needs --until DATE, its last day", strings.ToLower(f.duration))
	case !throughDate && f.until != "":
		return tif, usageErrorf("--until goes with --duration gtd or gtd+, not %s", strings.ToLower(f.duration))
	case throughDate:
		d, err := time.Parse(dateLayout, f.until)
		if err != nil {
			return tif, usageErrorf("--until must be a date such as 2025-06-20, not %q", f.until)
		}
		tif.Expiration = d // midnight UTC: only the date counts
	}
	return tif, nil
}

// pricing is an order type with the prices it needs.
type pricing struct {
	orderType   v3.OrderType
	limit, stop value.Decimal // zero when the type takes none
}

// parsePricing reads --type together with --limit and --stop, which it
// requires or refuses as the type needs them.
func parsePricing(typ, limit, stop string) (pricing, error) {
	name := strings.ToLower(typ)
	t, ok := orderTypes[name]
	if !ok {
		return pricing{}, usageErrorf("--type must be %s, not %q", orList(typeWords), typ)
	}
	needLimit := t == v3.OrderTypeLimit || t == v3.OrderTypeStopLimit
	needStop := t == v3.OrderTypeStopMarket || t == v3.OrderTypeStopLimit
	switch {
	case needLimit && limit == "":
		return pricing{}, usageErrorf("a %s order needs --limit PRICE", name)
	case !needLimit && limit != "":
		return pricing{}, usageErrorf("--limit goes with limit and stoplimit orders, not %s", name)
	case needStop && stop == "":
		return pricing{}, usageErrorf("a %s order needs --stop PRICE", name)
	case !needStop && stop != "":
		return pricing{}, usageErrorf("--stop goes with stop and stoplimit orders, not %s", name)
	}
	p := pricing{orderType: t}
	var err error
	if needLimit {
		if p.limit, err = positiveDecimal("limit", priceWords, limit); err != nil {
			return pricing{}, err
		}
	}
	if needStop {
		if p.stop, err = positiveDecimal("stop", priceWords, stop); err != nil {
			return pricing{}, err
		}
	}
	return p, nil
}

// describeGroup says in a few words what a group is, for the question
// before it is placed.
func describeGroup(g *v3.GroupOrderRequest) string {
	kind := "OCO group"
	if g.Type == v3.OrderGroupTypeBracket {
		kind = "bracket"
	}
	return fmt.Sprintf("%s of %d orders", kind, len(g.Orders))
}
