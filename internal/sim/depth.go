package sim

import (
	"time"

	"github.com/tradestation-go/tradestation/v3"
)

// venuesOf are the participants quoting an instrument's book.
func venuesOf(in *instrument) []string {
	switch in.kind {
	case kindFuture:
		return []string{in.exchange}
	case kindOption:
		return []string{"CBOE", "ISE", "PHLX", "AMEX", "BOX", "MIAX"}
	case kindCrypto:
		return []string{"CRYPTO"}
	}
	return []string{"NSDQ", "ARCX", "EDGX", "BATS", "IEXG", "MEMX", "NYSE", "EDGA"}
}

// depthLevel is one price level of one side of the book.
type depthLevel struct {
	side   v3.QuoteSide
	price  amount
	quotes []v3.DepthQuote
}

// book builds levels price levels per side around the current quote; the
// participants and sizes change with every tick.
func (m *market) book(in *instrument, levels int) (bids, asks []depthLevel) {
	last := m.price(in)
	bid, ask := in.bidAsk(last)
	sec := secondsFromReference(lastTradeTime(in.kind, m.now))
	venues := venuesOf(in)
	level := func(side v3.QuoteSide, i int, price amount) depthLevel {
		l := depthLevel{side: side, price: price}
		n := 1 + int(uniform(in.seed, sec, int64(i), 11)*3)
		for k := range n {
			v := venues[int(uniform(in.seed, sec, int64(i), int64(k), 12)*float64(len(venues)))]
			age := time.Duration(uniform(in.seed, sec, int64(i), int64(k), 13)*8) * time.Second
			l.quotes = append(l.quotes, v3.DepthQuote{Name: v, Side: side, Price: price.dec(in.decimals),
				Size: qtyDec(in.quoteSize(sec+int64(7*i+k), 4)), OrderCount: int32(1 + k + i%3),
				TimeStamp: lastTradeTime(in.kind, m.now).Add(-age).UTC()})
		}
		return l
	}
	for i := range levels {
		if p := bid - in.tick.times(int64(i)); p > 0 {
			bids = append(bids, level(v3.QuoteSideBid, i, p))
		}
		asks = append(asks, level(v3.QuoteSideAsk, i, ask+in.tick.times(int64(i))))
	}
	return bids, asks
}

func (m *market) depthQuotes(in *instrument, levels int) v3.MarketDepthQuote {
	bids, asks := m.book(in, levels)
	out := v3.MarketDepthQuote{Bids: []v3.DepthQuote{}, Asks: []v3.DepthQuote{}}
	for _, l := range bids {
		out.Bids = append(out.Bids, l.quotes...)
	}
	for _, l := range asks {
		out.Asks = append(out.Asks, l.quotes...)
	}
	return out
}

func (m *market) depthAggregates(in *instrument, levels int) v3.MarketDepthAggregate {
	bids, asks := m.book(in, levels)
	out := v3.MarketDepthAggregate{Bids: []v3.DepthAggregate{}, Asks: []v3.DepthAggregate{}}
	for _, l := range bids {
		out.Bids = append(out.Bids, aggregate(in, l))
	}
	for _, l := range asks {
		out.Asks = append(out.Asks, aggregate(in, l))
	}
	return out
}

func aggregate(in *instrument, l depthLevel) v3.DepthAggregate {
	a := v3.DepthAggregate{Side: l.side, Price: l.price.dec(in.decimals), NumParticipants: int32(len(l.quotes))}
	var total, biggest, smallest int64
	names := map[string]bool{}
	for i, q := range l.quotes {
		size := q.Size.Rat().Num().Int64()
		total += size
		if i == 0 || size > biggest {
			biggest = size
		}
		if i == 0 || size < smallest {
			smallest = size
		}
		if i == 0 || q.TimeStamp.Before(a.EarliestTime) {
			a.EarliestTime = q.TimeStamp
		}
		if q.TimeStamp.After(a.LatestTime) {
			a.LatestTime = q.TimeStamp
		}
		a.TotalOrderCount += q.OrderCount
		names[q.Name] = true
	}
	a.NumParticipants = int32(len(names))
	a.TotalSize, a.BiggestSize, a.SmallestSize = qtyDec(total), qtyDec(biggest), qtyDec(smallest)
	return a
}
