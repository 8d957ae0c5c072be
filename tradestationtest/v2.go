package tradestationtest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v2"
	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// routesV2 maps the legacy API v2 operations the SDK's v2 client uses.
// Every request must carry APIVersion=20160101; errors answer in v2's
// {"TraceId","StatusCode","Message"} shape and times as /Date(...)/.
func (s *Server) routesV2(mux *http.ServeMux) {
	read, data, trade := "ReadAccount", "MarketData", "Trade"
	routes := []struct {
		pattern, scope string
		h              http.HandlerFunc
	}{
		{"GET /v2/users/{userID}/accounts", read, s.v2Accounts},
		{"GET /v2/accounts/{accountKeys}/balances", read, s.v2Balances},
		{"GET /v2/accounts/{accountKeys}/positions", read, s.v2Positions},
		{"GET /v2/accounts/{accountKeys}/orders", read, s.v2Orders},
		{"GET /v2/data/quote/{symbols}", data, s.v2Quotes},
		{"GET /v2/data/symbol/{symbol}", data, s.v2Symbol},
		{"POST /v2/orders/confirm", trade, s.v2Confirm},
		{"POST /v2/orders", trade, s.v2Place},
		{"PUT /v2/orders/{orderID}", trade, s.v2Replace},
		{"DELETE /v2/orders/{orderID}", trade, s.v2Cancel},
		{"POST /v2/orders/groups/confirm", trade, s.v2ConfirmGroup},
		{"POST /v2/orders/groups", trade, s.v2PlaceGroup},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, s.api(rt.scope, rt.h))
	}
}

func v2Time(t time.Time) value.V2Time {
	if t.IsZero() {
		return value.V2Time{}
	}
	return value.V2Time{Time: t.In(newYork)}
}

func accountKey(id string) int64 { n, _ := strconv.ParseInt(id, 10, 64); return n }

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

func (s *Server) v2Accounts(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("userID") != UserID {
		writeAPIError(w, r, http.StatusForbidden, "User %s is not the signed-in user.", r.PathValue("userID"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.Account{}
	for _, a := range s.accts.list {
		typ, desc := v2AccountType(a.typ)
		out = append(out, v2.Account{Alias: a.alias, DisplayName: a.id, Key: accountKey(a.id), Name: a.id,
			Status: v2.AccountStatusActive, StatusDescription: "Active", Type: typ, TypeDescription: desc})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) v2Balances(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accountKeys"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := []v2.Balance{}
	for _, a := range accts {
		out = append(out, a.v2Balance(s.mkt))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *account) v2Balance(m *market) v2.Balance {
	f := a.figures(m)
	typ, desc := v2AccountType(a.typ)
	b := v2.Balance{
		Alias: a.alias, DisplayName: a.id, Key: accountKey(a.id), Name: a.id, Currency: "USD",
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

func (s *Server) v2Positions(w http.ResponseWriter, r *http.Request) {
	var params v2.GetPositionsByAccountsParams
	if err := bindQuery(r, &params); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accountKeys"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := []v2.Position{}
	for _, a := range accts {
		for _, p := range a.positions {
			out = append(out, a.v2Position(s.mkt, p))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *account) v2Position(m *market, p *position) v2.Position {
	v := a.v3Position(m, p)
	in := p.inst
	text := func(d value.Decimal) string { return d.String() }
	out := v2.Position{
		AccountID: a.id, Alias: a.alias, AssetType: v2AssetType(in), Symbol: in.symbol, Description: in.description,
		Key: accountKey(p.id), LongShort: v2.PositionSide(v.LongShort), Quantity: v.Quantity,
		AveragePrice: v.AveragePrice, AveragePriceDisplay: text(v.AveragePrice),
		AskPrice: v.Ask, AskPriceDisplay: text(v.Ask), BidPrice: v.Bid, BidPriceDisplay: text(v.Bid),
		LastPrice: v.Last, LastPriceDisplay: text(v.Last), BigPointValue: qtyDec(in.pointValue), ConversionRate: qtyDec(1),
		Country: "United States", Currency: "USD", MarketValue: v.MarketValue, AccountMarketValue: v.MarketValue,
		TotalCost: v.TotalCost, AccountTotalCost: v.TotalCost, OpenProfitLoss: v.UnrealizedProfitLoss,
		AccountOpenProfitLoss: v.UnrealizedProfitLoss, OpenProfitLossPercent: v.UnrealizedProfitLossPercent,
		OpenProfitLossQty: v.UnrealizedProfitLossQty, MarkToMarketPrice: v.MarkToMarketPrice,
		TodaysProfitLoss: v.TodaysProfitLoss, InitialMargin: v.InitialRequirement, MaintenanceMargin: v.MaintenanceMargin,
		RequiredMargin: v.MaintenanceMargin, TimeStamp: v2Time(p.opened), StrikePrice: qtyDec(0), StrikePriceDisplay: "0",
	}
	if in.kind == kindOption {
		out.StrikePrice = strikeDec(in.strike)
		out.StrikePriceDisplay = out.StrikePrice.String()
	}
	if in.kind == kindOption || in.kind == kindFuture {
		out.ContractExpireDate = in.expiry.Format("1/2/2006")
	}
	return out
}

func (s *Server) v2Orders(w http.ResponseWriter, r *http.Request) {
	var p v2.GetOrdersByAccountsParams
	if err := bindQuery(r, &p); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, _, err := s.accountsOf(r.PathValue("accountKeys"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	list := s.currentOrders(accts)
	if p.Since != nil {
		since, err := s.sinceParam(*p.Since)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		list = append(list, s.historicalOrders(accts, since)...)
	}
	size, num := 600, 1
	if p.PageSize != nil {
		size = int(*p.PageSize)
	}
	if p.PageNum != nil {
		num = int(*p.PageNum)
	}
	if size < 1 || size > 600 || num < 1 {
		writeErr(w, r, badf("pageSize must be 1 to 600 and pageNum at least 1."))
		return
	}
	from := min((num-1)*size, len(list))
	out := []v2.Order{}
	for _, o := range list[from:min(from+size, len(list))] {
		out = append(out, o.v2Order())
	}
	writeJSON(w, http.StatusOK, out)
}

// v2Status maps an order status to v2's codes (OUT is v2's cancelled).
func v2Status(s v3.OrderStatus) (v2.OrderStatus, string) {
	switch s {
	case v3.OrderStatusSent:
		return v2.OrderStatusOpen, "Open"
	case v3.OrderStatusFilled:
		return v2.OrderStatusFilled, "Filled"
	case v3.OrderStatusCanceled:
		return v2.OrderStatusCanceled, "UROut"
	case v3.OrderStatusExpired:
		return v2.OrderStatusExpired, "Expired"
	case v3.OrderStatusRejected:
		return v2.OrderStatusRejected, "Rejected"
	}
	return v2.OrderStatusQueued, "Queued"
}

// v2Action is how v2 order listings spell a trade action.
func v2Action(a v3.TradeAction) v2.OrderAction {
	return v2.OrderAction(actionWords(a))
}

func v2Side(a v3.TradeAction) v2.LegSide {
	switch a {
	case v3.TradeActionSellShort:
		return v2.LegSideSellShort
	case v3.TradeActionBuyToCover:
		return v2.LegSideBuyToCover
	}
	if isBuy(a) {
		return v2.LegSideBuy
	}
	return v2.LegSideSell
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
		DisplayName: o.acct.id, DisplayType: 3, Duration: string(o.duration), ExecuteQuantity: qtyDec(qty - left),
		FilledPrice: v.FilledPrice, FilledPriceText: v.FilledPrice.String(), GroupName: v.GroupName,
		LimitPrice: v.LimitPrice, LimitPriceText: v.LimitPrice.String(), MinMove: qtyDec(1), OrderID: accountKey(o.id),
		Originator: 4183925, Quantity: qtyDec(qty), QuantityLeft: qtyDec(left), Routing: o.route, Spread: v.Spread,
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
			OrderID: accountKey(o.id), OrderType: v2LegType(o.typ), PointValue: qtyDec(l.inst.pointValue),
			PriceUsedForBuyingPower: v.PriceUsedForBuyingPower, Quantity: qtyDec(l.qty), Side: v2Side(l.action),
			StopPrice: v.StopPrice, StopPriceDisplay: v.StopPrice.String(), Symbol: l.inst.symbol, Type: v2Action(l.action),
		}
		if l.execQty > 0 {
			leg.ExecPrice, leg.TimeExecuted = l.execPrice.dec(l.inst.decimals), v2Time(o.closed)
		}
		out.Legs = append(out.Legs, leg)
	}
	return out
}

func (s *Server) v2Quotes(w http.ResponseWriter, r *http.Request) {
	syms, err := symbolsOf(r.PathValue("symbols"), 50)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.Quote{}
	for _, sym := range syms {
		in, ok := s.mkt.lookup(sym)
		if !ok {
			out = append(out, v2.Quote{Symbol: sym, Error: "FAILED, INVALID SYMBOL"})
			continue
		}
		out = append(out, s.mkt.v2Quote(in))
	}
	writeJSON(w, http.StatusOK, out)
}

func (m *market) v2Quote(in *instrument) v2.Quote {
	q := m.quote(in)
	text := func(d value.Decimal) string { return d.String() }
	three, no, zero := int32(3), false, int32(0)
	out := v2.Quote{
		Symbol: in.symbol, SymbolRoot: in.root, Description: in.description, Exchange: in.exchange,
		AssetType: v2.QuoteAssetType(in.assetType()), CountryCode: "United States", Currency: v2.CurrencyUSD,
		DataFeed: "TradeStation", DisplayType: &three, FractionalDisplay: &no, Halted: &no, IsDelayed: &no, TickSizeTier: &zero,
		Ask: q.Ask, AskPriceDisplay: text(q.Ask), AskSize: q.AskSize, Bid: q.Bid, BidPriceDisplay: text(q.Bid), BidSize: q.BidSize,
		Last: q.Last, LastPriceDisplay: text(q.Last), LastSize: q.LastSize, LastVenue: q.LastVenue,
		Open: q.Open, OpenPriceDisplay: text(q.Open), High: q.High, HighPriceDisplay: text(q.High),
		Low: q.Low, LowPriceDisplay: text(q.Low), Close: q.Close, ClosePriceDisplay: text(q.Close),
		PreviousClose: q.PreviousClose, PreviousClosePriceDisplay: text(q.PreviousClose), PreviousVolume: q.PreviousVolume,
		High52Week: q.High52Week, High52WeekPriceDisplay: text(q.High52Week), High52WeekTimeStamp: v2Time(q.High52WeekTimestamp),
		Low52Week: q.Low52Week, Low52WeekPriceDisplay: text(q.Low52Week), Low52WeekTimeStamp: v2Time(q.Low52WeekTimestamp),
		NetChange: q.NetChange, NetChangePct: floatDec(q.NetChangePct.Float64()/100, 6), Volume: q.Volume,
		VWAP: q.VWAP, VWAPDisplay: floatDec(q.VWAP.Float64(), 2).String(), DailyOpenInterest: q.DailyOpenInterest,
		MinMove: qtyDec(int64(in.tick) / 100), PointValue: qtyDec(in.pointValue), TradeTime: v2Time(q.TradeTime),
		Underlying: in.underlyingSymbol(), StrikePrice: qtyDec(0), StrikePriceDisplay: "0",
	}
	if in.kind == kindOption {
		out.StrikePrice = strikeDec(in.strike)
		out.StrikePriceDisplay = out.StrikePrice.String()
	}
	if in.kind == kindOption || in.kind == kindFuture {
		out.ExpirationDate = "/Date(" + strconv.FormatInt(in.expiry.UnixMilli(), 10) + ")/"
	}
	return out
}

func (s *Server) v2Symbol(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.mkt.lookup(r.PathValue("symbol"))
	if !ok {
		writeErr(w, r, notFoundf("Symbol %s was not found.", r.PathValue("symbol")))
		return
	}
	category := map[assetKind]string{kindStock: "Stock", kindFuture: "Future", kindOption: "StockOption", kindCrypto: "Crypto"}[in.kind]
	out := v2.Symbol{Category: category, Country: v2.CountryUS, Currency: v2.CurrencyUSD, Description: in.description,
		DisplayType: 3, Exchange: in.exchange, MinMove: qtyDec(int64(in.tick) / 100), Name: in.symbol, Root: in.root,
		PointValue: qtyDec(in.pointValue), Underlying: in.underlyingSymbol(), FutureType: ""}
	switch in.kind {
	case kindOption:
		out.OptionType = map[bool]string{true: "Call", false: "Put"}[in.call]
		out.StrikePrice = strikeDec(in.strike)
		out.ExpirationDate = "/Date(" + strconv.FormatInt(in.expiry.UnixMilli(), 10) + ")/"
		out.ExpirationType = map[v3.ExpirationType]v2.ExpirationType{v3.ExpirationTypeWeekly: v2.ExpirationTypeWeekly,
			v3.ExpirationTypeMonthly: v2.ExpirationTypeMonthly, v3.ExpirationTypeQuarterly: v2.ExpirationTypeQuarterly}[expirationType(in.expiry)]
	case kindFuture:
		out.FutureType = "Electronic"
		out.ExpirationDate = "/Date(" + strconv.FormatInt(in.expiry.UnixMilli(), 10) + ")/"
	}
	writeJSON(w, http.StatusOK, out)
}

// v2Durations maps v2's durations to v3's.
var v2Durations = map[v2.Duration]v3.Duration{
	v2.DurationDay: v3.DurationDay, v2.DurationDayPlus: v3.DurationDayPlus, v2.DurationGoodTillCanceled: v3.DurationGTC,
	v2.DurationGoodTillCanceledPlus: v3.DurationGTCPlus, v2.DurationGoodThroughDate: v3.DurationGTD,
	v2.DurationGoodThroughDatePlus: v3.DurationGTDPlus, v2.DurationAtOpening: v3.DurationOPG, v2.DurationAtClose: v3.DurationCLO,
	v2.DurationImmediateOrCancel: v3.DurationIOC, v2.DurationFillOrKill: v3.DurationFOK,
	v2.DurationOneMinute: v3.DurationOneMinute, v2.DurationThreeMinutes: v3.DurationThreeMinutes, v2.DurationFiveMinutes: v3.DurationFiveMinutes,
	"1": v3.DurationOneMinute, "3": v3.DurationThreeMinutes, "5": v3.DurationFiveMinutes,
}

// specFromV2 checks a v2 order request (with v2's field names in errors)
// and turns it into the engine's spec.
func specFromV2(req v2.OrderRequest, prefix string, now time.Time) (orderSpec, v2.AssetType, error) {
	switch {
	case strings.TrimSpace(req.AccountKey) == "":
		return orderSpec{}, "", badf("%sAccountKey is required.", prefix)
	case req.AssetType == "":
		return orderSpec{}, "", badf("%sAssetType is required (EQ, OP or FU).", prefix)
	case req.Duration == "":
		return orderSpec{}, "", badf("%sDuration is required.", prefix)
	}
	dur, ok := v2Durations[req.Duration]
	if !ok {
		return orderSpec{}, "", badf("%sDuration %q is not a v2 duration such as DAY, GTC or 1 MIN.", prefix, req.Duration)
	}
	v3req := v3.OrderRequest{AccountID: req.AccountKey, Symbol: req.Symbol, Quantity: req.Quantity, OrderType: v3.OrderType(req.OrderType),
		LimitPrice: req.LimitPrice, StopPrice: req.StopPrice, TradeAction: v3.TradeAction(req.TradeAction), Route: req.Route,
		OrderConfirmID: req.OrderConfirmID, TimeInForce: v3.TimeInForce{Duration: dur},
		AdvancedOptions: v3.AdvancedOptions{TrailingStop: v3.TrailingStop{Amount: req.AdvancedOptions.TrailingStop.Amount, Percent: req.AdvancedOptions.TrailingStop.Percent}}}
	if req.GTDDate != "" {
		t, ok := parseDate(req.GTDDate)
		if !ok {
			return orderSpec{}, "", badf("%sGTDDate %q is not a date such as 06/20/2025.", prefix, req.GTDDate)
		}
		v3req.TimeInForce.Expiration = t
	}
	for _, l := range req.Legs {
		v3req.Legs = append(v3req.Legs, v3.OrderRequestLeg{Symbol: l.Symbol, Quantity: l.Quantity, TradeAction: v3.TradeAction(l.TradeAction)})
	}
	if len(v3req.Legs) > 0 {
		v3req.Symbol, v3req.Quantity, v3req.TradeAction = "", value.Decimal{}, ""
	}
	sp, err := specFromV3(v3req, prefix, now)
	for i, oso := range req.OSOs {
		if err != nil {
			break
		}
		g := groupSpec{typ: v3.OrderGroupType(oso.Type)}
		if !g.typ.Valid() {
			return sp, req.AssetType, badf("%sOSOs[%d].Type %q is not one of NORMAL, OCO, BRK.", prefix, i, oso.Type)
		}
		for j, c := range oso.Orders {
			var csp orderSpec
			if csp, _, err = specFromV2(c, prefix+"OSOs["+strconv.Itoa(i)+"].Orders["+strconv.Itoa(j)+"].", now); err != nil {
				break
			}
			g.orders = append(g.orders, csp)
		}
		sp.osos = append(sp.osos, g)
	}
	return sp, req.AssetType, err
}

// checkAssetType refuses a v2 order whose AssetType does not match its symbol.
func checkAssetType(o *order, at v2.AssetType) error {
	if got := v2AssetType(o.legs[0].inst); got != at {
		return reject("AssetType %s does not match %s, which is %s.", at, o.legs[0].inst.symbol, got)
	}
	return nil
}

func v2Result(o *order, err error) v2.OrderResult {
	if err == nil {
		return v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk, Message: "Sent order: " + o.summary()}
	}
	res := v2.OrderResult{OrderStatus: v2.OrderResultStatusFailed, Message: err.Error()}
	var rej *rejection
	if errors.As(err, &rej) {
		res.OrderID = rej.orderID
	}
	return res
}

// v2PlaceOne places one v2 order. A refusal is a result with status
// Failed; err is kept for answers that are HTTP errors (400, 404).
func (s *Server) v2PlaceOne(req v2.OrderRequest) (v2.OrderResult, error) {
	sp, at, err := specFromV2(req, "", s.mkt.now)
	if err != nil {
		return v2.OrderResult{}, err
	}
	o, err := s.buildOrder(sp)
	if err == nil {
		err = checkAssetType(o, at)
	}
	var placed []*order
	if err == nil {
		placed, _, err = s.placeLocked(sp)
	}
	var rej *rejection
	switch {
	case errors.As(err, &rej):
		return v2Result(nil, rej), nil
	case err != nil:
		return v2.OrderResult{}, err
	}
	return v2Result(placed[0], nil), nil
}

func (s *Server) v2Place(w http.ResponseWriter, r *http.Request) {
	var req v2.OrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.v2PlaceOne(req)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) v2PlaceGroup(w http.ResponseWriter, r *http.Request) {
	var req v2.GroupOrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := groupSpec{typ: v3.OrderGroupType(req.Type)}
	if !gs.typ.Valid() {
		writeErr(w, r, badf("Type %q is not one of NORMAL, OCO, BRK.", req.Type))
		return
	}
	for i, o := range req.Orders {
		sp, _, err := specFromV2(o, "Orders["+strconv.Itoa(i)+"].", s.mkt.now)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		gs.orders = append(gs.orders, sp)
	}
	if err := gs.checkBracket(""); err != nil {
		writeErr(w, r, err)
		return
	}
	placed, errs, err := s.placeGroupLocked(gs)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := []v2.OrderResult{}
	for _, o := range placed {
		out = append(out, v2Result(o, nil))
	}
	for _, e := range errs {
		out = append(out, v2Result(nil, e))
	}
	writeJSON(w, http.StatusOK, out)
}

// v2Confirmation estimates one v2 order.
func (s *Server) v2Confirmation(req v2.OrderRequest, prefix string) (v2.OrderConfirmation, error) {
	sp, at, err := specFromV2(req, prefix, s.mkt.now)
	if err != nil {
		return v2.OrderConfirmation{}, err
	}
	o, err := s.buildOrder(sp)
	if err == nil {
		err = checkAssetType(o, at)
	}
	if err == nil {
		err = s.checkFunds(o)
	}
	var rej *rejection
	if errors.As(err, &rej) {
		return v2.OrderConfirmation{}, badf("%s", rej.reason)
	}
	if err != nil {
		return v2.OrderConfirmation{}, err
	}
	c := s.confirmation(o, v3.TimeInForce{Duration: sp.duration})
	return v2.OrderConfirmation{Account: o.acct.id, Duration: string(req.Duration), Route: c.Route, SummaryMessage: c.SummaryMessage,
		OrderConfirmID: c.OrderConfirmID, EstimatedPrice: c.EstimatedPrice, EstimatedPriceDisplay: c.EstimatedPriceDisplay,
		EstimatedCost: c.EstimatedCost, EstimatedCostDisplay: c.EstimatedCostDisplay,
		EstimatedCommission: c.EstimatedCommission, EstimatedCommissionDisplay: c.EstimatedCommissionDisplay,
		DebitCreditEstimatedCost: c.DebitCreditEstimatedCost, DebitCreditEstimatedCostDisplay: c.DebitCreditEstimatedCostDisplay,
		InitialMarginDisplay: c.InitialMarginDisplay, ProductCurrency: c.ProductCurrency, AccountCurrency: c.AccountCurrency}, nil
}

func (s *Server) v2Confirm(w http.ResponseWriter, r *http.Request) {
	var req v2.OrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.v2Confirmation(req, "")
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) v2ConfirmGroup(w http.ResponseWriter, r *http.Request) {
	var req v2.GroupOrderRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []v2.OrderConfirmation{}
	for i, o := range req.Orders {
		c, err := s.v2Confirmation(o, "Orders["+strconv.Itoa(i)+"].")
		if err != nil {
			writeErr(w, r, err)
			return
		}
		out = append(out, c)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) v2Cancel(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.cancelLocked(r.PathValue("orderID"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk})
}

func (s *Server) v2Replace(w http.ResponseWriter, r *http.Request) {
	var req v2.CancelReplaceRequest
	if err := decodeBody(r, &req); err != nil {
		writeErr(w, r, err)
		return
	}
	v3req := v3.OrderReplaceRequest{Quantity: req.Quantity, LimitPrice: req.LimitPrice, StopPrice: req.StopPrice}
	if req.OrderType == v2.OrderTypeMarket {
		v3req.OrderType = v3.OrderTypeMarket
	}
	v3req.AdvancedOptions.TrailingStop = v3.TrailingStop{Amount: req.AdvancedOptions.TrailingStop.Amount, Percent: req.AdvancedOptions.TrailingStop.Percent}
	rs, err := specFromReplace(v3req)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, err := s.lookupOrder(r.PathValue("orderID")); err == nil && req.Symbol != "" && !strings.EqualFold(req.Symbol, o.legs[0].inst.symbol) {
		writeErr(w, r, badf("Symbol %s is not the symbol of order %s.", req.Symbol, o.id))
		return
	}
	o, err := s.replaceLocked(r.PathValue("orderID"), rs)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v2.OrderResult{OrderID: o.id, OrderStatus: v2.OrderResultStatusOk, Message: "Order replaced: " + o.summary()})
}
