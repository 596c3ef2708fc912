#if canImport(Glibc)
import Glibc
#endif

// Strings, voices, brass, reeds, pipes and synth waves: the sustained model
// (MelodicWaves.swift). Vibrato is not in the samples: the articulations add it with the
// vibrato LFO, so it can be delayed, scaled by the mod wheel, and stays in tune.

enum Orchestra {
    /// Violin-family body resonances.
    static let body: [(center: Double, width: Double, gain: Double)] = [(280, 80, 0.8), (500, 150, 0.6), (1200, 400, 0.7), (2800, 700, 0.5)]

    static func bowedSpectrum(corner: Double) -> (Int, Double) -> Double {
        { h, hz in (1.0 / Double(h)) * Spectrum.rolloff(hz, corner: corner) * Spectrum.formants(hz, body, floor: 0.5) }
    }

    /// String section: three detuned sections (±11 cents), bow noise, upper partials late.
    static func ensemble() -> [Zone] {
        var s = Models.Sustained(spectrum: bowedSpectrum(corner: 3500))
        s.voices = [(-1, 0.45), (0, 1), (1, 0.45)]; s.cycles = 150; s.attackSeconds = 0.12
        s.rise = { h, _ in 0.02 + 0.003 * Double(h) }
        s.noise = (0.05, 3000, 0.6)
        s.chiff = (0.15, 2000, 0.8, 0.03)
        return Splits.zones([(0...47, 43), (48...71, 60), (72...127, 79)]) { root, hz, i in
            Models.sustained("Strings \(noteName(root))", hz: hz, s, seed: 300 + UInt64(i))
        }
    }

    /// Solo bowed string (violin/viola/cello/fiddle by range): one voice, sharper body
    /// formants, more bow noise and a scratchy onset.
    static func solo() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            (1.0 / pow(Double(h), 0.9)) * Spectrum.rolloff(hz, corner: 4000) * Spectrum.formants(hz, body, floor: 0.3)
        })
        s.cycles = 16; s.attackSeconds = 0.1
        s.rise = { h, _ in 0.015 + 0.002 * Double(h) }
        s.noise = (0.08, 3500, 0.7)
        s.chiff = (0.35, 2500, 1.0, 0.02)
        return Splits.zones([(0...50, 43), (51...66, 57), (67...127, 76)]) { root, hz, i in
            Models.sustained("Solo String \(noteName(root))", hz: hz, s, seed: 310 + UInt64(i))
        }
    }

    static func pizzicato() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.3; p.slope = 1.7; p.decay = 0.45; p.dampingHz = 2500; p.pickLevel = 0.15; p.pickHz = 1500
        p.body = body; p.bodyFloor = 0.5; p.attackSeconds = 0.4; p.loopSeconds = 0.1
        return Guitars.zones("Pizzicato", Splits.two, p, seed: 320)
    }

    static func harp() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.3; p.slope = 1.9; p.decay = 2.5; p.dampingHz = 2500; p.pickLevel = 0.08; p.pickHz = 1200
        p.attackSeconds = 0.7; p.loopSeconds = 0.25
        return Guitars.zones("Harp", Splits.three, p, seed: 330)
    }

    /// Timpani: a tuned membrane (principal, then partials near 1.5, 2, 2.5 of it) and a thump.
    static func timpani() -> [Zone] {
        Mallets.bars("Timpani", [(0...127, 45)], Models.Struck(partials: [(1, 1, 1.6), (1.5, 0.5, 1.1), (1.98, 0.3, 0.8), (2.44, 0.15, 0.5), (2.9, 0.08, 0.3)],
                                                               clickLevel: 0.5, clickHz: 400, attackSeconds: 0.8, loopSeconds: 0.4), seed: 340)
    }

    /// Choir "aah": three detuned voice groups through the vowel formants.
    static func choir() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            Spectrum.formants(hz, [(730, 110, 1.0), (1090, 130, 0.55), (2440, 180, 0.3), (3400, 250, 0.1)], floor: 0.03)
                / pow(Double(h), 0.5) * Spectrum.rolloff(hz, corner: 3800)
        })
        s.voices = [(-1, 0.45), (0, 1), (1, 0.45)]; s.cycles = 100; s.attackSeconds = 0.15
        s.rise = { _, _ in 0.05 }
        s.noise = (0.06, 2800, 0.8)
        return Splits.zones([(0...55, 48), (56...71, 64), (72...127, 79)]) { root, hz, i in
            Models.sustained("Choir Aah \(noteName(root))", hz: hz, s, seed: 350 + UInt64(i))
        }
    }

    /// Voices "ooh": a rounder vowel, fewer harmonics.
    static func oohs() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            Spectrum.formants(hz, [(320, 80, 1.0), (800, 120, 0.35), (2300, 200, 0.06)], floor: 0.01) / Double(h)
        })
        s.voices = [(-1, 0.45), (0, 1), (1, 0.45)]; s.cycles = 100; s.attackSeconds = 0.15; s.maxHz = 5000
        s.rise = { _, _ in 0.05 }
        s.noise = (0.04, 1500, 0.8)
        return Splits.zones(Splits.two) { root, hz, i in Models.sustained("Voice Ooh \(noteName(root))", hz: hz, s, seed: 360 + UInt64(i)) }
    }

    /// Orchestra hit: root, fifth, octave and tenth of a bright brass-and-strings tutti that
    /// dies quickly.
    static func hit() -> [Zone] {
        var partials: [(ratio: Double, amp: Double, decay: Double)] = []
        for (ratio, level) in [(1.0, 1.0), (1.5, 0.7), (2.0, 0.8), (2.52, 0.5)] {
            for h in 1...12 { partials.append((ratio * Double(h), level / pow(Double(h), 0.8), 0.35 / (1 + 0.1 * Double(h)))) }
        }
        return Mallets.bars("Orchestra Hit", [(0...127, 60)], Models.Struck(partials: partials, clickLevel: 0.6, clickHz: 2000,
                                                                             attackSeconds: 0.7, loopSeconds: 0.2), seed: 370)
    }
}

enum Winds {
    static func zones(_ name: String, _ splits: [(keys: ClosedRange<Int>, root: Int)], _ s: Models.Sustained, seed: UInt64) -> [Zone] {
        Splits.zones(splits) { root, hz, i in Models.sustained("\(name) \(noteName(root))", hz: hz, s, seed: seed + UInt64(i)) }
    }

    /// Brass: a bright spectrum whose upper partials arrive late (the "blat" comes from EG2
    /// on the filter), a lip buzz onset.
    static func brass(formant: Double, width: Double, slope: Double, corner: Double) -> Models.Sustained {
        var s = Models.Sustained(spectrum: { h, hz in
            (1.0 / pow(Double(h), slope)) * Spectrum.rolloff(hz, corner: corner) * Spectrum.formants(hz, [(formant, width, 1.2)], floor: 0.4)
        })
        s.cycles = 8; s.attackSeconds = 0.15
        s.rise = { h, _ in 0.01 + 0.006 * Double(h) }
        s.noise = (0.015, 1500, 0.7)
        s.chiff = (0.2, 800, 1.0, 0.015)
        return s
    }

    static func trumpet() -> [Zone] { zones("Trumpet", [(0...59, 55), (60...71, 67), (72...127, 79)], brass(formant: 1300, width: 600, slope: 0.45, corner: 3500), seed: 400) }
    static func trombone() -> [Zone] { zones("Trombone", [(0...46, 40), (47...127, 53)], brass(formant: 600, width: 300, slope: 0.6, corner: 2000), seed: 410) }
    static func horn() -> [Zone] { zones("French Horn", [(0...52, 45), (53...127, 60)], brass(formant: 400, width: 200, slope: 1.0, corner: 900), seed: 420) }

    static func muted() -> [Zone] {
        var s = brass(formant: 1800, width: 400, slope: 0.4, corner: 4500)
        s.spectrum = { h, hz in
            Spectrum.highPass(hz, corner: 700) * Spectrum.rolloff(hz, corner: 4500) * Spectrum.formants(hz, [(1800, 400, 1.5), (3500, 600, 0.5)], floor: 0.1)
                / pow(Double(h), 0.3)
        }
        return zones("Muted Trumpet", [(0...65, 62), (66...127, 74)], s, seed: 430)
    }

    /// Saxophone: conical bore (all harmonics), a strong mid formant, breath.
    static func sax() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            (1.0 / pow(Double(h), 0.7)) * Spectrum.rolloff(hz, corner: 3000) * Spectrum.formants(hz, [(500, 200, 0.6), (1500, 500, 0.9), (2700, 600, 0.3)], floor: 0.25)
        })
        s.cycles = 8; s.attackSeconds = 0.08
        s.rise = { h, _ in 0.01 + 0.003 * Double(h) }
        s.noise = (0.06, 2500, 0.6)
        s.chiff = (0.3, 1500, 1.0, 0.01)
        return zones("Sax", [(0...52, 46), (53...66, 60), (67...127, 72)], s, seed: 440)
    }

    /// Double reed (oboe, English horn, bassoon, shanai): weak fundamental, strong 2nd–4th
    /// harmonics, a nasal formant.
    static func doubleReed() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            (h == 1 ? 0.45 : 1.0) / pow(Double(h), 0.6) * Spectrum.rolloff(hz, corner: 3500)
                * Spectrum.formants(hz, [(1200, 350, 1.2), (2800, 700, 0.4)], floor: 0.2)
        })
        s.cycles = 8; s.attackSeconds = 0.06
        s.rise = { h, _ in 0.008 + 0.002 * Double(h) }
        s.noise = (0.04, 2000, 0.8)
        s.chiff = (0.25, 2500, 1.0, 0.01)
        return zones("Double Reed", [(0...57, 48), (58...127, 70)], s, seed: 450)
    }

    /// Clarinet: cylindrical bore (odd harmonics) up to about 1.8 kHz, all above.
    static func clarinet() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            (h % 2 == 1 || hz > 1800 ? 1.0 : 0.08) / Double(h) * Spectrum.rolloff(hz, corner: 3000)
        })
        s.cycles = 8; s.attackSeconds = 0.06
        s.rise = { h, _ in 0.01 + 0.002 * Double(h) }
        s.noise = (0.03, 2500, 0.7)
        s.chiff = (0.2, 2000, 1.0, 0.01)
        return zones("Clarinet", [(0...59, 52), (60...127, 72)], s, seed: 460)
    }

    static func flute() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, _ in [1.0, 0.25, 0.12, 0.05, 0.03, 0.015][min(h - 1, 5)] })
        s.cycles = 16; s.attackSeconds = 0.12; s.maxHz = 8000
        s.rise = { h, _ in 0.02 + 0.01 * Double(h) }
        s.noise = (0.12, 2600, 0.6)
        s.chiff = (0.6, 3500, 1.0, 0.025)
        return zones("Flute", [(0...67, 62), (68...79, 74), (80...127, 86)], s, seed: 470)
    }

    static func panFlute() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, _ in [1.0, 0.1, 0.08, 0.02][min(h - 1, 3)] })
        s.cycles = 16; s.attackSeconds = 0.15; s.maxHz = 6000
        s.rise = { _, _ in 0.03 }
        s.noise = (0.3, 1800, 1.2)
        s.chiff = (1.0, 2500, 1.5, 0.04)
        return zones("Pan Flute", Splits.high, s, seed: 480)
    }

    static func bottle() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, _ in h == 1 ? 1 : h == 2 ? 0.05 : 0 })
        s.cycles = 16; s.attackSeconds = 0.15; s.maxHz = 3000
        s.rise = { _, _ in 0.04 }
        s.noise = (0.35, 1200, 2.0)
        s.chiff = (0.8, 1000, 1.5, 0.05)
        return zones("Blown Bottle", Splits.one, s, seed: 490)
    }

    static func ocarina() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, _ in h == 1 ? 1 : h == 2 ? 0.04 : h == 3 ? 0.07 : 0 })
        s.cycles = 16; s.attackSeconds = 0.08; s.maxHz = 6000
        s.rise = { _, _ in 0.015 }
        s.noise = (0.05, 2500, 1.0)
        s.chiff = (0.3, 3000, 1.0, 0.015)
        return zones("Ocarina", [(0...127, 72)], s, seed: 495)
    }
}

enum Synths {
    static func saw() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in Spectrum.rolloff(hz, corner: 8000, order: 4) / Double(h) })
        s.cycles = 4; s.attackSeconds = 0.01; s.maxHz = 10_000
        return Winds.zones("Saw", Splits.four, s, seed: 500)
    }

    static func square() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in h % 2 == 1 ? Spectrum.rolloff(hz, corner: 8000, order: 4) / Double(h) : 0 })
        s.cycles = 4; s.attackSeconds = 0.01; s.maxHz = 10_000
        return Winds.zones("Square", Splits.four, s, seed: 510)
    }

    /// Five detuned saws (±17 and ±35 cents): polysynth and pads.
    static func supersaw() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in Spectrum.rolloff(hz, corner: 6000, order: 3) / Double(h) })
        s.voices = [(-2, 0.18), (-1, 0.3), (0, 1), (1, 0.3), (2, 0.18)]; s.cycles = 100; s.attackSeconds = 0.02
        return Winds.zones("Supersaw", [(0...47, 43), (48...71, 60), (72...127, 79)], s, seed: 520)
    }

    /// Warm pad: five detuned voices between triangle and saw, dark (same splits and loop
    /// as the supersaw, so the two layer without drifting apart).
    static func warmPad() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in (0.6 / Double(h * h) + 0.4 / Double(h)) * Spectrum.rolloff(hz, corner: 1500) })
        s.voices = [(-2, 0.15), (-1, 0.3), (0, 1), (1, 0.3), (2, 0.15)]; s.cycles = 100; s.attackSeconds = 0.02; s.maxHz = 7000
        return Winds.zones("Warm Pad", [(0...47, 43), (48...71, 60), (72...127, 79)], s, seed: 530)
    }

    /// Synth voice: a buzzy source through an "ooh-aah" formant pair, lightly detuned.
    static func voice() -> [Zone] {
        var s = Models.Sustained(spectrum: { h, hz in
            Spectrum.formants(hz, [(500, 120, 1.0), (1000, 150, 0.5), (2500, 300, 0.2)], floor: 0.05) / pow(Double(h), 0.3)
                * Spectrum.rolloff(hz, corner: 4000)
        })
        s.voices = [(-1, 0.4), (0, 1), (1, 0.4)]; s.cycles = 100; s.attackSeconds = 0.05
        return Winds.zones("Synth Voice", Splits.two, s, seed: 540)
    }
}
