#if canImport(Glibc)
import Glibc
#endif
@testable import DMusSynth
import Testing

/// The chorus, measured from its output: a steady sine goes in, the tap delay is tracked from
/// the output's phase (undoing the feedback comb and the level), and its oscillation gives
/// the modulation rate and the peak-to-peak depth (issue 8, "Done when").
@Suite struct EffectsChorusTests {
    static let rate = 32_000
    static let probeHz = 250.0

    /// Renders `p` fed with a steady sine in both chorus-send channels; returns input and outputs.
    static func renderSine(_ p: ChorusParameters, seconds: Double) -> (input: [Float], left: [Float], right: [Float]) {
        var input = [Float](repeating: 0, count: Int(seconds * Double(rate)))
        for i in 0..<input.count { input[i] = Float(0.5 * sin(2 * Double.pi * probeHz * Double(i) / Double(rate))) }
        let out = FXAnalysis.render(sampleRate: rate, seconds: seconds, setup: { $0.setChorus(p) }) { start, _, bus, n in
            for i in 0..<n { bus[2 * i] = input[start + i]; bus[2 * i + 1] = input[start + i] }
        }
        return (input, out.left, out.right)
    }

    static let modulated: [GSChorusMacro] = [.chorus1, .chorus2, .chorus3, .chorus4, .feedbackChorus, .flanger]

    @Test(arguments: modulated)
    func rateAndDepth(macro: GSChorusMacro) {
        let p = ChorusParameters.gs(macro)
        #expect(p.rateHz > 0)
        // One second for the feedback comb to settle, then 2.5 LFO periods.
        let settle = 1.0
        let r = Self.renderSine(p, seconds: settle + 2.5 / p.rateHz + 0.1)
        let skip = Int(settle * Double(Self.rate))
        for (name, out) in [("left", r.left), ("right", r.right)] {
            let tau = FXAnalysis.trackDelay(input: Array(r.input[skip...]), output: Array(out[skip...]), hz: Self.probeHz,
                                            sampleRate: Self.rate, gain: Double(p.level) / 127, feedback: p.feedbackGain)
            let o = FXAnalysis.oscillation(tau, step: 1 / Self.probeHz)
            let depthMs = o.peakToPeak * 1000
            print("chorus \(macro.name) \(name): rate \(o.hz) Hz (\(p.rateHz)), depth \(depthMs) ms (\(p.depthMilliseconds))")
            #expect(abs(o.hz / p.rateHz - 1) < 0.10, "\(macro.name) \(name): rate \(o.hz) Hz, expected \(p.rateHz)")
            #expect(abs(depthMs / p.depthMilliseconds - 1) < 0.10, "\(macro.name) \(name): depth \(depthMs) ms, expected \(p.depthMilliseconds)")
        }
    }

    /// Short Delay macros: rate 0, so a static delay at the macro's delay time (25 ms), the same
    /// on both sides; with feedback the repeats follow one period apart at the feedback gain.
    @Test(arguments: [GSChorusMacro.shortDelay, .shortDelayFeedback])
    func shortDelayIsStatic(macro: GSChorusMacro) {
        let p = ChorusParameters.gs(macro)
        #expect(p.rateHz == 0)
        let out = FXAnalysis.render(sampleRate: Self.rate, seconds: 0.2, setup: { $0.setChorus(p) }) { start, _, bus, _ in
            if start == 0 { bus[0] = 1; bus[1] = 1 }
        }
        // Arrival time of the first echo: signed centroid of the interpolator's taps.
        let level = Float(p.level) / 127
        let first = out.left.firstIndex(where: { abs($0) > 0.1 * level }) ?? 0
        var m0 = 0.0, m1 = 0.0
        for i in max(0, first - 3)...(first + 3) { m0 += Double(out.left[i]); m1 += Double(i) * Double(out.left[i]) }
        let delayMs = m1 / m0 / Double(Self.rate) * 1000
        print("chorus \(macro.name): delay \(delayMs) ms (\(p.delayMilliseconds))")
        #expect(abs(delayMs / p.delayMilliseconds - 1) < 0.10)
        #expect(out.left == out.right)
        if p.feedbackGain > 0 {
            let d = Int((p.delayMilliseconds * 0.001 * Double(Self.rate)).rounded())
            let e1 = (first - 3...first + 3).map { Double(out.left[$0]) }.reduce(0, +)
            let e2 = (first + d - 3...first + d + 3).map { Double(out.left[$0]) }.reduce(0, +)
            #expect(abs(e2 / e1 - p.feedbackGain) < 0.05)
        }
        // Steady sine: no modulation at all.
        let r = Self.renderSine(p, seconds: 1.5)
        let tau = FXAnalysis.trackDelay(input: Array(r.input[Self.rate...]), output: Array(r.left[Self.rate...]), hz: Self.probeHz,
                                        sampleRate: Self.rate, gain: Double(p.level) / 127, feedback: p.feedbackGain)
        #expect(FXAnalysis.oscillation(tau, step: 1 / Self.probeHz).peakToPeak < 1e-6)
    }

    /// The two sides sweep in quadrature, so the chorus is wide: left and right differ.
    @Test func stereoSpread() {
        let r = Self.renderSine(.gs(.chorus3), seconds: 1)
        var diff = 0.0, sum = 0.0
        for i in (Self.rate / 2)..<Self.rate {
            diff += Double(r.left[i] - r.right[i]) * Double(r.left[i] - r.right[i])
            sum += Double(r.left[i]) * Double(r.left[i])
        }
        #expect(diff > 0.1 * sum)
    }

    /// The GS value mappings of the chorus parameters.
    @Test func gsValueMappings() {
        #expect(abs(ChorusParameters.gsRateHz(3) - 0.366) < 1e-9)
        #expect(abs(ChorusParameters.gsDepthMilliseconds(19) - 6.25) < 1e-9)
        #expect(abs(ChorusParameters.gsDelayMilliseconds(80) - 6.299) < 0.001)
        #expect(abs(ChorusParameters.gsDelayMilliseconds(127) - 25) < 1e-9)
        #expect(ChorusParameters.gs(.flanger).feedbackGain > 0.85)
        var p = ChorusParameters.gs(.chorus1)
        p.setGS(.macro, 4)
        #expect(p == .gs(.feedbackChorus))
        p.setGS(.rate, 9)
        #expect(abs(p.rateHz - 1.098) < 1e-9)
        p.setGS(.feedback, 127)
        #expect(p.feedbackGain < 1)
        #expect(GSChorusMacro(name: "feedback-chorus") == .feedbackChorus)
        #expect(GSChorusMacro(name: "Chorus 3") == .chorus3)
        #expect(GSChorusMacro(name: "5") == .flanger)
        #expect(GSChorusMacro(name: "warble") == nil)
        for m in GSChorusMacro.allCases { #expect(GSChorusMacro(name: m.name) == m) }
    }
}
