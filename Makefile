# DMus — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/release/dmus

.PHONY: run test build setup resources clean

# Build in release mode and play the embedded demo through ALSA; with no playback device,
# say so in one line and render the demo to out/demo.wav instead.
run: setup
	$(SWIFT) build -c release --product dmus
	@mkdir -p out
	$(BIN) play --fallback-wav out/demo.wav

# The whole test suite (what CI runs).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: setup
	$(SWIFT) build -c release --product dmus

setup:
	@scripts/setup.sh

# Regenerate Resources/ (the default collection and the demo song), deterministically.
resources: setup
	$(SWIFT) run -c release dmus-resources Resources
	touch Sources/CResources/resources.c

clean:
	rm -rf .build out
