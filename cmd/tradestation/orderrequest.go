package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// orderFlags are the flags that describe a new order.
type orderFlags struct {
	account, symbol, side, qty, orderType, limit, stop, duration string
}

func (f *orderFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.account, "account", "", "account to trade in (see tradestation accounts)")
	fs.StringVar(&f.symbol, "symbol", "", "symbol to trade, such as MSFT")
	fs.StringVar(&f.side, "side", "", "buy, sell, sellshort, buytocover, buytoopen, buytoclose, selltoopen or selltoclose")
	fs.StringVar(&f.qty, "qty", "", "quantity: shares, contracts or units")
	fs.StringVar(&f.orderType, "type", "market", "market, limit, stop or stoplimit")
	fs.StringVar(&f.limit, "limit", "", "limit price (limit and stoplimit orders)")
	fs.StringVar(&f.stop, "stop", "", "stop price (stop and stoplimit orders)")
	fs.StringVar(&f.duration, "duration", "day", "time in force: day, day+, gtc, gtc+, ioc, fok, opg or clo")
}

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
		"ioc":  v3.DurationIOC,
		"fok":  v3.DurationFOK,
		"opg":  v3.DurationOPG,
		"clo":  v3.DurationCLO,
	}
)

// request checks the flags and builds the order.
func (f *orderFlags) request() (v3.OrderRequest, error) {
	switch {
	case strings.TrimSpace(f.account) == "":
		return v3.OrderRequest{}, errors.New("missing --account: name the account to trade in (see tradestation accounts)")
	case strings.TrimSpace(f.symbol) == "":
		return v3.OrderRequest{}, errors.New("missing --symbol: name what to trade, such as --symbol MSFT")
	case f.side == "":
		return v3.OrderRequest{}, errors.New("missing --side: buy, sell, sellshort or buytocover (options: buytoopen, selltoclose...)")
	case f.qty == "":
		return v3.OrderRequest{}, errors.New("missing --qty: how many shares or contracts")
	}
	action, ok := tradeActions[strings.ToLower(f.side)]
	if !ok {
		return v3.OrderRequest{}, fmt.Errorf("--side %q is not buy, sell, sellshort, buytocover, buytoopen, buytoclose, selltoopen or selltoclose", f.side)
	}
	qty, err := positiveDecimal("qty", f.qty)
	if err != nil {
		return v3.OrderRequest{}, err
	}
	p, err := parsePricing(f.orderType, f.limit, f.stop)
	if err != nil {
		return v3.OrderRequest{}, err
	}
	dur, ok := durations[strings.ToLower(f.duration)]
	if !ok {
		return v3.OrderRequest{}, fmt.Errorf("--duration %q is not day, day+, gtc, gtc+, ioc, fok, opg or clo", f.duration)
	}
	return v3.OrderRequest{
		AccountID:   strings.TrimSpace(f.account),
		Symbol:      strings.ToUpper(strings.TrimSpace(f.symbol)),
		TradeAction: action,
		Quantity:    qty,
		OrderType:   p.orderType,
		LimitPrice:  p.limit,
		StopPrice:   p.stop,
		TimeInForce: v3.TimeInForce{Duration: dur},
	}, nil
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
		return pricing{}, fmt.Errorf("--type %q is not market, limit, stop or stoplimit", typ)
	}
	needLimit := t == v3.OrderTypeLimit || t == v3.OrderTypeStopLimit
	needStop := t == v3.OrderTypeStopMarket || t == v3.OrderTypeStopLimit
	switch {
	case needLimit && limit == "":
		return pricing{}, fmt.Errorf("a %s order needs --limit PRICE", name)
	case !needLimit && limit != "":
		return pricing{}, fmt.Errorf("--limit goes with limit and stoplimit orders, not %s", name)
	case needStop && stop == "":
		return pricing{}, fmt.Errorf("a %s order needs --stop PRICE", name)
	case !needStop && stop != "":
		return pricing{}, fmt.Errorf("--stop goes with stop and stoplimit orders, not %s", name)
	}
	p := pricing{orderType: t}
	var err error
	if needLimit {
		if p.limit, err = positiveDecimal("limit", limit); err != nil {
			return pricing{}, err
		}
	}
	if needStop {
		if p.stop, err = positiveDecimal("stop", stop); err != nil {
			return pricing{}, err
		}
	}
	return p, nil
}

// positiveDecimal parses the value of a price or quantity flag.
func positiveDecimal(flagName, s string) (value.Decimal, error) {
	d, err := value.ParseDecimal(strings.TrimSpace(s))
	if err != nil {
		return value.Decimal{}, fmt.Errorf("--%s %q is not a number", flagName, s)
	}
	if d.Sign() <= 0 {
		return value.Decimal{}, fmt.Errorf("--%s %s must be more than zero", flagName, s)
	}
	return d, nil
}

// optionalPositive is positiveDecimal for a flag that may be left out
// (zero).
func optionalPositive(flagName, s string) (value.Decimal, error) {
	if s == "" {
		return value.Decimal{}, nil
	}
	return positiveDecimal(flagName, s)
}
