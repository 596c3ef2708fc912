#if canImport(Glibc)
import Glibc
#endif
@testable import DMusSynth
import Testing

/// The reverb, measured from rendered impulse responses (issue 8, "Done when"): decay time,
/// stereo decorrelation and the absence of ringing modes, for every GS macro.
@Suite struct EffectsReverbTests {
    static let rate = 48_000

    /// IR length: past the −35 dB point (0.58·RT60) with margin, and the −60 dB point for the
    /// decorrelation window.
    static func irSeconds(_ p: ReverbParameters) -> Double { max(1.2 * p.targetRT60Seconds + 0.3, 1.0) }

    @Test(arguments: GSReverbMacro.allCases)
    func macroDecayDecorrelationAndSpectrum(macro: GSReverbMacro) {
        let p = ReverbParameters.gs(macro)
        let target = p.targetRT60Seconds
        let ir = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: Self.irSeconds(p))

        // RT60: Schroeder backward integration, T30 fit (−5…−35 dB), 500 Hz and 1 kHz octaves.
        let rt = FXAnalysis.midRT60(ir, sampleRate: Self.rate)
        print("reverb \(macro.name): RT60 target \(target) s, measured \(rt) s")
        #expect(abs(rt / target - 1) < 0.10, "\(macro.name): RT60 \(rt) s, target \(target) s")

        // Interaural cross-correlation of the tail: from 50 ms to the −40 dB point (≤ 1 s).
        let edc = FXAnalysis.energyDecayCurve(zip(ir.left, ir.right).map { Double($0 * $0 + $1 * $1).squareRoot() })
        let start = Self.rate / 20
        let end = min(edc.firstIndex(where: { $0 < -40 }) ?? ir.left.count, start + Self.rate)
        let iacc = FXAnalysis.iacc(ir.left, ir.right, range: start..<end, sampleRate: Self.rate)
        print("reverb \(macro.name): IACC \(iacc)")
        #expect(iacc < 0.3, "\(macro.name): IACC \(iacc)")

        // Long-term spectrum of the tail (50 ms to −50 dB), whitened Welch average over the two
        // outputs of a centred and of a left-only impulse: no narrow-band peak more than 6 dB
        // above its 1/3-octave neighbourhood between 100 Hz and 12 kHz.
        let irLeft = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: Self.irSeconds(p), channels: 0)
        let tailEnd = edc.firstIndex(where: { $0 < -50 }) ?? ir.left.count
        let spectrum = FXAnalysis.whitenedWelch([ir.left, ir.right, irLeft.left, irLeft.right],
                                                range: start..<tailEnd, size: 4096)
        let peak = FXAnalysis.maxPeakOverThirdOctave(spectrum, size: 4096, sampleRate: Self.rate, low: 100, high: 12_000)
        print("reverb \(macro.name): largest narrow-band peak \(peak.dB) dB at \(peak.hz) Hz")
        #expect(peak.dB < 6, "\(macro.name): \(peak.dB) dB peak at \(peak.hz) Hz")
    }

    /// The GS Time parameter scales RT60 by 2^((time − 64)/32).
    @Test(arguments: [(GSReverbMacro.hall2, 96), (.room1, 40), (.plate, 64), (.room3, 8)])
    func timeParameterSetsRT60(macro: GSReverbMacro, time: Int) {
        var p = ReverbParameters.gs(macro)
        p.time = time
        let target = p.targetRT60Seconds
        let expected = ReverbParameters.gs(macro).targetRT60Seconds * pow(2, Double(time - ReverbParameters.gs(macro).time) / 32)
        #expect(abs(target - min(max(expected, 0.1), 10)) < 1e-9)
        let rt = FXAnalysis.midRT60(FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: Self.irSeconds(p)), sampleRate: Self.rate)
        print("reverb \(macro.name) time \(time): RT60 target \(target) s, measured \(rt) s")
        #expect(abs(rt / target - 1) < 0.10, "RT60 \(rt) s, target \(target) s")
    }

    /// Delay lengths and coefficients follow the sample rate: same RT60 and decorrelation at
    /// 44.1 and 96 kHz.
    @Test(arguments: [44_100, 96_000])
    func otherSampleRates(rate: Int) {
        for macro in [GSReverbMacro.room2, .hall2] {
            let p = ReverbParameters.gs(macro)
            let ir = FXAnalysis.reverbIR(p, sampleRate: rate, seconds: Self.irSeconds(p))
            let rt = FXAnalysis.midRT60(ir, sampleRate: rate)
            #expect(abs(rt / p.targetRT60Seconds - 1) < 0.10, "\(macro.name) at \(rate) Hz: RT60 \(rt) s")
            let start = rate / 20
            let iacc = FXAnalysis.iacc(ir.left, ir.right, range: start..<(start + rate / 2), sampleRate: rate)
            #expect(iacc < 0.3, "\(macro.name) at \(rate) Hz: IACC \(iacc)")
        }
    }

    /// Pre-delay holds the whole response back by exactly its time.
    @Test func preDelayDelaysTheResponse() {
        var p = ReverbParameters.gs(.room1)
        let direct = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: 0.3)
        p.preDelayMilliseconds = 40
        let delayed = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: 0.3)
        let first0 = direct.left.firstIndex(where: { $0 != 0 }) ?? 0
        let first40 = delayed.left.firstIndex(where: { $0 != 0 }) ?? 0
        #expect(first40 - first0 == 40 * Self.rate / 1000)
        #expect(Array(delayed.left[first40..<(first40 + 1000)]) == Array(direct.left[first0..<(first0 + 1000)]))
    }

    /// Delay: left echoes every period, the right channel 6 % of a period later, each repeat
    /// 20·log10(gain) lower in the 1 kHz octave (−5.5 dB for the preset).
    @Test func delayMacroEchoes() {
        let p = ReverbParameters.gs(.delay)
        let period = p.echoPeriodSeconds
        let ir = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: 0.5)
        let peakL = Self.peakIndex(ir.left, around: period)
        let peakR = Self.peakIndex(ir.right, around: period * 1.06)
        #expect(abs(Double(peakL) / Double(Self.rate) - period) < 0.0005)
        #expect(abs(Double(peakR) / Double(Self.rate) - period * 1.06) < 0.001)
        let band = FXAnalysis.octaveBand(ir.left, centre: 1000, sampleRate: Double(Self.rate))
        func level(_ t: Double) -> Double {
            let c = Int(t * Double(Self.rate)), r = Self.rate / 100
            return band[(c - r)..<(c + r)].map { abs($0) }.max() ?? 0
        }
        let drop = 20 * log10(level(2 * period) / level(period))
        let expected = 20 * log10(p.echoGain)
        print("delay: echo period \(period) s, repeat \(drop) dB (expected \(expected))")
        #expect(abs(drop - expected) < 1)
    }

    /// Panning Delay: a centred source echoes left, then right, then left…
    @Test func panningDelayAlternates() {
        let p = ReverbParameters.gs(.panningDelay)
        let period = p.echoPeriodSeconds
        let ir = FXAnalysis.reverbIR(p, sampleRate: Self.rate, seconds: 3.5 * period)
        let d = Int(period * Double(Self.rate)), r = Self.rate / 100
        func energy(_ x: [Float], _ k: Int) -> Double { x[(k * d - r)..<(k * d + r)].map { Double($0 * $0) }.reduce(0, +) }
        let e = (1...3).map { (energy(ir.left, $0), energy(ir.right, $0)) }
        #expect(e[0].0 > 0.01 && e[0].1 == 0)
        #expect(e[1].1 > 1e-4 && e[1].0 == 0)
        #expect(e[2].0 > 1e-5 && e[2].1 == 0)
    }

    /// Chorus output reaches the reverb through "send to reverb".
    @Test func chorusFeedsReverb() {
        var c = ChorusParameters.gs(.chorus3)
        c.sendToReverb = 127
        let tail = FXAnalysis.render(sampleRate: Self.rate, seconds: 0.6, setup: { fx in
            fx.setChorus(c); fx.setReverb(.gs(.hall2))
        }) { start, _, chorusBus, n in
            if start < Self.rate / 10 { for i in 0..<(2 * n) { chorusBus[i] = Float(sin(Double(start * 2 + i) * 0.05)) * 0.5 } }
        }
        // 300 ms after the chorus input stopped, only the reverb tail can still sound.
        let late = tail.left[(Self.rate * 45 / 100)...].map { abs($0) }.max() ?? 0
        #expect(late > 1e-3)
        c.sendToReverb = 0
        let dry = FXAnalysis.render(sampleRate: Self.rate, seconds: 0.6, setup: { fx in
            fx.setChorus(c); fx.setReverb(.gs(.hall2))
        }) { start, _, chorusBus, n in
            if start < Self.rate / 10 { for i in 0..<(2 * n) { chorusBus[i] = Float(sin(Double(start * 2 + i) * 0.05)) * 0.5 } }
        }
        #expect((dry.left[(Self.rate * 45 / 100)...].map { abs($0) }.max() ?? 1) < 1e-9)
    }

    static func peakIndex(_ x: [Float], around seconds: Double) -> Int {
        let c = Int(seconds * Double(rate))
        let r = max(0, c - rate / 200)..<min(x.count, c + rate / 200)
        return r.max(by: { abs(x[$0]) < abs(x[$1]) }) ?? c
    }
}
