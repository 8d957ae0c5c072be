package stream

import (
	"bytes"
	"fmt"
	"io"
)

// quoteLines returns n distinct quote messages, one per line.
func quoteLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		p := 41200 + i%500
		fmt.Fprintf(&b, `{"Symbol":"MSFT","Ask":"%d.%02d","AskSize":"%d","Bid":"%d.%02d","BidSize":"%d","Close":"412.50",`+
			`"DailyOpenInterest":"0","High":"415.10","High52Week":"468.35","High52WeekTimestamp":"2024-07-05T00:00:00Z",`+
			`"Last":"%d.%02d","LastSize":"%d","LastVenue":"NSDQ","Low":"409.87","Low52Week":"309.45",`+
			`"Low52WeekTimestamp":"2023-10-26T00:00:00Z","MarketFlags":{"IsBats":false,"IsDelayed":false,"IsHalted":false,"IsHardToBorrow":false},`+
			`"MaxPrice":"0","MinPrice":"0","NetChange":"1.25","NetChangePct":"0.30413625","Open":"410.00","PreviousClose":"411.25",`+
			`"PreviousVolume":"21460133","Restrictions":[],"TickSizeTier":"0","TradeTime":"2024-11-18T15:19:%02dZ","VWAP":"412.0716","Volume":"%d"}`+"\n",
			p/100+1, p%100, 100+i%7*100, p/100, p%100, 200+i%5*100, p/100, p%100, i%9*100+100, i%60, 1000000+i)
	}
	return b.Bytes()
}

// cycle reads its block over and over, without end and without
// allocating: an in-memory stream body of any length.
type cycle struct {
	block []byte
	off   int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := copy(p, c.block[c.off:])
	c.off = (c.off + n) % len(c.block)
	return n, nil
}

func (c *cycle) Close() error { return nil }

var _ io.ReadCloser = (*cycle)(nil)
