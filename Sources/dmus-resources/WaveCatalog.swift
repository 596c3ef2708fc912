/// Every wave in the bank, in pool order (the declaration order is the file order).
enum WaveID: Int, CaseIterable {
    // Melodic
    case pianoLow, pianoHigh, electricPiano, drawbarOrgan, pipeOrgan, nylonPluck, steelPluck, bass
    case strings, warmPad, choir, brass, reed, flute, squareLead, sawLead, bell, mallet
    case noise, sweep, ring
    // Drums
    case kick, kick808, snare, brushSnare, sideStick, clap, tom, handDrum, closedHat, openHat
    case crash, ride, rideBell, tambourine, cowbell, shaker, claves, woodblock, guiro, triangle, whistle

    func generate() -> GeneratedWave {
        switch self {
        case .pianoLow: return MelodicWaves.piano(name: "Piano Low", period: 169, maxHz: 7000, seed: 1)  // 130.5 Hz ≈ C3
        case .pianoHigh: return MelodicWaves.piano(name: "Piano High", period: 42, maxHz: 9000, seed: 2)  // 525 Hz ≈ C5
        case .electricPiano: return MelodicWaves.electricPiano()
        case .drawbarOrgan: return MelodicWaves.drawbarOrgan()
        case .pipeOrgan: return MelodicWaves.pipeOrgan()
        case .nylonPluck: return MelodicWaves.nylonPluck()
        case .steelPluck: return MelodicWaves.steelPluck()
        case .bass: return MelodicWaves.bass()
        case .strings: return MelodicWaves.strings()
        case .warmPad: return MelodicWaves.warmPad()
        case .choir: return MelodicWaves.choir()
        case .brass: return MelodicWaves.brass()
        case .reed: return MelodicWaves.reed()
        case .flute: return MelodicWaves.flute()
        case .squareLead: return MelodicWaves.squareLead()
        case .sawLead: return MelodicWaves.sawLead()
        case .bell: return MelodicWaves.bell()
        case .mallet: return MelodicWaves.mallet()
        case .noise: return MelodicWaves.noiseLoop()
        case .sweep: return MelodicWaves.sweep()
        case .ring: return MelodicWaves.ring()
        case .kick: return DrumWaves.kick()
        case .kick808: return DrumWaves.kick808()
        case .snare: return DrumWaves.snare()
        case .brushSnare: return DrumWaves.brushSnare()
        case .sideStick: return DrumWaves.sideStick()
        case .clap: return DrumWaves.clap()
        case .tom: return DrumWaves.tom()
        case .handDrum: return DrumWaves.handDrum()
        case .closedHat: return DrumWaves.closedHat()
        case .openHat: return DrumWaves.openHat()
        case .crash: return DrumWaves.crash()
        case .ride: return DrumWaves.ride()
        case .rideBell: return DrumWaves.rideBell()
        case .tambourine: return DrumWaves.tambourine()
        case .cowbell: return DrumWaves.cowbell()
        case .shaker: return DrumWaves.shaker()
        case .claves: return DrumWaves.claves()
        case .woodblock: return DrumWaves.woodblock()
        case .guiro: return DrumWaves.guiro()
        case .triangle: return DrumWaves.triangle()
        case .whistle: return DrumWaves.whistle()
        }
    }
}
