#!/usr/bin/env python3
"""Compare DMus's note-on/note-off times with an independent reader (midi_events.py, mido).

For every MIDI file the oracle can list (plain, else with --clip), every note-on (velocity > 0)
and note-off (including note-on velocity 0) that DMus's performance layer produces must match
the oracle's time within the tolerance (default 1 us): per (channel, key, on/off) the sorted
lists of times must have the same length and agree element by element.

DMus's times come from `dmus info --events --json FILE` (--dmus BIN), or from JSON files written
beforehand by the test `SequencingEventDump` (--dump-dir DIR, one `<path with / as __>.json`
per corpus file, paths relative to the corpus' parent folder, e.g. midi__bartok__x.mid.json).
Either source is a JSON array of objects with at least track, seconds (or time100ns) and bytes.

Format 2 files: the oracle times every track from 0, DMus plays the sequences one after another;
each track is compared after removing its start offset (the difference of the times of the
track's first event), and the offsets must not decrease.

usage: compare_event_times.py --oracle midi_events.py (--dmus BIN | --dump-dir DIR)
                              [--corpus DIR | FILE...] [--root DIR] [--tolerance-us 1] [--verbose]
Exit status: 0 all listed files match, 1 a mismatch, 2 usage or setup error.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("midi_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def oracle_events(oracle, path):
    """(format, [(seconds, track, msg)]) or None when the oracle cannot list the file."""
    for clip in (False, True):
        try:
            fmt, _division, events = oracle.timed_events(path, clip=clip)
            return fmt, [(secs, ti, msg) for secs, _tick, ti, msg in events]
        except Exception:  # the oracle's own failure: the file is not compared
            continue
    return None


def dmus_events(args, path, corpus_parent):
    """DMus's event list (list of dicts), or an error string."""
    if args.dmus:
        proc = None
        for attempt in range(5):
            try:
                proc = subprocess.run([args.dmus, "info", "--events", "--json", path],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                break
            except OSError as e:   # e.g. the binary being rewritten by a build: retry
                if attempt == 4:
                    return "cannot run %s: %s" % (args.dmus, e)
                time.sleep(2)
        if proc.returncode != 0:
            return "dmus info failed (%d): %s" % (proc.returncode, proc.stderr.strip()[:300])
        text = proc.stdout
    else:
        rel = os.path.relpath(path, corpus_parent)
        name = os.path.join(args.dump_dir, rel.replace(os.sep, "__") + ".json")
        if not os.path.exists(name):
            return "no DMus listing (%s): DMus did not read the file" % name
        with open(name, encoding="utf-8") as f:
            text = f.read()
    try:
        data = json.loads(text)
    except ValueError as e:
        return "DMus listing is not JSON: %s" % e
    if isinstance(data, dict):
        data = data.get("events", [])
    return data


def entry_seconds(e):
    if "time100ns" in e:
        return e["time100ns"] / 1e7
    return float(e["seconds"])


def note_kind_of_bytes(b):
    if len(b) < 3:
        return None
    status = b[0] & 0xF0
    if status == 0x90 and b[2] > 0:
        return ("on", b[0] & 0x0F, b[1])
    if status == 0x80 or status == 0x90:
        return ("off", b[0] & 0x0F, b[1])
    return None


def note_kind_of_msg(msg):
    if msg.type == "note_on" and msg.velocity > 0:
        return ("on", msg.channel, msg.note)
    if msg.type in ("note_on", "note_off"):
        return ("off", msg.channel, msg.note)
    return None


def compare_file(args, oracle, path, corpus_parent):
    """(status, detail, notes compared): status 'ok', 'skip' or 'fail'."""
    listed = oracle_events(oracle, path)
    if listed is None:
        return "skip", "the oracle cannot list it", 0
    fmt, theirs = listed
    ours = dmus_events(args, path, corpus_parent)
    if isinstance(ours, str):
        return "fail", ours, 0

    # Per-track offsets for format 2 (sequences played one after another by DMus).
    offsets = {}
    if fmt == 2:
        first_theirs, first_ours = {}, {}
        for secs, ti, _msg in theirs:
            first_theirs.setdefault(ti, secs)
        for e in ours:
            first_ours.setdefault(e["track"], entry_seconds(e))
        last = None
        for ti in sorted(first_theirs):
            if ti not in first_ours:
                return "fail", "track %d missing from DMus's listing" % ti, 0
            offsets[ti] = first_ours[ti] - first_theirs[ti]
            if last is not None and offsets[ti] < last - 1e-6:
                return "fail", "format 2: sequence %d starts before the one before it" % ti, 0
            last = offsets[ti]

    def key(kind, track):
        return (kind, track if fmt == 2 else None)

    expected, actual = {}, {}
    for secs, ti, msg in theirs:
        kind = note_kind_of_msg(msg)
        if kind:
            expected.setdefault(key(kind, ti), []).append(secs)
    for e in ours:
        if e.get("channel") is None:
            continue
        kind = note_kind_of_bytes(e.get("bytes", []))
        if kind:
            t = entry_seconds(e) - offsets.get(e["track"], 0.0)
            actual.setdefault(key(kind, e["track"]), []).append(t)

    tolerance = args.tolerance_us * 1e-6
    problems = []
    compared = 0
    for k in sorted(set(expected) | set(actual), key=str):
        a = sorted(expected.get(k, []))
        b = sorted(actual.get(k, []))
        (what, ch, note), track = k
        label = "%s ch %d key %d%s" % (what, ch + 1, note, "" if track is None else " track %d" % track)
        if len(a) != len(b):
            problems.append("%s: oracle %d events, DMus %d" % (label, len(a), len(b)))
            continue
        for x, y in zip(a, b):
            compared += 1
            if abs(x - y) > tolerance:
                problems.append("%s: oracle %.7f s, DMus %.7f s (%.3f us)" % (label, x, y, (y - x) * 1e6))
    if problems:
        more = "" if len(problems) <= 5 else " (+%d more)" % (len(problems) - 5)
        return "fail", "; ".join(problems[:5]) + more, compared
    return "ok", "", compared


def java_check(args, summary_path, corpus_parent):
    """Lines "path<TAB>tracks<TAB>ticks<TAB>microseconds<TAB>note-ons" written by OpenJDK's
    MidiSystem.getSequence for files our writer wrote: Java must have read the same tracks,
    tick length and note-ons, and a length within 1 us per tempo segment (Java truncates each
    segment to whole microseconds). Returns the number of mismatches."""
    bad = 0
    with open(summary_path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for path, tracks, ticks, micros, notes in lines:
        ours = dmus_events(args, os.path.abspath(path), corpus_parent)
        name = os.path.relpath(os.path.abspath(path), corpus_parent)
        if isinstance(ours, str):
            print("MISMATCH %s: %s" % (name, ours))
            bad += 1
            continue
        our_tracks = 1 + max(e["track"] for e in ours)
        our_ticks = max(e["tick"] for e in ours)
        our_notes = sum(1 for e in ours if note_kind_of_bytes(e.get("bytes", [])) and e["bytes"][0] & 0xF0 == 0x90 and e["bytes"][2] > 0)
        our_us = max(entry_seconds(e) for e in ours) * 1e6
        tempos = sum(1 for e in ours if e.get("bytes", [])[:2] == [0xFF, 0x51])
        problems = []
        if our_tracks != int(tracks):
            problems.append("tracks: Java %s, DMus %d" % (tracks, our_tracks))
        if our_ticks != int(ticks):
            problems.append("tick length: Java %s, DMus %d" % (ticks, our_ticks))
        if our_notes != int(notes):
            problems.append("note-ons: Java %s, DMus %d" % (notes, our_notes))
        if abs(our_us - int(micros)) > tempos + 1.5:
            problems.append("length: Java %s us, DMus %.1f us" % (micros, our_us))
        if problems:
            print("MISMATCH %s (OpenJDK): %s" % (name, "; ".join(problems)))
            bad += 1
        elif args.verbose:
            print("ok   %s (OpenJDK)" % name)
    print("OpenJDK: %d files read alike, %d mismatch" % (len(lines) - bad, bad))
    return bad


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--oracle", required=True, help="path of midi_events.py")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--dmus", help="dmus executable (uses `dmus info --events --json FILE`)")
    src.add_argument("--dump-dir", help="folder of JSON listings written by the SequencingEventDump test")
    p.add_argument("--corpus", help="folder searched recursively for *.mid / *.midi / *.smf")
    p.add_argument("--root", help="folder the dump names are relative to (default: the corpus' parent, else .)")
    p.add_argument("--tolerance-us", type=float, default=1.0)
    p.add_argument("--require-listable", action="store_true",
                   help="a file the oracle cannot list is a mismatch (for files our writer wrote)")
    p.add_argument("--java-summary", help="check OpenJDK's reading of files (see java_check) instead of note times")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("files", nargs="*")
    args = p.parse_args()

    try:
        oracle = load_oracle(args.oracle)
    except Exception as e:
        print("compare_event_times: cannot load the oracle %s: %s" % (args.oracle, e), file=sys.stderr)
        return 2

    files = list(args.files)
    if args.java_summary:
        root = os.path.abspath(args.root) if args.root else os.getcwd()
        return 1 if java_check(args, args.java_summary, root) else 0
    if args.root:
        corpus_parent = os.path.abspath(args.root)
    elif args.corpus:
        corpus_parent = os.path.dirname(os.path.abspath(args.corpus.rstrip("/")))
    else:
        corpus_parent = os.getcwd()
    if args.corpus:
        for root, _dirs, names in os.walk(args.corpus):
            for n in names:
                if n.lower().endswith((".mid", ".midi", ".smf")):
                    files.append(os.path.join(root, n))
    files = sorted(os.path.abspath(f) for f in files)
    if not files:
        print("compare_event_times: no MIDI files given", file=sys.stderr)
        return 2

    counts = {"ok": 0, "skip": 0, "fail": 0}
    notes = 0
    for path in files:
        status, detail, n = compare_file(args, oracle, path, corpus_parent)
        if status == "skip" and args.require_listable:
            status = "fail"
        counts[status] += 1
        notes += n
        name = os.path.relpath(path, corpus_parent)
        if status == "fail":
            print("MISMATCH %s: %s" % (name, detail))
        elif args.verbose:
            print("%-4s %s%s" % (status, name, (": " + detail) if detail else " (%d note events)" % n))
    print("event times: %d files match (%d note-on/off events within %g us), %d mismatch, %d not listable by the oracle"
          % (counts["ok"], notes, args.tolerance_us, counts["fail"], counts["skip"]))
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
