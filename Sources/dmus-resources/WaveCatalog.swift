#if canImport(Glibc)
import Glibc
#endif

/// One wave of a set and where it plays: a key range (split points where the timbre changes)
/// and a velocity range (velocity layers).
struct Zone {
    var keys: ClosedRange<Int>
    var velocities: ClosedRange<Int> = 0...127
    var wave: GeneratedWave
}

/// Key splits and the root key of each zone's sample.
enum Splits {
    /// Three zones (pianos, guitars, strings, brass): E2, C4, A5.
    static let three: [(keys: ClosedRange<Int>, root: Int)] = [(0...47, 40), (48...71, 60), (72...127, 81)]
    /// Two zones for mid-range instruments.
    static let two: [(keys: ClosedRange<Int>, root: Int)] = [(0...59, 50), (60...127, 70)]
    /// Two zones for high instruments (flutes, glockenspiel).
    static let high: [(keys: ClosedRange<Int>, root: Int)] = [(0...71, 64), (72...127, 84)]
    /// Basses: A1 and A2.
    static let bass: [(keys: ClosedRange<Int>, root: Int)] = [(0...38, 33), (39...127, 45)]
    /// Four zones for bright synth waves (each band-limited for its range).
    static let four: [(keys: ClosedRange<Int>, root: Int)] = [(0...41, 36), (42...59, 50), (60...77, 67), (78...127, 86)]
    static let one: [(keys: ClosedRange<Int>, root: Int)] = [(0...127, 60)]

    static func zones(_ splits: [(keys: ClosedRange<Int>, root: Int)], velocities: ClosedRange<Int> = 0...127,
                      _ make: (_ root: Int, _ hz: Double, _ index: Int) -> GeneratedWave) -> [Zone] {
        splits.enumerated().map { i, s in Zone(keys: s.keys, velocities: velocities, wave: make(s.root, frequency(ofNote: Double(s.root)), i)) }
    }
}

/// Note names for wave names ("C4").
func noteName(_ key: Int) -> String {
    let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    return "\(names[key % 12])\(key / 12 - 1)"
}

/// Every wave set of the bank, in pool order (declaration order is the file order). A set is
/// one instrument's multisample: programs pick sets and the bank builder turns each zone
/// into a region.
enum WaveSet: Int, CaseIterable {
    // Keyboards
    case piano, tineEP, fmEP, harpsichord, clavinet
    // Chromatic percussion
    case celesta, glockenspiel, musicBox, vibraphone, marimba, xylophone, tubularBell
    // Organs
    case drawbar, percussiveOrgan, rockOrgan, pipeOrgan, reedOrgan, accordion
    // Guitars
    case nylon, steel, jazzGuitar, cleanGuitar, overdrive, distortion, harmonics
    // Basses
    case uprightBass, fingerBass, pickBass, fretless, slapBass
    // Strings and ensembles
    case stringEnsemble, soloString, pizzicato, harp, timpani, choir, oohs, orchestraHit
    // Brass
    case trumpet, trombone, frenchHorn, mutedTrumpet
    // Reeds and pipes
    case sax, doubleReed, clarinet, flute, panFlute, bottle, ocarina
    // Synth waves
    case saw, square, supersaw, warmPad, synthVoice
    // Ethnic and percussive
    case sitar, banjo, shamisen, koto, kalimba, steelDrum, agogo, taiko
    // Textures and effects
    case noise, breath, seashore, rain, applause, helicopter, fretNoise, birdTweet, phoneRing, gunshot, reverseCymbal
    // Drums (one-shots, one zone each, soft/loud layers where velocity changes the sound)
    case kick, kick808, snare, brushSnare, snare808, sideStick, clap, tom, tom808, bongo, conga, timbale, surdo
    case closedHat, pedalHat, openHat, hat808, crash, china, ride, rideBell, tambourine, cowbell, cowbell808
    case shaker, claves, woodblock, guiro, triangle, whistle, cuica, vibraslap, jingleBell, castanets, click

    func zones() -> [Zone] {
        switch self {
        case .piano: return Keyboards.piano()
        case .tineEP: return Keyboards.tineEP()
        case .fmEP: return Keyboards.fmEP()
        case .harpsichord: return Keyboards.harpsichord()
        case .clavinet: return Keyboards.clavinet()
        case .celesta: return Mallets.celesta()
        case .glockenspiel: return Mallets.glockenspiel()
        case .musicBox: return Mallets.musicBox()
        case .vibraphone: return Mallets.vibraphone()
        case .marimba: return Mallets.marimba()
        case .xylophone: return Mallets.xylophone()
        case .tubularBell: return Mallets.tubularBell()
        case .drawbar: return Organs.drawbar()
        case .percussiveOrgan: return Organs.percussive()
        case .rockOrgan: return Organs.rock()
        case .pipeOrgan: return Organs.pipe()
        case .reedOrgan: return Organs.reed()
        case .accordion: return Organs.accordion()
        case .nylon: return Guitars.nylon()
        case .steel: return Guitars.steel()
        case .jazzGuitar: return Guitars.jazz()
        case .cleanGuitar: return Guitars.clean()
        case .overdrive: return Guitars.overdrive()
        case .distortion: return Guitars.distortion()
        case .harmonics: return Guitars.harmonics()
        case .uprightBass: return Basses.upright()
        case .fingerBass: return Basses.finger()
        case .pickBass: return Basses.pick()
        case .fretless: return Basses.fretless()
        case .slapBass: return Basses.slap()
        case .stringEnsemble: return Orchestra.ensemble()
        case .soloString: return Orchestra.solo()
        case .pizzicato: return Orchestra.pizzicato()
        case .harp: return Orchestra.harp()
        case .timpani: return Orchestra.timpani()
        case .choir: return Orchestra.choir()
        case .oohs: return Orchestra.oohs()
        case .orchestraHit: return Orchestra.hit()
        case .trumpet: return Winds.trumpet()
        case .trombone: return Winds.trombone()
        case .frenchHorn: return Winds.horn()
        case .mutedTrumpet: return Winds.muted()
        case .sax: return Winds.sax()
        case .doubleReed: return Winds.doubleReed()
        case .clarinet: return Winds.clarinet()
        case .flute: return Winds.flute()
        case .panFlute: return Winds.panFlute()
        case .bottle: return Winds.bottle()
        case .ocarina: return Winds.ocarina()
        case .saw: return Synths.saw()
        case .square: return Synths.square()
        case .supersaw: return Synths.supersaw()
        case .warmPad: return Synths.warmPad()
        case .synthVoice: return Synths.voice()
        case .sitar: return Ethnic.sitar()
        case .banjo: return Ethnic.banjo()
        case .shamisen: return Ethnic.shamisen()
        case .koto: return Ethnic.koto()
        case .kalimba: return Ethnic.kalimba()
        case .steelDrum: return Ethnic.steelDrum()
        case .agogo: return Ethnic.agogo()
        case .taiko: return Ethnic.taiko()
        case .noise: return Textures.noise()
        case .breath: return Textures.breath()
        case .seashore: return Textures.seashore()
        case .rain: return Textures.rain()
        case .applause: return Textures.applause()
        case .helicopter: return Textures.helicopter()
        case .fretNoise: return Textures.fretNoise()
        case .birdTweet: return Textures.birdTweet()
        case .phoneRing: return Textures.phoneRing()
        case .gunshot: return Textures.gunshot()
        case .reverseCymbal: return Textures.reverseCymbal()
        default: return DrumWaves.zones(self)
        }
    }

    var isDrum: Bool { rawValue >= WaveSet.kick.rawValue }
}
