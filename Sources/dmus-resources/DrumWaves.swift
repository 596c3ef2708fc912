#if canImport(Glibc)
import Glibc
#endif

// One-shot drum waves. Low, tonal drums use 22050 Hz; noisy and metallic ones use 32000 Hz
// for the extra top end. Each is recorded "at its key": the kit plays it with unity note =
// key (plus an optional transposition), so the key → pitch term cancels.

let drumRate = 32000

enum DrumWaves {
    /// A one-shot with its pitch nominally at `unity` (kits override the unity note per key).
    static func oneShot(_ name: String, rate: Int, _ samples: [Double], fadeMs: Double = 10) -> GeneratedWave {
        var s = samples
        fadeIn(&s, samples: 4)
        fadeOutTail(&s, samples: Int(fadeMs * 0.001 * Double(rate)))
        return GeneratedWave(name: name, sampleRate: rate, samples: s, unityNote: 60, fineTuneCents: 0, loop: nil)
    }

    static func count(_ seconds: Double, _ rate: Int) -> Int { Int(seconds * Double(rate)) }

    /// Phase-accumulated sine with an exponential pitch drop and decay.
    static func sweptSine(count: Int, rate: Int, startHz: Double, endHz: Double, sweepTau: Double, decayTau: Double,
                          harmonic2: Double = 0) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        var phase = 0.0
        let sr = Double(rate)
        for n in 0..<count {
            let t = Double(n) / sr
            let hz = endHz + (startHz - endHz) * exp(-t / sweepTau)
            phase += twoPi * hz / sr
            out[n] = exp(-t / decayTau) * (sin(phase) + harmonic2 * sin(1.5 * phase + 0.7))
        }
        return out
    }

    /// Filtered noise with an envelope.
    static func noise(count: Int, rate: Int, seed: UInt64, filters: [Biquad], envelope: (Double) -> Double) -> [Double] {
        var x = whiteNoise(count: count, seed: seed)
        for f in filters {
            var g = f
            g.process(&x)
        }
        let sr = Double(rate)
        for n in 0..<count { x[n] *= envelope(Double(n) / sr) }
        return x
    }

    /// A cluster of band-limited square waves at inharmonic frequencies (the classic metallic
    /// source of analogue hats and cymbals), summed.
    static func metallic(count: Int, rate: Int, frequencies: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let sr = Double(rate)
        for (i, f) in frequencies.enumerated() {
            let phase0 = Double(i) * 1.7
            var h = 1
            while Double(h) * f < sr * 0.45 {
                let w = twoPi * Double(h) * f / sr
                let a = 1.0 / Double(h)
                for n in 0..<count { out[n] += a * sin(w * Double(n) + phase0 * Double(h)) }
                h += 2
            }
        }
        return out
    }

    static func mix(_ parts: [Double]...) -> [Double] {
        let n = parts.map(\.count).max() ?? 0
        var out = [Double](repeating: 0, count: n)
        for p in parts { for i in p.indices { out[i] += p[i] } }
        return out
    }

    static func scaled(_ x: [Double], _ g: Double) -> [Double] { x.map { $0 * g } }

    static func bp(_ hz: Double, _ q: Double, _ rate: Int) -> Biquad { Biquad(.bandPass, frequency: hz, q: q, sampleRate: Double(rate)) }
    static func hp(_ hz: Double, _ rate: Int) -> Biquad { Biquad(.highPass, frequency: hz, q: 0.707, sampleRate: Double(rate)) }
    static func lp(_ hz: Double, _ rate: Int) -> Biquad { Biquad(.lowPass, frequency: hz, q: 0.707, sampleRate: Double(rate)) }

    // MARK: Kicks, snares, toms

    static func kick() -> GeneratedWave {
        let r = melodicRate, n = count(0.45, r)
        var body = sweptSine(count: n, rate: r, startHz: 165, endHz: 50, sweepTau: 0.03, decayTau: 0.16)
        for i in body.indices { body[i] = tanh(1.6 * body[i]) / tanh(1.6) }
        let click = noise(count: count(0.004, r), rate: r, seed: 35, filters: [hp(1200, r)]) { t in exp(-t / 0.0008) }
        return oneShot("Kick", rate: r, mix(body, scaled(click, 0.35)), fadeMs: 30)
    }

    static func kick808() -> GeneratedWave {
        let r = melodicRate, n = count(0.9, r)
        let body = sweptSine(count: n, rate: r, startHz: 95, endHz: 47, sweepTau: 0.045, decayTau: 0.38)
        let click = noise(count: count(0.003, r), rate: r, seed: 808, filters: [bp(3000, 0.8, r)]) { t in exp(-t / 0.0006) }
        return oneShot("808 Kick", rate: r, mix(body, scaled(click, 0.2)), fadeMs: 60)
    }

    static func snare() -> GeneratedWave {
        let r = drumRate, n = count(0.35, r)
        let tone = mix(
            sweptSine(count: n, rate: r, startHz: 240, endHz: 185, sweepTau: 0.02, decayTau: 0.055),
            scaled(sweptSine(count: n, rate: r, startHz: 380, endHz: 330, sweepTau: 0.02, decayTau: 0.04), 0.5))
        let wires = noise(count: n, rate: r, seed: 38, filters: [hp(1400, r), lp(9000, r)]) { t in exp(-t / 0.09) }
        return oneShot("Snare", rate: r, mix(scaled(tone, 0.7), scaled(wires, 0.9)), fadeMs: 40)
    }

    static func brushSnare() -> GeneratedWave {
        let r = drumRate, n = count(0.45, r)
        let swish = noise(count: n, rate: r, seed: 400, filters: [hp(2500, r), lp(9000, r)]) { t in
            min(1, t / 0.02) * exp(-t / 0.13)
        }
        let tone = sweptSine(count: n, rate: r, startHz: 220, endHz: 190, sweepTau: 0.02, decayTau: 0.03)
        return oneShot("Brush Snare", rate: r, mix(swish, scaled(tone, 0.25)), fadeMs: 40)
    }

    static func sideStick() -> GeneratedWave {
        let r = drumRate, n = count(0.08, r)
        let knock = sweptSine(count: n, rate: r, startHz: 900, endHz: 780, sweepTau: 0.005, decayTau: 0.012)
        let click = noise(count: n, rate: r, seed: 37, filters: [bp(1900, 2.0, r)]) { t in exp(-t / 0.006) }
        return oneShot("Side Stick", rate: r, mix(knock, scaled(click, 2.0)), fadeMs: 10)
    }

    static func clap() -> GeneratedWave {
        let r = drumRate, n = count(0.3, r)
        let x = noise(count: n, rate: r, seed: 39, filters: [bp(1200, 1.4, r), hp(600, r)]) { t in
            var e = 0.0
            for start in [0.0, 0.009, 0.018] where t >= start { e += exp(-(t - start) / 0.003) }
            if t >= 0.027 { e += 1.2 * exp(-(t - 0.027) / 0.07) }
            return e
        }
        return oneShot("Hand Clap", rate: r, x, fadeMs: 30)
    }

    static func tom() -> GeneratedWave {
        // Mid tom, ≈ 140 Hz after a short downward sweep; kits transpose it for the other toms.
        let r = melodicRate, n = count(0.7, r)
        let body = sweptSine(count: n, rate: r, startHz: 220, endHz: 140, sweepTau: 0.05, decayTau: 0.22, harmonic2: 0.12)
        let stick = noise(count: count(0.01, r), rate: r, seed: 45, filters: [bp(2500, 1.0, r)]) { t in exp(-t / 0.002) }
        return oneShot("Tom", rate: r, mix(body, scaled(stick, 0.4)), fadeMs: 40)
    }

    static func handDrum() -> GeneratedWave {
        // Conga-like: ≈ 330 Hz with a slap of band-passed noise.
        let r = melodicRate, n = count(0.4, r)
        let body = sweptSine(count: n, rate: r, startHz: 380, endHz: 330, sweepTau: 0.01, decayTau: 0.1, harmonic2: 0.2)
        let slap = noise(count: count(0.03, r), rate: r, seed: 63, filters: [bp(2000, 1.2, r)]) { t in exp(-t / 0.005) }
        return oneShot("Hand Drum", rate: r, mix(body, scaled(slap, 0.8)), fadeMs: 30)
    }

    // MARK: Hats and cymbals

    static let hatFrequencies: [Double] = [317, 465, 563, 798, 822, 1220]
    static let cymbalFrequencies: [Double] = [263, 397, 541, 687, 913, 1187, 1451, 1793]

    static func hat(seconds: Double, decay: Double, name: String, seed: UInt64) -> GeneratedWave {
        let r = drumRate, n = count(seconds, r)
        var metal = metallic(count: n, rate: r, frequencies: hatFrequencies)
        var f1 = hp(7000, r), f2 = bp(10000, 0.8, r)
        f1.process(&metal)
        f2.process(&metal)
        let air = noise(count: n, rate: r, seed: seed, filters: [hp(8000, r)]) { _ in 1 }
        var out = mix(scaled(metal, 0.6), scaled(air, 0.5))
        for i in out.indices { out[i] *= exp(-Double(i) / (decay * Double(r))) }
        return oneShot(name, rate: r, out, fadeMs: 15)
    }

    static func closedHat() -> GeneratedWave { hat(seconds: 0.12, decay: 0.025, name: "Closed Hi-Hat", seed: 42) }
    static func openHat() -> GeneratedWave { hat(seconds: 0.8, decay: 0.28, name: "Open Hi-Hat", seed: 46) }

    static func crash() -> GeneratedWave {
        let r = drumRate, n = count(1.6, r)
        var metal = metallic(count: n, rate: r, frequencies: cymbalFrequencies)
        var f = hp(4000, r)
        f.process(&metal)
        let wash = noise(count: n, rate: r, seed: 49, filters: [hp(3000, r), lp(12000, r)]) { _ in 1 }
        var out = mix(scaled(metal, 0.35), wash)
        for i in out.indices {
            let t = Double(i) / Double(r)
            out[i] *= 0.6 * exp(-t / 0.05) + exp(-t / 0.55)
        }
        return oneShot("Crash Cymbal", rate: r, out, fadeMs: 120)
    }

    static func ride() -> GeneratedWave {
        let r = drumRate, n = count(1.3, r)
        let pings: [(Double, Double)] = [(2130, 1.0), (2870, 0.7), (3410, 0.6), (4260, 0.45), (5230, 0.35), (6110, 0.25)]
        var out = [Double](repeating: 0, count: n)
        for (i, p) in pings.enumerated() {
            let w = twoPi * p.0 / Double(r)
            for k in 0..<n { out[k] += p.1 * sin(w * Double(k) + Double(i)) * exp(-Double(k) / (0.45 * Double(r))) }
        }
        let wash = noise(count: n, rate: r, seed: 51, filters: [hp(5000, r), lp(12000, r)]) { t in exp(-t / 0.6) }
        let tick = noise(count: count(0.01, r), rate: r, seed: 510, filters: [hp(3000, r)]) { t in exp(-t / 0.0015) }
        out = mix(scaled(out, 0.18), scaled(wash, 0.5), scaled(tick, 0.8))
        return oneShot("Ride Cymbal", rate: r, out, fadeMs: 120)
    }

    static func rideBell() -> GeneratedWave {
        let r = drumRate, n = count(1.0, r)
        let partials: [(Double, Double, Double)] = [(1090, 1.0, 0.5), (2310, 0.8, 0.4), (3180, 0.5, 0.35), (4370, 0.35, 0.25), (5620, 0.2, 0.2)]
        var out = [Double](repeating: 0, count: n)
        for p in partials {
            let w = twoPi * p.0 / Double(r)
            for k in 0..<n { out[k] += p.1 * sin(w * Double(k)) * exp(-Double(k) / (p.2 * Double(r))) }
        }
        let wash = noise(count: n, rate: r, seed: 53, filters: [hp(5000, r)]) { t in exp(-t / 0.3) }
        return oneShot("Ride Bell", rate: r, mix(out, scaled(wash, 0.3)), fadeMs: 100)
    }

    // MARK: Latin and auxiliary percussion

    static func tambourine() -> GeneratedWave {
        let r = drumRate, n = count(0.3, r)
        let jingles = metallic(count: n, rate: r, frequencies: [5480, 7130, 8890])
        let noiseBurst = noise(count: n, rate: r, seed: 54, filters: [hp(6000, r)]) { _ in 1 }
        var out = mix(scaled(jingles, 0.3), noiseBurst)
        for i in out.indices {
            let t = Double(i) / Double(r)
            out[i] *= exp(-t / 0.06) + 0.5 * (t > 0.012 ? exp(-(t - 0.012) / 0.08) : 0)
        }
        return oneShot("Tambourine", rate: r, out, fadeMs: 30)
    }

    static func cowbell() -> GeneratedWave {
        let r = melodicRate, n = count(0.35, r)
        var tone = metallic(count: n, rate: r, frequencies: [562, 845])
        var f = bp(800, 1.5, r)
        f.process(&tone)
        for i in tone.indices {
            let t = Double(i) / Double(r)
            tone[i] *= exp(-t / 0.02) + 0.35 * exp(-t / 0.15)
        }
        var w = GeneratedWave(name: "Cowbell", sampleRate: r, samples: tone, unityNote: 60, fineTuneCents: 0, loop: nil)
        fadeOutTail(&w.samples, samples: 400)
        let t = tuning(forFrequency: 562)
        w.unityNote = t.unityNote
        w.fineTuneCents = t.fineTuneCents
        return w
    }

    static func shaker() -> GeneratedWave {
        let r = drumRate, n = count(0.12, r)
        let x = noise(count: n, rate: r, seed: 69, filters: [hp(5000, r), lp(12000, r)]) { t in
            t < 0.015 ? t / 0.015 : exp(-(t - 0.015) / 0.03)
        }
        return oneShot("Shaker", rate: r, x, fadeMs: 10)
    }

    static func claves() -> GeneratedWave {
        let r = melodicRate, n = count(0.12, r)
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let t = Double(k) / Double(r)
            out[k] = exp(-t / 0.03) * (sin(twoPi * 2500 * t) + 0.2 * sin(twoPi * 6700 * t))
        }
        return oneShot("Claves", rate: r, out, fadeMs: 10)
    }

    static func woodblock() -> GeneratedWave {
        let r = melodicRate, n = count(0.1, r)
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let t = Double(k) / Double(r)
            out[k] = exp(-t / 0.018) * (sin(twoPi * 1050 * t) + 0.5 * sin(twoPi * 2380 * t + 0.5))
        }
        let click = noise(count: count(0.004, r), rate: r, seed: 76, filters: [bp(3000, 1.0, r)]) { t in exp(-t / 0.001) }
        return oneShot("Woodblock", rate: r, mix(out, scaled(click, 0.5)), fadeMs: 10)
    }

    static func guiro() -> GeneratedWave {
        let r = drumRate, n = count(0.35, r)
        var gate = [Double](repeating: 0, count: n)
        var t0 = 0.0, gap = 0.012
        while t0 < 0.3 {
            let s = Int(t0 * Double(r))
            for k in 0..<Int(0.006 * Double(r)) where s + k < n { gate[s + k] = exp(-Double(k) / (0.0015 * Double(r))) }
            t0 += gap
            gap *= 1.04
        }
        var x = whiteNoise(count: n, seed: 73)
        var f = bp(3200, 1.5, r)
        f.process(&x)
        for i in x.indices { x[i] *= gate[i] * (0.6 + 0.4 * Double(i) / Double(n)) }
        return oneShot("Guiro", rate: r, x, fadeMs: 20)
    }

    static func triangle() -> GeneratedWave {
        let r = melodicRate, n = count(1.2, r)
        let partials: [(Double, Double, Double)] = [(1210, 1.0, 0.9), (2660, 0.5, 0.7), (2672, 0.35, 0.7), (3970, 0.45, 0.5),
                                                    (5500, 0.3, 0.4), (6880, 0.2, 0.3), (8600, 0.12, 0.25)]
        var out = [Double](repeating: 0, count: n)
        for (i, p) in partials.enumerated() {
            let w = twoPi * p.0 / Double(r)
            for k in 0..<n { out[k] += p.1 * sin(w * Double(k) + Double(i)) * exp(-Double(k) / (p.2 * Double(r))) }
        }
        return oneShot("Triangle", rate: r, out, fadeMs: 100)
    }

    static func whistle() -> GeneratedWave {
        let r = melodicRate, n = count(0.5, r)
        var out = [Double](repeating: 0, count: n)
        var phase = 0.0
        for k in 0..<n {
            let t = Double(k) / Double(r)
            let hz = 2600 * (1 + 0.03 * sin(twoPi * 28 * t))
            phase += twoPi * hz / Double(r)
            out[k] = min(1, t / 0.02) * sin(phase)
        }
        var air = whiteNoise(count: n, seed: 71)
        var f = bp(2600, 2, r)
        f.process(&air)
        return oneShot("Whistle", rate: r, mix(out, scaled(air, 0.3)), fadeMs: 60)
    }
}
