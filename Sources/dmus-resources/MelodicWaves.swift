#if canImport(Glibc)
import Glibc
#endif

// The melodic waves of the placeholder bank. Looped waves are additive with every stationary
// component on a whole bin of the loop (see LoopPlan), so their loops are seamless by
// construction; one-shots (plucks, bells, mallets, sweeps) end in a short fade.

let melodicRate = 22050

enum MelodicWaves {
    /// Smooth 2nd-order low-pass magnitude used to shape additive spectra.
    static func rolloff(_ hz: Double, corner: Double) -> Double {
        let r = hz / corner
        return 1.0 / (1.0 + r * r * r * r).squareRoot()
    }

    /// A resonance bump (Lorentzian) for formants.
    static func formant(_ hz: Double, center: Double, width: Double) -> Double {
        let r = (hz - center) / width
        return 1.0 / (1.0 + r * r)
    }

    // MARK: Piano

    /// Harmonic piano tone: every partial starts bright and decays (higher partials faster)
    /// into a steady loop; a hammer thump at the start; a second, one-bin-detuned "string" on
    /// the upper partials gives the loop a slow shimmer.
    static func piano(name: String, period: Int, maxHz: Double, seed: UInt64) -> GeneratedWave {
        let f = Double(melodicRate) / Double(period)
        let m = max(1, Int((0.5 * f).rounded()))
        let plan = LoopPlan(sampleRate: melodicRate, period: period, periodsPerLoop: m, attackSeconds: 0.4)
        let A = plan.loopStart, L = plan.loopLength, N = plan.totalSamples
        var out = [Double](repeating: 0, count: N)
        var rng = LCG(seed: seed)
        var h = 1
        while Double(h) * f < maxHz {
            let hd = Double(h)
            let strike = 0.3 + 0.7 * abs(sin(Double.pi * hd / 8.0))  // hammer at 1/8 of the string
            let base = strike / pow(hd, 1.1) * (h == 1 ? 0.8 : 1.0)
            let rate = 1.0 + 0.55 * hd * (f / 262.0).squareRoot()   // 1/s
            let loopLevel = exp(-rate * Double(A) / Double(melodicRate))
            let tau = Double(melodicRate) / rate
            let phase = twoPi * rng.unit()
            let phase2 = twoPi * rng.unit()
            let bin = plan.harmonicBin(h)
            let detuneBin = h >= 2 ? bin + (h % 2 == 0 ? 1 : -1) : bin
            for n in 0..<N {
                let env = loopLevel + (1 - loopLevel) * fadingExp(n, tau: tau, end: A)
                var v = periodicSine(bin: bin, n: n, length: L, phase: phase)
                if h >= 2 { v += 0.22 * periodicSine(bin: detuneBin, n: n, length: L, phase: phase2) }
                out[n] += base * env * v
            }
            h += 1
        }
        // Hammer: band-passed noise over the first 40 ms.
        var noise = whiteNoise(count: Int(0.04 * Double(melodicRate)), seed: seed &+ 99)
        var bp = Biquad(.bandPass, frequency: 1800, q: 0.8, sampleRate: Double(melodicRate))
        bp.process(&noise)
        let end = noise.count
        for n in 0..<end { out[n] += 0.5 * noise[n] * fadingExp(n, tau: 0.006 * Double(melodicRate), end: end) }
        return plan.wave(name: name, samples: out)
    }

    // MARK: Electric piano

    /// FM tine piano: a carrier:modulator 1:1 pair whose index decays from bright to mellow,
    /// plus a short 14:1 "tine" ping; the loop is the steady low-index tone (eight periods).
    static func electricPiano() -> GeneratedWave {
        let P = 84  // 262.5 Hz at 22050 Hz
        let plan = LoopPlan(sampleRate: melodicRate, period: P, periodsPerLoop: 8, attackSeconds: 0.45)
        let A = plan.loopStart, N = plan.totalSamples
        let tau = 0.12 * Double(melodicRate)
        var out = [Double](repeating: 0, count: N)
        for n in 0..<N {
            let th = twoPi * Double(n % P) / Double(P)
            let fade = fadingExp(n, tau: tau, end: A)
            let index = 0.55 + 2.2 * fade
            var v = sin(th + index * sin(th))
            v += 0.12 * sin(2 * th)
            let tine = fadingExp(n, tau: 0.025 * Double(melodicRate), end: A)
            v += 0.35 * tine * sin(14 * th + 1.3 * sin(th))
            v *= 0.75 + 0.25 * fade
            out[n] = v
        }
        return plan.wave(name: "Tine Electric Piano", samples: out)
    }

    // MARK: Organs

    /// Tonewheel organ: drawbar harmonics of a 16' fundamental (16', 8', 5⅓', 4', 2⅔', 2',
    /// 1⅗', 1⅓', 1') and a key click. The loop is a single period of the 16' pitch.
    static func drawbarOrgan() -> GeneratedWave {
        let P = 168  // 16' = 131.25 Hz, 8' = 262.5 Hz
        let plan = LoopPlan(sampleRate: melodicRate, period: P, periodsPerLoop: 1, attackSeconds: 0.02)
        let drawbars: [(h: Int, level: Double)] = [(1, 0.8), (2, 1.0), (3, 0.8), (4, 0.55), (6, 0.35), (8, 0.35), (10, 0.12), (12, 0.2), (16, 0.22)]
        var out = plan.stationary(drawbars.enumerated().map { (i, d) in (plan.harmonicBin(d.h), d.level, Double(i) * 0.9) })
        var click = whiteNoise(count: plan.loopStart, seed: 16)
        highPass(&click, cutoff: 2000, sampleRate: Double(melodicRate))
        for n in click.indices { out[n] += 0.6 * click[n] * fadingExp(n, tau: 0.0015 * Double(melodicRate), end: click.count) }
        return plan.wave(name: "Drawbar Organ", samples: out, pitchHz: 2 * plan.fundamental)
    }

    /// Pipe organ: principal chorus 16' + 8' + 4' + 2' with many weak upper harmonics.
    static func pipeOrgan() -> GeneratedWave {
        let P = 168
        let plan = LoopPlan(sampleRate: melodicRate, period: P, periodsPerLoop: 1, attackSeconds: 0.02)
        var comps: [(bin: Int, amp: Double, phase: Double)] = []
        var rng = LCG(seed: 19)
        var h = 1
        while Double(h) * plan.fundamental < 7500 {
            // Harmonic h of the 16' rank; even h are harmonics of the 8' rank too.
            var a = 0.45 / pow(Double(h), 1.3)
            if h % 2 == 0 { a += 1.0 / pow(Double(h / 2), 1.25) }
            if h % 4 == 0 { a += 0.5 / pow(Double(h / 4), 1.3) }
            if h % 8 == 0 { a += 0.3 / pow(Double(h / 8), 1.4) }
            comps.append((plan.harmonicBin(h), a, twoPi * rng.unit()))
            h += 1
        }
        var out = plan.stationary(comps)
        var chiff = whiteNoise(count: plan.loopStart, seed: 190)
        var bp = Biquad(.bandPass, frequency: 3000, q: 1.2, sampleRate: Double(melodicRate))
        bp.process(&chiff)
        for n in chiff.indices { out[n] += 0.4 * chiff[n] * fadingExp(n, tau: 0.004 * Double(melodicRate), end: chiff.count) }
        return plan.wave(name: "Pipe Organ", samples: out, pitchHz: 2 * plan.fundamental)
    }

    // MARK: Ensembles (strings, pads, choir, brass, leads)

    /// Detuned band-limited oscillators: each voice is a harmonic series whose fundamental is
    /// `periodsPerLoop + detuneBins` bins, so every partial stays on a whole bin.
    static func ensemble(
        name: String, period: Int, periodsPerLoop: Int, attackSeconds: Double, voices: [(detuneBins: Int, amp: Double)],
        maxHz: Double, seed: UInt64, pitchHz: Double? = nil, harmonic: (Int, Double) -> Double
    ) -> GeneratedWave {
        let plan = LoopPlan(sampleRate: melodicRate, period: period, periodsPerLoop: periodsPerLoop, attackSeconds: attackSeconds)
        var rng = LCG(seed: seed)
        var comps: [(bin: Int, amp: Double, phase: Double)] = []
        for voice in voices {
            let fundamentalBin = periodsPerLoop + voice.detuneBins
            var h = 1
            while Double(h * fundamentalBin) * plan.binHz < maxHz {
                let hz = Double(h * fundamentalBin) * plan.binHz
                comps.append((h * fundamentalBin, voice.amp * harmonic(h, hz), twoPi * rng.unit()))
                h += 1
            }
        }
        return plan.wave(name: name, samples: plan.stationary(comps), pitchHz: pitchHz)
    }

    static func strings() -> GeneratedWave {
        // 262.5 Hz; 128 periods per loop → 2.05 Hz bins → ±13.5 cents between the sections.
        ensemble(name: "String Ensemble", period: 84, periodsPerLoop: 128, attackSeconds: 0.05,
                 voices: [(-1, 0.9), (0, 1.0), (1, 0.9)], maxHz: 8000, seed: 48) { h, hz in
            (1.0 / Double(h)) * rolloff(hz, corner: 3200) * (1.0 + 0.8 * formant(hz, center: 1100, width: 500))
        }
    }

    static func warmPad() -> GeneratedWave {
        ensemble(name: "Warm Pad", period: 84, periodsPerLoop: 128, attackSeconds: 0.05,
                 voices: [(-2, 0.7), (-1, 0.8), (1, 0.8), (2, 0.7)], maxHz: 6000, seed: 89) { h, hz in
            // Between a triangle and a saw, darker on top.
            (0.6 / Double(h * h) + 0.4 / Double(h)) * rolloff(hz, corner: 1400)
        }
    }

    static func choir() -> GeneratedWave {
        // "Aah": harmonics shaped by three vowel formants.
        ensemble(name: "Choir Aah", period: 84, periodsPerLoop: 128, attackSeconds: 0.05,
                 voices: [(-1, 0.9), (0, 1.0), (1, 0.9)], maxHz: 6000, seed: 52) { h, hz in
            let f = formant(hz, center: 750, width: 110) + 0.55 * formant(hz, center: 1200, width: 130)
                + 0.3 * formant(hz, center: 2600, width: 180) + 0.06
            return f / Double(h).squareRoot() * rolloff(hz, corner: 3500)
        }
    }

    static func brass() -> GeneratedWave {
        ensemble(name: "Brass", period: 84, periodsPerLoop: 4, attackSeconds: 0.03,
                 voices: [(0, 1.0)], maxHz: 9000, seed: 56) { h, hz in
            (1.0 / Double(h).squareRoot()) * rolloff(hz, corner: 2400) * (0.5 + formant(hz, center: 1300, width: 600))
        }
    }

    static func reed() -> GeneratedWave {
        // Clarinet/sax-like: strong odd harmonics, weaker even ones, a nasal formant.
        ensemble(name: "Reed", period: 84, periodsPerLoop: 4, attackSeconds: 0.03,
                 voices: [(0, 1.0)], maxHz: 8000, seed: 71) { h, hz in
            let odd = h % 2 == 1 ? 1.0 : 0.3
            return odd / Double(h) * rolloff(hz, corner: 3000) * (0.6 + 0.8 * formant(hz, center: 1500, width: 700))
        }
    }

    static func squareLead() -> GeneratedWave {
        ensemble(name: "Square Lead", period: 84, periodsPerLoop: 1, attackSeconds: 0.01,
                 voices: [(0, 1.0)], maxHz: 9000, seed: 80) { h, hz in
            h % 2 == 1 ? rolloff(hz, corner: 7000) / Double(h) : 0
        }
    }

    static func sawLead() -> GeneratedWave {
        ensemble(name: "Saw Lead", period: 84, periodsPerLoop: 1, attackSeconds: 0.01,
                 voices: [(0, 1.0)], maxHz: 9000, seed: 81) { h, hz in
            rolloff(hz, corner: 7000) / Double(h)
        }
    }

    // MARK: Flute

    /// Flute: a nearly sinusoidal tone with a few harmonics, looped breath noise (a noise loop
    /// filtered circularly so it has no seam) and a breathy chiff at the onset.
    static func flute() -> GeneratedWave {
        let P = 42  // 525 Hz, near C5
        let f = Double(melodicRate) / Double(P)
        let plan = LoopPlan(sampleRate: melodicRate, period: P, periodsPerLoop: Int((0.3 * f).rounded()), attackSeconds: 0.12)
        let A = plan.loopStart
        var out = plan.stationary([
            (plan.harmonicBin(1), 1.0, 0), (plan.harmonicBin(2), 0.22, 0.4), (plan.harmonicBin(3), 0.11, 1.1),
            (plan.harmonicBin(4), 0.04, 2.0), (plan.harmonicBin(5), 0.02, 0.3),
        ])
        var breath = whiteNoise(count: plan.loopLength, seed: 73)
        circularFilter(&breath, Biquad(.bandPass, frequency: 2600, q: 0.7, sampleRate: Double(melodicRate)))
        circularFilter(&breath, Biquad(.lowPass, frequency: 6000, q: 0.7, sampleRate: Double(melodicRate)))
        plan.tile(breath, into: &out, gain: 0.16)
        var chiff = whiteNoise(count: A, seed: 730)
        var bp = Biquad(.bandPass, frequency: 3500, q: 1.0, sampleRate: Double(melodicRate))
        bp.process(&chiff)
        for n in 0..<A { out[n] += 0.5 * chiff[n] * fadingExp(n, tau: 0.02 * Double(melodicRate), end: A) }
        return plan.wave(name: "Flute", samples: out)
    }

    // MARK: Bass

    /// Filtered-saw bass with a brighter, plucked attack that settles into the loop.
    static func bass() -> GeneratedWave {
        let P = 268  // 82.28 Hz, E2
        let plan = LoopPlan(sampleRate: melodicRate, period: P, periodsPerLoop: 8, attackSeconds: 0.2)
        let A = plan.loopStart, L = plan.loopLength, N = plan.totalSamples
        let f = plan.fundamental
        var out = [Double](repeating: 0, count: N)
        var h = 1
        while Double(h) * f < 5000 {
            let hz = Double(h) * f
            let base = rolloff(hz, corner: 700) / Double(h)
            let bright = (1.0 / Double(h)) * rolloff(hz, corner: 3000) - base
            let tau = Double(melodicRate) * 0.06 / (1.0 + 0.1 * Double(h))
            let bin = plan.harmonicBin(h)
            let phase = Double(h) * 0.37
            for n in 0..<N {
                let a = base + 1.4 * bright * fadingExp(n, tau: tau, end: A)
                out[n] += a * periodicSine(bin: bin, n: n, length: L, phase: phase)
            }
            h += 1
        }
        return plan.wave(name: "Finger Bass", samples: out)
    }

    // MARK: Plucks (Karplus–Strong)

    /// Karplus–Strong plucked string: a delay line of `delay` samples filled with shaped
    /// noise, fed back through a two-point average (pitch sampleRate / (delay + ½)).
    static func pluck(name: String, delay: Int, brightness: Double, loss: Double, seconds: Double, seed: UInt64) -> GeneratedWave {
        let sr = Double(melodicRate)
        let count = Int(seconds * sr)
        var excitation = whiteNoise(count: delay + 1, seed: seed)
        // Darker excitations for nylon strings; a pick-position comb for some colour.
        lowPass(&excitation, cutoff: brightness, sampleRate: sr)
        let pick = max(1, delay / 6)
        var shaped = excitation
        for i in pick..<excitation.count { shaped[i] = excitation[i] - 0.6 * excitation[i - pick] }
        removeDC(&shaped)
        var y = [Double](repeating: 0, count: count)
        for n in 0..<count {
            if n <= delay {
                y[n] = shaped[n]
            } else {
                y[n] = loss * 0.5 * (y[n - delay] + y[n - delay - 1])
            }
        }
        highPass(&y, cutoff: 30, sampleRate: sr)
        fadeIn(&y, samples: 8)
        fadeOutTail(&y, samples: Int(0.08 * sr))
        let t = tuning(forFrequency: sr / (Double(delay) + 0.5))
        return GeneratedWave(name: name, sampleRate: melodicRate, samples: y, unityNote: t.unityNote,
                             fineTuneCents: t.fineTuneCents, loop: nil)
    }

    static func nylonPluck() -> GeneratedWave {
        pluck(name: "Nylon Pluck", delay: 112, brightness: 2500, loss: 0.997, seconds: 1.5, seed: 24)  // ≈ 196 Hz (G3)
    }

    static func steelPluck() -> GeneratedWave {
        pluck(name: "Steel Pluck", delay: 133, brightness: 7000, loss: 0.996, seconds: 1.5, seed: 25)  // ≈ 165 Hz (E3)
    }

    // MARK: Bells and mallets

    /// Sum of decaying (possibly inharmonic) partials: (ratio to the strike pitch, amplitude,
    /// decay time constant in seconds).
    static func struck(name: String, pitchHz: Double, seconds: Double, partials: [(ratio: Double, amp: Double, decay: Double)],
                       clickLevel: Double, seed: UInt64) -> GeneratedWave {
        let sr = Double(melodicRate)
        let count = Int(seconds * sr)
        var out = [Double](repeating: 0, count: count)
        var rng = LCG(seed: seed)
        for p in partials {
            let hz = p.ratio * pitchHz
            guard hz < sr * 0.45 else { continue }
            let w = twoPi * hz / sr
            let k = 1.0 / (p.decay * sr)
            let phase = twoPi * rng.unit()
            for n in 0..<count { out[n] += p.amp * exp(-Double(n) * k) * sin(w * Double(n) + phase) }
        }
        var click = whiteNoise(count: Int(0.006 * sr), seed: seed &+ 7)
        highPass(&click, cutoff: 1500, sampleRate: sr)
        for n in click.indices { out[n] += clickLevel * click[n] * exp(-Double(n) / (0.0012 * sr)) }
        fadeIn(&out, samples: 16)
        fadeOutTail(&out, samples: Int(0.06 * sr))
        let t = tuning(forFrequency: pitchHz)
        return GeneratedWave(name: name, sampleRate: melodicRate, samples: out, unityNote: t.unityNote,
                             fineTuneCents: t.fineTuneCents, loop: nil)
    }

    static func bell() -> GeneratedWave {
        struck(name: "Bell", pitchHz: 523.25, seconds: 2.0, partials: [
            (0.5, 0.3, 1.8), (1.0, 1.0, 1.4), (1.003, 0.4, 1.3), (1.19, 0.45, 1.0), (1.5, 0.3, 0.8),
            (2.0, 0.55, 0.7), (2.51, 0.25, 0.45), (2.66, 0.22, 0.4), (3.01, 0.18, 0.3), (4.1, 0.12, 0.2),
            (5.42, 0.08, 0.12), (6.8, 0.05, 0.08),
        ], clickLevel: 0.25, seed: 14)
    }

    static func mallet() -> GeneratedWave {
        struck(name: "Mallet", pitchHz: 261.63, seconds: 1.2, partials: [
            (1.0, 1.0, 0.45), (2.0, 0.05, 0.2), (3.93, 0.35, 0.12), (9.2, 0.15, 0.035), (13.1, 0.05, 0.02),
        ], clickLevel: 0.4, seed: 12)
    }

    // MARK: Sound effects

    /// A second of seamless noise (white, gently darkened), looped.
    static func noiseLoop() -> GeneratedWave {
        let L = melodicRate * 3 / 4
        var noise = whiteNoise(count: L, seed: 122)
        circularFilter(&noise, Biquad(.lowPass, frequency: 7000, q: 0.6, sampleRate: Double(melodicRate)))
        let guardCount = LoopPlan.guardSamples
        let start = 64
        var out = [Double](repeating: 0, count: start + L + guardCount)
        for n in out.indices { out[n] = noise[((n - start) % L + L) % L] }
        return GeneratedWave(name: "Noise", sampleRate: melodicRate, samples: out, unityNote: 60, fineTuneCents: 0,
                             loop: (start, L))
    }

    /// Three rising chirps (a bird tweet; other effects reuse it transposed).
    static func sweep() -> GeneratedWave {
        let sr = Double(melodicRate)
        let chirp = Int(0.08 * sr), gap = Int(0.045 * sr)
        let count = 3 * (chirp + gap)
        var out = [Double](repeating: 0, count: count)
        var phase = 0.0
        for n in 0..<count {
            let j = n % (chirp + gap)
            guard j < chirp else { continue }
            let x = Double(j) / Double(chirp)
            let hz = 2500.0 * pow(1.8, x)
            phase += twoPi * hz / sr
            let env = sin(Double.pi * x)
            out[n] = env * env * sin(phase)
        }
        fadeOutTail(&out, samples: 32)
        let t = tuning(forFrequency: 2500)
        return GeneratedWave(name: "Chirp Sweep", sampleRate: melodicRate, samples: out, unityNote: t.unityNote,
                             fineTuneCents: t.fineTuneCents, loop: nil)
    }

    /// Telephone ring: two tones amplitude-modulated at ≈ 20 Hz, one modulation cycle looped.
    static func ring() -> GeneratedWave {
        let L = 1100  // 20.05 Hz bins at 22050 Hz
        let plan = LoopPlan(sampleRate: melodicRate, period: L, periodsPerLoop: 1, attackSeconds: 0.0)
        var out = [Double](repeating: 0, count: plan.totalSamples)
        for n in out.indices {
            let am = 0.5 + 0.5 * periodicSine(bin: 1, n: n, length: L)
            out[n] = am * (periodicSine(bin: 66, n: n, length: L) + 0.7 * periodicSine(bin: 100, n: n, length: L, phase: 0.5))
        }
        return plan.wave(name: "Phone Ring", samples: out, pitchHz: 66.0 * plan.binHz)
    }
}
