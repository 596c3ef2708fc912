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
}

/// The shape of a seamlessly looped wave: an attack section of `loopStart` samples, then a
/// loop of `periodsPerLoop` whole periods of `period` samples, then a few guard samples that
/// repeat the loop's beginning (for interpolators that read past the loop end).
///
/// Every stationary component of such a wave must have a frequency that is a whole number of
/// "bins" of sampleRate / loopLength: harmonic h of the fundamental is bin h · periodsPerLoop,
/// and a component one bin away beats against it at sampleRate / loopLength Hz.
struct LoopPlan {
    let sampleRate: Int
    let period: Int
    let periodsPerLoop: Int
    let loopStart: Int
    static let guardSamples = 8

    init(sampleRate: Int, period: Int, periodsPerLoop: Int, attackSeconds: Double) {
        self.sampleRate = sampleRate
        self.period = period
        self.periodsPerLoop = periodsPerLoop
        // Round the attack to whole periods; keep at least two periods before the loop.
        let periods = max(2, Int((attackSeconds * Double(sampleRate) / Double(period)).rounded()))
        self.loopStart = periods * period
    }

    var loopLength: Int { period * periodsPerLoop }
    var totalSamples: Int { loopStart + loopLength + Self.guardSamples }
    var fundamental: Double { Double(sampleRate) / Double(period) }
    var binHz: Double { Double(sampleRate) / Double(loopLength) }
    /// Bin of harmonic `h` of the fundamental.
    func harmonicBin(_ h: Int) -> Int { h * periodsPerLoop }

    func wave(name: String, samples: [Double], pitchHz: Double? = nil) -> GeneratedWave {
        let t = tuning(forFrequency: pitchHz ?? fundamental)
        return GeneratedWave(
            name: name, sampleRate: sampleRate, samples: samples, unityNote: t.unityNote,
            fineTuneCents: t.fineTuneCents, loop: (loopStart, loopLength))
    }

    /// Sum of sinusoids at whole bins (exactly periodic over the loop).
    func stationary(_ components: [(bin: Int, amp: Double, phase: Double)]) -> [Double] {
        var out = [Double](repeating: 0, count: totalSamples)
        let L = loopLength
        for c in components where c.amp != 0 {
            for n in 0..<totalSamples {
                out[n] += c.amp * periodicSine(bin: c.bin, n: n, length: L, phase: c.phase)
            }
        }
        return out
    }

    /// A loop-length buffer laid over the whole wave so that its sample `i` sits at frame
    /// `loopStart + i` (and repeats every loop length in both directions).
    func tile(_ loopBuffer: [Double], into out: inout [Double], gain: Double = 1) {
        let L = loopLength
        precondition(loopBuffer.count == L)
        for n in 0..<out.count {
            let i = ((n - loopStart) % L + L) % L
            out[n] += gain * loopBuffer[i]
        }
    }
}
