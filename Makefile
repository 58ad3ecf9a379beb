# Two commands on a fresh clone: `make run` and `make test`. Everything else is a convenience.
SHELL := /bin/bash
export NX_DAEMON := false
export NX_NO_CLOUD := true
export NX_TUI := false

.PHONY: help install run test affected build sync migrate up up-observability down lint typecheck bench bench-sync bench-providers bench-http bench-heavy-searches drills clean

## Lists these targets.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z-]+:/{if (doc) {split($$1,t,":"); printf "  make %-12s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## Installs the pinned dependencies (npm ci) when package-lock.json changed.
install: node_modules/.package-lock.json

# What the build reads; `make run`, `make sync` and the others rebuild only when one of these changed.
BUILD_INPUTS := $(shell find apps contexts shared tools -type f \( -name '*.ts' -o -name '*.json' \) \
  -not -name '*.spec.ts' -not -name '*.int-spec.ts' -not -name '*.e2e-spec.ts' 2>/dev/null) \
  package-lock.json tsconfig.base.json tsconfig.build.json nx.json
BUILT := dist/.built

$(BUILT): $(BUILD_INPUTS) | install
	npm run --silent build
	@touch $@

## Builds every app (Nx: one build per project, cached).
build: install
	npm run --silent build
	@mkdir -p dist && touch $(BUILT)

## Starts provider-sim + worker + api (embedded PostgreSQL and cache unless DATABASE_URL / REDIS_URL are set).
run: $(BUILT)
	@bash tools/run-all.sh

## Every target of every project (unit, int against PostgreSQL/Redis, e2e over HTTP); ends with "N passed, N failed".
test: install
	@rm -rf reports
	@JEST_REPORTS_DIR=reports npx nx run-many -t test int e2e --outputStyle=stream; status=$$?; \
	  node .ci/jest-summary.js reports/jest-*.json || status=1; exit $$status

## The everyday loop: unit, int and e2e tests of the projects your change reaches (against main).
affected: install
	npx nx affected -t test int e2e --outputStyle=stream

## One sync pass of every configured provider, then exits.
sync: $(BUILT)
	npm run --silent sync

## Applies pending database migrations.
migrate: $(BUILT)
	npm run --silent migrate

## The whole system in docker compose on real PostgreSQL and Redis.
up:
	docker compose up -d --build

## The same plus Prometheus (http://127.0.0.1:9090) and Grafana (http://127.0.0.1:3030) with the service's dashboard.
up-observability:
	docker compose --profile observability up -d --build

## Stops docker compose.
down:
	docker compose down

## ESLint on every project (cached per project).
lint: install
	npm run --silent lint

## TypeScript type check of every project, specs included (cached per project).
typecheck: install
	npm run --silent typecheck

## Both benchmarks.
bench: bench-sync bench-http

## Sync benchmark: a 41 MB feed end to end, and 10,000 events through the repository.
bench-sync: $(BUILT)
	node dist/tools/bench/bench-sync.js

## Scale-out benchmark: four providers synced by one process, then by two and three workers.
bench-providers: $(BUILT)
	node dist/tools/bench/bench-providers.js

## HTTP benchmark: hot and cold /search and /events against bare node:http.
bench-http: $(BUILT)
	node dist/tools/bench/bench-http.js

## 16 concurrent unbounded /search against an API on a 96 MB heap, a small query beside them.
bench-heavy-searches: $(BUILT)
	node dist/tools/bench/bench-heavy-searches.js

## Fault drills against the real processes (own PostgreSQL cluster and Redis): kill -9, restarts, stalls, SIGTERM.
drills: $(BUILT)
	node dist/tools/drills/drills.js

## Removes build outputs, reports and the Nx cache.
clean:
	rm -rf dist reports .nx
