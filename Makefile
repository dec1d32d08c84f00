# Residue: `make demo` scans Examples/, `make test` runs the test suite.
SWIFT ?= swift
RESIDUE = .build/debug/residue

.PHONY: bootstrap build demo test rules release bench fuzz quality clean

bootstrap:
	@./scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build --product residue

# Exit status 1 means "findings": that is the point of the demo, so it is not a failure here.
demo: build
	@$(RESIDUE) scan Examples; status=$$?; [ $$status -le 1 ] || exit $$status

test: bootstrap
	$(SWIFT) test

# Regenerate the rule registry compiled into the binary after editing Patterns/*.yaml.
rules: bootstrap
	$(SWIFT) run generate-rules .

# A self-contained binary: Swift runtime static, PCRE2 and libmagic static, rules compiled in.
release: bootstrap
	RESIDUE_STATIC_NATIVE=1 $(SWIFT) build -c release --product residue --static-swift-stdlib --scratch-path .build-release
	@ls -l .build-release/release/residue
	@echo "binary: .build-release/release/residue"

# Throughput benchmark (not part of the tests): see Benchmarks/README.md.
# It measures what ships: the self-contained binary `make release` builds.
bench: release
	BENCH_RESIDUE=$(CURDIR)/.build-release/release/residue ./Benchmarks/run.sh

# libFuzzer on one target (content, templates, config, …): see Fuzz/README.md. It stops after RUNS
# inputs or SECONDS seconds, whichever comes first; findings go to Fuzz/artifacts/.
TARGET ?= content
# Seeds that are test fixtures as they stand are read in place; the others are in Fuzz/seeds/.
SEEDS_content = Examples/orders-service
SEEDS_hcl = Tests/Corpora/serverless/infra/lambda
RUNS ?= 10000000
SECONDS ?= 1800
# Coverage instrumentation and AddressSanitizer; libFuzzer's driver without its `main`, because
# SwiftPM names the entry point `<target>_main` and each target calls LLVMFuzzerRunDriver there.
FUZZER_LIB = $(shell find $$(dirname $$(dirname $$(command -v swift)))/lib/clang -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)
# Optimised (an unoptimised build runs a hundred times fewer inputs a second), with -enable-testing
# for the targets' @testable imports.
FUZZ_FLAGS = -c release -Xswiftc -enable-testing -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
	-Xswiftc -parse-as-library -Xlinker $(FUZZER_LIB) -Xlinker -lstdc++
fuzz: bootstrap
	RESIDUE_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product fuzz-$(TARGET) $(FUZZ_FLAGS)
	mkdir -p .build-fuzz/corpus/$(TARGET) Fuzz/artifacts
	.build-fuzz/release/fuzz-$(TARGET) -runs=$(RUNS) -max_total_time=$(SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=Fuzz/artifacts/$(TARGET)- .build-fuzz/corpus/$(TARGET) $(or $(SEEDS_$(TARGET)),Fuzz/seeds/$(TARGET))

clean:
	rm -rf .build

# Detection quality on the labelled corpus (Tests/Corpora/): recall and precision per category,
# rule family and trap kind. Exit status 1 when a category is below 0.95.
quality: build
	@rm -rf .build/quality-corpus && python3 Tests/Corpora/make_serverless_corpus.py .build/quality-corpus
	$(RESIDUE) evaluate --truth .build/quality-corpus/truth.tsv .build/quality-corpus/repo
