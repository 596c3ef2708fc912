# DMus — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/release/dmus

.PHONY: run test build build-native setup resources clean ci-extras tsan bench bench-gate side-by-side peer-check fuzz

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

# What CI runs after `make test`: the concurrency suite under ThreadSanitizer and the
# repository's cross-checks (each script skips itself with a note when its tool is missing).
ci-extras: tsan
	@for s in scripts/check-resources.sh scripts/ci-events.sh scripts/ci-extra.sh; do \
		if [ -x $$s ]; then echo "== $$s"; $$s || exit 1; fi; done

tsan: setup
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan \
		--filter 'ConcurrencyTests|WaveSinkTests|StreamStateTests|CaptureStreamTests|ServiceGroupTests|ThreadedRenderTests'

# Voices per core on the synthetic load, and the peer comparison against OpenJDK's Gervill.
bench: build
	$(BIN) bench

# The ordo-one/benchmark suite in Benchmarks/ (its own package: ordinary builds never compile it):
# render time per voice count and interpolation, and the gate of 0 mallocs per warmed render.
bench-gate: setup
	cd Benchmarks && $(SWIFT) package benchmark thresholds check

# DMus, FluidSynth and TiMidity++ on the same files and bank (installs the peers with apt).
side-by-side: build
	scripts/side_by_side.py --install

peer-check: build
	scripts/peer_check.py

build: setup
	$(SWIFT) build -c release --product dmus

# The same binary compiled for this machine's CPU (AVX2/AVX-512 and FMA where present), in
# .build-native/release/dmus; it may not run on an older CPU.
build-native: setup
	$(SWIFT) build -c release --product dmus --scratch-path .build-native \
		-Xswiftc -target-cpu -Xswiftc native -Xswiftc -DDMUS_NATIVE_CPU

setup:
	@scripts/setup.sh

# Regenerate Resources/ (the default collection and the demo song), deterministically.
resources: setup
	$(SWIFT) run -c release dmus-resources Resources
	touch Sources/CResources/resources.c

clean:
	rm -rf .build out

# libFuzzer over every parser (DLS, RMID/XMF, SMF, download buffers, raw MIDI bytes), 600 s
# each, one at a time; binaries, corpora and crash files in .build-fuzz/. FUZZ_SECONDS and
# FUZZ_TARGETS narrow it: `make fuzz FUZZ_SECONDS=60 FUZZ_TARGETS=smf`.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
