# Residue: `make demo` scans Examples/, `make test` runs the test suite.
SWIFT ?= swift
RESIDUE = .build/debug/residue

.PHONY: bootstrap build demo test rules release bench quality clean

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

clean:
	rm -rf .build

# Detection quality on the labelled corpus (Tests/Corpora/): recall and precision per category,
# rule family and trap kind. Exit status 1 when a category is below 0.95.
quality: build
	@rm -rf .build/quality-corpus && python3 Tests/Corpora/make_serverless_corpus.py .build/quality-corpus
	$(RESIDUE) evaluate --truth .build/quality-corpus/truth.tsv .build/quality-corpus/repo
