#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: dls containers smf download midibytes
# The project's modules are compiled straight from Sources/ with coverage and AddressSanitizer
# (`swiftc -sanitize=fuzzer,address`), one object per module, so each target links only the
# modules it needs. Binaries, corpora and crash files go under .build-fuzz/ (git-ignored);
# seeds come from ../shared/testdata (copied at run time, never into the repository) and from
# inputs Fuzz/SeedGen.swift generates. Exits non-zero when any target crashes, hangs (1 s per
# input) or runs out of memory (2 GB). FUZZ_JOBS is not supported: one fuzzer at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
ALL_TARGETS=(dls containers smf download midibytes)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
OUT=.build-fuzz
TESTDATA=${DMUS_TESTDATA:-../shared/testdata}
LOCK=${DMUS_BUILD_LOCK:-/tmp/dmus-build.lock}
SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -enable-testing -swift-version 6)
mkdir -p "$OUT/modules" "$OUT/bin"

# Module dependencies (Package.swift) and, per target, the entry file and modules it links.
deps() { case $1 in Performance) echo "DLS SMF DMusPort";; DMusSynth) echo "DMusPort";; *) echo "";; esac; }
entry() { case $1 in dls) echo FuzzDLS;; containers) echo FuzzContainers;; smf) echo FuzzSMF;;
                     download) echo FuzzDownload;; midibytes) echo FuzzMIDIBytes;; seeds) echo SeedGen;; *) return 1;; esac; }
modules() { case $1 in dls) echo "DLS";; containers) echo "DLS SMF";; smf) echo "SMF";; midibytes) echo "DMusPort";;
                       download|seeds) echo "DLS SMF DMusPort DMusSynth Performance";; esac; }

newer() { # true when $1 is missing or older than any of the remaining files
    local target=$1; shift
    [ -e "$target" ] || return 0
    local f; for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done
    return 1
}

# Runs a compile or link, showing its output only when it fails (gold warns about every
# ASan helper symbol it cannot export; those warnings are harmless).
quiet() {
    local log; log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then grep -v 'Cannot export local symbol' "$log" >&2; rm -f "$log"; exit 1; fi
    rm -f "$log"
}

build_module() {
    local m=$1 d
    for d in $(deps "$m"); do build_module "$d"; done
    local srcs; mapfile -t srcs < <(find "Sources/$m" -name '*.swift' | sort)
    local obj="$OUT/modules/$m.o" inputs=("${srcs[@]}")
    for d in $(deps "$m"); do inputs+=("$OUT/modules/$d.o"); done
    if newer "$obj" "${inputs[@]}"; then
        echo "fuzz: compiling module $m (${#srcs[@]} files)"
        quiet flock "$LOCK" "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$m" -I "$OUT/modules" \
            -emit-module -emit-module-path "$OUT/modules/$m.swiftmodule" -c -o "$obj" "${srcs[@]}"
    fi
}

build_target() {
    local t=$1 e m objs=()
    e=$(entry "$t") || { echo "fuzz: unknown target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
    for m in $(modules "$t"); do build_module "$m"; objs+=("$OUT/modules/$m.o"); done
    if newer "$OUT/bin/fuzz-$t" "Fuzz/$e.swift" "${objs[@]}"; then
        echo "fuzz: linking fuzz-$t"
        quiet flock "$LOCK" "$SWIFTC" "${FLAGS[@]}" -module-name "Fuzz_$t" -I "$OUT/modules" \
            "Fuzz/$e.swift" "${objs[@]}" -o "$OUT/bin/fuzz-$t"
    fi
}

# Seed corpora: generated inputs plus the shared test data (files up to 1 MB).
seed() {
    local t=$1 dir="$OUT/corpus/$t" s="$OUT/seeds"
    mkdir -p "$dir"
    if [ ! -d "$s" ]; then
        build_target seeds
        mkdir -p "$s"
        DMUS_FUZZ_SEEDS="$s" DMUS_TESTDATA="$TESTDATA" "$OUT/bin/fuzz-seeds" 2>/dev/null
    fi
    local src=()
    case $t in
        dls) src=("$s/dls" "$TESTDATA/dls");;
        containers) src=("$s/containers" "$TESTDATA/containers");;
        smf) src=("$s/smf" "$TESTDATA/midi");;
        download) src=("$s/download");;
        midibytes) src=("$s/midibytes" "$TESTDATA/midi/jazz-soft");;
    esac
    local d f
    for d in "${src[@]}"; do
        [ -d "$d" ] || continue
        while IFS= read -r -d '' f; do
            cp -n "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")" 2>/dev/null || true
        done < <(find "$d" -type f -size -1025k ! -name '*.tsv' -print0)
    done
}

status=0
for t in "${TARGETS[@]}"; do build_target "$t"; done
for t in "${TARGETS[@]}"; do
    seed "$t"
    mkdir -p "$OUT/crashes/$t"
    log="$OUT/fuzz-$t.log"
    echo "fuzz: $t for ${SECONDS_PER_TARGET}s (corpus $OUT/corpus/$t, log $log)"
    set +e
    "$OUT/bin/fuzz-$t" "$OUT/corpus/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=1 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/crashes/$t/" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' || true)
    if [ $rc -eq 0 ]; then
        echo "fuzz: $t ok: ${execs:-?} executions in ${SECONDS_PER_TARGET}s ($cov)"
    else
        status=1
        echo "fuzz: $t FAILED (exit $rc) after ${execs:-?} executions; reproducer:"
        # (|| true: under pipefail, head closing the pipe must not end the whole run)
        grep -E 'Test unit written to|ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY' "$log" | head -5 | sed 's/^/    /' || true
        grep -A12 -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)' "$log" | grep -E '^ *#[0-9]+ ' | head -8 | sed 's/^/    /' || true
    fi
done
exit $status
