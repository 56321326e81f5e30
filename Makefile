# Build tags live here only, so build, vet and test share one compiled SQLite.
BUILD_TAGS = sqlite_fts5
GO ?= go
GOFLAGS_TAGS = -tags "$(BUILD_TAGS)"

.PHONY: build run test vet fmt bench

build:
	$(GO) build $(GOFLAGS_TAGS) -o bin/alinea ./cmd/alinea

run: build
	./bin/alinea serve --db alinea.db

vet:
	$(GO) vet $(GOFLAGS_TAGS) ./...

test: vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) test $(GOFLAGS_TAGS) -count=1 ./...

bench:
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench . -benchmem ./...
