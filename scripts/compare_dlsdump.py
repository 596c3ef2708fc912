#!/usr/bin/env python3
"""Compare `dmus info --json` with `dlsdump` (Debian gigtools, libgig) for DLS files.

For every .dls, and for the DLS embedded in every .rmi and .mxmf (cut out of the container at
the offset `dmus info` reports, since dlsdump reads only bare DLS files), both tools must agree
on: the number of instruments, regions and waves; per instrument (in file order) the bank
(dlsdump prints MIDIBank = MSB * 128 + LSB) and program; per region (in file order) the key
range, velocity range and wave name.

usage: compare_dlsdump.py [--dmus BIN] [--dlsdump BIN] [--verbose] [FILE or DIR ...]
Without files: ../shared/testdata/dls and ../shared/testdata/containers (DMUS_TESTDATA
overrides the testdata folder).
Exit status: 0 every file agrees, 1 a mismatch, 2 a tool is missing or fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

SUFFIXES = (".dls", ".rmi", ".mxmf")

INSTRUMENT = re.compile(r'^\s*Instrument (\d+)\) "(.*)",\s+MIDIBank=(\d+), MIDIProgram=(\d+)')
REGION = re.compile(r'^\s*Region (\d+)\) Sample: (?:"(.*)"|(.*?)), (?:\d+Hz, )?KeyRange=(\d+)-(\d+), VelocityRange=(\d+)-(\d+)')
SAMPLE = re.compile(r'^\s*Sample (\d+)\) ')


def parse_dlsdump(text):
    """{'instruments': [{'bank', 'program', 'name', 'regions': [(klo, khi, vlo, vhi, wave)]}], 'waves': n}."""
    out = {"instruments": [], "waves": 0}
    for line in text.splitlines():
        m = INSTRUMENT.match(line)
        if m:
            out["instruments"].append({"name": m.group(2), "bank": int(m.group(3)), "program": int(m.group(4)),
                                       "regions": []})
            continue
        m = REGION.match(line)
        if m and out["instruments"]:
            wave = m.group(2) if m.group(2) is not None else None
            klo, khi, vlo, vhi = (int(m.group(i)) for i in range(4, 8))
            if vlo == 0 and vhi == 0:
                vhi = 127  # both readers treat a 0-0 velocity range as "all velocities"
            out["instruments"][-1]["regions"].append((klo, khi, vlo, vhi, wave))
            continue
        if SAMPLE.match(line):
            out["waves"] += 1
    return out


def ours(collection):
    """The same shape from the `collection` object of `dmus info --json`."""
    insts = []
    for i in collection["instruments"]:
        regions = [(r["keyLow"], r["keyHigh"], r["velocityLow"], r["velocityHigh"], r["waveName"]) for r in i["regions"]]
        insts.append({"name": i["name"], "bank": i["bankMSB"] * 128 + i["bankLSB"], "program": i["program"],
                      "regions": regions})
    return {"instruments": insts, "waves": len(collection["waves"])}


def compare(a, b):
    """Differences between dlsdump (a) and dmus (b), as lines."""
    problems = []
    ia, ib = a["instruments"], b["instruments"]
    if len(ia) != len(ib):
        problems.append("instruments: dlsdump %d, dmus %d" % (len(ia), len(ib)))
    ra = sum(len(i["regions"]) for i in ia)
    rb = sum(len(i["regions"]) for i in ib)
    if ra != rb:
        problems.append("regions: dlsdump %d, dmus %d" % (ra, rb))
    if a["waves"] != b["waves"]:
        problems.append("waves: dlsdump %d, dmus %d" % (a["waves"], b["waves"]))
    for n, (x, y) in enumerate(zip(ia, ib)):
        label = "instrument %d (%s)" % (n, y["name"])
        if (x["bank"], x["program"]) != (y["bank"], y["program"]):
            problems.append("%s: dlsdump bank %d program %d, dmus bank %d program %d"
                            % (label, x["bank"], x["program"], y["bank"], y["program"]))
        if len(x["regions"]) != len(y["regions"]):
            problems.append("%s: dlsdump %d regions, dmus %d" % (label, len(x["regions"]), len(y["regions"])))
        for m, (p, q) in enumerate(zip(x["regions"], y["regions"])):
            if p != q:
                problems.append("%s region %d: dlsdump keys %d-%d vel %d-%d wave %r, dmus keys %d-%d vel %d-%d wave %r"
                                % ((label, m) + p + q))
    return problems


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def check_file(args, path):
    """(ok, summary, problems)."""
    code, out, err = run([args.dmus, "info", "--json", path])
    if code != 0:
        return False, "dmus info failed (%d): %s" % (code, err.strip()), None
    info = json.loads(out.decode("utf-8"))
    dls_path = path
    tmp = None
    if "collection" in info:
        collection = info["collection"]
    elif "bank" in info:
        bank = info["bank"]
        collection = bank["collection"]
        with open(path, "rb") as f:
            f.seek(bank["offset"])
            data = f.read(bank["length"])
        tmp = tempfile.NamedTemporaryFile(suffix=".dls", delete=False)
        tmp.write(data)
        tmp.close()
        dls_path = tmp.name
    else:
        return True, "no DLS inside, skipped", []
    try:
        code, out, err = run([args.dlsdump, dls_path])
    finally:
        if tmp:
            os.unlink(tmp.name)
    text = out.decode("utf-8", "replace")
    if code != 0 or "Instrument" not in text:
        return False, "dlsdump failed (%d): %s" % (code, (err or text).strip()[:300]), None
    theirs = parse_dlsdump(text)
    mine = ours(collection)
    problems = compare(theirs, mine)
    summary = "%d instruments, %d regions, %d waves" % (
        len(mine["instruments"]), sum(len(i["regions"]) for i in mine["instruments"]), mine["waves"])
    return not problems, summary, problems


def default_dmus(root):
    """The newest built dmus that has `info --json`."""
    found = []
    for p in (".build/release/dmus", ".build/debug/dmus"):
        full = os.path.join(root, p)
        if os.access(full, os.X_OK):
            code, out, _ = run([full, "info", "--help"])
            if code == 0 and b"--json" in out:
                found.append((os.path.getmtime(full), full))
    return max(found)[1] if found else None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dmus", default=os.environ.get("DMUS") or default_dmus(root))
    p.add_argument("--dlsdump", default="dlsdump")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("files", nargs="*")
    args = p.parse_args()
    if not args.dmus or not os.access(args.dmus, os.X_OK):
        print("compare_dlsdump: no dmus binary (build it, or pass --dmus)", file=sys.stderr)
        return 2
    testdata = os.environ.get("DMUS_TESTDATA") or os.path.join(root, "..", "shared", "testdata")
    inputs = args.files or [os.path.join(testdata, "dls"), os.path.join(testdata, "containers")]
    files = []
    for item in inputs:
        if os.path.isdir(item):
            files += sorted(os.path.join(item, f) for f in os.listdir(item) if f.lower().endswith(SUFFIXES))
        elif os.path.exists(item):
            files.append(item)
    if not files:
        print("compare_dlsdump: no DLS or container files found in %s" % ", ".join(inputs), file=sys.stderr)
        return 2
    failed = 0
    broken = 0
    for f in files:
        ok, summary, problems = check_file(args, f)
        if problems is None:
            broken += 1
            print("FAIL %s: %s" % (f, summary))
            continue
        print("%s %s: %s" % ("ok  " if ok else "DIFF", f, summary))
        if not ok:
            failed += 1
            for line in problems[: (None if args.verbose else 20)]:
                print("     " + line)
            if not args.verbose and len(problems) > 20:
                print("     ... %d more (--verbose)" % (len(problems) - 20))
    print("dlsdump comparison: %d files agree, %d differ, %d could not be compared" % (len(files) - failed - broken, failed, broken))
    if broken:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
