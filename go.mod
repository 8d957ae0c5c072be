module github.com/tradestation-go/tradestation

go 1.26.0

require (
	github.com/jarcoal/httpmock v1.4.2
	github.com/oapi-codegen/runtime v1.9.0
	github.com/segmentio/encoding v0.5.4
	golang.org/x/oauth2 v0.38.0
	golang.org/x/time v0.16.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/segmentio/asm v1.1.3 // indirect
	golang.org/x/sys v0.38.0 // indirect
)
