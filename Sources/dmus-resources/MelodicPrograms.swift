/// One layer of a melodic instrument: a wave set (one region per zone) over a key range,
/// optionally transposed or detuned (in cents), with its own level and (rarely) its own
/// articulation.
struct Layer {
    var set: WaveSet
    var keyLow = 0
    var keyHigh = 127
    var cents = 0.0
    var gainDB = 0.0
    /// Pitch of the wave when it is not the wave's own unity note (drum waves used melodically).
    var pitchHz: Double? = nil
    /// Region-level articulation (replaces the instrument's for this layer's regions, DLS2 rule).
    var articulation: ArticulationSpec? = nil

    init(_ set: WaveSet, keys: ClosedRange<Int> = 0...127, cents: Double = 0, gainDB: Double = 0, pitchHz: Double? = nil,
         articulation: ArticulationSpec? = nil) {
        self.set = set
        self.keyLow = keys.lowerBound
        self.keyHigh = keys.upperBound
        self.cents = cents
        self.gainDB = gainDB
        self.pitchHz = pitchHz
        self.articulation = articulation
    }
}

/// How one GM program is built. The bank builder adds a level trim so every program comes
/// out about equally loud (Preview.swift).
struct Voicing {
    var layers: [Layer]
    var art: ArticulationSpec
}

enum MelodicPrograms {
    /// A set in tune with two quieter copies detuned ± cents/2 around it (honky-tonk, doubled
    /// leads): the sides together stay under the centre, so the pitch stays the centre's.
    static func detuned(_ a: WaveSet, cents: Double) -> [Layer] {
        [Layer(a), Layer(a, cents: -cents / 2, gainDB: -8), Layer(a, cents: cents / 2, gainDB: -8)]
    }

    /// Two sets in unison (−3 dB each).
    static func pair(_ a: WaveSet, _ b: WaveSet) -> [Layer] { [Layer(a, gainDB: -3), Layer(b, gainDB: -3)] }

    static func v(_ sets: WaveSet..., art: ArticulationSpec) -> Voicing { Voicing(layers: sets.map { Layer($0) }, art: art) }

    // Articulation families (what the brief calls "fitting the family").

    static func keyboard(decay: Double, release: Double = 0.35) -> ArticulationSpec {
        var a = ArticulationSpec()
        a.decay = decay
        a.sustainPercent = 0
        a.release = release
        a.decayTimecentsPerOctave = -500
        a.modWheelVibratoCents = 50
        return a
    }

    static func plucked(decay: Double, release: Double = 0.25, cutoff: Double? = nil) -> ArticulationSpec {
        var a = keyboard(decay: decay, release: release)
        a.decayTimecentsPerOctave = -400
        if let cutoff {
            a.cutoffHz = cutoff
            a.cutoffKeyTracking = 0.5
            a.velocityToCutoffCents = -1200
        }
        return a
    }

    static func sustained(attack: Double = 0.01, release: Double = 0.2, cutoff: Double? = nil, vibrato: Double = 0) -> ArticulationSpec {
        var a = ArticulationSpec()
        a.attack = attack
        a.sustainPercent = 100
        a.release = release
        a.modWheelVibratoCents = 50
        a.vibratoCents = vibrato
        if let cutoff {
            a.cutoffHz = cutoff
            a.cutoffKeyTracking = 0.5
        }
        return a
    }

    static func organ(release: Double = 0.05) -> ArticulationSpec {
        sustained(attack: 0.005, release: release)
    }

    static func bowed(attack: Double, release: Double = 0.5, cutoff: Double = 6000, vibrato: Double = 0) -> ArticulationSpec {
        var a = sustained(attack: attack, release: release, cutoff: cutoff, vibrato: vibrato)
        a.velocityToCutoffCents = -1200
        a.velocityToAttackTimecents = -600
        return a
    }

    static func blown(cutoff: Double, q: Double = 0, vibrato: Double = 10, attack: Double = 0.03) -> ArticulationSpec {
        var a = sustained(attack: attack, release: 0.12, cutoff: cutoff, vibrato: vibrato)
        a.resonanceDB = q
        a.velocityToCutoffCents = -1500
        a.vibratoDelay = 0.55
        return a
    }

    /// Brass: the filter opens with EG2 (the "blat" of the attack) and closes a little.
    static func brassy(cutoff: Double, sweep: Double, attack: Double = 0.02, release: Double = 0.15) -> ArticulationSpec {
        var a = sustained(attack: attack, release: release, cutoff: cutoff, vibrato: 0)
        a.vibratoCents = 8
        a.vibratoDelay = 0.6
        a.velocityToCutoffCents = -1800
        a.eg2Attack = max(0.02, attack * 1.5)
        a.eg2Decay = 0.6
        a.eg2SustainPercent = 55
        a.eg2Release = release
        a.eg2ToCutoffCents = sweep
        return a
    }

    static func synthFilter(cutoff: Double, q: Double, sweep: Double, eg2Decay: Double, release: Double = 0.1) -> ArticulationSpec {
        var a = sustained(attack: 0.003, release: release, cutoff: cutoff)
        a.resonanceDB = q
        a.velocityToCutoffCents = -1200
        a.eg2Decay = eg2Decay
        a.eg2SustainPercent = 0
        a.eg2Release = release
        a.eg2ToCutoffCents = sweep
        return a
    }

    static func pad(attack: Double, release: Double, cutoff: Double? = nil) -> ArticulationSpec {
        sustained(attack: attack, release: release, cutoff: cutoff)
    }

    static func struck(decay: Double, release: Double) -> ArticulationSpec {
        var a = keyboard(decay: decay, release: release)
        a.decayTimecentsPerOctave = -300
        return a
    }


    // Pitches of drum waves when they are played melodically.
    static let tomHz = 140.0
    static let woodblockHz = 1050.0

    static func voicing(program: Int) -> Voicing {
        switch program {
        // Piano: three zones × soft/loud layers; the filter follows velocity and key.
        case 0:
            var a = keyboard(decay: 14)
            a.cutoffHz = 9000; a.cutoffKeyTracking = 0.3; a.velocityToCutoffCents = -2400
            return v(.piano, art: a)
        case 1:
            var a = keyboard(decay: 12)
            a.cutoffHz = 12000; a.velocityToCutoffCents = -1200
            return Voicing(layers: [Layer(.piano), Layer(.harpsichord, gainDB: -14)], art: a)
        case 2:
            let a = keyboard(decay: 10)
            return Voicing(layers: [Layer(.piano, gainDB: -1), Layer(.tineEP, gainDB: -7)], art: a)
        case 3:
            let a = keyboard(decay: 10)
            return Voicing(layers: detuned(.piano, cents: 24), art: a)
        case 4:
            var a = keyboard(decay: 9, release: 0.3)
            a.decayTimecentsPerOctave = -400
            a.tremoloDB = 1.0; a.lfoHz = 4.5
            return v(.tineEP, art: a)
        case 5:
            let a = keyboard(decay: 8, release: 0.3)
            return v(.fmEP, art: a)
        case 6: return v(.harpsichord, art: plucked(decay: 7, release: 0.15))
        case 7:
            var a = plucked(decay: 4, release: 0.08, cutoff: 3500)
            a.resonanceDB = 6
            return v(.clavinet, art: a)

        // Chromatic percussion: struck bars and bells, one-shots into short loops.
        case 8: return v(.celesta, art: struck(decay: 5, release: 0.5))
        case 9: return v(.glockenspiel, art: struck(decay: 7, release: 0.8))
        case 10:
            let a = struck(decay: 5, release: 0.6)
            return v(.musicBox, art: a)
        case 11:
            var a = struck(decay: 12, release: 0.6)
            a.tremoloDB = 3; a.lfoHz = 5.5
            return v(.vibraphone, art: a)
        case 12: return v(.marimba, art: struck(decay: 3, release: 0.2))
        case 13: return v(.xylophone, art: struck(decay: 2, release: 0.1))
        case 14: return v(.tubularBell, art: struck(decay: 14, release: 1.5))
        case 15:
            let a = plucked(decay: 6, release: 0.5)
            return Voicing(layers: detuned(.steel, cents: 12), art: a)

        // Organ: tonewheel loops (key click in the attack), pipes, free reeds.
        case 16: return v(.drawbar, art: organ())
        case 17: return v(.percussiveOrgan, art: organ())
        case 18:
            var a = organ()
            a.vibratoCents = 12; a.vibratoHz = 6.5; a.vibratoDelay = 0.55
            a.tremoloDB = 2; a.lfoHz = 6.5
            return v(.rockOrgan, art: a)
        case 19:
            var a = organ(release: 0.6)
            a.attack = 0.05
            return v(.pipeOrgan, art: a)
        case 20: return v(.reedOrgan, art: blown(cutoff: 3500, vibrato: 0, attack: 0.05))
        case 21:
            var a = blown(cutoff: 5000, vibrato: 0, attack: 0.03)
            a.tremoloDB = 0.8; a.lfoHz = 5
            return v(.accordion, art: a)
        case 22:
            var a = blown(cutoff: 3000, q: 4, vibrato: 14, attack: 0.04)
            a.vibratoHz = 5.5
            return Voicing(layers: [Layer(.reedOrgan), Layer(.breath, gainDB: -20)], art: a)
        case 23: return v(.accordion, art: blown(cutoff: 2500, q: 2, vibrato: 0, attack: 0.03))

        // Guitar: three-zone plucks; electric ones through pickups and drive.
        case 24: return v(.nylon, art: plucked(decay: 8, cutoff: 7000))
        case 25: return v(.steel, art: plucked(decay: 9, release: 0.3))
        case 26: return v(.jazzGuitar, art: plucked(decay: 9, release: 0.2, cutoff: 3000))
        case 27:
            let a = plucked(decay: 9, release: 0.2, cutoff: 7000)
            return v(.cleanGuitar, art: a)
        case 28: return v(.cleanGuitar, art: plucked(decay: 0.9, release: 0.06, cutoff: 2200))
        case 29:
            var a = sustained(attack: 0.002, release: 0.12, cutoff: 4000)
            a.decay = 5; a.sustainPercent = 80; a.resonanceDB = 3; a.velocityToCutoffCents = -1200
            a.modWheelVibratoCents = 40
            return v(.overdrive, art: a)
        case 30:
            var a = sustained(attack: 0.002, release: 0.12, cutoff: 3500)
            a.decay = 6; a.sustainPercent = 85; a.resonanceDB = 4; a.velocityToCutoffCents = -1200
            return v(.distortion, art: a)
        case 31: return v(.harmonics, art: struck(decay: 8, release: 0.4))

        // Bass: two-zone plucks; synth basses with an EG2 filter sweep.
        case 32: return v(.uprightBass, art: plucked(decay: 5, release: 0.15, cutoff: 2500))
        case 33: return v(.fingerBass, art: plucked(decay: 8, release: 0.1, cutoff: 3000))
        case 34: return v(.pickBass, art: plucked(decay: 7, release: 0.08))
        case 35:
            var a = plucked(decay: 10, release: 0.12, cutoff: 2000)
            a.vibratoCents = 8; a.vibratoDelay = 0.55
            return v(.fretless, art: a)
        case 36: return v(.slapBass, art: plucked(decay: 5, release: 0.1))
        case 37:
            var a = plucked(decay: 4, release: 0.08, cutoff: 2500)
            a.resonanceDB = 6; a.eg2Decay = 0.25; a.eg2SustainPercent = 0; a.eg2ToCutoffCents = 2400
            return v(.slapBass, art: a)
        case 38:
            var a = synthFilter(cutoff: 400, q: 9, sweep: 3600, eg2Decay: 0.22)
            a.decay = 4; a.sustainPercent = 85
            return v(.saw, art: a)
        case 39:
            var a = synthFilter(cutoff: 600, q: 5, sweep: 2400, eg2Decay: 0.3)
            a.decay = 4; a.sustainPercent = 85
            return v(.square, art: a)

        // Strings: solo bowed (three zones) and sections, vibrato from the vibrato LFO.
        case 40: return v(.soloString, art: bowed(attack: 0.06, release: 0.3, cutoff: 8000, vibrato: 16))
        case 41: return v(.soloString, art: bowed(attack: 0.07, release: 0.3, cutoff: 5000, vibrato: 14))
        case 42: return v(.soloString, art: bowed(attack: 0.08, release: 0.35, cutoff: 3500, vibrato: 12))
        case 43: return v(.soloString, art: bowed(attack: 0.1, release: 0.4, cutoff: 2200, vibrato: 10))
        case 44:
            var a = bowed(attack: 0.08, release: 0.4, cutoff: 6000)
            a.tremoloDB = 8; a.lfoHz = 7.5
            return v(.stringEnsemble, art: a)
        case 45: return v(.pizzicato, art: plucked(decay: 2, release: 0.15, cutoff: 4000))
        case 46: return v(.harp, art: plucked(decay: 9, release: 0.8))
        case 47: return v(.timpani, art: struck(decay: 6, release: 1.0))

        // Ensemble
        case 48: return v(.stringEnsemble, art: bowed(attack: 0.12, release: 0.5, cutoff: 7000, vibrato: 6))
        case 49: return v(.stringEnsemble, art: bowed(attack: 0.35, release: 0.7, cutoff: 4000, vibrato: 4))
        case 50:
            var a = synthFilter(cutoff: 1500, q: 3, sweep: 1800, eg2Decay: 1.5, release: 0.5)
            a.attack = 0.08; a.eg2Attack = 0.3; a.eg2SustainPercent = 40
            return v(.supersaw, art: a)
        case 51: return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.supersaw, gainDB: -6)], art: pad(attack: 0.25, release: 0.8, cutoff: 3000))
        case 52:
            var a = pad(attack: 0.2, release: 0.6)
            a.vibratoCents = 10; a.vibratoDelay = 0.55; a.vibratoHz = 5
            return v(.choir, art: a)
        case 53:
            var a = pad(attack: 0.15, release: 0.5, cutoff: 4000)
            a.vibratoCents = 8; a.vibratoDelay = 0.55; a.vibratoHz = 5
            return v(.oohs, art: a)
        case 54:
            var a = pad(attack: 0.08, release: 0.5, cutoff: 3000)
            a.resonanceDB = 4; a.vibratoCents = 6
            return v(.synthVoice, art: a)
        case 55: return v(.orchestraHit, art: struck(decay: 1.5, release: 0.3))

        // Brass: EG2 opens the filter at the attack ("blat"), delayed vibrato.
        case 56: return v(.trumpet, art: brassy(cutoff: 1800, sweep: 2000))
        case 57: return v(.trombone, art: brassy(cutoff: 1200, sweep: 1800, release: 0.18))
        case 58:
            var a = brassy(cutoff: 500, sweep: 1200, attack: 0.03, release: 0.18)
            a.vibratoCents = 0
            return Voicing(layers: [Layer(.trombone, cents: 0)], art: a)
        case 59:
            var a = brassy(cutoff: 2500, sweep: 1200)
            a.resonanceDB = 6
            return v(.mutedTrumpet, art: a)
        case 60: return v(.frenchHorn, art: brassy(cutoff: 900, sweep: 900, attack: 0.05, release: 0.3))
        case 61:
            let a = brassy(cutoff: 1800, sweep: 1800)
            return Voicing(layers: pair(.trumpet, .trombone), art: a)
        case 62:
            var a = synthFilter(cutoff: 700, q: 4, sweep: 3000, eg2Decay: 0.6, release: 0.2)
            a.eg2Attack = 0.06; a.eg2SustainPercent = 40
            return v(.saw, art: a)
        case 63:
            var a = synthFilter(cutoff: 900, q: 3, sweep: 2400, eg2Decay: 1.0, release: 0.25)
            a.eg2Attack = 0.15; a.eg2SustainPercent = 50; a.attack = 0.03
            return v(.supersaw, art: a)

        // Reed: breathy loops with delayed vibrato; the filter sets the register's colour.
        case 64: return v(.sax, art: blown(cutoff: 6000, vibrato: 12))
        case 65: return v(.sax, art: blown(cutoff: 4000, vibrato: 12))
        case 66: return v(.sax, art: blown(cutoff: 2800, vibrato: 12))
        case 67: return v(.sax, art: blown(cutoff: 1800, vibrato: 10))
        case 68: return v(.doubleReed, art: blown(cutoff: 5000, q: 3, vibrato: 10))
        case 69: return v(.doubleReed, art: blown(cutoff: 3000, q: 3, vibrato: 8))
        case 70: return v(.doubleReed, art: blown(cutoff: 1600, q: 2, vibrato: 6))
        case 71: return v(.clarinet, art: blown(cutoff: 4000, vibrato: 0))

        // Pipe: breath noise on the loop, a chiff at the onset.
        case 72: return v(.flute, art: blown(cutoff: 10000, vibrato: 12, attack: 0.02))
        case 73: return v(.flute, art: blown(cutoff: 7000, vibrato: 14, attack: 0.04))
        case 74: return v(.flute, art: blown(cutoff: 2500, vibrato: 0, attack: 0.02))
        case 75: return v(.panFlute, art: blown(cutoff: 5000, vibrato: 8, attack: 0.03))
        case 76: return v(.bottle, art: blown(cutoff: 3000, vibrato: 0, attack: 0.08))
        case 77:
            var a = blown(cutoff: 4000, vibrato: 22, attack: 0.06)
            a.vibratoHz = 4.5; a.tremoloDB = 1.5; a.lfoHz = 4.5
            return Voicing(layers: [Layer(.panFlute), Layer(.breath, gainDB: -14)], art: a)
        case 78: return v(.ocarina, art: blown(cutoff: 8000, vibrato: 10, attack: 0.02))
        case 79: return v(.ocarina, art: blown(cutoff: 2500, vibrato: 6, attack: 0.03))

        // Synth lead: band-limited waves in four zones, filter on velocity.
        case 80:
            var a = sustained(attack: 0.003, release: 0.1, cutoff: 5000)
            a.velocityToCutoffCents = -1200
            return v(.square, art: a)
        case 81:
            var a = sustained(attack: 0.003, release: 0.1, cutoff: 6000)
            a.velocityToCutoffCents = -1200
            return Voicing(layers: detuned(.saw, cents: 14), art: a)
        case 82: return Voicing(layers: [Layer(.flute), Layer(.square, gainDB: -10)], art: blown(cutoff: 5000, vibrato: 10, attack: 0.02))
        case 83:
            var a = synthFilter(cutoff: 1500, q: 2, sweep: 2400, eg2Decay: 0.2)
            a.sustainPercent = 100
            return Voicing(layers: [Layer(.square), Layer(.panFlute, gainDB: -8)], art: a)
        case 84:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 3000)
            a.resonanceDB = 8
            return Voicing(layers: [Layer(.distortion, gainDB: -3), Layer(.saw, gainDB: -6)], art: a)
        case 85: return Voicing(layers: [Layer(.synthVoice), Layer(.saw, gainDB: -12)], art: blown(cutoff: 4000, vibrato: 10))
        case 86:
            let a = sustained(attack: 0.003, release: 0.12, cutoff: 4000)
            return Voicing(layers: [Layer(.saw, gainDB: -3), Layer(.saw, cents: 700, gainDB: -5)], art: a)
        case 87:
            let a = sustained(attack: 0.003, release: 0.12, cutoff: 3000)
            return Voicing(layers: [Layer(.saw, gainDB: -3), Layer(.square, cents: -1200, gainDB: -4)], art: a)

        // Synth pad: detuned ensembles, slow attacks, LFO on the filter.
        case 88: return Voicing(layers: [Layer(.warmPad, gainDB: -2), Layer(.celesta, gainDB: -8)], art: pad(attack: 0.05, release: 1.2))
        case 89: return v(.warmPad, art: pad(attack: 0.4, release: 1.0, cutoff: 3000))
        case 90:
            var a = synthFilter(cutoff: 1200, q: 2, sweep: 2400, eg2Decay: 1.0, release: 0.5)
            a.decay = 3; a.sustainPercent = 90
            return v(.supersaw, art: a)
        case 91: return Voicing(layers: [Layer(.choir, gainDB: -2), Layer(.warmPad, gainDB: -6)], art: pad(attack: 0.5, release: 1.2))
        case 92:
            var a = pad(attack: 0.5, release: 1.0, cutoff: 2000)
            a.lfoHz = 0.4; a.lfoToCutoffCents = 600
            return Voicing(layers: [Layer(.stringEnsemble, gainDB: -3), Layer(.synthVoice, gainDB: -5)], art: a)
        case 93:
            var a = pad(attack: 0.1, release: 1.0, cutoff: 5000)
            a.resonanceDB = 6
            return Voicing(layers: [Layer(.supersaw, gainDB: -3), Layer(.tubularBell, cents: 1200, gainDB: -10)], art: a)
        case 94: return Voicing(layers: [Layer(.choir, gainDB: -3), Layer(.oohs, gainDB: -3)], art: pad(attack: 0.6, release: 1.5, cutoff: 5000))
        case 95:
            var a = pad(attack: 0.3, release: 1.0, cutoff: 700)
            a.resonanceDB = 8; a.lfoHz = 0.2; a.lfoToCutoffCents = 2400
            return v(.supersaw, art: a)

        // Synth effects
        case 96: return Voicing(layers: [Layer(.celesta, gainDB: -3), Layer(.rain, gainDB: -10)], art: pad(attack: 0.01, release: 1.5))
        case 97: return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.supersaw, gainDB: -8)], art: pad(attack: 0.8, release: 1.5, cutoff: 2500))
        case 98: return Voicing(layers: [Layer(.glockenspiel, gainDB: -3), Layer(.musicBox, cents: 1200, gainDB: -8)], art: struck(decay: 8, release: 1.5))
        case 99: return Voicing(layers: [Layer(.nylon, gainDB: -2), Layer(.warmPad, gainDB: -8)], art: pad(attack: 0.01, release: 1.2))
        case 100: return Voicing(layers: [Layer(.stringEnsemble, gainDB: -3), Layer(.glockenspiel, gainDB: -10)], art: pad(attack: 0.05, release: 1.0, cutoff: 8000))
        case 101:
            var a = pad(attack: 0.6, release: 1.0, cutoff: 900)
            a.resonanceDB = 10; a.lfoHz = 0.3; a.lfoToCutoffCents = 1800
            return v(.synthVoice, art: a)
        case 102:
            var a = pad(attack: 0.1, release: 1.5)
            a.tremoloDB = 6; a.lfoHz = 3
            return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.vibraphone, gainDB: -8)], art: a)
        case 103:
            var a = pad(attack: 0.05, release: 1.0, cutoff: 1200)
            a.resonanceDB = 12; a.lfoHz = 4; a.lfoToCutoffCents = 1800; a.vibratoCents = 30; a.vibratoDelay = 0
            return v(.saw, art: a)

        // Ethnic
        case 104: return v(.sitar, art: plucked(decay: 10, release: 0.4))
        case 105: return v(.banjo, art: plucked(decay: 4, release: 0.15))
        case 106: return v(.shamisen, art: plucked(decay: 3, release: 0.12))
        case 107: return v(.koto, art: plucked(decay: 7, release: 0.3))
        case 108: return v(.kalimba, art: struck(decay: 4, release: 0.2))
        case 109:
            var a = blown(cutoff: 5000, q: 6, vibrato: 0, attack: 0.02)
            a.resonanceDB = 6
            return Voicing(layers: [Layer(.doubleReed, gainDB: -2), Layer(.accordion, gainDB: -8)], art: a)
        case 110: return v(.soloString, art: bowed(attack: 0.03, release: 0.25, cutoff: 7000, vibrato: 20))
        case 111: return v(.doubleReed, art: blown(cutoff: 6000, q: 10, vibrato: 15))

        // Percussive
        case 112: return v(.glockenspiel, art: struck(decay: 5, release: 0.5))
        case 113: return v(.agogo, art: struck(decay: 2.5, release: 0.2))
        case 114: return v(.steelDrum, art: struck(decay: 4, release: 0.3))
        case 115: return Voicing(layers: [Layer(.woodblock, pitchHz: woodblockHz)], art: struck(decay: 0.8, release: 0.1))
        case 116: return v(.taiko, art: struck(decay: 2.5, release: 0.8))
        case 117: return Voicing(layers: [Layer(.tom, pitchHz: tomHz)], art: struck(decay: 2.5, release: 0.5))
        case 118: return Voicing(layers: [Layer(.tom808, pitchHz: tomHz)], art: struck(decay: 2.5, release: 0.5))
        case 119: return v(.reverseCymbal, art: sustained(attack: 0.001, release: 0.05))

        // Sound effects: one-shots and looped textures.
        case 120: return v(.fretNoise, art: sustained(attack: 0.001, release: 0.1))
        case 121:
            var a = sustained(attack: 0.05, release: 0.2, cutoff: 3000)
            a.resonanceDB = 3
            return v(.breath, art: a)
        case 122: return v(.seashore, art: sustained(attack: 0.8, release: 1.5))
        case 123: return v(.birdTweet, art: sustained(attack: 0.001, release: 0.3))
        case 124: return v(.phoneRing, art: sustained(attack: 0.001, release: 0.05))
        case 125: return v(.helicopter, art: sustained(attack: 0.3, release: 0.5))
        case 126: return v(.applause, art: sustained(attack: 0.3, release: 0.8))
        default: return v(.gunshot, art: sustained(attack: 0.001, release: 0.3))
        }
    }
}
