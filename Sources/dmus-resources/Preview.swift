#if canImport(Glibc)
import Glibc
#endif

/// A small model of how the synthesiser plays one program at key 60, velocity 100, for the
/// first second: each region's wave resampled to pitch (following its loop), its gain, EG1
/// (linear attack, hold, dB-linear decay to the sustain level) and the DLS2 low-pass with
/// EG2 on the cutoff. LFOs, effects sends and interpolation are left out. The bank builder
/// uses it to give every program a level trim so all come out about equally loud — the
/// shipped-collection tests check the real render.
enum Preview {
    static let rate = 22050.0

    struct Region {
        var wave: GeneratedWave
        /// Playback in cents relative to the wave's recorded pitch.
        var cents: Double
        var gainDB: Double
        var art: ArticulationSpec
    }

    /// RMS level in dB of the first `seconds` of the regions mixed.
    static func levelDB(_ regions: [Region], key: Int = 60, velocity: Int = 100, seconds: Double = 1.0) -> Double {
        let n = Int(seconds * rate)
        var mix = [Double](repeating: 0, count: n)
        for r in regions { render(r, velocity: velocity, into: &mix) }
        var sum = 0.0
        for v in mix { sum += v * v }
        // Tremolo (±D dB, sinusoidal) raises the mean power by I0(D·ln10/10).
        let tremolo = regions.map(\.art.tremoloDB).max() ?? 0
        return 10 * log10(max(1e-12, sum / Double(n))) + 10 * log10(besselI0(tremolo * log(10) / 10))
    }

    static func besselI0(_ x: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1...20 { term *= (x / 2) * (x / 2) / Double(k * k); sum += term }
        return sum
    }

    static func render(_ r: Region, velocity: Int, into mix: inout [Double]) {
        let w = r.wave.normalised
        guard !w.isEmpty else { return }
        let step = pow(2, r.cents / 1200) * Double(r.wave.sampleRate) / rate
        let a = r.art
        let vel = Double(velocity) / 127
        // EG1
        let attack = a.attack * pow(2, a.velocityToAttackTimecents * vel / 1200)
        let hold = a.hold
        let sustainAmp = a.sustainPercent >= 100 ? 1 : pow(10, -96 * (1 - a.sustainPercent / 100) / 20)
        let decayPerSample = a.decay > 0 ? pow(10, -96 / 20 / (a.decay * rate)) : 0
        let gain = pow(10, (r.gainDB + a.gainDB) / 20)
        // Filter
        var filter: FilterModel? = nil
        if let cutoff = a.cutoffHz {
            var cents = ArticulationSpec.absoluteCents(hz: cutoff)
            if a.velocityToCutoffCents != 0 { cents += a.velocityToCutoffCents * (1 - vel) }
            filter = FilterModel(baseCents: cents, resonanceDB: a.resonanceDB, eg2Cents: a.eg2ToCutoffCents)
        }
        var pos = 0.0
        var amp = 0.0
        var stage = 0   // 0 attack, 1 hold, 2 decay/sustain
        var eg2 = 0.0
        for i in mix.indices {
            let t = Double(i) / rate
            // EG1
            if stage == 0 { if t < attack { amp = t / attack } else { amp = 1; stage = 1 } }
            if stage == 1 && t >= attack + hold { stage = 2 }
            if stage == 2 { amp = max(sustainAmp, amp * decayPerSample) }
            // EG2 (linear)
            if t < a.eg2Attack { eg2 = t / a.eg2Attack }
            else if a.eg2Decay > 0 { eg2 = max(a.eg2SustainPercent / 100, 1 - (t - a.eg2Attack) / a.eg2Decay) }
            else { eg2 = a.eg2SustainPercent / 100 }
            // Wave
            let idx = Int(pos)
            guard idx + 1 < w.count else { break }
            let frac = pos - Double(idx)
            var x = w[idx] + frac * (w[idx + 1] - w[idx])
            pos += step
            if let loop = r.wave.loop, pos >= Double(loop.start + loop.length) { pos -= Double(loop.length) }
            if filter != nil {
                if i % 32 == 0 { filter!.update(eg2: eg2) }
                x = filter!.process(x)
            }
            mix[i] += gain * amp * x
        }
    }

    /// The DLS2 resonant low-pass as the engine builds it (LowPassFilter.swift).
    struct FilterModel {
        var baseCents: Double, resonanceDB: Double, eg2Cents: Double
        var b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
        var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

        init(baseCents: Double, resonanceDB: Double, eg2Cents: Double) {
            self.baseCents = baseCents
            self.resonanceDB = resonanceDB
            self.eg2Cents = eg2Cents
            update(eg2: 0)
        }

        mutating func update(eg2: Double) {
            let cents = min(baseCents + eg2 * eg2Cents, 20_000)
            let hz = min(max(440 * pow(2, (cents - 6900) / 1200), 5), 0.45 * Preview.rate)
            let p = pow(10, max(0, min(22.5, resonanceDB)) / 20), p2 = p * p
            let q = ((p2 + (p2 * p2 - p2).squareRoot()) / 2).squareRoot()
            let dc = pow(10, -max(0, min(22.5, resonanceDB)) / 40)
            let w = twoPi * hz / Preview.rate
            let alpha = sin(w) / (2 * q), c = cos(w), inv = 1 / (1 + alpha)
            b1 = (1 - c) * inv * dc; b0 = b1 / 2; b2 = b0
            a1 = -2 * c * inv; a2 = (1 - alpha) * inv
        }

        mutating func process(_ x: Double) -> Double {
            let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            x2 = x1; x1 = x; y2 = y1; y1 = y
            return y
        }
    }
}
