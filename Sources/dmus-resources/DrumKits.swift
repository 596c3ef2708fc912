/// One drum key: a one-shot wave set (one region per velocity layer) played at unity note =
/// key (plus an optional transposition), with region-level articulation whose long release
/// lets the sample play out.
struct DrumSound {
    var wave: WaveSet
    var cents = 0.0
    var gainDB = 0.0
    var release = 1.5
    /// EG1 decay (over 96 dB, sustain 0) for damped/muted variants; nil = play the sample out.
    var decay: Double? = nil
    var panPercent = 0.0
    var keyGroup = 0
    var selfNonExclusive = false
    var cutoffHz: Double? = nil
    var reverbPercent = 0.0

    init(_ wave: WaveSet, cents: Double = 0, gainDB: Double = 0, release: Double = 1.5, decay: Double? = nil,
         pan: Double = 0, keyGroup: Int = 0, nonExclusive: Bool = false) {
        self.wave = wave
        self.cents = cents
        self.gainDB = gainDB
        self.release = release
        self.decay = decay
        self.panPercent = pan
        self.keyGroup = keyGroup
        self.selfNonExclusive = nonExclusive
    }

    var articulation: ArticulationSpec {
        var a = ArticulationSpec()
        a.attack = 0
        if let decay {
            a.decay = decay
            a.sustainPercent = 0
        }
        a.release = release
        a.panPercent = panPercent
        a.reverbPercent = reverbPercent
        if let cutoffHz { a.cutoffHz = cutoffHz }
        return a
    }
}

enum DrumKits {
    /// (program, name) of the kits; all but Standard are variations of it.
    static let kits: [(program: Int, name: String)] = [
        (0, "Standard Kit"), (8, "Room Kit"), (16, "Power Kit"), (24, "Electronic Kit"), (25, "TR-808 Kit"),
        (32, "Jazz Kit"), (40, "Brush Kit"), (48, "Orchestra Kit"),
    ]

    /// Tom transpositions (cents from the mid-tom wave) by key.
    static let tomCents: [Int: Double] = [41: -900, 43: -600, 45: -300, 47: 0, 48: 200, 50: 400]
    /// Tom pans: high toms left, floor toms right (audience view).
    static let tomPan: [Int: Double] = [41: 30, 43: 20, 45: 10, 47: 0, 48: -10, 50: -20]

    static func standard(_ key: Int) -> DrumSound {
        switch key {
        case 27: return DrumSound(.woodblock, cents: 700, gainDB: -8, release: 0.5)
        case 28: return DrumSound(.clap, cents: 300, gainDB: -6, release: 0.5)
        case 29: return DrumSound(.fretNoise, cents: 0, gainDB: -8, release: 0.3)
        case 30: return DrumSound(.fretNoise, cents: 500, gainDB: -8, release: 0.3)
        case 31: return DrumSound(.claves, cents: -1000, gainDB: -8, release: 0.5)
        case 32: return DrumSound(.click, cents: 500, gainDB: -10, release: 0.3)
        case 33: return DrumSound(.click, gainDB: -8, release: 0.3)
        case 34: return DrumSound(.rideBell, cents: 300, gainDB: -10, release: 1.5)
        case 35: return DrumSound(.kick, cents: -200, release: 1.0)
        case 36: return DrumSound(.kick, release: 1.0)
        case 37: return DrumSound(.sideStick, gainDB: -5, release: 0.5)
        case 38: return DrumSound(.snare, gainDB: -1, release: 1.0)
        case 39: return DrumSound(.clap, gainDB: -3, release: 1.0, pan: -5)
        case 40: return DrumSound(.snare, cents: 250, gainDB: -1, release: 1.0)
        case 41, 43, 45, 47, 48, 50:
            return DrumSound(.tom, cents: tomCents[key]!, gainDB: -5, release: 2.0, pan: tomPan[key]!)
        case 42: return DrumSound(.closedHat, gainDB: -11, release: 0.5, pan: -25, keyGroup: 1)
        case 44: return DrumSound(.pedalHat, gainDB: -10, release: 0.5, pan: -25, keyGroup: 1)
        case 46: return DrumSound(.openHat, gainDB: -12, release: 2.0, pan: -25, keyGroup: 1)
        case 49: return DrumSound(.crash, gainDB: -7, release: 4.0, pan: -20, nonExclusive: true)
        case 51: return DrumSound(.ride, gainDB: -10, release: 4.0, pan: 25, nonExclusive: true)
        case 52: return DrumSound(.china, gainDB: -8, release: 3.0, pan: 30, nonExclusive: true)
        case 53: return DrumSound(.rideBell, gainDB: -10, release: 3.0, pan: 25, nonExclusive: true)
        case 54: return DrumSound(.tambourine, gainDB: -11, release: 1.0, pan: 15)
        case 55: return DrumSound(.crash, cents: 500, gainDB: -9, release: 1.0, decay: 1.4, pan: -30, nonExclusive: true)
        case 56: return DrumSound(.cowbell, gainDB: -10, release: 1.0, pan: 20)
        case 57: return DrumSound(.crash, cents: 150, gainDB: -7, release: 4.0, pan: 30, nonExclusive: true)
        case 58: return DrumSound(.vibraslap, gainDB: -8, release: 1.5, pan: 20)
        case 59: return DrumSound(.ride, cents: -150, gainDB: -10, release: 4.0, pan: -25, nonExclusive: true)
        case 60: return DrumSound(.bongo, gainDB: -5, release: 1.0, pan: -25)
        case 61: return DrumSound(.bongo, cents: -500, gainDB: -5, release: 1.0, pan: -25)
        case 62: return DrumSound(.conga, cents: 200, gainDB: -4, release: 0.3, decay: 0.35, pan: 20)
        case 63: return DrumSound(.conga, cents: 200, gainDB: -4, release: 1.0, pan: 20)
        case 64: return DrumSound(.conga, cents: -300, gainDB: -4, release: 1.0, pan: 20)
        case 65: return DrumSound(.timbale, gainDB: -6, release: 1.0, pan: -30)
        case 66: return DrumSound(.timbale, cents: -500, gainDB: -6, release: 1.0, pan: -30)
        // The agogo set is a looped bell: EG1 decays it.
        case 67: return DrumSound(.agogo, cents: 0, gainDB: -10, release: 0.6, decay: 2.5, pan: 30)
        case 68: return DrumSound(.agogo, cents: -500, gainDB: -10, release: 0.6, decay: 2.5, pan: 30)
        case 69: return DrumSound(.shaker, cents: -200, gainDB: -10, release: 0.5, pan: -30)
        case 70: return DrumSound(.shaker, cents: 300, gainDB: -12, release: 0.5, pan: -35)
        case 71: return DrumSound(.whistle, gainDB: -12, release: 0.2, decay: 0.5, pan: -40)
        case 72: return DrumSound(.whistle, gainDB: -12, release: 0.5, pan: -40)
        case 73: return DrumSound(.guiro, gainDB: -9, release: 0.2, decay: 0.3, pan: -35)
        case 74: return DrumSound(.guiro, gainDB: -9, release: 1.0, pan: -35)
        case 75: return DrumSound(.claves, gainDB: -9, release: 0.5, pan: 35)
        case 76: return DrumSound(.woodblock, gainDB: -8, release: 0.5, pan: 25)
        case 77: return DrumSound(.woodblock, cents: -400, gainDB: -8, release: 0.5, pan: 25)
        case 78: return DrumSound(.cuica, cents: 300, gainDB: -10, release: 0.2, decay: 0.6, pan: 10)
        case 79: return DrumSound(.cuica, gainDB: -10, release: 0.5, pan: 10)
        case 80: return DrumSound(.triangle, gainDB: -12, release: 0.2, decay: 0.25, pan: 40, keyGroup: 2)
        case 81: return DrumSound(.triangle, gainDB: -12, release: 3.0, pan: 40, keyGroup: 2)
        case 82: return DrumSound(.shaker, gainDB: -11, release: 0.5, pan: -20)
        case 83: return DrumSound(.jingleBell, gainDB: -11, release: 1.0, pan: 20)
        case 84: return DrumSound(.triangle, cents: 700, gainDB: -13, release: 2.0, pan: -20, nonExclusive: true)
        case 85: return DrumSound(.castanets, gainDB: -8, release: 0.3, pan: 15)
        case 86: return DrumSound(.surdo, gainDB: -3, release: 0.3, decay: 0.4, pan: 10)
        default: return DrumSound(.surdo, gainDB: -3, release: 2.0, pan: 10)  // 87 Open Surdo
        }
    }

    static let kickKeys: Set<Int> = [35, 36]
    static let snareKeys: Set<Int> = [38, 40]
    static let tomKeys: Set<Int> = [41, 43, 45, 47, 48, 50]
    static let hatKeys: Set<Int> = [42, 44, 46]
    static let cymbalKeys: Set<Int> = [49, 51, 52, 53, 55, 57, 59]

    /// The kit variations: cheap changes of wave, pitch, level, length and filter.
    static func sound(program: Int, key: Int) -> DrumSound {
        var s = standard(key)
        switch program {
        case 8:  // Room: a little lower and roomier
            s.reverbPercent = 20
            if tomKeys.contains(key) { s.cents -= 100; s.release = 2.5 }
            if kickKeys.contains(key) { s.release = 1.5 }
        case 16:  // Power: fat kick and snare, low toms
            s.reverbPercent = 25
            if kickKeys.contains(key) { s.cents -= 300; s.gainDB += 1 }
            if snareKeys.contains(key) { s.cents -= 100; s.gainDB += 2 }
            if tomKeys.contains(key) { s.cents -= 200; s.gainDB += 1 }
        case 24:  // Electronic
            if kickKeys.contains(key) { s.wave = .kick808; s.decay = 0.9; s.release = 0.4; s.cents += 200 }
            if snareKeys.contains(key) { s.cents += 300; s.cutoffHz = 6000 }
            if key == 40 { s.wave = .snare808; s.cents = 0 }
            if tomKeys.contains(key) { s.wave = .tom808; s.cents += 200; s.release = 1.0 }
            if hatKeys.contains(key) { s.cutoffHz = 9000 }
            if key == 39 { s.gainDB += 2 }
        case 25:  // TR-808
            if kickKeys.contains(key) { s.wave = .kick808; s.release = 3.0; s.gainDB += 1; s.cents = key == 35 ? -200 : 0 }
            if snareKeys.contains(key) { s.wave = .snare808; s.cents = key == 40 ? 200 : 0 }
            if tomKeys.contains(key) { s.wave = .tom808; s.cutoffHz = 3000 }
            if hatKeys.contains(key) { s.wave = .hat808; s.cents = 0 }
            if key == 42 || key == 44 { s.decay = 0.25; s.release = 0.1 }
            if key == 56 { s.wave = .cowbell808 }
            if cymbalKeys.contains(key) { s.cutoffHz = 9000 }
            if [62, 63, 64].contains(key) { s.cutoffHz = 2000 }
            if key == 39 { s.gainDB += 2 }
        case 32:  // Jazz: small tuned kick, lighter snare, more ride
            if kickKeys.contains(key) { s.cents += 400; s.gainDB -= 3 }
            if snareKeys.contains(key) { s.cents += 100; s.gainDB -= 2 }
            if tomKeys.contains(key) { s.cents += 200 }
            if key == 51 || key == 59 || key == 53 { s.gainDB += 2 }
            if hatKeys.contains(key) { s.cutoffHz = 10000 }
        case 40:  // Brush
            if snareKeys.contains(key) { s.wave = .brushSnare; s.cents = key == 40 ? 150 : 0; s.gainDB -= 1 }
            if kickKeys.contains(key) { s.cents += 300; s.gainDB -= 3 }
            if tomKeys.contains(key) { s.cents += 200; s.cutoffHz = 2500 }
            if cymbalKeys.contains(key) || hatKeys.contains(key) { s.cutoffHz = 6000; s.gainDB -= 2 }
        case 48:  // Orchestra: concert bass drum, concert snare, long cymbals
            s.reverbPercent = 35
            if kickKeys.contains(key) { s.cents -= key == 35 ? 900 : 700; s.release = 3.0; s.gainDB += 2 }
            if snareKeys.contains(key) { s.cents -= 200; s.gainDB -= 2 }
            if tomKeys.contains(key) { s.cents -= 300; s.release = 3.0 }
            if cymbalKeys.contains(key) { s.cents -= 300; s.release = 5.0 }
        default:
            break
        }
        return s
    }
}
