# factmark: the commands the README documents.
GO ?= go

.PHONY: run test bench load generate check

## run: serve the app on localhost:8080 with ./factmark.db
run:
	$(GO) run ./cmd/factmark

## test: every test, browser tests included (they need Chromium)
test:
	$(GO) test -count=1 -timeout 30m ./...

## bench: the Go benchmarks whose figures the README quotes
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./internal/export/ ./views/pages/
	$(GO) test -run '^$$' -bench CreateClaim -benchtime 3s ./handlers/
	$(GO) test -run '^$$' -bench . -benchmem ./internal/extract/

## load: a bounded load run against a real server on loopback
load:
	$(GO) run ./cmd/factmark-load

## generate: regenerate the templ views
generate:
	$(GO) tool templ generate

## check: what CI checks before the tests
check: generate
	gofmt -l $$(git ls-files '*.go' | grep -v '_templ\.go$$')
	$(GO) vet ./...
