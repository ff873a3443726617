# factmark: the commands the README documents.
GO ?= go

.PHONY: run test bench bench-browser load load-exports gen-big load-big generate check

## run: serve the app on localhost:8080 with ./factmark.db
run:
	$(GO) run ./cmd/factmark

## test: every test, browser tests included (they need Chromium)
test:
	$(GO) test -count=1 -timeout 20m ./...

## bench: the Go benchmarks whose figures the README quotes
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./internal/export/ ./views/pages/
	$(GO) test -run '^$$' -bench CreateClaim -benchtime 3s ./handlers/
	$(GO) test -run '^$$' -bench Export10k -benchmem -benchtime 3x ./handlers/
	$(GO) test -run '^$$' -bench Save10k -benchtime 200x ./handlers/
	$(GO) test -run '^$$' -bench . -benchmem ./internal/extract/

## bench-browser: the workspace of a 10,000-claim article in Chromium, from
## navigation to usable and from Save to the change shown, each beside its
## reference (needs Chromium; a few minutes)
bench-browser:
	$(GO) test -v -run '^$$' -bench Workspace10k -benchtime 1x -timeout 30m ./e2e/

## load: a bounded load run against a real server on loopback: workspace
## beside the same bytes served statically, claim creation beside the bare
## insert of the same rows
load:
	$(GO) run ./cmd/factmark-load

## load-exports: every export of a 10,000-claim article over real HTTP,
## first and last byte beside the same bytes served statically
load-exports:
	$(GO) run ./cmd/factmark-load -exports

BIG_DB ?= big.db

## gen-big: a large newsroom's database, 20,000 articles and 1,000,000 claims
## with the desk's comments, assignments and notifications (about 2.3 GB;
## about 20 minutes to write)
gen-big:
	$(GO) run ./cmd/factmark-gen --articles 20000 --claims 1000000 --db $(BIG_DB) --force

## load-big: start-up, memory, size per claim, and the home page, a
## workspace, search (rare word, common word, phrase, filters, page 3), My
## work, the dashboard and checked before, each at 1 and 8 clients beside the
## same bytes served statically, on the database gen-big made
load-big:
	$(GO) run ./cmd/factmark-load -db $(BIG_DB) -clients 8

## generate: regenerate the templ views
generate:
	$(GO) tool templ generate

## check: what CI checks before the tests
check: generate
	gofmt -l $$(git ls-files '*.go' | grep -v '_templ\.go$$')
	$(GO) vet ./...
