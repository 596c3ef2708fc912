#if canImport(Glibc)
import Glibc
#endif

// Guitars, basses and plucked ethnic strings: the pluck model (MelodicWaves.swift) with a
// pluck point, pickup comb, body resonances and drive per instrument.

enum Guitars {
    static func zones(_ name: String, _ splits: [(keys: ClosedRange<Int>, root: Int)], _ p: Models.Pluck, seed: UInt64) -> [Zone] {
        Splits.zones(splits) { root, hz, i in Models.pluck("\(name) \(noteName(root))", hz: hz, p, seed: seed + UInt64(i)) }
    }

    /// Guitar key splits: low E to B2, C3 to B4, C5 up.
    static let splits: [(keys: ClosedRange<Int>, root: Int)] = [(0...47, 43), (48...59, 55), (60...127, 67)]

    static func nylon() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.18; p.slope = 1.7; p.decay = 1.6; p.dampingHz = 2200; p.pickLevel = 0.12; p.pickHz = 1500
        p.body = [(100, 40, 1.2), (220, 80, 0.8), (450, 160, 0.4)]; p.bodyFloor = 0.6
        p.attackSeconds = 0.7; p.loopSeconds = 0.25
        return zones("Nylon Guitar", splits, p, seed: 100)
    }

    static func steel() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.13; p.slope = 1.3; p.decay = 1.8; p.dampingHz = 4500; p.pickLevel = 0.3; p.pickHz = 3500
        p.body = [(110, 40, 1.0), (240, 90, 0.6), (2500, 1200, 0.3)]; p.bodyFloor = 0.7
        p.unison = 0.3; p.attackSeconds = 0.7; p.loopSeconds = 0.25
        return zones("Steel Guitar", splits, p, seed: 110)
    }

    static func jazz() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.25; p.pickup = 0.3; p.slope = 1.6; p.decay = 2.0; p.dampingHz = 1800; p.pickLevel = 0.1; p.pickHz = 1200
        p.attackSeconds = 0.6; p.loopSeconds = 0.2
        return zones("Jazz Guitar", [(0...54, 48), (55...127, 64)], p, seed: 120)
    }

    static func clean() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.15; p.pickup = 0.11; p.slope = 1.2; p.decay = 2.0; p.dampingHz = 5000; p.pickLevel = 0.25; p.pickHz = 3000
        p.attackSeconds = 0.6; p.loopSeconds = 0.2
        return zones("Clean Guitar", splits, p, seed: 130)
    }

    /// Overdriven: the clean string into soft clipping, so the loop keeps its sustain.
    static func overdrive() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.14; p.pickup = 0.1; p.slope = 1.3; p.decay = 2.5; p.dampingHz = 3500; p.pickLevel = 0.2; p.pickHz = 2500
        p.drive = 2.5; p.attackSeconds = 0.4; p.loopSeconds = 0.1
        return zones("Overdrive Guitar", [(0...54, 45), (55...127, 64)], p, seed: 140)
    }

    static func distortion() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.12; p.pickup = 0.09; p.slope = 1.2; p.decay = 3.0; p.dampingHz = 3000; p.pickLevel = 0.2; p.pickHz = 2500
        p.drive = 6; p.attackSeconds = 0.35; p.loopSeconds = 0.1
        return zones("Distortion Guitar", [(0...54, 45), (55...127, 64)], p, seed: 150)
    }

    /// Harmonics: the string touched at its middle (the octave and its multiples ring).
    static func harmonics() -> [Zone] {
        Mallets.bars("Guitar Harmonic", Splits.two, Models.Struck(partials: [(1, 1, 1.6), (2, 0.18, 0.8), (3, 0.1, 0.4), (4, 0.04, 0.2)],
                                                                  clickLevel: 0.05, clickHz: 2000, attackSeconds: 0.6, loopSeconds: 0.2), seed: 160)
    }
}

enum Basses {
    static func zones(_ name: String, _ p: Models.Pluck, seed: UInt64) -> [Zone] {
        // Basses keep little above 7 kHz: 16 kHz samples.
        Splits.zones(Splits.bass) { root, hz, i in Models.pluck("\(name) \(noteName(root))", hz: hz, p, seed: seed + UInt64(i), rate: 16_000) }
    }

    static func upright() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.25; p.slope = 1.8; p.decay = 1.2; p.dampingHz = 900; p.pickLevel = 0.2; p.pickHz = 700
        p.body = [(90, 40, 1.0), (200, 80, 0.5)]; p.bodyFloor = 0.7; p.maxHz = 5000
        p.attackSeconds = 0.5; p.loopSeconds = 0.2
        return zones("Upright Bass", p, seed: 170)
    }

    static func finger() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.2; p.pickup = 0.2; p.slope = 1.5; p.decay = 1.8; p.dampingHz = 1500; p.pickLevel = 0.12; p.pickHz = 1200
        p.maxHz = 6000; p.attackSeconds = 0.5; p.loopSeconds = 0.2
        return zones("Finger Bass", p, seed: 175)
    }

    static func pick() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.1; p.pickup = 0.12; p.slope = 1.1; p.decay = 1.6; p.dampingHz = 3000; p.pickLevel = 0.45; p.pickHz = 3000
        p.maxHz = 8000; p.attackSeconds = 0.5; p.loopSeconds = 0.2
        return zones("Pick Bass", p, seed: 180)
    }

    static func fretless() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.3; p.pickup = 0.25; p.slope = 1.9; p.decay = 2.2; p.dampingHz = 1000; p.pickLevel = 0.05; p.pickHz = 800
        p.maxHz = 5000; p.attackSeconds = 0.5; p.loopSeconds = 0.2
        return zones("Fretless Bass", p, seed: 185)
    }

    /// Slap: the thumb strikes near the end (bright, hard, a popping transient), a little drive.
    static func slap() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.07; p.pickup = 0.1; p.slope = 0.9; p.decay = 1.0; p.dampingHz = 2500; p.pickLevel = 0.9; p.pickHz = 4000
        p.drive = 0.8; p.maxHz = 9000; p.attackSeconds = 0.45; p.loopSeconds = 0.2
        return zones("Slap Bass", p, seed: 190)
    }
}

enum Ethnic {
    /// Sitar: a bridge that makes the string buzz (a bright, slowly decaying top with a
    /// strong formant) over a sympathetic shimmer.
    static func sitar() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.06; p.slope = 0.8; p.decay = 2.2; p.dampingHz = 7000; p.pickLevel = 0.25; p.pickHz = 3000
        p.body = [(2600, 900, 2.0), (800, 300, 0.6)]; p.bodyFloor = 0.5; p.unison = 0.5; p.drive = 0.5
        p.attackSeconds = 0.7; p.loopSeconds = 0.3
        return Guitars.zones("Sitar", Splits.two, p, seed: 200)
    }

    static func banjo() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.1; p.slope = 1.0; p.decay = 0.7; p.dampingHz = 6000; p.pickLevel = 0.4; p.pickHz = 3500
        p.body = [(400, 200, 2.0), (1500, 500, 1.0)]; p.bodyFloor = 0.5; p.attackSeconds = 0.45; p.loopSeconds = 0.15
        return Guitars.zones("Banjo", Splits.two, p, seed: 205)
    }

    static func shamisen() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.08; p.slope = 0.9; p.decay = 0.8; p.dampingHz = 5000; p.pickLevel = 0.6; p.pickHz = 2000
        p.body = [(700, 300, 1.5)]; p.bodyFloor = 0.6; p.attackSeconds = 0.45; p.loopSeconds = 0.15
        return Guitars.zones("Shamisen", Splits.one, p, seed: 210)
    }

    static func koto() -> [Zone] {
        var p = Models.Pluck()
        p.position = 0.15; p.slope = 1.3; p.decay = 1.8; p.dampingHz = 4000; p.pickLevel = 0.3; p.pickHz = 2500
        p.body = [(300, 100, 1.0)]; p.bodyFloor = 0.7; p.attackSeconds = 0.6; p.loopSeconds = 0.2
        return Guitars.zones("Koto", Splits.two, p, seed: 215)
    }

    static func kalimba() -> [Zone] {
        Mallets.bars("Kalimba", Splits.two, Models.Struck(partials: [(1, 1, 0.9), (5.9, 0.25, 0.08), (12.7, 0.06, 0.02)],
                                                          clickLevel: 0.15, clickHz: 2500, attackSeconds: 0.5, loopSeconds: 0.2), seed: 220)
    }

    /// Steel drum: fundamental, octave and twelfth tuned into each note, slightly stretched.
    static func steelDrum() -> [Zone] {
        Mallets.bars("Steel Drum", Splits.two, Models.Struck(partials: [(1, 1, 0.9), (2, 0.7, 0.6), (3.01, 0.35, 0.35), (4.02, 0.15, 0.2), (5.1, 0.08, 0.1)],
                                                             clickLevel: 0.1, clickHz: 1800, attackSeconds: 0.55, loopSeconds: 0.2), seed: 225)
    }

    static func agogo() -> [Zone] {
        Mallets.bars("Agogo", [(0...127, 72)], Models.Struck(partials: [(1, 1, 0.5), (2.32, 0.5, 0.3), (4.1, 0.3, 0.15), (6.3, 0.1, 0.06)],
                                                             clickLevel: 0.3, clickHz: 4000, attackSeconds: 0.5, loopSeconds: 0.15), seed: 230)
    }

    /// Taiko: a big, low, slightly sweeping membrane with a stick slap (one-shot).
    static func taiko() -> [Zone] {
        let r = lowDrumRate, n = Int(0.9 * Double(r))
        let body = DrumWaves.sweptSine(count: n, rate: r, startHz: 110, endHz: 82, sweepTau: 0.06, decayTau: 0.35, harmonic2: 0.25)
        let slap = noiseBurst(seconds: 0.05, rate: r, seed: 235, center: 900, q: 0.8, tau: 0.01)
        var out = DrumWaves.mix(body, DrumWaves.scaled(slap, 0.6))
        fadeIn(&out, samples: 4)
        fadeOutTail(&out, samples: Int(0.1 * Double(r)))
        return [Zone(keys: 0...127, wave: .oneShot("Taiko", rate: r, samples: out, pitchHz: 82))]
    }
}
