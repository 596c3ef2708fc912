import DMusPort

/// The DLS2 default connection set (reference/dls-synthesis.md §3.1), which every region
/// starts from. DLS1's defaults and implied connections are a subset with the same values,
/// so one table serves both. The MIDI-behaviour rows (pitch wheel × RPN0, CC7/CC11 curves,
/// CC10 pan, RPN1/2 tuning) are part of it: files never carry them.
enum DefaultConnections {
    static let table: [DownloadConnection] = {
        typealias S = ConnectionSource
        typealias D = ConnectionDestination
        typealias T = ConnectionTransform
        let zeroTime = ConnectionScale.absoluteZero
        let bip = T.source(T.none, bipolar: true)
        let invConcave = T.source(T.concave, invert: true)
        func c(_ s: UInt16, _ ctl: UInt16, _ d: UInt16, _ t: UInt16, _ scale: Int32) -> DownloadConnection {
            DownloadConnection(source: s, control: ctl, destination: d, transform: t, scale: scale)
        }
        return [
            // Modulation LFO and vibrato LFO: 5 Hz after 10 ms.
            c(S.none, S.none, D.lfoFrequency, 0, -55_791_973),
            c(S.none, S.none, D.lfoStartDelay, 0, -522_494_112),
            c(S.none, S.none, D.vibratoFrequency, 0, -55_791_973),
            c(S.none, S.none, D.vibratoStartDelay, 0, -522_494_112),
            // EG1
            c(S.none, S.none, D.eg1DelayTime, 0, zeroTime),
            c(S.none, S.none, D.eg1AttackTime, 0, zeroTime),
            c(S.none, S.none, D.eg1HoldTime, 0, zeroTime),
            c(S.none, S.none, D.eg1DecayTime, 0, zeroTime),
            c(S.none, S.none, D.eg1SustainLevel, 0, 65_536_000),
            c(S.none, S.none, D.eg1ReleaseTime, 0, zeroTime),
            c(S.none, S.none, D.eg1ShutdownTime, 0, -476_490_789),
            c(S.keyOnVelocity, S.none, D.eg1AttackTime, 0, 0),
            c(S.keyNumber, S.none, D.eg1DecayTime, 0, 0),
            c(S.keyNumber, S.none, D.eg1HoldTime, 0, 0),
            // EG2
            c(S.none, S.none, D.eg2DelayTime, 0, zeroTime),
            c(S.none, S.none, D.eg2AttackTime, 0, zeroTime),
            c(S.none, S.none, D.eg2HoldTime, 0, zeroTime),
            c(S.none, S.none, D.eg2DecayTime, 0, zeroTime),
            c(S.none, S.none, D.eg2SustainLevel, 0, 65_536_000),
            c(S.none, S.none, D.eg2ReleaseTime, 0, zeroTime),
            c(S.keyOnVelocity, S.none, D.eg2AttackTime, 0, 0),
            c(S.keyNumber, S.none, D.eg2DecayTime, 0, 0),
            c(S.keyNumber, S.none, D.eg2HoldTime, 0, 0),
            // Key-number generator: the key passes through; RPN2 coarse tune ±64 keys.
            c(S.keyNumber, S.none, D.keyNumber, 0, 838_860_800),
            c(S.rpn2, S.none, D.keyNumber, bip, 419_430_400),
            // Filter: disabled by default.
            c(S.none, S.none, D.filterCutoff, 0, Int32.max),
            c(S.none, S.none, D.filterQ, 0, 0),
            c(S.lfo, S.none, D.filterCutoff, bip, 0),
            c(S.lfo, S.cc1, D.filterCutoff, bip, 0),
            c(S.lfo, S.channelPressure, D.filterCutoff, bip, 0),
            c(S.eg2, S.none, D.filterCutoff, 0, 0),
            c(S.keyOnVelocity, S.none, D.filterCutoff, 0, 0),
            c(S.keyNumber, S.none, D.filterCutoff, 0, 0),
            // Gain: tremolo rows, then the velocity, CC7 and CC11 laws (40·log10(x/127)).
            c(S.lfo, S.none, D.gain, bip, 0),
            c(S.lfo, S.cc1, D.gain, bip, 0),
            c(S.lfo, S.channelPressure, D.gain, bip, 0),
            c(S.keyOnVelocity, S.none, D.gain, invConcave, -62_914_560),
            c(S.cc7, S.none, D.gain, invConcave, -62_914_560),
            c(S.cc11, S.none, D.gain, invConcave, -62_914_560),
            // Pitch
            c(S.none, S.none, D.pitch, 0, 0),
            c(S.pitchWheel, S.rpn0, D.pitch, bip, 838_860_800),
            c(S.keyNumber, S.none, D.pitch, 0, 838_860_800),
            c(S.rpn1, S.none, D.pitch, bip, 6_553_600),
            c(S.vibrato, S.none, D.pitch, bip, 0),
            c(S.vibrato, S.cc1, D.pitch, bip, 0),
            c(S.vibrato, S.channelPressure, D.pitch, bip, 0),
            c(S.lfo, S.none, D.pitch, bip, 0),
            c(S.lfo, S.cc1, D.pitch, bip, 0),
            c(S.lfo, S.channelPressure, D.pitch, bip, 0),
            c(S.eg2, S.none, D.pitch, 0, 0),
            // Output
            c(S.none, S.none, D.pan, 0, 0),
            c(S.cc10, S.none, D.pan, bip, 33_292_288),
            c(S.cc91, S.none, D.reverb, 0, 65_536_000),
            c(S.none, S.none, D.reverb, 0, 0),
            c(S.cc93, S.none, D.chorus, 0, 65_536_000),
            c(S.none, S.none, D.chorus, 0, 0),
        ]
    }()
}
