package sim

import (
	"strconv"
	"time"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// v2TwoDecimals is v2's DisplayType for prices shown with two decimals, as
// every price of the fake is; MinMove counts hundredths of a point then.
const v2TwoDecimals = 3

// v2Originator is the originating account v2 shows on every order.
const v2Originator = 4183925

func v2Time(t time.Time) value.V2Time {
	if t.IsZero() {
		return value.V2Time{}
	}
	return value.V2Time{Time: t.In(newYork)}
}

// v2DateText writes a date the way v2 writes one inside a string field:
// /Date(milliseconds since the epoch)/.
func v2DateText(t time.Time) string {
	return "/Date(" + strconv.FormatInt(t.UnixMilli(), 10) + ")/"
}

// numericID is an account, order or position id as v2's numeric keys.
func numericID(id string) int64 { n, _ := strconv.ParseInt(id, 10, 64); return n }

// minMove is the instrument's tick in hundredths of a point.
func (in *instrument) minMove() value.Decimal { return qtyDec(int64(in.tick) / 100) }

// v2Strike is an option's strike and its text; other instruments show 0.
func v2Strike(in *instrument) (value.Decimal, string) {
	if in.kind != kindOption {
		return qtyDec(0), "0"
	}
	d := strikeDec(in.strike)
	return d, d.String()
}

// v2AccountType is v2's one-letter account type and its description.
func v2AccountType(t v3.AccountType) (v2.AccountType, string) {
	switch t {
	case v3.AccountTypeCash:
		return v2.AccountTypeCash, "Cash"
	case v3.AccountTypeFutures:
		return v2.AccountTypeFutures, "Futures"
	}
	return v2.AccountTypeMargin, "Margin"
}

// v2AssetType is v2's two-letter asset type.
func v2AssetType(in *instrument) v2.AssetType {
	switch in.kind {
	case kindFuture:
		return v2.AssetTypeFuture
	case kindOption:
		return v2.AssetTypeOption
	}
	return v2.AssetTypeEquity
}

func (a *account) v2Account() v2.Account {
	typ, desc := v2AccountType(a.typ)
	return v2.Account{Alias: a.alias, DisplayName: a.id, Key: numericID(a.id), Name: a.id,
		Status: v2.AccountStatusActive, StatusDescription: "Active", Type: typ, TypeDescription: desc}
}

func (a *account) v2Balance(m *market) v2.Balance {
	f := a.figures(m)
	typ, desc := v2AccountType(a.typ)
	b := v2.Balance{
		Alias: a.alias, DisplayName: a.id, Key: numericID(a.id), Name: a.id, Currency: "USD",
		Status: v2.AccountStatusActive, StatusDescription: "Active", Type: typ, TypeDescription: desc,
		BODEquity: a.bod.equity.money(), BODNetCash: a.bod.cash.money(), Commission: a.commission.money(),
		MarketValue: f.marketValue.money(), RealTimeAccountBalance: a.cash.money(), RealTimeBuyingPower: f.buyingPower.money(),
		RealTimeEquity: f.equity.money(), RealTimeRealizedProfitLoss: a.realized.money(),
		RealTimeUnrealizedProfitLoss: f.unrealized.money(), RealTimeUnrealizedGains: f.unrealized.money(),
		UnclearedDeposit: amount(0).money(), UnsettledFund: amount(0).money(),
	}
	if a.typ == v3.AccountTypeFutures {
		b.BODOpenTradeEquity = a.bod.openTradeEquity.money()
		b.RealTimeInitialMargin, b.RealTimeMaintenanceMargin = f.initialMargin.money(), f.maintMargin.money()
		b.RealTimeTradeEquity, b.TodayRealTimeTradeEquity = f.unrealized.money(), f.todays.money()
		b.SecurityOnDeposit, b.MarketValue = amount(0).money(), amount(0).money()
		return b
	}
	b.BODAccountBalance, b.BODOptionValue = a.bod.cash.money(), a.bod.optionValue.money()
	b.BODOptionBuyingPower, b.BODOvernightBuyingPower = max(a.bod.cash, 0).money(), max(a.bod.cash, 0).money()
	b.CanDayTrade, b.DayTradingQualified = a.typ == v3.AccountTypeMargin, a.typ == v3.AccountTypeMargin
	b.OptionApprovalLevel, b.DayTradeExcess = a.optionLevel, f.buyingPower.money()
	b.RealTimeCostOfPositions, b.RealTimeOptionValue = f.cost.money(), f.optionsMV.money()
	b.RealTimeOptionBuyingPower, b.RealTimeOvernightBuyingPower = max(a.cash, 0).money(), f.overnightBP.money()
	b.RealTimeDayTradingMarginableEquitiesBuyingPower = f.buyingPower.money()
	return b
}

func (a *account) v2Position(m *market, p *position) v2.Position {
	v := a.v3Position(m, p)
	in := p.inst
	out := v2.Position{
		AccountID: a.id, Alias: a.alias, AssetType: v2AssetType(in), Symbol: in.symbol, Description: in.description,
		Key: numericID(p.id), LongShort: v2.PositionSide(v.LongShort), Quantity: v.Quantity,
		AveragePrice: v.AveragePrice, AveragePriceDisplay: v.AveragePrice.String(),
		AskPrice: v.Ask, AskPriceDisplay: v.Ask.String(), BidPrice: v.Bid, BidPriceDisplay: v.Bid.String(),
		LastPrice: v.Last, LastPriceDisplay: v.Last.String(), BigPointValue: qtyDec(in.pointValue), ConversionRate: qtyDec(1),
		Country: "United States", Currency: "USD", MarketValue: v.MarketValue, AccountMarketValue: v.MarketValue,
		TotalCost: v.TotalCost, AccountTotalCost: v.TotalCost, OpenProfitLoss: v.UnrealizedProfitLoss,
		AccountOpenProfitLoss: v.UnrealizedProfitLoss, OpenProfitLossPercent: v.UnrealizedProfitLossPercent,
		OpenProfitLossQty: v.UnrealizedProfitLossQty, MarkToMarketPrice: v.MarkToMarketPrice,
		TodaysProfitLoss: v.TodaysProfitLoss, InitialMargin: v.InitialRequirement, MaintenanceMargin: v.MaintenanceMargin,
		RequiredMargin: v.MaintenanceMargin, TimeStamp: v2Time(p.opened),
	}
	out.StrikePrice, out.StrikePriceDisplay = v2Strike(in)
	if in.kind == kindOption || in.kind == kindFuture {
		out.ContractExpireDate = in.expiry.Format("1/2/2006")
	}
	return out
}

// v2Statuses map order statuses to v2's codes and words (UROut is v2's
// cancelled); any other status is Queued.
var v2Statuses = map[v3.OrderStatus]struct {
	code v2.OrderStatus
	text string
}{
	v3.OrderStatusSent:             {v2.OrderStatusOpen, "Open"},
	v3.OrderStatusFilled:           {v2.OrderStatusFilled, "Filled"},
	v3.OrderStatusCanceled:         {v2.OrderStatusCanceled, "UROut"},
	v3.OrderStatusExpired:          {v2.OrderStatusExpired, "Expired"},
	v3.OrderStatusRejected:         {v2.OrderStatusRejected, "Rejected"},
	v3.OrderStatusPartialFillAlive: {v2.OrderStatusPartiallyFilled, "Partially Filled"},
	v3.OrderStatusPartialFillUROut: {v2.OrderStatusPartialFillCanceled, "Partial Fill UROut"},
}

func v2Status(s v3.OrderStatus) (v2.OrderStatus, string) {
	if st, ok := v2Statuses[s]; ok {
		return st.code, st.text
	}
	return v2.OrderStatusQueued, "Queued"
}

// v2Action is how v2 order listings spell a trade action.
func v2Action(a v3.TradeAction) v2.OrderAction {
	return v2.OrderAction(actionWords(a))
}

// v2LegSides are v2's one-letter sides of v3's order sides.
var v2LegSides = map[v3.OrderSide]v2.LegSide{
	v3.OrderSideBuy: v2.LegSideBuy, v3.OrderSideSell: v2.LegSideSell,
	v3.OrderSideSellShort: v2.LegSideSellShort, v3.OrderSideBuyToCover: v2.LegSideBuyToCover,
}

func v2LegType(t v3.OrderType) v2.LegOrderType {
	switch t {
	case v3.OrderTypeStopMarket:
		return v2.LegOrderTypeStopMarket
	case v3.OrderTypeStopLimit:
		return v2.LegOrderTypeStopLimit
	}
	return v2.LegOrderType(t)
}

func (o *order) v2Order() v2.Order {
	v := o.v3Order()
	in := o.legs[0].inst
	status, desc := v2Status(o.status)
	var qty, left int64
	for _, l := range o.legs {
		qty, left = qty+l.qty, left+l.qty-l.execQty
	}
	out := v2.Order{
		AccountID: o.acct.id, Alias: o.acct.alias, AssetType: v2AssetType(in), AdvancedOptions: v.AdvancedOptions,
		CommissionFee: v.CommissionFee, ConversionRate: qtyDec(1), Country: "United States", Denomination: "USD",
		DisplayName: o.acct.id, DisplayType: v2TwoDecimals, Duration: string(o.duration), ExecuteQuantity: qtyDec(qty - left),
		FilledPrice: v.FilledPrice, FilledPriceText: v.FilledPrice.String(), GroupName: v.GroupName,
		LimitPrice: v.LimitPrice, LimitPriceText: v.LimitPrice.String(), MinMove: qtyDec(1), OrderID: numericID(o.id),
		Originator: v2Originator, Quantity: qtyDec(qty), QuantityLeft: qtyDec(left), Routing: o.route, Spread: v.Spread,
		Status: status, StatusDescription: desc, StopPrice: v.StopPrice, StopPriceText: v.StopPrice.String(),
		Symbol: in.symbol, TimeStamp: v2Time(o.opened), Type: v2Action(o.legs[0].action), UnbundledRouteFee: qtyDec(0),
	}
	if !o.open() {
		out.FilledCanceled = v2Time(o.closed)
	}
	for i, l := range o.legs {
		leg := v2.OrderLeg{
			BaseSymbol: in.root, ExecQuantity: qtyDec(l.execQty), Leaves: qtyDec(l.qty - l.execQty), LegNumber: int32(i + 1),
			LimitPrice: v.LimitPrice, LimitPriceDisplay: v.LimitPrice.String(), OpenOrClose: string(openOrClose(l.action))[:1],
			OrderID: numericID(o.id), OrderType: v2LegType(o.typ), PointValue: qtyDec(l.inst.pointValue),
			PriceUsedForBuyingPower: v.PriceUsedForBuyingPower, Quantity: qtyDec(l.qty), Side: v2LegSides[sideOf(l.action)],
			StopPrice: v.StopPrice, StopPriceDisplay: v.StopPrice.String(), Symbol: l.inst.symbol, Type: v2Action(l.action),
		}
		if l.execQty > 0 {
			leg.ExecPrice, leg.TimeExecuted = l.execPrice.dec(l.inst.decimals), v2Time(o.closed)
		}
		out.Legs = append(out.Legs, leg)
	}
	return out
}

func (m *market) v2Quote(in *instrument) v2.Quote {
	q := m.quote(in)
	displayType, no, zero := int32(v2TwoDecimals), false, int32(0)
	out := v2.Quote{
		Symbol: in.symbol, SymbolRoot: in.root, Description: in.description, Exchange: in.exchange,
		AssetType: v2.QuoteAssetType(in.assetType()), CountryCode: "United States", Currency: v2.CurrencyUSD,
		DataFeed: "TradeStation", DisplayType: &displayType, FractionalDisplay: &no, Halted: &no, IsDelayed: &no, TickSizeTier: &zero,
		Ask: q.Ask, AskPriceDisplay: q.Ask.String(), AskSize: q.AskSize, Bid: q.Bid, BidPriceDisplay: q.Bid.String(), BidSize: q.BidSize,
		Last: q.Last, LastPriceDisplay: q.Last.String(), LastSize: q.LastSize, LastVenue: q.LastVenue,
		Open: q.Open, OpenPriceDisplay: q.Open.String(), High: q.High, HighPriceDisplay: q.High.String(),
		Low: q.Low, LowPriceDisplay: q.Low.String(), Close: q.Close, ClosePriceDisplay: q.Close.String(),
		PreviousClose: q.PreviousClose, PreviousClosePriceDisplay: q.PreviousClose.String(), PreviousVolume: q.PreviousVolume,
		High52Week: q.High52Week, High52WeekPriceDisplay: q.High52Week.String(), High52WeekTimeStamp: v2Time(q.High52WeekTimestamp),
		Low52Week: q.Low52Week, Low52WeekPriceDisplay: q.Low52Week.String(), Low52WeekTimeStamp: v2Time(q.Low52WeekTimestamp),
		NetChange: q.NetChange, NetChangePct: floatDec(q.NetChangePct.Float64()/100, 6), Volume: q.Volume,
		VWAP: q.VWAP, VWAPDisplay: floatDec(q.VWAP.Float64(), 2).String(), DailyOpenInterest: q.DailyOpenInterest,
		MinMove: in.minMove(), PointValue: qtyDec(in.pointValue), TradeTime: v2Time(q.TradeTime),
		Underlying: in.underlyingSymbol(),
	}
	out.StrikePrice, out.StrikePriceDisplay = v2Strike(in)
	if in.kind == kindOption || in.kind == kindFuture {
		out.ExpirationDate = v2DateText(in.expiry)
	}
	return out
}

// v2Categories are v2's symbol categories of the asset kinds.
var v2Categories = map[assetKind]string{kindStock: "Stock", kindFuture: "Future", kindOption: "StockOption", kindCrypto: "Crypto"}

// v2ExpirationTypes are v2's names of the expiration cycles.
var v2ExpirationTypes = map[v3.ExpirationType]v2.ExpirationType{
	v3.ExpirationTypeWeekly: v2.ExpirationTypeWeekly, v3.ExpirationTypeMonthly: v2.ExpirationTypeMonthly,
	v3.ExpirationTypeQuarterly: v2.ExpirationTypeQuarterly,
}

func (in *instrument) v2Symbol() v2.Symbol {
	out := v2.Symbol{Category: v2Categories[in.kind], Country: v2.CountryUS, Currency: v2.CurrencyUSD, Description: in.description,
		DisplayType: v2TwoDecimals, Exchange: in.exchange, MinMove: in.minMove(), Name: in.symbol, Root: in.root,
		PointValue: qtyDec(in.pointValue), Underlying: in.underlyingSymbol()}
	switch in.kind {
	case kindOption:
		out.OptionType = "Put"
		if in.call {
			out.OptionType = "Call"
		}
		out.StrikePrice = strikeDec(in.strike)
		out.ExpirationDate = v2DateText(in.expiry)
		out.ExpirationType = v2ExpirationTypes[expirationType(in.expiry)]
	case kindFuture:
		out.FutureType = "Electronic"
		out.ExpirationDate = v2DateText(in.expiry)
	}
	return out
}
