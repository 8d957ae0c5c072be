package sim

import (
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// accounts are the demo user's brokerage accounts.
type accounts struct {
	list      []*account
	byID      map[string]*account
	nextPosID int64
}

// account is one brokerage account with its cash and positions.
type account struct {
	id          string
	typ         v3.AccountType
	alias       string
	optionLevel int32
	cash        amount
	realized    amount // today
	commission  amount // today
	positions   []*position
	bod         bodSnapshot
}

// bodSnapshot is an account as it stood at the start of the trading day.
type bodSnapshot struct {
	day             time.Time
	cash            amount
	equity          amount
	openTradeEquity amount // futures
	optionValue     amount
}

// position is an open position; qty is negative when short.
type position struct {
	id     string
	inst   *instrument
	qty    int64
	avg    amount    // average entry price
	opened time.Time // when the position was opened
	mark   amount    // price today's profit and loss is counted from
}

// firstPositionID is the id of the first position.
const firstPositionID = 70311842

func newAccounts() *accounts {
	as := &accounts{byID: map[string]*account{}, nextPosID: firstPositionID}
	for _, a := range []*account{
		{id: MarginAccountID, typ: v3.AccountTypeMargin, alias: "Swing", optionLevel: 3, cash: amountFromFloat(45_853.14)},
		{id: CashAccountID, typ: v3.AccountTypeCash, alias: "IRA", optionLevel: 2, cash: amountFromFloat(14_211.87)},
		{id: FuturesAccountID, typ: v3.AccountTypeFutures, alias: "Futures", cash: amountOf(50_000)},
	} {
		as.list = append(as.list, a)
		as.byID[a.id] = a
	}
	return as
}

// trades reports whether the account may trade the instrument, and why not.
func (a *account) trades(in *instrument) (bool, string) {
	switch {
	case in.kind == kindCrypto:
		return false, in.symbol + " can be quoted and charted but not traded."
	case in.kind == kindFuture && a.typ != v3.AccountTypeFutures:
		return false, "Account " + a.id + " is a " + string(a.typ) + " account and cannot trade futures."
	case in.kind != kindFuture && a.typ == v3.AccountTypeFutures:
		return false, "Account " + a.id + " is a futures account and cannot trade " + strings.ToLower(string(in.assetType())) + "s."
	case in.kind == kindFuture && strings.HasPrefix(in.symbol, "@"):
		return false, "Continuous futures symbols cannot be traded; use the contract, such as " + in.contract + "."
	}
	return true, ""
}

func (a *account) position(symbol string) *position {
	for _, p := range a.positions {
		if p.inst.symbol == symbol {
			return p
		}
	}
	return nil
}

// applyFill books a fill of qty (negative sells) at price: the position,
// the cash, realized profit and commission.
func (as *accounts) applyFill(a *account, in *instrument, qty int64, price, commission amount, t time.Time) {
	pv := in.pointValue
	p := a.position(in.symbol)
	var realized amount
	switch {
	case p == nil:
		as.open(a, in, qty, price, t)
	case (p.qty > 0) == (qty > 0):
		total := abs64(p.qty) + abs64(qty)
		p.avg = amount((int64(p.avg)*abs64(p.qty) + int64(price)*abs64(qty)) / total)
		p.mark = amount((int64(p.mark)*abs64(p.qty) + int64(price)*abs64(qty)) / total)
		p.qty += qty
	default:
		closing := min(abs64(qty), abs64(p.qty))
		sign := int64(1)
		if p.qty < 0 {
			sign = -1
		}
		realized = (price - p.avg).times(closing * sign * pv)
		p.qty += qty
		if p.qty == 0 {
			a.remove(p)
		} else if (p.qty > 0) == (qty > 0) { // crossed through zero
			p.avg, p.mark, p.opened = price, price, t
		}
	}
	if in.kind == kindFuture {
		a.cash += realized
	} else {
		a.cash -= price.times(qty * pv)
	}
	a.cash -= commission
	a.realized += realized
	a.commission += commission
}

func (as *accounts) open(a *account, in *instrument, qty int64, price amount, t time.Time) {
	p := &position{id: strconv.FormatInt(as.nextPosID, 10), inst: in, qty: qty, avg: price, opened: t, mark: price}
	as.nextPosID++
	a.positions = append(a.positions, p)
}

func (a *account) remove(p *position) {
	for i, q := range a.positions {
		if q == p {
			a.positions = append(a.positions[:i], a.positions[i+1:]...)
			return
		}
	}
}

// rollover starts a new trading day: today's counters reset, positions
// are marked at the previous close and the start-of-day balances are kept.
func (as *accounts) rollover(m *market) {
	day := dateOf(m.now)
	for _, a := range as.list {
		if a.bod.day.Equal(day) {
			continue
		}
		a.realized, a.commission = 0, 0
		for _, p := range a.positions {
			if dateOf(p.opened).Before(day) {
				p.mark = m.yearStats(p.inst).prevClose
			}
		}
		f := a.figuresAt(func(p *position) amount { return p.mark })
		a.bod = bodSnapshot{day: day, cash: a.cash, equity: f.equity, openTradeEquity: f.unrealized, optionValue: f.optionsMV}
	}
}

// figures are an account's computed balances.
type figures struct {
	marketValue, optionsMV, longMV, shortMV amount
	cost, unrealized, todays                amount
	initialMargin, maintMargin              amount // futures
	required                                amount // equities
	equity, buyingPower, overnightBP        amount
}

func (a *account) figures(m *market) figures {
	return a.figuresAt(func(p *position) amount { return m.price(p.inst) })
}

// figuresAt computes the balances with positions valued by priceOf.
func (a *account) figuresAt(priceOf func(*position) amount) figures {
	var f figures
	for _, p := range a.positions {
		last, pv := priceOf(p), p.inst.pointValue
		value := last.times(p.qty * pv)
		f.cost += p.avg.times(abs64(p.qty) * pv)
		f.unrealized += (last - p.avg).times(p.qty * pv)
		f.todays += (last - p.mark).times(p.qty * pv)
		switch {
		case p.inst.kind == kindFuture:
			f.initialMargin += p.inst.margin.times(abs64(p.qty))
		case value >= 0:
			f.marketValue += value
			f.longMV += value
		default:
			f.marketValue += value
			f.shortMV -= value
		}
		if p.inst.kind == kindOption {
			f.optionsMV += value
		}
	}
	f.maintMargin = f.initialMargin * 9 / 10
	if a.typ == v3.AccountTypeFutures {
		f.equity = a.cash + f.unrealized
		f.buyingPower = max(f.equity-f.initialMargin, 0)
		f.overnightBP = f.buyingPower
		return f
	}
	f.equity = a.cash + f.marketValue
	f.required = (f.longMV-f.optionsMV)/4 + f.shortMV*3/10 + max(f.optionsMV, 0)
	if a.typ == v3.AccountTypeCash {
		f.buyingPower, f.overnightBP = max(a.cash, 0), max(a.cash, 0)
		return f
	}
	excess := max(f.equity-f.required, 0)
	f.buyingPower, f.overnightBP = excess*4, excess*2
	return f
}

// v3Account is the account as GetAccounts lists it.
func (a *account) v3Account() v3.Account {
	out := v3.Account{AccountID: a.id, AccountType: a.typ, Alias: a.alias, Currency: "USD", Status: v3.AccountStatusActive}
	if a.typ != v3.AccountTypeFutures {
		out.AccountDetail = &v3.AccountDetail{
			DayTradingQualified: a.typ == v3.AccountTypeMargin,
			OptionApprovalLevel: a.optionLevel,
		}
	}
	return out
}

// v3Balance is the account's real-time balance.
func (a *account) v3Balance(m *market) v3.Balance {
	f := a.figures(m)
	b := v3.Balance{
		AccountID: a.id, AccountType: a.typ,
		BuyingPower: f.buyingPower.money(), CashBalance: a.cash.money(), Commission: a.commission.money(),
		Equity: f.equity.money(), MarketValue: f.marketValue.money(), TodaysProfitLoss: f.todays.money(),
		UnclearedDeposit: amount(0).money(),
	}
	if a.typ == v3.AccountTypeFutures {
		b.MarketValue = amount(0).money()
		b.BalanceDetail = v3.BalanceDetail{
			DayTradeMargin: (f.initialMargin / 10).money(), DayTradeOpenOrderMargin: amount(0).money(),
			InitialMargin: f.initialMargin.money(), MaintenanceMargin: f.maintMargin.money(),
			MarginRequirement: f.initialMargin.money(), OpenOrderMargin: amount(0).money(),
			RealizedProfitLoss: a.realized.money(), SecurityOnDeposit: amount(0).money(),
			TodayRealTimeTradeEquity: f.todays.money(), TradeEquity: f.unrealized.money(),
			UnrealizedProfitLoss: f.unrealized.money(),
		}
		b.CurrencyDetails = []v3.CurrencyDetail{{
			Currency: "USD", AccountConversionRate: qtyDec(1), AccountMarginRequirement: f.initialMargin.money(),
			CashBalance: a.cash.money(), Commission: a.commission.money(), InitialMargin: f.initialMargin.money(),
			MaintenanceMargin: f.maintMargin.money(), RealizedProfitLoss: a.realized.money(), UnrealizedProfitLoss: f.unrealized.money(),
		}}
		return b
	}
	b.BalanceDetail = v3.BalanceDetail{
		CostOfPositions: f.cost.money(), DayTradeExcess: f.buyingPower.money(), DayTrades: qtyDec(0),
		MaintenanceRate: amountFromFloat(0.25).dec(2), OptionBuyingPower: max(a.cash, 0).money(), OptionsMarketValue: f.optionsMV.money(),
		OvernightBuyingPower: f.overnightBP.money(), RealizedProfitLoss: a.realized.money(),
		RequiredMargin: f.required.money(), UnrealizedProfitLoss: f.unrealized.money(), UnsettledFunds: amount(0).money(),
	}
	return b
}

// v3BODBalance is the account at the start of the day.
func (a *account) v3BODBalance() v3.BODBalance {
	b := v3.BODBalance{AccountID: a.id, AccountType: a.typ}
	if a.typ == v3.AccountTypeFutures {
		b.BalanceDetail = v3.BODBalanceDetail{
			CashAvailableToWithdraw: a.bod.cash.money(), Equity: a.bod.equity.money(), NetCash: a.bod.cash.money(),
			OpenTradeEquity: a.bod.openTradeEquity.money(), SecurityOnDeposit: amount(0).money(),
		}
		b.CurrencyDetails = []v3.BODCurrencyDetail{{
			Currency: "USD", AccountMarginRequirement: amount(0).money(), AccountOpenTradeEquity: a.bod.openTradeEquity.money(),
			AccountSecurities: amount(0).money(), CashBalance: a.bod.cash.money(), MarginRequirement: amount(0).money(),
			OpenTradeEquity: a.bod.openTradeEquity.money(), Securities: amount(0).money(),
		}}
		return b
	}
	bp := max(a.bod.cash, 0)
	overnight := bp
	if a.typ == v3.AccountTypeMargin {
		overnight = bp * 2
	}
	b.BalanceDetail = v3.BODBalanceDetail{
		AccountBalance: a.bod.cash.money(), CashAvailableToWithdraw: bp.money(), DayTrades: qtyDec(0),
		DayTradingMarginableBuyingPower: (overnight * 2).money(), Equity: a.bod.equity.money(), NetCash: a.bod.cash.money(),
		OptionBuyingPower: bp.money(), OptionValue: a.bod.optionValue.money(), OvernightBuyingPower: overnight.money(),
	}
	return b
}

// v3Position is the position as GetPositions and the position stream show it.
func (a *account) v3Position(m *market, p *position) v3.Position {
	in, pv := p.inst, p.inst.pointValue
	last := m.price(in)
	bid, ask := in.bidAsk(last)
	cost := p.avg.times(abs64(p.qty) * pv)
	upl := (last - p.avg).times(p.qty * pv)
	side := v3.PositionSideLong
	if p.qty < 0 {
		side = v3.PositionSideShort
	}
	pct := 0.0
	if cost != 0 {
		pct = 100 * upl.float() / cost.float()
	}
	out := v3.Position{
		AccountID: a.id, AssetType: in.assetType(), Symbol: in.symbol, PositionID: p.id, LongShort: side,
		Quantity: qtyDec(p.qty), AveragePrice: p.avg.dec(in.decimals), TotalCost: cost.money(),
		Last: last.dec(in.decimals), Bid: bid.dec(in.decimals), Ask: ask.dec(in.decimals),
		MarketValue: last.times(p.qty * pv).money(), MarkToMarketPrice: p.mark.dec(in.decimals),
		TodaysProfitLoss: (last - p.mark).times(p.qty * pv).money(), UnrealizedProfitLoss: upl.money(),
		UnrealizedProfitLossPercent: floatDec(pct, 3), UnrealizedProfitLossQty: (upl / amount(abs64(p.qty))).money(),
		ConversionRate: qtyDec(1), DayTradeRequirement: qtyDec(0), InitialRequirement: qtyDec(0),
		MaintenanceMargin: (last.times(abs64(p.qty)*pv) / 4).money(), Timestamp: p.opened.UTC(),
	}
	switch in.kind {
	case kindFuture:
		out.InitialRequirement = in.margin.times(abs64(p.qty)).money()
		out.MaintenanceMargin = (in.margin.times(abs64(p.qty)) * 9 / 10).money()
		out.DayTradeRequirement = (in.margin.times(abs64(p.qty)) / 10).money()
		out.MarketValue = upl.money()
		out.ExpirationDate = in.expiry
	case kindOption:
		out.InitialRequirement = cost.money()
		out.MaintenanceMargin = cost.money()
		out.ExpirationDate = in.expiry
	}
	return out
}
