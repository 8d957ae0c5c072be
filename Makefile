GO ?= go
# go.work joins the SDK and its command line (cmd/tradestation, a module of
# its own) in one workspace. The other modules stand alone: the go command
# runs in them, and with -modfile, only with GOWORK=off.
ALONE := GOWORK=off
MODULES := ./... ./cmd/tradestation/...
# staticcheck is built from tools/go.mod, then run in the workspace so that
# it sees both modules.
STATICCHECK = $$($(ALONE) $(GO) tool -n -modfile=tools/go.mod staticcheck)

.PHONY: generate check-generated test race lint bench release-check release-config ci

## generate: rebuild v3/*.gen.go and v2/*.gen.go from openapi/
generate:
	$(GO) generate ./...

## check-generated: fail when the committed generated code is not what the specs give
check-generated: generate
	@git diff --exit-code -- v2 v3 || { echo "generated code is stale: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- v2 v3)" || { git status --porcelain -- v2 v3; echo "generated files are not committed"; exit 1; }

## test: the README's test command: the SDK's and the command line's tests
test:
	$(GO) test $(MODULES)

race:
	$(GO) test -race $(MODULES)

## lint: gofmt, go vet and staticcheck over the SDK and the command line
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }
	$(GO) vet $(MODULES)
	$(STATICCHECK) $(MODULES)

## bench: the benchmarks quoted in the README
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## release-check: the API changes since the last tag, and the version the next release must have
release-check:
	cd tools/release && $(ALONE) $(GO) run ./releasecheck ../..

## release-config: goreleaser accepts .goreleaser.yaml
release-config:
	$(ALONE) $(GO) tool -modfile=tools/release/go.mod goreleaser check

## ci: everything CI runs, test-only modules included
ci:
	./.ci/run
