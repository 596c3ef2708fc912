#if canImport(Glibc)
import Glibc
#endif

// The sound models behind the melodic waves. Every tonal wave is additive over a LoopPlan
// (every stationary partial on a whole bin of the loop, so loops are seamless by
// construction); what differs between families is the spectrum, how each partial moves
// during the attack, and the transient laid over the start:
//
//   pluck     strings plucked at a point: comb-shaped spectrum, high partials die first
//             (guitars, basses, harp, harpsichord, clavinet, ethnic plucks)
//   struck    inharmonic partials with their own decays (bells, mallets, tines, steel drum)
//   sustained a steady spectrum (formants, odd/even balance), per-partial rise times for
//             the attack, detuned voices for ensembles, breath/bow noise on the loop
//             (strings, voices, brass, reeds, pipes, organs, synth waves)
//
// Loops end where the attack settled; EG1 in the articulation takes over from there.

let melodicRate = 22050

/// Sample rate for a wave whose fundamental is `hz`: low zones (below C3) keep less top
/// and use 16 kHz; everything else 22.05 kHz.
func sampleRate(forFundamental hz: Double) -> Int { hz < 130 ? 16_000 : melodicRate }

enum Spectrum {
    /// Smooth low-pass magnitude of order `order` (2 = 12 dB/octave).
    static func rolloff(_ hz: Double, corner: Double, order: Double = 2) -> Double {
        1.0 / (1.0 + pow(hz / corner, 2 * order)).squareRoot()
    }

    /// High-pass magnitude (2nd order).
    static func highPass(_ hz: Double, corner: Double) -> Double {
        let r = pow(hz / corner, 4)
        return (r / (1 + r)).squareRoot()
    }

    /// A resonance bump (Lorentzian) for formants and body resonances.
    static func formant(_ hz: Double, center: Double, width: Double) -> Double {
        let r = (hz - center) / width
        return 1.0 / (1.0 + r * r)
    }

    /// A sum of formants over a floor.
    static func formants(_ hz: Double, _ list: [(center: Double, width: Double, gain: Double)], floor: Double) -> Double {
        var v = floor
        for f in list { v += f.gain * formant(hz, center: f.center, width: f.width) }
        return v
    }
}

/// Band-passed, enveloped noise for transients (hammer thumps, picks, chiffs, bow scratch).
func noiseBurst(seconds: Double, rate: Int, seed: UInt64, center: Double, q: Double, tau: Double, highPassHz: Double? = nil) -> [Double] {
    let n = max(8, Int(seconds * Double(rate)))
    var x = whiteNoise(count: n, seed: seed)
    var bp = Biquad(.bandPass, frequency: center, q: q, sampleRate: Double(rate))
    bp.process(&x)
    if let highPassHz {
        var hp = Biquad(.highPass, frequency: highPassHz, q: 0.707, sampleRate: Double(rate))
        hp.process(&x)
    }
    for i in 0..<n { x[i] *= exp(-Double(i) / (tau * Double(rate))) }
    return x
}

/// A seamless noise loop of the plan's loop length: white noise filtered as if it repeated.
func noiseLoop(_ plan: LoopPlan, seed: UInt64, filters: [Biquad]) -> [Double] {
    var x = whiteNoise(count: plan.loopLength, seed: seed)
    for f in filters { circularFilter(&x, f) }
    return x
}

/// Soft saturation normalised to the input's peak (overdrive): the wave stays periodic over
/// the loop because the curve has no memory.
func saturate(_ x: inout [Double], drive: Double) {
    var m = 0.0
    for v in x { m = max(m, abs(v)) }
    guard m > 0 else { return }
    let k = tanh(drive)
    for i in x.indices { x[i] = tanh(drive * x[i] / m) / k }
}

enum Models {
    // MARK: Pluck

    struct Pluck {
        /// Plucking point as a fraction of the string (0.5 = middle: odd harmonics only).
        var position = 0.2
        /// Spectral slope of the pluck (2 = ideal triangle; smaller = brighter).
        var slope = 1.6
        /// Decay time constant of the fundamental in the sample, seconds.
        var decay = 1.2
        /// Frequency at which a partial decays twice as fast as the fundamental.
        var dampingHz = 2500.0
        var maxHz = 9000.0
        var body: [(center: Double, width: Double, gain: Double)] = []
        var bodyFloor = 1.0
        /// Pick/finger noise level and colour.
        var pickLevel = 0.3
        var pickHz = 2500.0
        /// A second, detuned string (12-string, piano unisons) at this level and this many bins up.
        var unison = 0.0
        var unisonBins = 1
        var drive = 0.0
        /// Magnetic pickup position (fraction of the string), comb-filtering the spectrum.
        var pickup: Double? = nil
        var attackSeconds = 0.6
        var loopSeconds = 0.25
    }

    static func pluck(_ name: String, hz: Double, _ p: Pluck, seed: UInt64, rate fixedRate: Int? = nil) -> GeneratedWave {
        let rate = fixedRate ?? sampleRate(forFundamental: hz)
        // Sizes: the sample keeps 70 % of the attack asked for and at most 0.15 s of loop (EG1
        // carries the decay on from there).
        let plan = LoopPlan(hz: hz, loopSeconds: min(0.15, p.loopSeconds), attackSeconds: 0.7 * p.attackSeconds, sampleRate: rate)
        var rng = LCG(seed: seed)
        var partials: [Partial] = []
        var h = 1
        let f = plan.fundamental
        while Double(h) * f < min(p.maxHz, 0.45 * Double(rate)) {
            let hzH = Double(h) * f
            let hd = Double(h)
            var a = (0.15 + abs(sin(Double.pi * hd * p.position))) / pow(hd, p.slope)
            if let pu = p.pickup { a *= 0.2 + abs(sin(Double.pi * hd * pu)) }
            if !p.body.isEmpty { a *= Spectrum.formants(hzH, p.body, floor: p.bodyFloor) }
            let r = hzH / p.dampingHz
            let tau = p.decay / (1 + r * r) / (1 + 0.15 * hd)
            let phase = h == 1 ? 0 : rng.unit()
            partials.append(Partial(bin: plan.harmonicBin(h), amp: a, phase: phase, decay: tau))
            // The unison string sits a fixed number of bins up (a slow, even beat); only on
            // partials where that stays within 8 cents.
            if p.unison > 0 && h >= 2 && Double(p.unisonBins) * plan.binHz / hzH < 0.0046 {
                let theta = rng.unit()
                partials.append(Partial(bin: plan.harmonicBin(h) + p.unisonBins, amp: a * p.unison / 2, phase: phase + theta, decay: tau * 1.3))
                partials.append(Partial(bin: plan.harmonicBin(h) - p.unisonBins, amp: a * p.unison / 2, phase: phase - theta + 1, decay: tau * 1.3))
            }
            h += 1
        }
        var out = Additive.render(plan, partials)
        if p.pickLevel > 0 {
            let pick = noiseBurst(seconds: 0.03, rate: rate, seed: seed &+ 1000, center: p.pickHz, q: 0.9, tau: 0.004)
            var peak = 0.0
            for i in 0..<min(out.count, 2000) { peak = max(peak, abs(out[i])) }
            Additive.addTransient(pick, into: &out, gain: p.pickLevel * peak * 2, plan: plan)
        }
        fadeIn(&out, samples: 6)
        if p.drive > 0 { saturate(&out, drive: p.drive) }
        return plan.finish(name: name, samples: out)
    }

    // MARK: Struck

    struct Struck {
        /// (ratio to the fundamental, amplitude, decay time constant in seconds).
        var partials: [(ratio: Double, amp: Double, decay: Double)]
        var clickLevel = 0.2
        var clickHz = 3000.0
        var attackSeconds = 0.8
        var loopSeconds = 0.3
        var maxHz = 10_000.0
    }

    static func struck(_ name: String, hz: Double, _ s: Struck, seed: UInt64, rate fixedRate: Int? = nil) -> GeneratedWave {
        let rate = fixedRate ?? sampleRate(forFundamental: hz)
        // Sizes: 60 % of the attack asked for, at most 0.2 s of loop; EG1 carries the decay on.
        let plan = LoopPlan(hz: hz, loopSeconds: min(0.2, s.loopSeconds), attackSeconds: 0.6 * s.attackSeconds, sampleRate: rate)
        var rng = LCG(seed: seed)
        let f = plan.fundamental
        let partials = s.partials.filter { $0.ratio * f < s.maxHz }.map { p in
            let phase = rng.unit()
            return Partial(bin: plan.bin(hz: p.ratio * f), amp: p.amp, phase: p.ratio == 1 ? 0 : phase, decay: p.decay)
        }
        var out = Additive.render(plan, partials)
        if s.clickLevel > 0 {
            let click = noiseBurst(seconds: 0.012, rate: rate, seed: seed &+ 77, center: s.clickHz, q: 0.8, tau: 0.0015)
            Additive.addTransient(click, into: &out, gain: s.clickLevel * 3, plan: plan)
        }
        fadeIn(&out, samples: 6)
        return plan.finish(name: name, samples: out)
    }

    // MARK: Sustained

    struct Sustained {
        /// Amplitude of harmonic h at frequency hz.
        var spectrum: (Int, Double) -> Double
        /// Detuned voices: (bins added to the fundamental bin, amplitude). [(0, 1)] = one voice.
        /// Keep them symmetric around a centre voice louder than the sides together: the sum
        /// then beats in level but its phase never slips, so the pitch stays exactly the centre's.
        var voices: [(detune: Int, amp: Double)] = [(0, 1)]
        /// Loop: `cycles` periods (ensembles need many for a slow, narrow detune).
        var cycles = 8
        var attackSeconds = 0.08
        /// Rise time constant of harmonic h at frequency hz, seconds (brass: upper partials late).
        var rise: ((Int, Double) -> Double)? = nil
        /// Attack overshoot: partials start this much louder and settle (1 = none).
        var bloom = 1.0
        var maxHz = 9500.0
        /// Breath/bow noise on the loop: level relative to the tone's RMS, band centre, Q.
        var noise: (level: Double, center: Double, q: Double)? = nil
        /// Onset transient: level, band centre, Q, decay seconds.
        var chiff: (level: Double, center: Double, q: Double, tau: Double)? = nil
        var drive = 0.0
        /// Extra harmonics that decay away during the attack (organ percussion): (harmonic,
        /// amplitude, decay seconds).
        var percussion: [(h: Int, amp: Double, decay: Double)] = []
        /// The sounding pitch as a multiple of the loop fundamental (2 for a 16' organ fundamental).
        var pitchRatio = 1.0
    }

    static func sustained(_ name: String, hz: Double, _ s: Sustained, seed: UInt64, rate fixedRate: Int? = nil) -> GeneratedWave {
        let rate = fixedRate ?? sampleRate(forFundamental: hz * s.pitchRatio)
        let plan = LoopPlan(hz: hz, cycles: s.cycles, attackSeconds: s.attackSeconds, sampleRate: rate)
        var rng = LCG(seed: seed)
        var partials: [Partial] = []
        // Phases: harmonic h of the centre voice at φ(h), of the voice d bins up/down at
        // φ(h) ± θ(h, |d|), so every symmetric pair sums to a real multiple of the centre.
        let maxH = Int(s.maxHz / plan.fundamental) + 2
        // The sounding fundamental starts in sine phase in every set, so layers of different
        // sets stay in phase with each other (their mix cannot drift in pitch as they fade).
        var centrePhase = (0...maxH).map { _ in rng.unit() }
        centrePhase[min(maxH, Int(s.pitchRatio))] = 0
        let sidePhase = (0...maxH).map { _ in (0..<4).map { _ in rng.unit() } }
        for v in s.voices {
            let fb = plan.fundamentalBin + v.detune
            var h = 1
            while Double(h * fb) * plan.binHz < s.maxHz && h <= maxH {
                let hzH = Double(h * fb) * plan.binHz
                let theta = v.detune == 0 ? 0 : sidePhase[h][min(3, abs(v.detune))] * (v.detune > 0 ? 1 : -1)
                var p = Partial(bin: h * fb, amp: v.amp * s.spectrum(h, hzH), phase: centrePhase[h] + theta + 1)
                if let rise = s.rise { p.rise = rise(h, hzH) }
                if s.bloom != 1 { p.amp *= s.bloom; p.floor = 1 / s.bloom; p.decay = Double(plan.attackSamples) / Double(rate) / 3 }
                partials.append(p)
                h += 1
            }
        }
        for p in s.percussion {
            partials.append(Partial(bin: plan.harmonicBin(p.h), amp: p.amp, phase: rng.unit(), decay: p.decay, floor: 0))
        }
        var out = Additive.render(plan, partials)
        if s.drive > 0 { saturate(&out, drive: s.drive) }
        var rms = 0.0
        for i in plan.attackSamples..<(plan.attackSamples + plan.loopLength) { rms += out[i] * out[i] }
        rms = (rms / Double(plan.loopLength)).squareRoot()
        if let n = s.noise {
            var loop = noiseLoop(plan, seed: seed &+ 500, filters: [Biquad(.bandPass, frequency: n.center, q: n.q, sampleRate: Double(rate))])
            var nrms = 0.0
            for v in loop { nrms += v * v }
            nrms = (nrms / Double(loop.count)).squareRoot()
            if nrms > 0 { for i in loop.indices { loop[i] *= rms / nrms } }
            plan.tile(loop, into: &out, gain: n.level)
        }
        if let c = s.chiff {
            let burst = noiseBurst(seconds: min(0.25, Double(plan.attackSamples) / Double(rate)), rate: rate, seed: seed &+ 900,
                                   center: c.center, q: c.q, tau: c.tau)
            Additive.addTransient(burst, into: &out, gain: c.level * rms * 3, plan: plan)
        }
        fadeIn(&out, samples: 6)
        return plan.finish(name: name, samples: out, pitchHz: plan.fundamental * s.pitchRatio)
    }
}
