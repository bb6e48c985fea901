# kubeplay: the two quick-start commands are `make serve` and `make test`.
# Every target runs scripts/setup.sh first (idempotent; seconds when all is installed).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: setup serve test dist bench bench-native

setup:
	@scripts/setup.sh

## Build and serve the playground at http://127.0.0.1:8080
serve: setup
	trunk serve --offline --address 127.0.0.1 --port 8080

## Run every test (what .ci/run runs)
test: setup
	scripts/test.sh

## Build the release site into dist/ (works from any sub-path) and print its size report
dist: setup
	scripts/build-dist.sh

## Engine benchmarks in release (1,000 / 5,000 / 20,000 nodes): placement (explain), one
## scheduling cycle with pod anti-affinity and topology spread, and a full rolling update
## (the median of 5 rounds, for its 20,000 / 5,000 ratio), then the rolling update at
## 5,000 nodes with 30 ordinary pods per node, and the machine's memory latency (which sets
## that ratio)
bench-native: setup
	cargo run --release --example bench_explain
	cargo run --release --example bench_schedule
	cargo run --release --example bench_rollout -- --repeat 5
	cargo run --release --example bench_rollout -- 5000 --pods-per-node 30
	cargo run --release --example memory_latency
## Benchmarks (not part of `make test`): native engine, site sizes, browser figures.
## See docs/performance.md for the latest figures.
bench: setup
	scripts/bench.sh
