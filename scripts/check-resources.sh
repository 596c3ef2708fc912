#!/usr/bin/env bash
# Checks that Resources/ (the embedded default DLS collection and demo song) is exactly what
# the generator writes: builds dmus-resources, runs it twice into temporary directories and
# compares both runs with each other and with Resources/, byte for byte.
#
#     scripts/check-resources.sh          # exit 0: up to date and deterministic
#
# To refresh Resources/ after changing Sources/dmus-resources:
#     swift build -c release --product dmus-resources && .build/release/dmus-resources Resources
#     touch Sources/CResources/resources.c   # the binary embeds the files with .incbin
set -euo pipefail
cd "$(dirname "$0")/.."

# Builds share a lock on machines where several people build at once.
build() {
    if command -v flock >/dev/null 2>&1; then
        flock "${DMUS_BUILD_LOCK:-/tmp/dmus-build.lock}" swift build -c release --product dmus-resources "$@"
    else
        swift build -c release --product dmus-resources "$@"
    fi
}
build >/dev/null
bin=".build/release/dmus-resources"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" "$tmp/first" >/dev/null
"$bin" "$tmp/second" >/dev/null

status=0
for f in default.dls demo.mid; do
    if ! cmp -s "$tmp/first/$f" "$tmp/second/$f"; then
        echo "check-resources: two runs of dmus-resources wrote different $f (the generator is not deterministic)" >&2
        status=1
    fi
    if ! cmp -s "$tmp/first/$f" "Resources/$f"; then
        echo "check-resources: Resources/$f differs from what dmus-resources writes; regenerate it (see the header of this script)" >&2
        status=1
    fi
done
size=$(wc -c < Resources/default.dls)
if [ "$size" -gt 4000000 ]; then
    echo "check-resources: Resources/default.dls is $size bytes (limit 4000000)" >&2
    status=1
fi
[ "$status" -eq 0 ] && echo "check-resources: Resources/ is up to date and regenerates byte-identically ($size bytes of DLS)"
exit "$status"
