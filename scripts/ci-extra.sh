#!/usr/bin/env bash
# CI extras: checks that need tools from outside the project.
#
# compare_dlsdump.py: every DLS (and the DLS inside every RMID/XMF) of ../shared/testdata must
# give the same instrument, region and wave counts, bank/program per instrument and key and
# velocity range and wave name per region in `dmus info --json` as in libgig's `dlsdump`
# (Debian gigtools). gigtools is installed with apt when it is missing and installable; when it
# cannot be installed (no apt, no root, no network) the check is skipped and this script exits
# 0. A real mismatch exits non-zero.
#
# Environment: DMUS (dmus binary; default: built here if missing), DMUS_TESTDATA, SWIFT (swift).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dlsdump >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
        fi
        if [ "$sudo" != "none" ]; then
            echo "ci-extra: installing gigtools (dlsdump)"
            $sudo apt-get install -y gigtools >/tmp/ci-extra-apt.log 2>&1 \
                || { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y gigtools >>/tmp/ci-extra-apt.log 2>&1; } \
                || true
        fi
    fi
fi
if ! command -v dlsdump >/dev/null 2>&1; then
    echo "ci-extra: dlsdump (gigtools) not installable here; dlsdump comparison skipped"
    exit 0
fi

testdata="${DMUS_TESTDATA:-../shared/testdata}"
if [ ! -d "$testdata/dls" ]; then
    echo "ci-extra: $testdata/dls not found; dlsdump comparison skipped"
    exit 0
fi

dmus="${DMUS:-}"
if [ -z "$dmus" ]; then
    for bin in .build/debug/dmus .build/release/dmus; do
        if [ -x "$bin" ] && "$bin" info --help 2>/dev/null | grep -q -- "--json"; then dmus="$bin"; break; fi
    done
fi
if [ -z "$dmus" ]; then
    echo "ci-extra: building dmus"
    "${SWIFT:-swift}" build --product dmus >/tmp/ci-extra-build.log 2>&1 || { tail -20 /tmp/ci-extra-build.log >&2; exit 2; }
    dmus=.build/debug/dmus
fi

DMUS_TESTDATA="$testdata" python3 scripts/compare_dlsdump.py --dmus "$dmus"
