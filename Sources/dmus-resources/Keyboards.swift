#if canImport(Glibc)
import Glibc
#endif

// Pianos, electric pianos, harpsichord, clavinet; mallets and bells; organs.

enum Keyboards {
    /// Velocity layers of the piano and electric piano.
    static let softVelocities = 0...79, loudVelocities = 80...127

    /// Acoustic piano: three zones × two velocity layers. Stretched partials (string
    /// stiffness, rounded to bins), a hammer comb at 1/8.5 of the string, partials that die
    /// faster the higher they are, a second unison string a bin up on the upper partials
    /// (slow beating), and a hammer thump. The soft layer has a steeper, darker spectrum.
    static func piano() -> [Zone] {
        var zones: [Zone] = []
        for (hard, velocities) in [(false, softVelocities), (true, loudVelocities)] {
            zones += Splits.zones(Splits.three, velocities: velocities) { root, hz, i in
                pianoWave(root: root, hz: hz, hard: hard, seed: UInt64(10 + i + (hard ? 5 : 0)))
            }
        }
        return zones
    }

    static func pianoWave(root: Int, hz: Double, hard: Bool, seed: UInt64) -> GeneratedWave {
        let attack = root < 48 ? 0.8 : root < 72 ? 0.7 : 0.45
        let rate = sampleRate(forFundamental: hz)
        let plan = LoopPlan(hz: hz, loopSeconds: root < 48 ? 0.5 : 0.32, attackSeconds: attack, sampleRate: rate)
        let f = plan.fundamental
        let B = root < 48 ? 0.0002 : root < 72 ? 0.0003 : 0.0006
        var rng = LCG(seed: seed)
        var partials: [Partial] = []
        let maxHz = min(hard ? 9500.0 : 6000.0, 0.45 * Double(rate))
        var h = 1
        while true {
            let hd = Double(h)
            let stretched = hd * f * (1 + B * hd * hd).squareRoot()
            guard stretched < maxHz else { break }
            var a = (0.25 + 0.75 * abs(sin(Double.pi * hd / 8.5))) / pow(hd, hard ? 0.9 : 1.3)
            if !hard { a *= Spectrum.rolloff(stretched, corner: 1600) }
            if h == 1 && root < 48 { a *= 0.6 }   // low strings: the fundamental is weak
            let rate = 0.7 + 0.45 * hd * (f / 262).squareRoot() * (hard ? 1 : 1.3)
            let bin = plan.bin(hz: stretched)
            let phase = h == 1 ? 0 : rng.unit()
            partials.append(Partial(bin: bin, amp: a, phase: phase, decay: 1 / rate))
            // Unison strings a bin either side (a slow beat), in phases mirrored around the
            // main string's so the note's pitch never wobbles.
            if h >= 2 {
                let theta = rng.unit()
                partials.append(Partial(bin: bin + 1, amp: a * 0.22, phase: phase + theta, decay: 1.4 / rate))
                partials.append(Partial(bin: bin - 1, amp: a * 0.22, phase: phase - theta + 1, decay: 1.4 / rate))
            }
            h += 1
        }
        var out = Additive.render(plan, partials)
        var peak = 0.0
        for v in out.prefix(4000) { peak = max(peak, abs(v)) }
        let thump = noiseBurst(seconds: 0.05, rate: rate, seed: seed &+ 99, center: hard ? 2200 : 900, q: 0.7, tau: hard ? 0.006 : 0.01)
        Additive.addTransient(thump, into: &out, gain: (hard ? 0.9 : 0.5) * peak, plan: plan)
        fadeIn(&out, samples: 6)
        return plan.finish(name: "Piano \(noteName(root)) \(hard ? "Loud" : "Soft")", samples: out)
    }

    /// Tine electric piano: a 1:1 FM pair whose index decays from the strike to a mellow
    /// sustain, a short 14:1 tine ping, and (loud layer) an asymmetric "bark" saturation.
    static func tineEP() -> [Zone] {
        var zones: [Zone] = []
        for (hard, velocities) in [(false, softVelocities), (true, loudVelocities)] {
            zones += Splits.zones(Splits.three, velocities: velocities) { root, hz, _ in
                fm(name: "Tine EP \(noteName(root)) \(hard ? "Loud" : "Soft")", hz: hz, index0: hard ? 3.2 : 1.6, indexLoop: hard ? 0.7 : 0.35,
                   indexTau: 0.12, ping: hard ? 0.45 : 0.25, pingRatio: 14, bark: hard ? 1.4 : 0, attack: root < 72 ? 0.5 : 0.35)
            }
        }
        return zones
    }

    /// FM ("DX") electric piano: brighter, glassier, with a 1:1 pair plus a decaying bell pair.
    static func fmEP() -> [Zone] {
        Splits.zones(Splits.two) { root, hz, _ in
            fm(name: "FM EP \(noteName(root))", hz: hz, index0: 2.2, indexLoop: 0.9, indexTau: 0.25, ping: 0.6, pingRatio: 7,
               bark: 0, attack: 0.5)
        }
    }

    /// Two-operator FM over an exactly periodic phase (the index is constant from the loop
    /// on, so the loop is exact).
    static func fm(name: String, hz: Double, index0: Double, indexLoop: Double, indexTau: Double, ping: Double, pingRatio: Int,
                   bark: Double, attack: Double) -> GeneratedWave {
        let plan = LoopPlan(hz: hz, cycles: 8, attackSeconds: attack, sampleRate: sampleRate(forFundamental: hz))
        let A = plan.attackSamples, L = plan.loopLength, m = plan.fundamentalBin
        let sr = Double(plan.sampleRate)
        var out = [Double](repeating: 0, count: plan.renderCount)
        for n in out.indices {
            let th = twoPi * Double((m * n) % L) / Double(L)
            let fade = fadingExp(n, tau: indexTau * sr, end: A)
            let index = indexLoop + (index0 - indexLoop) * fade
            var v = sin(th + index * sin(th))
            let pingEnv = fadingExp(n, tau: 0.03 * sr, end: A)
            if pingEnv > 0 && Double(pingRatio) * plan.fundamental < 0.45 * sr {
                v += ping * pingEnv * sin(Double(pingRatio) * th + 1.2 * sin(th))
            }
            v *= 0.7 + 0.3 * fade
            if bark > 0 { v = tanh(bark * v) / tanh(bark) }   // odd: keeps every partial's phase
            out[n] = v
        }
        removeDC(&out)
        fadeIn(&out, samples: 6)
        return plan.finish(name: name, samples: out)
    }

    /// Harpsichord: bright quill pluck near the end of the string, two 8' choirs beating.
    static func harpsichord() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.09; p.slope = 1.0; p.decay = 1.6; p.dampingHz = 6000; p.pickLevel = 0.3; p.pickHz = 4000
        p.unison = 0.7; p.body = [(250, 120, 0.6), (900, 400, 0.4)]; p.attackSeconds = 0.5; p.loopSeconds = 0.3
        return Splits.zones(Splits.three) { root, hz, i in Models.pluck("Harpsichord \(noteName(root))", hz: hz, p, seed: UInt64(40 + i)) }
    }

    /// Clavinet: a string struck near its end, read by a pickup close to the bridge, a little
    /// overdriven.
    static func clavinet() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.05; p.pickup = 0.07; p.slope = 0.9; p.decay = 1.2; p.dampingHz = 4000; p.pickLevel = 0.2
        p.drive = 0.8; p.attackSeconds = 0.35; p.loopSeconds = 0.1
        return Splits.zones(Splits.two) { root, hz, i in Models.pluck("Clavinet \(noteName(root))", hz: hz, p, seed: UInt64(45 + i)) }
    }
}

enum Mallets {
    static func bars(_ name: String, _ splits: [(keys: ClosedRange<Int>, root: Int)], _ s: Models.Struck, seed: UInt64) -> [Zone] {
        Splits.zones(splits) { root, hz, i in Models.struck("\(name) \(noteName(root))", hz: hz, s, seed: seed + UInt64(i)) }
    }

    static func celesta() -> [Zone] {
        bars("Celesta", Splits.high, Models.Struck(partials: [(1, 1, 1.0), (2, 0.06, 0.4), (3, 0.08, 0.3), (4, 0.22, 0.2), (10, 0.05, 0.04)],
                                                   clickLevel: 0.12, clickHz: 2500, attackSeconds: 0.6, loopSeconds: 0.2), seed: 60)
    }

    static func glockenspiel() -> [Zone] {
        bars("Glockenspiel", Splits.high, Models.Struck(partials: [(1, 1, 1.4), (2.76, 0.4, 0.5), (5.40, 0.25, 0.2), (8.93, 0.12, 0.08)],
                                                        clickLevel: 0.25, clickHz: 5000, attackSeconds: 0.6, loopSeconds: 0.2), seed: 62)
    }

    static func musicBox() -> [Zone] {
        bars("Music Box", [(0...127, 76)], Models.Struck(partials: [(1, 1, 0.9), (1.003, 0.3, 0.9), (3.9, 0.25, 0.25), (5.2, 0.12, 0.12), (7.6, 0.05, 0.05)],
                                                         clickLevel: 0.3, clickHz: 6000, attackSeconds: 0.6, loopSeconds: 0.3), seed: 64)
    }

    static func vibraphone() -> [Zone] {
        bars("Vibraphone", Splits.two, Models.Struck(partials: [(1, 1, 3.0), (4, 0.3, 0.5), (10, 0.06, 0.1)],
                                                     clickLevel: 0.08, clickHz: 2000, attackSeconds: 0.6, loopSeconds: 0.25), seed: 66)
    }

    static func marimba() -> [Zone] {
        bars("Marimba", [(0...59, 48), (60...127, 72)], Models.Struck(partials: [(1, 1, 0.6), (3.9, 0.45, 0.1), (9.9, 0.12, 0.03)],
                                                                      clickLevel: 0.15, clickHz: 1500, attackSeconds: 0.5, loopSeconds: 0.15), seed: 68)
    }

    static func xylophone() -> [Zone] {
        bars("Xylophone", Splits.high, Models.Struck(partials: [(1, 1, 0.4), (3, 0.5, 0.12), (6.1, 0.2, 0.04)],
                                                     clickLevel: 0.35, clickHz: 3500, attackSeconds: 0.45, loopSeconds: 0.1), seed: 70)
    }

    /// Chimes tuned to sound their strike note (harmonic-ish partials, long decays).
    static func tubularBell() -> [Zone] {
        bars("Tubular Bell", Splits.two, Models.Struck(partials: [(1, 1, 2.5), (2, 0.6, 1.8), (3, 0.45, 1.2), (4.18, 0.3, 0.9), (5.43, 0.22, 0.6),
                                                                  (6.8, 0.15, 0.4), (8.3, 0.08, 0.3)],
                                                       clickLevel: 0.2, clickHz: 3000, attackSeconds: 0.8, loopSeconds: 0.3), seed: 72)
    }
}

enum Organs {
    /// Drawbar registration on a 16' fundamental: (harmonic of 16', level).
    static let fullDrawbars: [(Int, Double)] = [(1, 0.7), (2, 1.0), (3, 0.8), (4, 0.6), (6, 0.45), (8, 0.4), (10, 0.2), (12, 0.25), (16, 0.25)]
    static let jazzDrawbars: [(Int, Double)] = [(1, 0.8), (2, 1.0), (3, 0.85)]

    static func drawbarSpectrum(_ bars: [(Int, Double)]) -> (Int, Double) -> Double {
        { h, hz in (bars.first { $0.0 == h }?.1 ?? 0) * Spectrum.rolloff(hz, corner: 6000) }
    }

    static func tonewheel(_ name: String, bars: [(Int, Double)], percussion: [(h: Int, amp: Double, decay: Double)] = [], drive: Double = 0,
                          seed: UInt64) -> [Zone] {
        var s = Models.Sustained(spectrum: drawbarSpectrum(bars))
        s.cycles = 2; s.attackSeconds = percussion.isEmpty ? 0.03 : 0.5; s.pitchRatio = 2
        s.chiff = (0.5, 3500, 0.7, 0.002)   // key click
        s.percussion = percussion
        s.drive = drive
        return Splits.zones(Splits.three) { root, hz, i in Models.sustained("\(name) \(noteName(root))", hz: hz / 2, s, seed: seed + UInt64(i)) }
    }

    static func drawbar() -> [Zone] { tonewheel("Drawbar Organ", bars: [(1, 0.8), (2, 1.0), (3, 0.8), (4, 0.5), (6, 0.3), (8, 0.3), (16, 0.15)], seed: 80) }

    static func percussive() -> [Zone] {
        tonewheel("Percussive Organ", bars: jazzDrawbars, percussion: [(6, 0.9, 0.2)], seed: 83)
    }

    static func rock() -> [Zone] { tonewheel("Rock Organ", bars: fullDrawbars, drive: 1.3, seed: 86) }

    /// Principal chorus 16' + 8' + 4' + 2' with a chiff.
    static func pipe() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            var a = 0.4 / pow(Double(h), 1.3)
            if h % 2 == 0 { a += 1.0 / pow(Double(h / 2), 1.2) }
            if h % 4 == 0 { a += 0.5 / pow(Double(h / 4), 1.3) }
            if h % 8 == 0 { a += 0.3 / pow(Double(h / 8), 1.4) }
            return a * Spectrum.rolloff(hz, corner: 5000)
        })
        s.cycles = 2; s.attackSeconds = 0.12; s.pitchRatio = 2
        s.rise = { h, _ in 0.015 + 0.002 * Double(h) }
        s.chiff = (0.6, 2800, 1.0, 0.03)
        s.noise = (0.02, 2000, 0.5)
        return Splits.zones(Splits.three) { root, hz, i in Models.sustained("Pipe Organ \(noteName(root))", hz: hz / 2, s, seed: 90 + UInt64(i)) }
    }

    /// Free-reed spectrum (harmonium, accordion, harmonica): strong low harmonics, a nasal bump.
    static func reedSpectrum(_ h: Int, _ hz: Double) -> Double {
        (h % 2 == 1 ? 1.0 : 0.6) / pow(Double(h), 0.8) * Spectrum.rolloff(hz, corner: 3500) * Spectrum.formants(hz, [(1400, 600, 1.0)], floor: 0.5)
    }

    static func reed() -> [Zone] {
        var s = Models.Sustained(spectrum: reedSpectrum)
        s.voices = [(-1, 0.3), (0, 1), (1, 0.3)]; s.cycles = 100; s.attackSeconds = 0.06
        s.noise = (0.03, 3000, 0.7)
        return Splits.zones(Splits.two) { root, hz, i in Models.sustained("Reed Organ \(noteName(root))", hz: hz, s, seed: 94 + UInt64(i)) }
    }

    /// Musette accordion: three reeds, the outer two about ±25 cents.
    static func accordion() -> [Zone] {
        var s = Models.Sustained(spectrum: reedSpectrum)
        s.voices = [(-1, 0.45), (0, 1), (1, 0.45)]; s.cycles = 70; s.attackSeconds = 0.05
        s.noise = (0.04, 2500, 0.7)
        return Splits.zones(Splits.two) { root, hz, i in Models.sustained("Accordion \(noteName(root))", hz: hz, s, seed: 97 + UInt64(i)) }
    }
}
