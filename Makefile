# Tollgate. `make test` is the one command CI runs; it builds everything it needs.
SHELL := /bin/bash
GO ?= go
export CGO_ENABLED := 0

GUESTS := market account trade
GUEST_WASM := $(foreach g,$(GUESTS),tools/$(g)/$(g).wasm)
GUEST_SRC := $(shell find guest tools -name '*.go' -not -name '*_test.go' 2>/dev/null)
HOST_SRC := $(shell find cmd runtime internal tools -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum

.PHONY: all build guests examples wabt test test-go test-e2e bench demo check clean

all: build

# Guests: GOOS=wasip1 reactor modules, packed with their tool declarations and pinned by
# the SHA-256 that the binary embeds next to them.
guests: $(GUEST_WASM)

tools/%.wasm: $(GUEST_SRC) internal/cmd/tollgate-pack/*.go runtime/declare/*.go runtime/sandbox/*.go
	@mkdir -p bin/guests
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -trimpath -o bin/guests/$(notdir $*).raw.wasm ./tools/$(dir $*)
	$(GO) run ./internal/cmd/tollgate-pack bin/guests/$(notdir $*).raw.wasm $@
	cd $(dir $@) && sha256sum $(notdir $@) > $(notdir $@).sha256

# Examples: community modules, not embedded in the binary. Each is built and packed like a
# guest and gets a config next to it whose [[module]] pins the SHA-256 of the packed file.
EXAMPLE_SRC := $(shell find guest examples/spread-watch -name '*.go' -not -name '*_test.go' 2>/dev/null)

examples: bin/examples/spread_watch.wasm bin/examples/spread_watch.toml

bin/examples/spread_watch.wasm: $(EXAMPLE_SRC) internal/cmd/tollgate-pack/*.go runtime/declare/*.go runtime/sandbox/*.go
	@mkdir -p bin/examples
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -trimpath -o bin/examples/spread_watch.raw.wasm ./examples/spread-watch
	$(GO) run ./internal/cmd/tollgate-pack bin/examples/spread_watch.raw.wasm $@

bin/examples/spread_watch.toml: bin/examples/spread_watch.wasm
	printf '%s\n' '# Written by `make examples`: serve the example module with' \
		'#   tollgate serve --config bin/examples/spread_watch.toml' \
		'[[module]]' 'name = "spread_watch"' 'path = "spread_watch.wasm"' \
		"sha256 = \"$$(sha256sum $< | cut -d' ' -f1)\"" 'grants = ["market_data"]' \
		'symbols = ["BTCUSDT", "ETHUSDT", "BNBUSDT"]' > $@

build: bin/tollgate bin/binance-standin

bin/tollgate: $(GUEST_WASM) $(HOST_SRC)
	$(GO) build -trimpath -o $@ ./cmd/tollgate

bin/binance-standin: $(shell find internal/binancetest -name '*.go' -not -name '*_test.go')
	$(GO) build -trimpath -o $@ ./internal/binancetest/cmd/binance-standin

test: build test-go test-e2e

# wat2wasm (Debian's wabt) reassembles the hostile suite's .wat files, so that a test can
# check the checked-in .wasm next to each is what its source says. Installed when missing
# and we may (CI runs as root); elsewhere that one test is skipped.
wabt:
	@command -v wat2wasm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ apt-get install -y -qq wabt >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wabt; }; }; } || \
		echo "make: wat2wasm not installed; TestHostileWATInSync will be skipped"

test-go: build wabt
	$(GO) vet ./...
	CGO_ENABLED=1 $(GO) test -race -count=1 ./...

e2e/node_modules: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

test-e2e: build examples e2e/node_modules
	cd e2e && npm test

bench: build
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./runtime/... ./cmd/...

demo: build
	$(GO) run ./internal/cmd/demo

check: build
	gofmt -l . | (! grep .)
	$(GO) vet ./...
	$(GO) mod tidy -diff

clean:
	rm -rf bin $(GUEST_WASM) $(addsuffix .sha256,$(GUEST_WASM))
