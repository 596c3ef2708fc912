#!/usr/bin/env python3
"""Peer check: render shared songs with the shared DLS banks through DMus and through OpenJDK's
Gervill (../shared/tools/GervillRender.java), compare with ../shared/tools/compare_renders.py,
and hold DMus to envelope correlation >= 0.9 and spectrum correlation >= 0.99.
DMus renders dry (--reverb off --chorus off): the check compares synthesis, not effect tastes.
A pair is skipped, and says why, when the bank lacks programs the song uses (DMus reports
notes without an instrument; Gervill substitutes other instruments there) or either render
is silent.

usage: scripts/peer_check.py [--dmus PATH] [--out DIR] [--quick]
Needs: javac/java (OpenJDK 17+), python3 with numpy and scipy.
"""
import argparse, json, os, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(SHARED, "testdata")

def pairs(quick):
    banks = sorted(f for f in os.listdir(os.path.join(DATA, "dls")) if f.endswith(".dls"))
    songs = ["midi/sonivox/ants.mid"]
    out = []
    for b in banks:
        if b == "Leadsol.dls":
            out.append((b, "midi/sonivox/Leadsol_from_mxmf.mid"))
            continue
        for s in songs:
            out.append((b, s))
    if not quick:
        out.append(("TimGM6mb.dls", "midi/jazz-soft/test-all-gm-sounds.mid"))
        out.append(("TimGM6mb.dls", "midi/bartok/concerto_for_orchestra_1.mid"))
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dmus", default=os.path.join(ROOT, ".build", "release", "dmus"))
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "peer"))
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tools = os.path.join(a.out, "gervill")
    os.makedirs(tools, exist_ok=True)
    shutil.copy(os.path.join(SHARED, "tools", "GervillRender.java"), tools)
    jflags = ["--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED"]
    subprocess.run(["javac", *jflags, "GervillRender.java"], cwd=tools, check=True, capture_output=True)
    failures = 0
    print(f"{'bank':32} {'song':42} {'env':>6} {'spec':>7} {'onsets':>7}")
    for bank, song in pairs(a.quick):
        tag = f"{bank[:-4]}__{os.path.basename(song)[:-4]}"
        ours, theirs = os.path.join(a.out, tag + ".dmus.wav"), os.path.join(a.out, tag + ".gervill.wav")
        r = subprocess.run([a.dmus, "render", os.path.join(DATA, song), "--dls", os.path.join(DATA, "dls", bank),
                            "--no-default", "--reverb", "off", "--chorus", "off", "-o", ours], check=True, capture_output=True, text=True)
        if "without an instrument" in r.stdout:
            print(f"{bank:32} {song:42} skipped: the bank lacks programs the song uses")
            continue
        subprocess.run(["java", *jflags, "-cp", tools, "GervillRender", os.path.join(DATA, "dls", bank),
                        os.path.join(DATA, song), theirs, "48000"], check=True, capture_output=True)
        r = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "compare_renders.py"), ours, theirs, "--json"],
                           check=True, capture_output=True, text=True)
        m = json.loads(r.stdout)
        if m["rms_a_dbfs"] < -80 or m["rms_b_dbfs"] < -80:
            print(f"{bank:32} {song:42} skipped: silent render ({m['rms_a_dbfs']:.0f} / {m['rms_b_dbfs']:.0f} dBFS)")
            continue
        ok = m["env_corr"] >= 0.9 and m["spectrum_corr"] >= 0.99
        failures += 0 if ok else 1
        print(f"{bank:32} {song:42} {m['env_corr']:6.3f} {m['spectrum_corr']:7.4f} {m['onset_match_frac']:7.3f} {'ok' if ok else 'BELOW'}")
    print(f"{failures} pair(s) below the thresholds")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
