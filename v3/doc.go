// Package v3 is TradeStation's brokerage API v3: accounts, balances,
// positions, orders, market data and option chains, as typed models and a
// Client with one method per REST operation, generated from
// openapi/v3.yaml.
//
// Each method takes a context, the path parameters (a list, such as
// accounts or symbols, as a []string), the optional query parameters as a
// *XxxParams (nil sends none) and a request body where the operation has
// one, and returns the 2xx answer's body or an error:
//
//	api, err := client.NewV3(sess)
//	q, err := api.GetQuoteSnapshots(ctx, []string{"MSFT", "AAPL"})
//	bars, err := api.GetBars(ctx, "MSFT", &v3.GetBarsParams{Unit: v3.BarUnitMinute, Interval: 5, BarsBack: 30})
//
// A non-2xx answer is a *client.APIError. Failures inside a 200 (an unknown
// symbol among good ones, an account that cannot be read) stay in the
// answer's Errors. Optional parameters and fields are plain values whose
// zero value is left out; the few whose zero is meaningful are pointers,
// set with Ptr.
//
// Build the client with client.NewV3, which adds the session's token and
// its refresh, safe retries and the documented limits; NewClient builds the
// same Client without them. The stream operations are not methods: package
// stream opens and reads them.
package v3
