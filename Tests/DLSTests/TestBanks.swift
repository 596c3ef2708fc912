import DLS

/// Collections built in code for round-trip and damage tests.
enum TestBanks {
    /// 2 instruments (a melodic one with DLS1 regions and art1, a drum kit with rgn2 and art2),
    /// 8-bit and 16-bit waves, forward and release loops, INFO at every level.
    static func small() -> DLSCollection {
        let sine16 = (0..<64).flatMap { i -> [UInt8] in
            let v = Int16(truncatingIfNeeded: (i * 1000) - 32000)
            return [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]
        }
        let ramp8 = (0..<101).map { UInt8(truncatingIfNeeded: $0 * 2 + 28) }  // odd size: needs a pad byte
        var wave0 = DLSWave.pcm(
            sampleRate: 22_050, bitsPerSample: 16, data: sine16,
            waveSample: DLSWaveSample(unityNote: 69, fineTuneCents: -12, gain: -655_360, options: DLSWaveSample.noTruncationFlag,
                                      loops: [DLSLoop(type: DLSLoop.forward, startFrames: 8, lengthFrames: 40)]),
            name: "sine")
        wave0.dlid = Array(1...16)
        let wave1 = DLSWave.pcm(sampleRate: 11_025, bitsPerSample: 8, data: ramp8, name: "ramp ä")
        let wave2 = DLSWave.pcm(sampleRate: 44_100, bitsPerSample: 16, data: sine16.reversed())

        let art1 = DLSArticulation(isDLS2: false, connections: [
            DLSConnection(source: 0, destination: 0x0206, scale: -10_000_000),  // EG1 attack time
            DLSConnection(source: 0x0002, control: 0, destination: 0x0001, transform: 1, scale: -62_914_560),
        ])
        let art2 = DLSArticulation(isDLS2: true, connections: [
            DLSConnection(source: 0x0001, control: 0x0081, destination: 0x0003, transform: 0x0010, scale: 50 << 16),
            DLSConnection(source: 0, destination: 0x0500, scale: Int32.min),
            DLSConnection(source: 0xFFFF, control: 0xFFFF, destination: 0xFFFF, transform: 0xFFFF, scale: Int32.max),
        ])

        let piano = DLSInstrument(
            bankMSB: 0, bankLSB: 0, program: 1, isDrum: false,
            regions: [
                DLSRegion(keyLow: 0, keyHigh: 59, velocityLow: 0, velocityHigh: 127,
                          waveLink: DLSWaveLink(tableIndex: 0), articulations: [art1]),
                DLSRegion(keyLow: 60, keyHigh: 127, velocityLow: 1, velocityHigh: 100, options: DLSRegion.selfNonExclusiveFlag,
                          layer: 3,
                          waveSample: DLSWaveSample(unityNote: 72, loops: [DLSLoop(type: DLSLoop.release, startFrames: 2, lengthFrames: 90)]),
                          waveLink: DLSWaveLink(options: DLSWaveLink.phaseMasterFlag, phaseGroup: 1, channel: 1, tableIndex: 1)),
                DLSRegion(keyLow: 60, keyHigh: 127, velocityLow: 101, velocityHigh: 127,
                          waveLink: DLSWaveLink(tableIndex: 2), articulations: [art2, art1, art2]),
            ],
            articulations: [art1, art2],
            info: DLSInfo(entries: [DLSInfoEntry(id: "INAM", text: "Piano"), DLSInfoEntry(id: "ICMT", text: "test")]))
        let drums = DLSInstrument(
            bankMSB: 121, bankLSB: 5, program: 0, isDrum: true,
            regions: [
                DLSRegion(keyLow: 36, keyHigh: 36, keyGroup: 1, waveLink: DLSWaveLink(tableIndex: 1), isDLS2Region: true),
                DLSRegion(keyLow: 42, keyHigh: 46, keyGroup: 1,
                          waveSample: DLSWaveSample(unityNote: 60, fineTuneCents: 5, gain: 3, options: 2),
                          waveLink: DLSWaveLink(channel: DLSWaveLink.rightChannel, tableIndex: 0),
                          articulations: [art2], isDLS2Region: true),
            ],
            articulations: [art2],
            info: DLSInfo(name: "Drums"),
            dlid: Array(repeating: 0xAB, count: 16))
        return DLSCollection(
            version: DLSVersion(ms: 0x0001_0002, ls: 0x0003_0004), dlid: Array(100..<116),
            instruments: [piano, drums], waves: [wave0, wave1, wave2],
            info: DLSInfo(entries: [DLSInfoEntry(id: "INAM", text: "Small test bank"), DLSInfoEntry(id: "ICOP", text: "none")]))
    }

    /// Many small instruments and waves: most of its bytes are structure, so random damage
    /// mostly hits headers, sizes and counts rather than sample data.
    static func dense(instruments: Int = 12, waves: Int = 10) -> DLSCollection {
        var collection = DLSCollection(info: DLSInfo(name: "dense"))
        for w in 0..<waves {
            let bits: UInt16 = w % 2 == 0 ? 16 : 8
            let data = (0..<((w * 3 + 5) * Int(bits / 8))).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ w) }
            let sample = w % 3 == 0 ? nil : DLSWaveSample(unityNote: UInt16(40 + w), loops: [DLSLoop(startFrames: 1, lengthFrames: 2)])
            collection.waves.append(DLSWave.pcm(sampleRate: 8000 * UInt32(w + 1), bitsPerSample: bits, data: data, waveSample: sample))
        }
        for i in 0..<instruments {
            var instrument = DLSInstrument(program: UInt8(i), isDrum: i % 5 == 4, info: DLSInfo(name: "inst \(i)"))
            for r in 0..<3 {
                let key = UInt16(r * 40)
                instrument.regions.append(DLSRegion(
                    keyLow: key, keyHigh: key + 39,
                    waveSample: r == 1 ? DLSWaveSample(unityNote: key + 20, loops: [DLSLoop(startFrames: 0, lengthFrames: 3)]) : nil,
                    waveLink: DLSWaveLink(tableIndex: UInt32((i + r) % waves)),
                    articulations: [DLSArticulation(isDLS2: r != 2, connections: [
                        DLSConnection(source: UInt16(r), destination: 0x0206, scale: Int32(i * 1000)),
                    ])],
                    isDLS2Region: i % 2 == 0))
            }
            instrument.articulations = [DLSArticulation(isDLS2: true, connections: [DLSConnection(source: 0, destination: 0x0209, scale: 7)])]
            collection.instruments.append(instrument)
        }
        return collection
    }
}

/// SplitMix64: a tiny deterministic generator so damage tests are repeatable.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
