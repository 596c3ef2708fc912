import DLS
import Testing

/// `splittingMultichannelWaves()`: stereo waves become two mono waves and every region on
/// them a phase-locked LEFT/RIGHT pair, as DLS expresses stereo with `wlnk`.
@Suite struct StereoSplitTests {
    /// Wave 0 mono, wave 1 stereo 16-bit (3 frames), wave 2 mono; instrument 0 uses wave 1
    /// twice (one region already in phase group 1) and wave 0 once.
    static func bank() -> DLSCollection {
        let mono = DLSWave.pcm(sampleRate: 22_050, bitsPerSample: 16, data: [1, 0, 2, 0], name: "mono")
        // L: 100, 200, 300; R: −100, −200, −300
        let frames: [Int16] = [100, -100, 200, -200, 300, -300]
        let stereoData = frames.flatMap { RawRIFF.le16(UInt16(bitPattern: $0)) }
        let stereo = DLSWave(channels: 2, sampleRate: 44_100, averageBytesPerSecond: 44_100 * 4, blockAlign: 4, bitsPerSample: 16,
                             data: stereoData, waveSample: DLSWaveSample(unityNote: 62, loops: [DLSLoop(startFrames: 1, lengthFrames: 2)]),
                             info: DLSInfo(name: "piano"), dlid: Array(0..<16))
        let art = DLSArticulation(connections: [DLSConnection(source: 0, destination: 0x0209, scale: 0)])
        let inst = DLSInstrument(program: 3, regions: [
            DLSRegion(keyLow: 0, keyHigh: 59, waveLink: DLSWaveLink(tableIndex: 1), articulations: [art]),
            DLSRegion(keyLow: 60, keyHigh: 127, waveLink: DLSWaveLink(phaseGroup: 1, tableIndex: 0)),
            DLSRegion(keyLow: 60, keyHigh: 127, velocityLow: 100, waveLink: DLSWaveLink(phaseGroup: 2, tableIndex: 1)),
        ])
        let other = DLSInstrument(program: 4, regions: [DLSRegion(waveLink: DLSWaveLink(tableIndex: 2))])
        return DLSCollection(instruments: [inst, other], waves: [mono, stereo, mono])
    }

    @Test func stereoWaveBecomesTwoMonoWaves() throws {
        let (split, warnings) = Self.bank().splittingMultichannelWaves()
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(split.waves.count == 4)
        #expect(split.waves.allSatisfy { $0.channels == 1 })
        #expect(split.waves[1].info.name == "piano (L)" && split.waves[3].info.name == "piano (R)")
        #expect(try split.waves[1].decodedFrames() == [100, 200, 300].map { Float($0) / 32768 })
        #expect(try split.waves[3].decodedFrames() == [-100, -200, -300].map { Float($0) / 32768 })
        #expect(split.waves[1].dlid == Array(0..<16) && split.waves[3].dlid == nil)
        #expect(split.waves[3].waveSample == Self.bank().waves[1].waveSample)
        // Untouched waves keep their positions.
        #expect(split.waves[0] == Self.bank().waves[0] && split.waves[2] == Self.bank().waves[2])
    }

    @Test func regionsBecomePhaseLockedPairs() {
        let (split, _) = Self.bank().splittingMultichannelWaves()
        let regions = split.instruments[0].regions
        #expect(regions.count == 5)
        // Region 0 (no group) gets the first free group: 3 (1 and 2 are taken).
        let (l0, r0) = (regions[0], regions[1])
        #expect(l0.waveLink == DLSWaveLink(options: DLSWaveLink.phaseMasterFlag, phaseGroup: 3, channel: DLSWaveLink.leftChannel, tableIndex: 1))
        #expect(r0.waveLink == DLSWaveLink(options: 0, phaseGroup: 3, channel: DLSWaveLink.rightChannel, tableIndex: 3))
        #expect(l0.keyLow == r0.keyLow && l0.keyHigh == r0.keyHigh && l0.articulations == r0.articulations)
        // The mono region is unchanged.
        #expect(regions[2] == Self.bank().instruments[0].regions[1])
        // A region already in group 2 (not master) keeps its group and gets no master flag.
        #expect(regions[3].waveLink == DLSWaveLink(options: 0, phaseGroup: 2, channel: 1, tableIndex: 1))
        #expect(regions[4].waveLink == DLSWaveLink(options: 0, phaseGroup: 2, channel: 2, tableIndex: 3))
        #expect(split.instruments[1] == Self.bank().instruments[1])
    }

    @Test func splitCollectionWritesAndReadsBack() throws {
        let (split, _) = Self.bank().splittingMultichannelWaves()
        let (again, warnings) = try DLSReader.read(DLSWriter.write(split), name: "split.dls")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(again == split)
    }

    @Test func monoCollectionIsUnchanged() {
        let bank = TestBanks.small()
        let (same, warnings) = bank.splittingMultichannelWaves()
        #expect(same == bank && warnings.isEmpty)
    }

    @Test func undecodableStereoIsLeftWithAWarning() {
        var bank = Self.bank()
        bank.waves[1].formatTag = DLSWave.adpcmFormatTag
        let (split, warnings) = bank.splittingMultichannelWaves()
        #expect(split == bank)
        #expect(warnings.count == 1)
        #expect(warnings[0].description.contains("LIST wave #1") && warnings[0].message.contains("not split"))
    }

    @Test func phaseGroupsRunOut() {
        var bank = Self.bank()
        // Every group number is taken by some region: the split regions stay unlocked.
        bank.instruments[0].regions += (1...65535).map { DLSRegion(waveLink: DLSWaveLink(phaseGroup: UInt16($0), tableIndex: 0)) }
        let (split, warnings) = bank.splittingMultichannelWaves()
        #expect(warnings.contains { $0.message.contains("no free phase group") })
        #expect(split.instruments[0].regions[0].waveLink.phaseGroup == 0)
        #expect(split.instruments[0].regions[0].waveLink.options & DLSWaveLink.phaseMasterFlag == 0)
    }
}
