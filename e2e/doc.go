// Package e2e drives the tradestation command with a real browser: headless
// Chromium signs in on the fake TradeStation's authorize page and the
// command stores the token it receives. It lives in its own module so that
// chromedp never reaches the SDK's users.
package e2e
