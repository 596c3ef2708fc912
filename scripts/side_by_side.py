#!/usr/bin/env python3
"""DMus against FluidSynth and TiMidity++ on the same MIDI files and the same bank, in one run.

  scripts/side_by_side.py [--runs 5] [--dmus .build/release/dmus] [--work DIR] [--install]
                          [--dmus-extra "..."] [--variant "LABEL|BINARY|OPTIONS"]... [--markdown FILE]

  e.g. --variant "DMus cubic, 2 threads|.build/release/dmus|--threads 2"
       --variant "DMus cubic, native build|.build-native/release/dmus|"

The bank is TimGM6mb: DMus plays ../shared/testdata/dls/TimGM6mb.dls (the SoundFont converted
to DLS), the peers play TimGM6mb.sf2 from Debian's timgm6mb-soundfont. The files come from
../shared/bench/gen_midi.py: poly0 and poly1024 (1,024 held notes for 20 s; TimGM6mb's stereo
organs make that 1,298 voices in every engine) and dense (a 60 s 16-channel arrangement).

Cases (the way reference/perf-baseline.md measured the peers):
  stress   poly1024, effects off: DMus --interp cubic; FluidSynth interp 4 (its default);
           TiMidity++ -EFresamp=c (4-point cubic) and L (Lagrange), no pre-resample cache.
  dense    dense.mid with reverb and chorus on in every engine.
Every round runs each engine once on each case, in turn (alternating, so load changes hit all
engines alike); the figures are medians over the rounds with min–max. CPU = user+sys of the
whole process (os.wait4), so start-up and file writing count for everyone. "marginal" leaves
start-up out: CPU(poly1024) − CPU(poly0). Voices/core = voice-seconds ÷ CPU seconds, with the
voice-seconds DMus reports for the file (the same presets sound the same voices in each engine).
Peak memory is the largest max-RSS of any run of the case.
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("DMUS_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
RATE = 48000


def run(cmd, log):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit(f"failed (rc {rc}): {' '.join(cmd)} — see {log.name}")
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss_mib=ru.ru_maxrss / 1024)


def summary(xs):
    return dict(median=statistics.median(xs), min=min(xs), max=max(xs))


def fmt(s, digits=2):
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def install():
    need = [p for p in ("fluidsynth", "timidity", "timgm6mb-soundfont")
            if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if need:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + need, check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def sf2_path():
    out = subprocess.run(["dpkg", "-L", "timgm6mb-soundfont"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.endswith("TimGM6mb.sf2") and os.path.isfile(line):
            return line
    sys.exit("TimGM6mb.sf2 not found: run with --install (apt package timgm6mb-soundfont)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dmus", default=os.path.join(ROOT, ".build/release/dmus"))
    ap.add_argument("--dmus-extra", default="", help="extra dmus options for every DMus run")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "dmus-side-by-side"))
    ap.add_argument("--install", action="store_true", help="apt-get the peers when missing")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--variant", action="append", default=[],
                    help="another DMus row: 'LABEL|BINARY|OPTIONS' (compared like the peers)")
    a = ap.parse_args()
    if a.install:
        install()
    for tool in ("fluidsynth", "timidity"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: run with --install")
    if not os.access(a.dmus, os.X_OK):
        sys.exit(f"{a.dmus} missing: build it first (make build)")
    dls = os.path.join(SHARED, "testdata/dls/TimGM6mb.dls")
    sf2 = sf2_path()
    os.makedirs(a.work, exist_ok=True)
    gen = os.path.join(SHARED, "bench/gen_midi.py")
    midi = {}
    for name, args in (("poly0", ["poly", "0"]), ("poly1024", ["poly", "1024"]), ("dense", ["dense"])):
        midi[name] = os.path.join(a.work, name + ".mid")
        subprocess.run([sys.executable, gen] + args + ["--out", midi[name]], check=True, capture_output=True)
    cfg = os.path.join(a.work, "timidity.cfg")
    with open(cfg, "w") as f:
        f.write(f"soundfont {sf2}\n")
    wav = os.path.join(a.work, "out.wav")
    extra = a.dmus_extra.split()

    def dmus(song, effects, binary=None, options=()):
        fx = [] if effects else ["--reverb", "off", "--chorus", "off"]
        return [binary or a.dmus, "render", song, "--dls", dls, "--no-default", "--voices", "4096", "--interp", "cubic",
                "--rate", str(RATE), "-o", wav] + fx + extra + list(options)

    def fluid(song, effects):
        on = "1" if effects else "0"
        return ["fluidsynth", "-q", "-ni", "-F", wav, "-r", str(RATE), "-o", "synth.polyphony=4096",
                "-o", "synth.cpu-cores=1", "-R", on, "-C", on, sf2, song]

    def timidity(song, effects, resampler):
        fx = [] if effects else ["-EFreverb=d", "-EFchorus=d", "-EFdelay=d"]
        return ["timidity", "-c", cfg, "-idv", "-Ow", "-s", str(RATE), "--polyphony=4096", "--no-polyphony-reduction",
                f"-EFresamp={resampler}", "-S", "0"] + fx + ["-o", wav, song]

    engines = {
        "DMus cubic": lambda s, fx: dmus(s, fx),
        "FluidSynth interp 4": lambda s, fx: fluid(s, fx),
        "TiMidity++ cubic (c)": lambda s, fx: timidity(s, fx, "c"),
        "TiMidity++ Lagrange (L)": lambda s, fx: timidity(s, fx, "L"),
    }
    for v in a.variant:
        label, binary, options = (v.split("|") + ["", ""])[:3]
        engines[label] = (lambda b, o: lambda s, fx: dmus(s, fx, b, o))(binary, options.split())
    cases = [("poly0", False), ("poly1024", False), ("dense", True)]

    # Voice-seconds of the stress file, from DMus's own count.
    probe = subprocess.run(dmus(midi["poly1024"], False), capture_output=True, text=True)
    peak_voices = next((int(w) for line in probe.stdout.splitlines() if "peak voices" in line
                        for w in [line.split("peak voices")[1].split(",")[0].strip()]), 1298)
    voice_seconds = peak_voices * 20.0

    results = {e: {c: [] for c, _ in cases} for e in engines}
    with open(os.path.join(a.work, "runs.log"), "w") as log:
        for e, make in engines.items():          # one untimed warm-up each
            run(make(midi["poly0"], False), log)
        for r in range(a.runs):
            for c, fx in cases:
                for e, make in engines.items():
                    results[e][c].append(run(make(midi[c], fx), log))
            print(f"round {r + 1}/{a.runs} done", file=sys.stderr, flush=True)

    base = "DMus cubic"
    lines = []
    lines.append(f"Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.platform()}; "
                 f"{a.runs} alternating rounds; DMus {' '.join(extra) or 'one thread'}; bank TimGM6mb "
                 f"(DMus: TimGM6mb.dls, peers: TimGM6mb.sf2); {peak_voices} voices in poly1024.")
    lines.append("")
    lines.append("| engine | poly1024 CPU s | voices/core @1024 | marginal voices/core | DMus × (raw) | dense.mid CPU s (fx on) | × real time (wall) | DMus × (dense) | peak RSS MiB (dense) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    out = {}
    for e in engines:
        cpu1024 = [x["cpu"] for x in results[e]["poly1024"]]
        cpu0 = [x["cpu"] for x in results[e]["poly0"]]
        marginal = [max(1e-6, c1 - c0) for c1, c0 in zip(cpu1024, cpu0)]
        dense_cpu = [x["cpu"] for x in results[e]["dense"]]
        dense_rt = [60.0 / x["wall"] for x in results[e]["dense"]]
        ratio_raw = [p / d["cpu"] for p, d in zip(cpu1024, results[base]["poly1024"])]
        ratio_dense = [p["wall"] / d["wall"] for p, d in zip(results[e]["dense"], results[base]["dense"])]
        rss = max(x["rss_mib"] for x in results[e]["dense"])
        vpc = summary([voice_seconds / c for c in cpu1024])
        vpm = summary([voice_seconds / m for m in marginal])
        out[e] = dict(poly1024_cpu=summary(cpu1024), poly0_cpu=summary(cpu0), voices_per_core=vpc, marginal_voices_per_core=vpm,
                      dense_cpu=summary(dense_cpu), dense_times_real_time=summary(dense_rt), dmus_ratio_raw=summary(ratio_raw),
                      dmus_ratio_dense_wall=summary(ratio_dense), dense_peak_rss_mib=rss)
        lines.append(f"| {e} | {fmt(summary(cpu1024))} | {vpc['median']:.0f} | {vpm['median']:.0f} | "
                     f"{fmt(summary(ratio_raw))} | {fmt(summary(dense_cpu))} | {summary(dense_rt)['median']:.1f} | "
                     f"{fmt(summary(ratio_dense))} | {rss:.0f} |")
    lines.append("")
    lines.append("DMus × = the peer's time ÷ DMus's time in the same round (CPU for poly1024, wall for dense); "
                 "median (min–max) over the rounds.")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump(dict(voice_seconds=voice_seconds, engines=out, raw=results), f, indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
