#if canImport(Glibc)
import Glibc
#endif
import DLS

/// One synthesised sample before it becomes a `DLSWave`.
struct GeneratedWave {
    var name: String
    var sampleRate: Int
    var samples: [Double]
    /// The key at which the sample plays at its recorded pitch, and the correction in cents.
    var unityNote: Int
    var fineTuneCents: Int
    /// Forward loop (start frame, length in frames); nil for a one-shot.
    var loop: (start: Int, length: Int)?
    /// Peak level the samples are normalised to (fraction of full scale).
    var peak: Double = 0.891

    var waveSample: DLSWaveSample {
        DLSWaveSample(
            unityNote: UInt16(clamping: unityNote), fineTuneCents: Int16(clamping: fineTuneCents), gain: 0,
            options: DLSWaveSample.noCompressionFlag,
            loops: loop.map { [DLSLoop(type: DLSLoop.forward, startFrames: UInt32($0.start), lengthFrames: UInt32($0.length))] } ?? [])
    }

    var dlsWave: DLSWave {
        DLSWave.pcm(
            sampleRate: UInt32(sampleRate), bitsPerSample: 16, data: pcm16(samples, peak: peak),
            waveSample: waveSample, name: name)
    }

    var seconds: Double { Double(samples.count) / Double(sampleRate) }

    /// The samples as they will be stored (normalised to `peak`), for level measurements.
    var normalised: [Double] {
        var m = 0.0
        for v in samples { m = max(m, abs(v)) }
        guard m > 0 else { return samples }
        let s = peak / m
        return samples.map { $0 * s }
    }

    /// A one-shot recorded at `pitchHz` (or nominally at key 60 for unpitched sounds).
    static func oneShot(_ name: String, rate: Int, samples: [Double], pitchHz: Double? = nil) -> GeneratedWave {
        let t = pitchHz.map { tuning(forFrequency: $0) } ?? (60, 0)
        return GeneratedWave(name: name, sampleRate: rate, samples: samples, unityNote: t.0, fineTuneCents: t.1, loop: nil)
    }
}

/// The shape of a seamlessly looped wave: transients over the first `attackSamples`, then a
/// loop of `loopLength` samples in which every stationary component has a whole number of
/// cycles ("bins": bin k is k · sampleRate / loopLength Hz). The fundamental sits at bin
/// `fundamentalBin`, so harmonic h is bin h · fundamentalBin, and a component one bin away
/// beats against it at `binHz` (how ensembles and piano strings get their slow shimmer).
///
/// A generator renders `renderCount` samples (enough for the attack, one loop and a search
/// window), and `finish` picks the loop start inside the window where the wave moves least,
/// so the seam's step (last loop frame → first loop frame) is as small as the signal allows.
struct LoopPlan {
    let sampleRate: Int
    let loopLength: Int
    let fundamentalBin: Int
    let attackSamples: Int
    static let guardSamples = 8

    /// A loop of about `loopSeconds` whose fundamental is as close to `hz` as whole bins allow.
    init(hz: Double, loopSeconds: Double, attackSeconds: Double, sampleRate: Int = melodicRate) {
        self.sampleRate = sampleRate
        let L = max(16, Int((loopSeconds * Double(sampleRate)).rounded()))
        self.loopLength = L
        self.fundamentalBin = max(1, Int((hz * Double(L) / Double(sampleRate)).rounded()))
        self.attackSamples = max(16, Int((attackSeconds * Double(sampleRate)).rounded()))
    }

    /// A loop of exactly `cycles` periods of a fundamental near `hz` (ensembles: voices one
    /// bin apart are then 1200·log2((cycles+1)/cycles) cents apart).
    init(hz: Double, cycles: Int, attackSeconds: Double, sampleRate: Int = melodicRate) {
        self.sampleRate = sampleRate
        self.loopLength = max(16, Int((Double(cycles) * Double(sampleRate) / hz).rounded()))
        self.fundamentalBin = cycles
        self.attackSamples = max(16, Int((attackSeconds * Double(sampleRate)).rounded()))
    }

    /// An unpitched loop (noise textures): the "fundamental" is one bin.
    init(loopSamples: Int, attackSeconds: Double, sampleRate: Int) {
        self.sampleRate = sampleRate
        self.loopLength = loopSamples
        self.fundamentalBin = 1
        self.attackSamples = max(16, Int((attackSeconds * Double(sampleRate)).rounded()))
    }

    var binHz: Double { Double(sampleRate) / Double(loopLength) }
    var fundamental: Double { Double(fundamentalBin) * binHz }
    func harmonicBin(_ h: Int) -> Int { h * fundamentalBin }
    /// The nearest bin to a frequency.
    func bin(hz: Double) -> Int { max(1, Int((hz / binHz).rounded())) }
    /// Where the loop-start search looks: about one period of the fundamental, at most 512 samples.
    var searchWindow: Int { min(512, max(8, Int(Double(sampleRate) / fundamental) + 2), loopLength - 1) }
    var renderCount: Int { attackSamples + searchWindow + loopLength + Self.guardSamples }

    /// Picks the loop start in [attack, attack + window) with the smallest step into it and
    /// trims the samples to loop end + guard.
    func finish(name: String, samples x: [Double], pitchHz: Double? = nil) -> GeneratedWave {
        precondition(x.count >= renderCount)
        var best = attackSamples + 1, bestStep = Double.infinity
        for s in (attackSamples + 1)..<(attackSamples + searchWindow) {
            let step = abs(x[s] - x[s - 1])
            if step < bestStep { bestStep = step; best = s }
        }
        let t = tuning(forFrequency: pitchHz ?? fundamental)
        return GeneratedWave(
            name: name, sampleRate: sampleRate, samples: Array(x[0..<(best + loopLength + Self.guardSamples)]),
            unityNote: t.unityNote, fineTuneCents: t.fineTuneCents, loop: (best, loopLength))
    }

    /// A loop-length buffer laid over the whole render so that it repeats every loop length.
    func tile(_ loopBuffer: [Double], into out: inout [Double], gain: Double = 1, from: Int = 0) {
        let L = loopLength
        precondition(loopBuffer.count == L)
        for n in from..<out.count { out[n] += gain * loopBuffer[n % L] }
    }

    /// A table of one sine cycle over the loop: sine of bin k at frame n is table[(k·n) mod L].
    func sineTable() -> [Double] {
        (0..<loopLength).map { sin(twoPi * Double($0) / Double(loopLength)) }
    }
}

/// One sinusoidal component of an additive wave.
struct Partial {
    /// Frequency in bins of the plan.
    var bin: Int
    var amp: Double
    /// Starting phase, as a fraction of a cycle.
    var phase = 0.0
    /// Decay time constant in seconds over the attack section (infinity = steady); the partial
    /// holds the level it has reached at the loop (the EG1 decay continues from there).
    var decay = Double.infinity
    /// Rise time constant in seconds (0 = instant); a partial is fully up by the loop.
    var rise = 0.0
    /// Level the partial settles at in the loop, as a fraction of its start (nil: where its
    /// decay leaves it; used for "bloom" tones whose attack is louder than their sustain).
    var floor: Double? = nil
}

enum Additive {
    /// Renders partials over the plan: each partial's envelope moves from its start to its loop
    /// level over the attack section and is constant from there, so the loop is exact.
    static func render(_ plan: LoopPlan, _ partials: [Partial]) -> [Double] {
        let N = plan.renderCount, A = plan.attackSamples, L = plan.loopLength
        let table = plan.sineTable()
        var out = [Double](repeating: 0, count: N)
        let sr = Double(plan.sampleRate)
        var env = [Double](repeating: 1, count: A)
        for p in partials where p.amp != 0 && p.bin > 0 && Double(p.bin) * plan.binHz < 0.46 * sr {
            // Envelope over the attack section: exponential fade from 1 to `floor` ending
            // exactly at A, times an exponential rise that ends exactly at 1 at A.
            let natural = p.decay.isFinite ? exp(-Double(A) / (p.decay * sr)) : 1
            let floor = p.floor ?? natural
            let hasDecay = p.decay.isFinite || p.floor != nil
            let tau = p.decay.isFinite ? p.decay * sr : Double(A) / 3
            for n in 0..<A {
                var e = hasDecay ? floor + (1 - floor) * fadingExp(n, tau: tau, end: A) : 1
                if p.rise > 0 { e *= 1 - fadingExp(n, tau: p.rise * sr, end: A) }
                env[n] = e
            }
            let k = p.bin % L
            var idx = Int((p.phase - p.phase.rounded(.down)) * Double(L)) % L
            for n in 0..<N {
                let e = n < A ? env[n] : floor
                out[n] += p.amp * e * table[idx]
                idx += k
                if idx >= L { idx -= L }
            }
        }
        return out
    }

    /// Adds a transient (noise burst, click) that is tapered to zero before the loop starts.
    static func addTransient(_ t: [Double], into out: inout [Double], gain: Double, plan: LoopPlan) {
        let n = min(t.count, plan.attackSamples)
        let taper = max(1, n / 8)
        for i in 0..<n {
            let w = i >= n - taper ? Double(n - i) / Double(taper) : 1
            out[i] += gain * t[i] * w
        }
    }
}
