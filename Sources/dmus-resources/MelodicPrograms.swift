/// One region of a melodic instrument: a wave over a key range, optionally transposed or
/// detuned (in cents), with its own level and (rarely) its own articulation.
struct Layer {
    var wave: WaveID
    var keyLow = 0
    var keyHigh = 127
    var cents = 0.0
    var gainDB = 0.0
    /// Pitch of the wave when it is not the wave's own unity note (drum waves used melodically).
    var pitchHz: Double? = nil
    /// Region-level articulation (replaces the instrument's for this region, DLS2 rule).
    var articulation: ArticulationSpec? = nil

    init(_ wave: WaveID, keys: ClosedRange<Int> = 0...127, cents: Double = 0, gainDB: Double = 0, pitchHz: Double? = nil,
         articulation: ArticulationSpec? = nil) {
        self.wave = wave
        self.keyLow = keys.lowerBound
        self.keyHigh = keys.upperBound
        self.cents = cents
        self.gainDB = gainDB
        self.pitchHz = pitchHz
        self.articulation = articulation
    }
}

/// How one GM program is built.
struct Voicing {
    var layers: [Layer]
    var art: ArticulationSpec
}

enum MelodicPrograms {
    static let piano = [Layer(.pianoLow, keys: 0...59), Layer(.pianoHigh, keys: 60...127)]

    /// Two copies of a wave detuned against each other (−3 dB each so the pair sums to ≈ one).
    static func pair(_ a: WaveID, _ b: WaveID? = nil, cents: Double, gainB: Double = 0) -> [Layer] {
        [Layer(a, cents: -cents / 2, gainDB: -3), Layer(b ?? a, cents: cents / 2, gainDB: -3 + gainB)]
    }

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
        var a = sustained(attack: 0.005, release: release)
        a.gainDB = -3
        return a
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
        a.vibratoDelay = 0.4
        return a
    }

    /// Brass: the filter opens with EG2 (the "blat" of the attack) and closes a little.
    static func brassy(cutoff: Double, sweep: Double, attack: Double = 0.02, release: Double = 0.15) -> ArticulationSpec {
        var a = sustained(attack: attack, release: release, cutoff: cutoff, vibrato: 0)
        a.vibratoCents = 8
        a.vibratoDelay = 0.45
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
        var a = sustained(attack: attack, release: release, cutoff: cutoff)
        a.chorusPercent = 25
        a.reverbPercent = 15
        return a
    }

    static func struck(decay: Double, release: Double) -> ArticulationSpec {
        var a = keyboard(decay: decay, release: release)
        a.decayTimecentsPerOctave = -300
        return a
    }

    // Pitches of drum waves when they are played melodically.
    static let tomHz = 140.0
    static let cowbellHz = 562.0
    static let woodblockHz = 1050.0
    static let kick808Hz = 47.0

    static func voicing(program: Int) -> Voicing {
        var v = baseVoicing(program: program)
        // Basses read quieter than their RMS says: lift the non-synth basses a little.
        if (32...37).contains(program) { v.art.gainDB += 3 }
        return v
    }

    static func baseVoicing(program: Int) -> Voicing {
        switch program {
        // Piano
        case 0:
            var a = keyboard(decay: 3.0)
            a.cutoffHz = 9000; a.cutoffKeyTracking = 0.3; a.velocityToCutoffCents = -2400
            return Voicing(layers: piano, art: a)
        case 1:
            var a = keyboard(decay: 2.6)
            a.gainDB = 1
            return Voicing(layers: piano, art: a)
        case 2:
            var a = keyboard(decay: 2.8)
            a.chorusPercent = 20
            return Voicing(layers: piano + [Layer(.electricPiano, gainDB: -8)], art: a)
        case 3:
            var a = keyboard(decay: 2.5)
            a.gainDB = -2
            return Voicing(layers: piano.map { var l = $0; l.cents = -9; return l } + piano.map { var l = $0; l.cents = 9; return l }, art: a)
        case 4:
            var a = keyboard(decay: 4.5, release: 0.3)
            a.decayTimecentsPerOctave = -400
            a.tremoloDB = 0.8; a.lfoHz = 4.5
            a.velocityToCutoffCents = -1800; a.cutoffHz = 8000
            return Voicing(layers: [Layer(.electricPiano)], art: a)
        case 5:
            var a = keyboard(decay: 4.0, release: 0.3)
            a.chorusPercent = 45
            return Voicing(layers: [Layer(.electricPiano), Layer(.bell, cents: 1200, gainDB: -16)], art: a)
        case 6:
            let a = plucked(decay: 3.5, release: 0.12)
            return Voicing(layers: [Layer(.steelPluck), Layer(.steelPluck, cents: 1200, gainDB: -7)], art: a)
        case 7:
            var a = plucked(decay: 1.6, release: 0.08, cutoff: 2600)
            a.resonanceDB = 6
            return Voicing(layers: [Layer(.steelPluck)], art: a)

        // Chromatic percussion
        case 8: return Voicing(layers: [Layer(.bell, gainDB: -2)], art: struck(decay: 2.5, release: 0.4))
        case 9: return Voicing(layers: [Layer(.bell)], art: struck(decay: 3.0, release: 0.8))
        case 10:
            var a = struck(decay: 2.0, release: 0.6)
            a.cutoffHz = 6000
            return Voicing(layers: [Layer(.bell, cents: 1200)], art: a)
        case 11:
            var a = struck(decay: 6.0, release: 0.6)
            a.tremoloDB = 3; a.lfoHz = 5.5
            return Voicing(layers: [Layer(.mallet)], art: a)
        case 12:
            var a = struck(decay: 2.0, release: 0.2)
            a.cutoffHz = 4500; a.velocityToCutoffCents = -1200
            return Voicing(layers: [Layer(.mallet)], art: a)
        case 13: return Voicing(layers: [Layer(.mallet, cents: 1200)], art: struck(decay: 0.9, release: 0.1))
        case 14: return Voicing(layers: [Layer(.bell)], art: struck(decay: 8.0, release: 1.5))
        case 15: return Voicing(layers: pair(.steelPluck, cents: 8), art: plucked(decay: 4.0, release: 0.5))

        // Organ
        case 16: return Voicing(layers: [Layer(.drawbarOrgan)], art: organ())
        case 17:
            var a = organ()
            a.decay = 2.0; a.sustainPercent = 92
            return Voicing(layers: [Layer(.drawbarOrgan), Layer(.mallet, cents: 1200, gainDB: -8)], art: a)
        case 18:
            var a = organ()
            a.vibratoCents = 10; a.vibratoHz = 6.5; a.vibratoDelay = 0
            a.tremoloDB = 2; a.lfoHz = 6.5
            a.chorusPercent = 30
            return Voicing(layers: [Layer(.drawbarOrgan)], art: a)
        case 19:
            var a = organ(release: 0.5)
            a.attack = 0.06; a.reverbPercent = 30
            return Voicing(layers: [Layer(.pipeOrgan)], art: a)
        case 20:
            var a = blown(cutoff: 3000, vibrato: 0, attack: 0.05)
            a.gainDB = -2
            return Voicing(layers: [Layer(.reed)], art: a)
        case 21: return Voicing(layers: pair(.reed, cents: 16), art: blown(cutoff: 4000, vibrato: 0, attack: 0.03))
        case 22: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 2500, q: 3, vibrato: 14, attack: 0.04))
        case 23: return Voicing(layers: pair(.reed, cents: 10), art: blown(cutoff: 3000, q: 2, vibrato: 0, attack: 0.03))

        // Guitar
        case 24: return Voicing(layers: [Layer(.nylonPluck)], art: plucked(decay: 3.5, cutoff: 6000))
        case 25: return Voicing(layers: [Layer(.steelPluck)], art: plucked(decay: 4.0, release: 0.3))
        case 26: return Voicing(layers: [Layer(.nylonPluck)], art: plucked(decay: 3.5, release: 0.2, cutoff: 1800))
        case 27:
            var a = plucked(decay: 4.0, release: 0.2, cutoff: 4500)
            a.chorusPercent = 25
            return Voicing(layers: [Layer(.steelPluck)], art: a)
        case 28: return Voicing(layers: [Layer(.steelPluck)], art: plucked(decay: 0.35, release: 0.08, cutoff: 2000))
        case 29:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 2500)
            a.decay = 3; a.sustainPercent = 85; a.resonanceDB = 4; a.gainDB = -3
            return Voicing(layers: [Layer(.sawLead)], art: a)
        case 30:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 3000)
            a.decay = 3; a.sustainPercent = 88; a.resonanceDB = 6; a.gainDB = -3
            return Voicing(layers: pair(.sawLead, .squareLead, cents: 10), art: a)
        case 31: return Voicing(layers: [Layer(.mallet, cents: 1200)], art: struck(decay: 3.0, release: 0.4))

        // Bass
        case 32:
            var a = plucked(decay: 2.5, release: 0.15, cutoff: 1200)
            a.cutoffKeyTracking = 0.3
            return Voicing(layers: [Layer(.bass)], art: a)
        case 33: return Voicing(layers: [Layer(.bass)], art: plucked(decay: 5.0, release: 0.1, cutoff: 2500))
        case 34: return Voicing(layers: [Layer(.bass)], art: plucked(decay: 4.0, release: 0.08))
        case 35:
            var a = plucked(decay: 7.0, release: 0.12, cutoff: 1500)
            a.vibratoCents = 8; a.vibratoDelay = 0.3
            return Voicing(layers: [Layer(.bass)], art: a)
        case 36, 37:
            let a = plucked(decay: program == 36 ? 3.0 : 2.5, release: 0.1)
            return Voicing(layers: [Layer(.bass), Layer(.steelPluck, cents: 1200, gainDB: program == 36 ? -8 : -5)], art: a)
        case 38:
            var a = synthFilter(cutoff: 500, q: 9, sweep: 3000, eg2Decay: 0.5)
            a.decay = 3; a.sustainPercent = 85
            return Voicing(layers: [Layer(.sawLead)], art: a)
        case 39:
            var a = synthFilter(cutoff: 700, q: 5, sweep: 2400, eg2Decay: 0.35)
            a.decay = 3; a.sustainPercent = 85
            return Voicing(layers: [Layer(.squareLead)], art: a)

        // Strings
        case 40: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.08, release: 0.3, cutoff: 6000, vibrato: 14))
        case 41: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.09, release: 0.3, cutoff: 4500, vibrato: 12))
        case 42: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.1, release: 0.35, cutoff: 3500, vibrato: 12))
        case 43: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.12, release: 0.4, cutoff: 2500, vibrato: 8))
        case 44:
            var a = bowed(attack: 0.1, release: 0.4, cutoff: 5000)
            a.tremoloDB = 6; a.lfoHz = 7.5
            return Voicing(layers: [Layer(.strings)], art: a)
        case 45: return Voicing(layers: [Layer(.nylonPluck)], art: plucked(decay: 0.7, release: 0.12, cutoff: 2500))
        case 46:
            var a = plucked(decay: 4.5, release: 0.6)
            a.reverbPercent = 15
            return Voicing(layers: [Layer(.nylonPluck)], art: a)
        case 47: return Voicing(layers: [Layer(.tom, pitchHz: tomHz)], art: struck(decay: 2.5, release: 1.0))

        // Ensemble
        case 48: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.15, release: 0.5, cutoff: 6000))
        case 49: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.4, release: 0.7, cutoff: 4000))
        case 50:
            var a = bowed(attack: 0.08, release: 0.5, cutoff: 3000)
            a.resonanceDB = 3; a.chorusPercent = 30
            return Voicing(layers: [Layer(.strings)], art: a)
        case 51: return Voicing(layers: [Layer(.strings, gainDB: -3), Layer(.warmPad, gainDB: -3)], art: pad(attack: 0.3, release: 0.8, cutoff: 3500))
        case 52:
            var a = pad(attack: 0.25, release: 0.6)
            a.vibratoCents = 8
            return Voicing(layers: [Layer(.choir)], art: a)
        case 53: return Voicing(layers: [Layer(.choir)], art: pad(attack: 0.2, release: 0.5, cutoff: 1200))
        case 54:
            var a = pad(attack: 0.1, release: 0.5, cutoff: 2500)
            a.resonanceDB = 6; a.chorusPercent = 40
            return Voicing(layers: [Layer(.choir)], art: a)
        case 55:
            var a = keyboard(decay: 0.9, release: 0.3)
            a.gainDB = 1
            return Voicing(layers: [Layer(.strings, gainDB: -3), Layer(.brass, cents: -1200, gainDB: -3)], art: a)

        // Brass
        case 56: return Voicing(layers: [Layer(.brass)], art: brassy(cutoff: 1600, sweep: 1800))
        case 57: return Voicing(layers: [Layer(.brass)], art: brassy(cutoff: 1000, sweep: 1500, release: 0.18))
        case 58: return Voicing(layers: [Layer(.brass)], art: brassy(cutoff: 600, sweep: 1200, release: 0.18))
        case 59:
            var a = blown(cutoff: 2200, q: 9, vibrato: 6, attack: 0.02)
            a.gainDB = -3
            return Voicing(layers: [Layer(.brass)], art: a)
        case 60: return Voicing(layers: [Layer(.brass)], art: brassy(cutoff: 700, sweep: 900, attack: 0.06, release: 0.3))
        case 61: return Voicing(layers: pair(.brass, cents: 12), art: brassy(cutoff: 1800, sweep: 1800))
        case 62:
            var a = synthFilter(cutoff: 900, q: 4, sweep: 3000, eg2Decay: 0.6, release: 0.2)
            a.eg2Attack = 0.06; a.eg2SustainPercent = 40; a.gainDB = -3
            return Voicing(layers: [Layer(.sawLead)], art: a)
        case 63:
            var a = synthFilter(cutoff: 1200, q: 3, sweep: 2400, eg2Decay: 1.0, release: 0.25)
            a.eg2Attack = 0.15; a.eg2SustainPercent = 50; a.gainDB = -3
            return Voicing(layers: pair(.sawLead, .squareLead, cents: 14), art: a)

        // Reed
        case 64: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 4000, vibrato: 12))
        case 65: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 3000, vibrato: 12))
        case 66: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 2200, vibrato: 12))
        case 67: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 1500, vibrato: 10))
        case 68: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 3500, q: 8, vibrato: 8))
        case 69: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 2500, q: 6, vibrato: 8))
        case 70: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 1200, q: 4, vibrato: 6))
        case 71: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 2800, vibrato: 0))

        // Pipe
        case 72: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 9000, vibrato: 12, attack: 0.03))
        case 73: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 8000, vibrato: 14, attack: 0.04))
        case 74: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 2500, vibrato: 0, attack: 0.02))
        case 75:
            var a = blown(cutoff: 3000, vibrato: 6, attack: 0.03)
            a.release = 0.25
            return Voicing(layers: [Layer(.flute), Layer(.noise, gainDB: -22)], art: a)
        case 76: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 1200, vibrato: 0, attack: 0.08))
        case 77:
            var a = blown(cutoff: 3000, vibrato: 20, attack: 0.06)
            a.vibratoHz = 4.5; a.tremoloDB = 1.5; a.lfoHz = 4.5
            return Voicing(layers: [Layer(.flute)], art: a)
        case 78: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 5000, vibrato: 10, attack: 0.02))
        case 79: return Voicing(layers: [Layer(.flute)], art: blown(cutoff: 1800, vibrato: 6, attack: 0.03))

        // Synth lead
        case 80:
            var a = sustained(attack: 0.003, release: 0.1, cutoff: 4000)
            a.velocityToCutoffCents = -1200; a.gainDB = -3
            return Voicing(layers: [Layer(.squareLead)], art: a)
        case 81:
            var a = sustained(attack: 0.003, release: 0.1, cutoff: 5000)
            a.velocityToCutoffCents = -1200; a.gainDB = -3
            return Voicing(layers: pair(.sawLead, cents: 10), art: a)
        case 82: return Voicing(layers: [Layer(.flute), Layer(.squareLead, gainDB: -12)], art: blown(cutoff: 5000, vibrato: 10, attack: 0.02))
        case 83:
            var a = synthFilter(cutoff: 1500, q: 2, sweep: 2400, eg2Decay: 0.2)
            a.gainDB = -3
            return Voicing(layers: [Layer(.squareLead)], art: a)
        case 84:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 2000)
            a.resonanceDB = 10
            return Voicing(layers: [Layer(.sawLead)], art: a)
        case 85:
            var a = blown(cutoff: 4000, vibrato: 10)
            a.gainDB = -1
            return Voicing(layers: [Layer(.choir), Layer(.squareLead, gainDB: -12)], art: a)
        case 86:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 4000)
            a.gainDB = -3
            return Voicing(layers: [Layer(.sawLead, gainDB: -3), Layer(.sawLead, cents: 700, gainDB: -5)], art: a)
        case 87:
            var a = sustained(attack: 0.003, release: 0.12, cutoff: 3000)
            a.gainDB = -3
            return Voicing(layers: [Layer(.sawLead, gainDB: -3), Layer(.sawLead, cents: -1200, gainDB: -4)], art: a)

        // Synth pad
        case 88: return Voicing(layers: [Layer(.warmPad, gainDB: -2), Layer(.bell, gainDB: -8)], art: pad(attack: 0.05, release: 1.2))
        case 89: return Voicing(layers: [Layer(.warmPad)], art: pad(attack: 0.4, release: 1.0, cutoff: 2500))
        case 90:
            var a = synthFilter(cutoff: 1500, q: 2, sweep: 2400, eg2Decay: 1.0, release: 0.5)
            a.decay = 3; a.sustainPercent = 85; a.chorusPercent = 30; a.gainDB = -3
            return Voicing(layers: pair(.sawLead, cents: 12), art: a)
        case 91:
            var a = pad(attack: 0.5, release: 1.2)
            a.chorusPercent = 40
            return Voicing(layers: [Layer(.choir)], art: a)
        case 92:
            var a = pad(attack: 0.5, release: 1.0, cutoff: 2000)
            a.lfoHz = 0.4; a.lfoToCutoffCents = 600
            return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.strings, gainDB: -3)], art: a)
        case 93: return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.bell, gainDB: -8)], art: pad(attack: 0.1, release: 1.0, cutoff: 5000))
        case 94: return Voicing(layers: [Layer(.choir, gainDB: -3), Layer(.warmPad, gainDB: -3)], art: pad(attack: 0.6, release: 1.5, cutoff: 3000))
        case 95:
            var a = pad(attack: 0.3, release: 1.0, cutoff: 800)
            a.resonanceDB = 8; a.lfoHz = 0.2; a.lfoToCutoffCents = 2400
            return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.sawLead, gainDB: -5)], art: a)

        // Synth effects
        case 96: return Voicing(layers: [Layer(.bell), Layer(.noise, gainDB: -24)], art: pad(attack: 0.01, release: 1.5))
        case 97: return Voicing(layers: [Layer(.warmPad)], art: pad(attack: 0.8, release: 1.5, cutoff: 1500))
        case 98: return Voicing(layers: [Layer(.bell, gainDB: -2), Layer(.mallet, cents: 1200, gainDB: -6)], art: struck(decay: 4.0, release: 1.5))
        case 99: return Voicing(layers: [Layer(.nylonPluck, gainDB: -2), Layer(.warmPad, gainDB: -6)], art: pad(attack: 0.01, release: 1.2))
        case 100: return Voicing(layers: [Layer(.strings, gainDB: -3), Layer(.bell, cents: 1200, gainDB: -8)], art: pad(attack: 0.05, release: 1.0, cutoff: 8000))
        case 101:
            var a = pad(attack: 0.6, release: 1.0, cutoff: 800)
            a.resonanceDB = 10; a.lfoHz = 0.3; a.lfoToCutoffCents = 1800
            return Voicing(layers: [Layer(.choir)], art: a)
        case 102:
            var a = pad(attack: 0.1, release: 1.5)
            a.tremoloDB = 6; a.lfoHz = 3
            return Voicing(layers: [Layer(.warmPad, gainDB: -3), Layer(.bell, gainDB: -8)], art: a)
        case 103:
            var a = pad(attack: 0.05, release: 1.0, cutoff: 1200)
            a.resonanceDB = 12; a.lfoHz = 4; a.lfoToCutoffCents = 1800; a.vibratoCents = 30; a.vibratoDelay = 0
            return Voicing(layers: [Layer(.sawLead)], art: a)

        // Ethnic
        case 104:
            var a = plucked(decay: 5.0, release: 0.4, cutoff: 3500)
            a.resonanceDB = 10
            return Voicing(layers: [Layer(.steelPluck), Layer(.steelPluck, cents: 1200, gainDB: -10)], art: a)
        case 105:
            var a = plucked(decay: 1.5, release: 0.15, cutoff: 6000)
            a.resonanceDB = 4
            return Voicing(layers: [Layer(.steelPluck)], art: a)
        case 106:
            var a = plucked(decay: 1.2, release: 0.12, cutoff: 3500)
            a.resonanceDB = 6
            return Voicing(layers: [Layer(.steelPluck)], art: a)
        case 107: return Voicing(layers: [Layer(.nylonPluck)], art: plucked(decay: 3.0, release: 0.3, cutoff: 4000))
        case 108: return Voicing(layers: [Layer(.mallet)], art: struck(decay: 1.5, release: 0.2))
        case 109:
            var a = blown(cutoff: 3000, q: 6, vibrato: 0, attack: 0.02)
            a.gainDB = -2
            return Voicing(layers: [Layer(.reed, gainDB: -2), Layer(.reed, cents: -1200, gainDB: -8)], art: a)
        case 110: return Voicing(layers: [Layer(.strings)], art: bowed(attack: 0.04, release: 0.25, cutoff: 4500, vibrato: 18))
        case 111: return Voicing(layers: [Layer(.reed)], art: blown(cutoff: 4000, q: 10, vibrato: 15))

        // Percussive
        case 112: return Voicing(layers: [Layer(.bell, cents: 1200)], art: struck(decay: 2.5, release: 0.5))
        case 113: return Voicing(layers: [Layer(.cowbell, pitchHz: cowbellHz)], art: struck(decay: 1.2, release: 0.2))
        case 114: return Voicing(layers: [Layer(.mallet, gainDB: -2), Layer(.bell, gainDB: -9)], art: struck(decay: 2.0, release: 0.3))
        case 115: return Voicing(layers: [Layer(.woodblock, pitchHz: woodblockHz)], art: struck(decay: 0.8, release: 0.1))
        case 116: return Voicing(layers: [Layer(.tom, cents: -1200, pitchHz: tomHz)], art: struck(decay: 2.0, release: 0.8))
        case 117: return Voicing(layers: [Layer(.tom, pitchHz: tomHz)], art: struck(decay: 1.5, release: 0.5))
        case 118: return Voicing(layers: [Layer(.kick808, pitchHz: kick808Hz * 2)], art: struck(decay: 1.5, release: 0.5))
        case 119:
            var a = sustained(attack: 1.5, release: 0.05, cutoff: 9000)
            a.gainDB = -2
            return Voicing(layers: [Layer(.noise)], art: a)

        // Sound effects
        case 120:
            var a = keyboard(decay: 1.5, release: 0.1)
            a.cutoffHz = 3000
            return Voicing(layers: [Layer(.sweep, cents: -1200, pitchHz: frequency(ofNote: 72))], art: a)
        case 121:
            var a = sustained(attack: 0.05, release: 0.2, cutoff: 1500)
            a.resonanceDB = 6; a.gainDB = -4
            return Voicing(layers: [Layer(.noise)], art: a)
        case 122:
            var a = sustained(attack: 0.8, release: 1.5, cutoff: 2000)
            a.tremoloDB = 12; a.lfoHz = 0.15
            return Voicing(layers: [Layer(.noise)], art: a)
        case 123: return Voicing(layers: [Layer(.sweep, pitchHz: frequency(ofNote: 72))], art: sustained(attack: 0.001, release: 0.3))
        case 124:
            var a = sustained(attack: 0.001, release: 0.05)
            a.gainDB = -4
            return Voicing(layers: [Layer(.ring)], art: a)
        case 125:
            var a = sustained(attack: 0.3, release: 0.5, cutoff: 500)
            a.resonanceDB = 8; a.tremoloDB = 15; a.lfoHz = 12
            return Voicing(layers: [Layer(.noise)], art: a)
        case 126:
            var a = sustained(attack: 0.3, release: 0.8, cutoff: 5000)
            a.tremoloDB = 3; a.lfoHz = 9; a.gainDB = -4
            return Voicing(layers: [Layer(.noise)], art: a)
        default:  // 127 Gunshot
            var a = keyboard(decay: 0.6, release: 0.2)
            a.cutoffHz = 2500; a.gainDB = 2
            return Voicing(layers: [Layer(.noise)], art: a)
        }
    }
}
