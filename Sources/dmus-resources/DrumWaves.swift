#if canImport(Glibc)
import Glibc
#endif

// One-shot drum waves. Low, tonal drums use 22050 Hz; noisy and metallic ones use 32000 Hz
// for the extra top end. Each is recorded "at its key": the kit plays it with unity note =
// key (plus an optional transposition), so the key → pitch term cancels.

let drumRate = 32000
/// Low drums (kicks, toms, surdo) keep little above 7 kHz.
let lowDrumRate = 16000

enum DrumWaves {
    /// Velocity split of the drums that have a soft and a loud layer.
    static let soft = 0...79, loud = 80...127

    static func zones(_ set: WaveSet) -> [Zone] {
        func one(_ w: GeneratedWave) -> [Zone] { [Zone(keys: 0...127, wave: w)] }
        func layered(_ s: GeneratedWave, _ l: GeneratedWave) -> [Zone] {
            [Zone(keys: 0...127, velocities: soft, wave: s), Zone(keys: 0...127, velocities: loud, wave: l)]
        }
        switch set {
        case .kick: return layered(kick(soft: true), kick(soft: false))
        case .kick808: return one(kick808())
        case .snare: return layered(snare(soft: true), snare(soft: false))
        case .brushSnare: return one(brushSnare())
        case .snare808: return one(snare808())
        case .sideStick: return one(sideStick())
        case .clap: return one(clap())
        case .tom: return layered(tom(soft: true), tom(soft: false))
        case .tom808: return one(tom808())
        case .bongo: return one(handDrum("Bongo", hz: 420, decay: 0.07, slap: 0.9, seed: 60))
        case .conga: return one(handDrum("Conga", hz: 320, decay: 0.12, slap: 0.7, seed: 63))
        case .timbale: return one(timbale())
        case .surdo: return one(surdo())
        case .closedHat: return one(closedHat())
        case .pedalHat: return one(pedalHat())
        case .openHat: return one(openHat())
        case .hat808: return one(hat808())
        case .crash: return one(crash())
        case .china: return one(china())
        case .ride: return one(ride())
        case .rideBell: return one(rideBell())
        case .tambourine: return one(tambourine())
        case .cowbell: return one(cowbell())
        case .cowbell808: return one(cowbell808())
        case .shaker: return one(shaker())
        case .claves: return one(claves())
        case .woodblock: return one(woodblock())
        case .guiro: return one(guiro())
        case .triangle: return one(triangle())
        case .whistle: return one(whistle())
        case .cuica: return one(cuica())
        case .vibraslap: return one(vibraslap())
        case .jingleBell: return one(jingleBell())
        case .castanets: return one(castanets())
        default: return one(click())
        }
    }

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

    static func kick(soft: Bool) -> GeneratedWave {
        let r = lowDrumRate, n = count(0.45, r)
        var body = sweptSine(count: n, rate: r, startHz: soft ? 120 : 165, endHz: 50, sweepTau: 0.03, decayTau: soft ? 0.13 : 0.16)
        let drive = soft ? 1.1 : 1.6
        for i in body.indices { body[i] = tanh(drive * body[i]) / tanh(drive) }
        let click = noise(count: count(0.004, r), rate: r, seed: 35, filters: [hp(soft ? 700 : 1200, r)]) { t in exp(-t / 0.0008) }
        return oneShot(soft ? "Kick Soft" : "Kick", rate: r, mix(body, scaled(click, soft ? 0.12 : 0.35)), fadeMs: 30)
    }

    static func kick808() -> GeneratedWave {
        let r = lowDrumRate, n = count(0.9, r)
        let body = sweptSine(count: n, rate: r, startHz: 95, endHz: 47, sweepTau: 0.045, decayTau: 0.38)
        let click = noise(count: count(0.003, r), rate: r, seed: 808, filters: [bp(3000, 0.8, r)]) { t in exp(-t / 0.0006) }
        return oneShot("808 Kick", rate: r, mix(body, scaled(click, 0.2)), fadeMs: 60)
    }

    static func snare(soft: Bool) -> GeneratedWave {
        let r = drumRate, n = count(0.35, r)
        let tone = mix(
            sweptSine(count: n, rate: r, startHz: 240, endHz: 185, sweepTau: 0.02, decayTau: 0.055),
            scaled(sweptSine(count: n, rate: r, startHz: 380, endHz: 330, sweepTau: 0.02, decayTau: 0.04), 0.5))
        let wires = noise(count: n, rate: r, seed: 38, filters: [hp(soft ? 1000 : 1400, r), lp(soft ? 5000 : 9000, r)]) { t in
            exp(-t / (soft ? 0.07 : 0.09))
        }
        return oneShot(soft ? "Snare Soft" : "Snare", rate: r, mix(scaled(tone, soft ? 0.9 : 0.7), scaled(wires, soft ? 0.6 : 0.9)), fadeMs: 40)
    }

    static func snare808() -> GeneratedWave {
        let r = drumRate, n = count(0.3, r)
        let tone = mix(sweptSine(count: n, rate: r, startHz: 190, endHz: 175, sweepTau: 0.01, decayTau: 0.05),
                       scaled(sweptSine(count: n, rate: r, startHz: 340, endHz: 330, sweepTau: 0.01, decayTau: 0.035), 0.6))
        let snappy = noise(count: n, rate: r, seed: 840, filters: [hp(2500, r), lp(12000, r)]) { t in exp(-t / 0.06) }
        return oneShot("808 Snare", rate: r, mix(scaled(tone, 0.8), scaled(snappy, 0.7)), fadeMs: 30)
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

    /// Mid tom, ≈ 140 Hz after a short downward sweep; kits transpose it for the other toms.
    static func tom(soft: Bool) -> GeneratedWave {
        let r = lowDrumRate, n = count(0.7, r)
        let body = sweptSine(count: n, rate: r, startHz: soft ? 180 : 220, endHz: 140, sweepTau: 0.05, decayTau: 0.22, harmonic2: 0.12)
        let stick = noise(count: count(0.01, r), rate: r, seed: 45, filters: [bp(soft ? 1500 : 2500, 1.0, r)]) { t in exp(-t / 0.002) }
        return oneShot(soft ? "Tom Soft" : "Tom", rate: r, mix(body, scaled(stick, soft ? 0.15 : 0.4)), fadeMs: 40)
    }

    static func tom808() -> GeneratedWave {
        let r = lowDrumRate, n = count(0.8, r)
        let body = sweptSine(count: n, rate: r, startHz: 175, endHz: 140, sweepTau: 0.03, decayTau: 0.25)
        return oneShot("808 Tom", rate: r, body, fadeMs: 60)
    }

    /// Bongo and conga: a short membrane tone with a slap of band-passed noise.
    static func handDrum(_ name: String, hz: Double, decay: Double, slap level: Double, seed: UInt64) -> GeneratedWave {
        let r = melodicRate, n = count(0.4, r)
        let body = sweptSine(count: n, rate: r, startHz: hz * 1.15, endHz: hz, sweepTau: 0.01, decayTau: decay, harmonic2: 0.2)
        let slap = noise(count: count(0.03, r), rate: r, seed: seed, filters: [bp(2000, 1.2, r)]) { t in exp(-t / 0.005) }
        return oneShot(name, rate: r, mix(body, scaled(slap, level)), fadeMs: 30)
    }

    /// Timbale: a bright, thin shell that rings (inharmonic partials) after a rim hit.
    static func timbale() -> GeneratedWave {
        let r = melodicRate, n = count(0.6, r)
        var out = [Double](repeating: 0, count: n)
        for (f, a, d) in [(420.0, 1.0, 0.2), (780.0, 0.5, 0.15), (1320.0, 0.35, 0.1), (2650.0, 0.2, 0.06)] {
            for k in 0..<n { out[k] += a * sin(twoPi * f * Double(k) / Double(r)) * exp(-Double(k) / (d * Double(r))) }
        }
        let rim = noise(count: count(0.02, r), rate: r, seed: 65, filters: [bp(4000, 1.0, r)]) { t in exp(-t / 0.003) }
        return oneShot("Timbale", rate: r, mix(out, scaled(rim, 1.5)), fadeMs: 40)
    }

    static func surdo() -> GeneratedWave {
        let r = lowDrumRate, n = count(0.9, r)
        let body = sweptSine(count: n, rate: r, startHz: 95, endHz: 78, sweepTau: 0.04, decayTau: 0.3, harmonic2: 0.15)
        let beater = noise(count: count(0.02, r), rate: r, seed: 86, filters: [bp(600, 1.0, r)]) { t in exp(-t / 0.004) }
        return oneShot("Surdo", rate: r, mix(body, scaled(beater, 0.5)), fadeMs: 60)
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
    static func pedalHat() -> GeneratedWave {
        // The "chick" of the cymbals closing: darker, with a soft onset.
        let r = drumRate, n = count(0.1, r)
        var metal = metallic(count: n, rate: r, frequencies: hatFrequencies)
        var f1 = bp(6000, 1.0, r)
        f1.process(&metal)
        for i in metal.indices {
            let t = Double(i) / Double(r)
            metal[i] *= min(1, t / 0.004) * exp(-t / 0.018)
        }
        return oneShot("Pedal Hi-Hat", rate: r, metal, fadeMs: 10)
    }

    /// TR-808 hat: six square waves, band-passed high.
    static func hat808() -> GeneratedWave {
        let r = drumRate, n = count(0.5, r)
        var metal = metallic(count: n, rate: r, frequencies: [205.3, 304.4, 369.6, 522.7, 540, 800])
        var f1 = hp(7500, r), f2 = bp(10000, 1.2, r)
        f1.process(&metal)
        f2.process(&metal)
        for i in metal.indices { metal[i] *= exp(-Double(i) / (0.12 * Double(r))) }
        return oneShot("808 Hat", rate: r, metal, fadeMs: 30)
    }

    /// China: a trashier, faster crash.
    static func china() -> GeneratedWave {
        let r = drumRate, n = count(0.7, r)
        var metal = metallic(count: n, rate: r, frequencies: [311, 457, 613, 722, 1033, 1291, 1597])
        var f = bp(4500, 0.8, r)
        f.process(&metal)
        let wash = noise(count: n, rate: r, seed: 52, filters: [bp(5000, 0.7, r)]) { _ in 1 }
        var out = mix(scaled(metal, 0.5), wash)
        for i in out.indices {
            let t = Double(i) / Double(r)
            out[i] *= exp(-t / 0.03) + 0.8 * exp(-t / 0.3)
        }
        return oneShot("China Cymbal", rate: r, out, fadeMs: 100)
    }
    static func openHat() -> GeneratedWave { hat(seconds: 0.65, decay: 0.28, name: "Open Hi-Hat", seed: 46) }

    static func crash() -> GeneratedWave {
        let r = drumRate, n = count(1.2, r)
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
        let r = drumRate, n = count(0.9, r)
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
        let r = melodicRate, n = count(0.8, r)
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
        return oneShot("Cowbell", rate: r, tone, fadeMs: 20)
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
        let r = melodicRate, n = count(0.9, r)
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

    static func cowbell808() -> GeneratedWave {
        let r = melodicRate, n = count(0.4, r)
        var tone = metallic(count: n, rate: r, frequencies: [540, 800])
        var f = bp(900, 1.2, r)
        f.process(&tone)
        for i in tone.indices {
            let t = Double(i) / Double(r)
            tone[i] *= exp(-t / 0.015) + 0.4 * exp(-t / 0.12)
        }
        return oneShot("808 Cowbell", rate: r, tone, fadeMs: 20)
    }

    /// Cuica: a friction drum's glide (rises, then falls) with a nasal resonance.
    static func cuica() -> GeneratedWave {
        let r = melodicRate, n = count(0.35, r)
        var out = [Double](repeating: 0, count: n)
        var phase = 0.0
        for k in 0..<n {
            let t = Double(k) / Double(r)
            let hz = 520 + 380 * sin(Double.pi * t / 0.35)
            phase += twoPi * hz / Double(r)
            out[k] = sin(Double.pi * t / 0.35) * (sin(phase) + 0.35 * sin(2 * phase) + 0.15 * sin(3 * phase))
        }
        return oneShot("Cuica", rate: r, out, fadeMs: 20)
    }

    /// Vibraslap: a rattle of decaying clicks at about 28 Hz.
    static func vibraslap() -> GeneratedWave {
        let r = melodicRate, n = count(0.7, r)
        var out = [Double](repeating: 0, count: n)
        var t0 = 0.0
        var level = 1.0
        while t0 < 0.65 {
            let s = Int(t0 * Double(r))
            let burst = noise(count: count(0.008, r), rate: r, seed: UInt64(5800 + s % 97), filters: [bp(3200, 2.0, r)]) { t in exp(-t / 0.0015) }
            for k in burst.indices where s + k < n { out[s + k] += level * burst[k] }
            t0 += 0.035
            level *= 0.9
        }
        return oneShot("Vibraslap", rate: r, out, fadeMs: 40)
    }

    /// Jingle bell: a few bells shaken (metallic partials in repeated bursts).
    static func jingleBell() -> GeneratedWave {
        let r = drumRate, n = count(0.5, r)
        let metal = metallic(count: n, rate: r, frequencies: [3100, 4470, 5990])
        var out = [Double](repeating: 0, count: n)
        for (start, a) in [(0.0, 1.0), (0.03, 0.6), (0.07, 0.4)] {
            let s = Int(start * Double(r))
            for k in s..<n { out[k] += a * metal[k] * exp(-Double(k - s) / (0.08 * Double(r))) }
        }
        var f = hp(2500, r)
        f.process(&out)
        return oneShot("Jingle Bell", rate: r, out, fadeMs: 30)
    }

    static func castanets() -> GeneratedWave {
        let r = drumRate, n = count(0.1, r)
        var out = [Double](repeating: 0, count: n)
        for (start, a) in [(0.0, 1.0), (0.022, 0.7)] {
            let s = Int(start * Double(r))
            let c = noise(count: count(0.015, r), rate: r, seed: UInt64(850 + s), filters: [bp(2200, 3.0, r)]) { t in exp(-t / 0.002) }
            for k in c.indices where s + k < n { out[s + k] += a * c[k] }
        }
        return oneShot("Castanets", rate: r, out, fadeMs: 10)
    }

    /// Metronome click and square click.
    static func click() -> GeneratedWave {
        let r = drumRate, n = count(0.05, r)
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let t = Double(k) / Double(r)
            out[k] = exp(-t / 0.006) * (sin(twoPi * 2000 * t) + 0.5 * (sin(twoPi * 3100 * t) > 0 ? 1 : -1))
        }
        return oneShot("Click", rate: r, out, fadeMs: 8)
    }
}
