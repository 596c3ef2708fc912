#if canImport(Glibc)
import Glibc
#endif
import CMallocCounter
@testable import DMusSynth
import Testing

/// Real-time safety of the send effects (issue 8): decay to silence without subnormals, no
/// NaN/Inf or runaway for any parameters or input, click-free switching, no allocation in
/// `process`, determinism, and the GS parameter plumbing.
@Suite struct EffectsSafetyTests {
    struct Config: Sendable, CustomTestStringConvertible {
        var name: String
        var rate: Int
        var reverb: ReverbParameters
        var chorus: ChorusParameters
        var testDescription: String { name }
    }

    static let decayConfigs: [Config] = {
        var plate = ReverbParameters.gs(.plate); plate.time = 127
        var fbChorus = ChorusParameters.gs(.feedbackChorus); fbChorus.feedback = 127; fbChorus.sendToReverb = 127
        var pan = ReverbParameters.gs(.panningDelay); pan.time = 127; pan.delayFeedback = 127
        var shortFB = ChorusParameters.gs(.shortDelayFeedback); shortFB.feedback = 127; shortFB.sendToReverb = 127
        var room = ReverbParameters.gs(.room1); room.time = 0; room.preDelayMilliseconds = 127
        return [
            Config(name: "GS defaults (Hall 2, Chorus 3)", rate: 24_000, reverb: .gs(.hall2), chorus: .gs(.chorus3)),
            Config(name: "longest plate, full-feedback chorus into reverb", rate: 16_000, reverb: plate, chorus: fbChorus),
            Config(name: "longest panning delay, full-feedback short delay", rate: 16_000, reverb: pan, chorus: shortFB),
            Config(name: "shortest room, longest pre-delay", rate: 16_000, reverb: room, chorus: .gs(.flanger)),
        ]
    }()

    /// Subnormal and non-finite values anywhere in the effect state.
    static func scanState(_ fx: SendEffects) -> (subnormal: Int, nonFinite: Int) {
        var sub = 0, bad = 0
        fx.forEachStateValue { v in
            if v.isSubnormal { sub += 1 }
            if !v.isFinite { bad += 1 }
        }
        return (sub, bad)
    }

    /// A full-scale noise burst into both sends, then 60 s of silence: the output falls below
    /// −120 dBFS, never holds NaN/Inf, and no delay line or filter state is ever subnormal
    /// (the state is scanned every 5 s).
    @Test(arguments: decayConfigs)
    func silenceAfterBurstDecays(config: Config) {
        let block = 512
        var fx = SendEffects(sampleRate: config.rate, maxFrames: block)
        defer { fx.free() }
        fx.setReverb(config.reverb)
        fx.setChorus(config.chorus)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 2 * block)
        defer { out.deallocate() }
        var noise = FXAnalysis.Noise(state: 12345)
        let burstBlocks = config.rate / 2 / block
        let silentBlocks = 60 * config.rate / block
        let lastSecond = silentBlocks - config.rate / block
        let scanEvery = 5 * config.rate / block
        var nonFinite = 0, peak: Float = 0, finalPeak: Float = 0, subnormalScans = 0
        for b in 0..<(burstBlocks + silentBlocks) {
            if b < burstBlocks {
                for i in 0..<(2 * block) { fx.reverbSend[i] = noise.next(); fx.chorusSend[i] = noise.next() }
            }
            out.update(repeating: 0, count: 2 * block)
            fx.process(into: out, frames: block)
            for i in 0..<(2 * block) {
                let v = out[i]
                if !v.isFinite { nonFinite += 1 }
                peak = max(peak, abs(v))
                if b - burstBlocks >= lastSecond { finalPeak = max(finalPeak, abs(v)) }
            }
            if b >= burstBlocks && (b - burstBlocks) % scanEvery == 0 {
                let s = Self.scanState(fx)
                if s.subnormal > 0 || s.nonFinite > 0 { subnormalScans += 1 }
            }
        }
        let final = Self.scanState(fx)
        let finalDB = finalPeak > 0 ? 20 * log10(Double(finalPeak)) : -Double.infinity
        print("\(config.name): burst peak \(peak), last second of 60 s at \(finalDB) dBFS")
        #expect(nonFinite == 0)
        #expect(peak > 0.05 && peak < 100)
        #expect(finalPeak < 1e-6, "last second peaks at \(finalDB) dBFS")
        #expect(subnormalScans == 0)
        #expect(final.subnormal == 0 && final.nonFinite == 0)
    }

    /// Out-of-range and non-finite parameters, and NaN/Inf/huge/subnormal input samples: the
    /// output stays finite and bounded, and the state stays clean.
    @Test func hostileParametersAndInputStayFinite() {
        let block = 128, rate = 44_100
        var fx = SendEffects(sampleRate: rate, maxFrames: block)
        defer { fx.free() }
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 2 * block)
        defer { out.deallocate() }
        var rng = FXAnalysis.Noise(state: 99)
        let weirdInts = [-1_000_000, -1, 0, 7, 64, 127, 128, 1_000_000, Int.max, Int.min]
        let weirdDoubles = [-Double.infinity, -1, 0, 0.5, 25, 127, 1e9, Double.infinity, Double.nan, Double.leastNonzeroMagnitude]
        let weirdSamples: [Float] = [.nan, .infinity, -.infinity, 1e30, -1e30, Float.leastNonzeroMagnitude, 1, -1, 0]
        func pickInt() -> Int { weirdInts[Int(UInt32(bitPattern: Int32(truncatingIfNeeded: Int(rng.next() * 1e6))) % UInt32(weirdInts.count))] }
        func pickDouble() -> Double { weirdDoubles[Int(UInt32(bitPattern: Int32(truncatingIfNeeded: Int(rng.next() * 1e6))) % UInt32(weirdDoubles.count))] }
        var bad = 0
        var peak: Float = 0
        for b in 0..<(3 * rate / block) {
            if b % 20 == 0 {
                let r = ReverbParameters(macro: .hall2, character: pickInt(), preLowpass: pickInt(), level: pickInt(), time: pickInt(),
                                         delayFeedback: pickInt(), preDelayMilliseconds: pickDouble())
                fx.setReverb(b % 140 == 0 ? nil : r)
                let c = ChorusParameters(macro: .chorus1, preLowpass: pickInt(), level: pickInt(), feedback: pickInt(),
                                         delayMilliseconds: pickDouble(), rateHz: pickDouble(), depthMilliseconds: pickDouble(),
                                         sendToReverb: pickInt())
                fx.setChorus(b % 100 == 0 ? nil : c)
            }
            for i in 0..<(2 * block) {
                let u = rng.next()
                let v: Float = abs(u) > 0.97 ? weirdSamples[Int((u + 1) * 1000) % weirdSamples.count] : u
                fx.reverbSend[i] = v
                fx.chorusSend[i] = -v
            }
            out.update(repeating: 0, count: 2 * block)
            fx.process(into: out, frames: block)
            for i in 0..<(2 * block) {
                if !out[i].isFinite { bad += 1 } else { peak = max(peak, abs(out[i])) }
            }
        }
        let s = Self.scanState(fx)
        print("hostile input: output peak \(peak)")
        #expect(bad == 0)
        #expect(peak < 1000)
        #expect(s.subnormal == 0 && s.nonFinite == 0)
        // Send buses are zero after every block.
        #expect((0..<(2 * block)).allSatisfy { fx.reverbSend[$0] == 0 && fx.chorusSend[$0] == 0 })
    }

    /// Switching reverb and chorus macros (and off/on) every 125 ms while a 220 Hz tone flows:
    /// no sample-to-sample step above 1.5·ω·peak. A sine of the output's peak amplitude steps
    /// by at most ω·peak; the 50 % margin covers chorus pitch glides and crossfade sums, while
    /// any click (a jump of a sizeable fraction of the amplitude) is far above it.
    @Test func macroSwitchingDoesNotClick() {
        let rate = 48_000, hz = 220.0
        let reverbs: [ReverbParameters?] = GSReverbMacro.allCases.map { .gs($0) } + [nil]
        let choruses: [ChorusParameters?] = GSChorusMacro.allCases.map { .gs($0) } + [nil]
        var changes = 0
        let out = FXAnalysis.render(sampleRate: rate, seconds: 7, block: 240, setup: { fx in
            fx.setReverb(.gs(.hall2)); fx.setChorus(.gs(.chorus3))
        }, control: { start, fx in
            let step = rate / 8
            guard start > 0, start % step == 0 else { return }
            let k = start / step
            if k % 2 == 0 { fx.setReverb(reverbs[(k / 2) % reverbs.count]) }
            else { fx.setChorus(choruses[(k / 2 + 3) % choruses.count]) }
            changes += 1
        }) { start, rev, cho, n in
            for i in 0..<n {
                let v = Float(0.5 * sin(2 * Double.pi * hz * Double(start + i) / Double(rate)))
                rev[2 * i] = v; rev[2 * i + 1] = v; cho[2 * i] = v; cho[2 * i + 1] = v
            }
        }
        #expect(changes > 50)
        let omega = 2 * Double.pi * hz / Double(rate)
        for (name, x) in [("left", out.left), ("right", out.right)] {
            let peak = Double(x.map { abs($0) }.max() ?? 0)
            var worst = 0.0, at = 0
            for i in 1..<x.count where Double(abs(x[i] - x[i - 1])) > worst { worst = Double(abs(x[i] - x[i - 1])); at = i }
            print("switching \(name): peak \(peak), largest step \(worst) = \(worst / (omega * peak)) ω·peak at \(Double(at) / Double(rate)) s")
            #expect(peak > 0.05)
            #expect(worst < 1.5 * omega * peak, "\(name): step \(worst) at \(Double(at) / Double(rate)) s")
        }
    }

    /// `process` and the setters allocate nothing after warm-up, whatever is switched.
    @Test func processAllocatesNothing() {
        guard mc_is_active() == 1 else { print("note: malloc counter disabled under a sanitizer"); return }
        let block = 256
        var fx = SendEffects(sampleRate: 48_000, maxFrames: block)
        defer { fx.free() }
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 2 * block)
        defer { out.deallocate() }
        let reverbs: [ReverbParameters?] = GSReverbMacro.allCases.map { .gs($0) } + [nil]
        let choruses: [ChorusParameters?] = GSChorusMacro.allCases.map { .gs($0) } + [nil]
        var noise = FXAnalysis.Noise(state: 7)
        fx.setReverb(.gs(.hall2)); fx.setChorus(.gs(.chorus3))
        for _ in 0..<4 { fx.process(into: out, frames: block) }   // warm-up
        let before = mc_thread_allocations()
        for b in 0..<1_000 {
            if b % 10 == 0 { fx.setReverb(reverbs[(b / 10) % reverbs.count]) }
            if b % 15 == 0 { fx.setChorus(choruses[(b / 15) % choruses.count]) }
            if b % 7 == 0 { var p = fx.reverb ?? .gs(.room1); p.setGS(.time, b % 128); p.setGS(.level, 100); fx.setReverb(p) }
            for i in 0..<(2 * block) { fx.reverbSend[i] = noise.next() * 0.3; fx.chorusSend[i] = noise.next() * 0.3 }
            fx.process(into: out, frames: block)
        }
        let allocations = mc_thread_allocations() - before
        #expect(allocations == 0)
    }

    /// Same input, same parameter changes → bit-identical output (no hidden randomness).
    @Test func deterministic() {
        func run() -> [Float] {
            var noise = FXAnalysis.Noise(state: 3)
            let r = FXAnalysis.render(sampleRate: 44_100, seconds: 1.5, setup: { fx in
                fx.setReverb(.gs(.plate)); fx.setChorus(.gs(.chorus2))
            }, control: { start, fx in
                if start == 22_016 { fx.setReverb(.gs(.room2)); fx.setChorus(.gs(.flanger)) }
            }) { _, rev, cho, n in
                for i in 0..<(2 * n) { rev[i] = noise.next() * 0.2; cho[i] = noise.next() * 0.2 }
            }
            return r.left + r.right
        }
        #expect(run() == run())
    }

    /// Switching off fades out and stops the processing; the send buses are then not needed.
    @Test func switchingOffStopsProcessing() {
        var active: [Bool] = []
        let r = FXAnalysis.render(sampleRate: 48_000, seconds: 0.5, setup: { fx in
            fx.setReverb(.gs(.room1)); fx.setChorus(.gs(.chorus1))
        }, control: { start, fx in
            if start == 9_984 { fx.setReverb(nil); fx.setChorus(nil) }
            if start == 19_968 { active = [fx.isReverbActive, fx.isChorusActive] }
        }) { start, rev, cho, n in
            for i in 0..<(2 * n) { let v = Float(sin(Double(start * 2 + i) * 0.01)); rev[i] = v; cho[i] = v }
        }
        #expect(active == [false, false])
        #expect((r.left[19_968...].map { abs($0) }.max() ?? 1) == 0)
        #expect((r.left[4_800..<9_984].map { abs($0) }.max() ?? 0) > 0.01)
    }

    /// GS reverb parameters: macro presets, documented RT60 targets and SysEx-style updates.
    @Test func reverbParameterPlumbing() {
        let targets: [GSReverbMacro: Double] = [.room1: 0.8, .room2: 1.0, .room3: 1.3, .hall1: 1.8, .hall2: 2.4, .plate: 2.0]
        for (m, t) in targets { #expect(abs(ReverbParameters.gs(m).targetRT60Seconds - t) < 1e-9, "\(m)") }
        #expect(abs(ReverbParameters.gs(.delay).targetRT60Seconds - 1.124) < 0.01)
        #expect(abs(ReverbParameters.gs(.panningDelay).targetRT60Seconds - 1.880) < 0.01)
        var p = ReverbParameters.gs(.room1)
        p.setGS(.macro, 3)
        #expect(p == .gs(.hall1))
        p.setGS(.preDelay, 200)
        #expect(p.preDelayMilliseconds == 127)
        p.setGS(.time, 127)
        #expect(p.targetRT60Seconds <= 10)
        #expect(ReverbParameters.gsDefault == .gs(.hall2))
        #expect(ChorusParameters.gsDefault == .gs(.chorus3))
        #expect(GSReverbMacro(name: "panning-delay") == .panningDelay)
        #expect(GSReverbMacro(name: "Hall2") == .hall2)
        #expect(GSReverbMacro(name: "off") == nil)
        for m in GSReverbMacro.allCases { #expect(GSReverbMacro(name: m.name) == m) }
        #expect(GSReverbParameter.preDelay.rawValue == 0x37 && GSChorusParameter.sendToReverb.rawValue == 0x3F)
    }
}
