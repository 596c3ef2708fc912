#!/usr/bin/env bash
# CI: every note-on and note-off time DMus's performance layer produces, for every file of
# ../shared/testdata/midi that the independent reader ../shared/tools/midi_events.py (mido)
# can list, must equal that reader's time within 1 µs. Files written by DMus's own SMF writer
# (48 channels on 3 ports, 850 tempo changes, SMPTE division, format 2) must be accepted by
# that reader unchanged and agree too. Exits non-zero on any mismatch.
#
# DMus's times come from `dmus info --events --json` when the built dmus has it, otherwise
# from the SequencingEventDump test, which also writes the generated files (needs the test
# products: `swift build --build-tests`, built here if missing).
# Environment: DMUS_SHARED (default ../shared), DMUS_TOLERANCE_US (default 1), SWIFT (swift).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${DMUS_SHARED:-../shared}"
oracle="$shared/tools/midi_events.py"
corpus="$shared/testdata/midi"
tolerance="${DMUS_TOLERANCE_US:-1}"
swift="${SWIFT:-swift}"

[ -f "$oracle" ] || { echo "ci-events: $oracle not found" >&2; exit 2; }
[ -d "$corpus" ] || { echo "ci-events: $corpus not found" >&2; exit 2; }

if ! python3 -c 'import mido' 2>/dev/null; then
    echo "ci-events: installing mido"
    python3 -m pip install --quiet mido 2>/dev/null || python3 -m pip install --quiet --user mido
fi

# Listings from the test target (and the generated files).
dump="$(mktemp -d)"
trap 'rm -rf "$dump"' EXIT
run_dump() { DMUS_EVENTS_DUMP_DIR="$dump" "$swift" test --skip-build --filter 'SequencingEventDump' >"$dump/.log" 2>&1; }
if ! run_dump; then
    echo "ci-events: building the tests first"
    "$swift" build --build-tests >"$dump/.build.log" 2>&1 || { tail -20 "$dump/.build.log" >&2; exit 2; }
    run_dump || { tail -20 "$dump/.log" >&2; exit 2; }
fi
ls "$dump"/generated/*.mid >/dev/null 2>&1 || { echo "ci-events: the dump test wrote nothing" >&2; tail -20 "$dump/.log" >&2; exit 2; }

source_args=(--dump-dir "$dump")
for bin in .build/release/dmus .build/debug/dmus; do
    if [ -x "$bin" ] && "$bin" info --help 2>/dev/null | grep -q -- "--events"; then
        source_args=(--dmus "$bin")
        break
    fi
done
echo "ci-events: DMus times from ${source_args[*]}"

status=0
python3 scripts/compare_event_times.py --oracle "$oracle" "${source_args[@]}" --corpus "$corpus" \
    --tolerance-us "$tolerance" || status=1
echo "ci-events: files written by DMus's SMF writer"
python3 scripts/compare_event_times.py --oracle "$oracle" "${source_args[@]}" --root "$dump" --require-listable \
    --tolerance-us "$tolerance" "$dump"/generated/*.mid || status=1

# The same files through OpenJDK's reader (javax.sound.midi; format 2 is not supported there).
if command -v java >/dev/null 2>&1; then
    cat >"$dump/MidiCheck.java" <<'JAVA'
import javax.sound.midi.*;
import java.io.File;
public class MidiCheck {
    public static void main(String[] args) throws Exception {
        for (String path : args) {
            Sequence s = MidiSystem.getSequence(new File(path));
            int notes = 0;
            for (Track t : s.getTracks()) for (int i = 0; i < t.size(); i++) {
                MidiMessage m = t.get(i).getMessage();
                if (m instanceof ShortMessage && ((ShortMessage) m).getCommand() == ShortMessage.NOTE_ON && ((ShortMessage) m).getData2() > 0) notes++;
            }
            System.out.println(path + "\t" + s.getTracks().length + "\t" + s.getTickLength() + "\t" + s.getMicrosecondLength() + "\t" + notes);
        }
    }
}
JAVA
    javafiles=()
    for f in "$dump"/generated/*.mid; do case "$f" in *format2*) ;; *) javafiles+=("$f") ;; esac; done
    if java "$dump/MidiCheck.java" "${javafiles[@]}" >"$dump/java.tsv" 2>"$dump/java.err"; then
        python3 scripts/compare_event_times.py --oracle "$oracle" "${source_args[@]}" --root "$dump" \
            --java-summary "$dump/java.tsv" || status=1
    else
        echo "ci-events: OpenJDK could not read a file written by DMus:" >&2
        tail -5 "$dump/java.err" >&2
        status=1
    fi
else
    echo "ci-events: java not found; OpenJDK check skipped"
fi
exit $status
