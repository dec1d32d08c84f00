# Residue: `make demo` scans Examples/, `make test` runs the test suite.
SWIFT ?= swift
RESIDUE = .build/debug/residue

.PHONY: bootstrap build demo test rules release clean

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

release: bootstrap
	$(SWIFT) build -c release --product residue
	@echo "binary: .build/release/residue"

clean:
	rm -rf .build
