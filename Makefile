# Two commands on a fresh clone: `make run` and `make test`. Everything else is a convenience.
SHELL := /bin/bash
export NX_DAEMON := false
export NX_NO_CLOUD := true

.PHONY: run test build sync migrate up down lint typecheck bench bench-sync bench-http clean

node_modules/.package-lock.json: package.json package-lock.json
	npm ci
	@touch $@

install: node_modules/.package-lock.json

build: install
	npm run build

## Starts provider-sim + worker + api (embedded PostgreSQL and cache unless DATABASE_URL / REDIS_URL are set).
run: build
	@bash tools/run-all.sh

## Every test of every project (unit, integration against PostgreSQL/Redis, e2e over HTTP).
test: install
	@mkdir -p reports && rm -f reports/jest-*.json
	npx nx run-many -t test --parallel=1 --outputStyle=stream

sync: build
	npm run --silent sync

migrate: build
	npm run --silent migrate

up:
	docker compose up -d --build

down:
	docker compose down

lint: install
	npx eslint .

typecheck: install
	npx tsc -p tsconfig.json

bench: bench-sync bench-http

bench-sync: build
	node dist/tools/bench/bench-sync.js

bench-http: build
	node dist/tools/bench/bench-http.js

clean:
	rm -rf dist reports .nx
