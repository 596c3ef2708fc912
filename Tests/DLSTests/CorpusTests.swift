import DLS
import DMusTestSupport
import Testing

/// Real DLS files from ../shared/testdata/dls (skipped with a note when the corpus is absent).
@Suite struct CorpusTests {
    static func load(_ file: String) throws -> (collection: DLSCollection, warnings: [DLSWarning])? {
        guard let bytes = try TestData.bytes(file) else { return nil }
        return try DLSReader.read(bytes, name: file)
    }

    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"))
    func everyFileLoadsWithResolvedWaveLinks(file: String) throws {
        guard let (collection, warnings) = try Self.load(file) else { return }
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(!collection.instruments.isEmpty)
        #expect(!collection.waves.isEmpty)
        for instrument in collection.instruments {
            #expect(!instrument.regions.isEmpty)
            for region in instrument.regions {
                #expect(Int(region.waveLink.tableIndex) < collection.waves.count)
                #expect(region.keyLow <= region.keyHigh && region.keyHigh <= 127)
            }
        }
        for wave in collection.waves {
            #expect(wave.formatTag == DLSWave.pcmFormatTag && wave.channels == 1 && wave.bitsPerSample == 16)
            #expect(wave.frameCount > 0 && wave.pcm16Frames()?.count == wave.frameCount)
        }
    }

    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"))
    func everyFileSurvivesWriteAndReread(file: String) throws {
        guard let (collection, _) = try Self.load(file) else { return }
        let (again, warnings) = try DLSReader.read(DLSWriter.write(collection), name: file + " (rewritten)")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(again == collection)
    }

    @Test func timGM6mbCounts() throws {
        guard let (c, _) = try Self.load("dls/TimGM6mb.dls") else { return }
        #expect(c.instruments.count == 136)
        #expect(c.waves.count == 520)
        #expect(c.instruments.reduce(0) { $0 + $1.regions.count } == 2063)
        #expect(c.instruments.filter(\.isDrum).count == 8)
        let connections = c.instruments.flatMap(\.regions).flatMap(\.articulations).reduce(0) { $0 + $1.connections.count }
            + c.instruments.flatMap(\.articulations).reduce(0) { $0 + $1.connections.count }
        #expect(connections == 28_301)
        #expect(c.instruments.allSatisfy { $0.regions.allSatisfy { $0.isDLS2Region } })
        #expect(c.version == nil)
        #expect(c.info.name == "TimGM6mb1.sf2")
        let rates = Set(c.waves.map(\.sampleRate))
        #expect(rates.isSuperset(of: [44_100, 22_050, 12_000, 11_025]))
    }

    @Test func leadsol() throws {
        guard let (c, _) = try Self.load("dls/Leadsol.dls") else { return }
        #expect(c.instruments.count == 1)
        let inst = c.instruments[0]
        #expect(inst.bankMSB == 121 && inst.bankLSB == 0 && inst.program == 0 && !inst.isDrum)
        #expect(c.waves.count == 1)
        let wave = c.waves[0]
        #expect(wave.bitsPerSample == 16 && wave.sampleRate == 44_100)
        #expect(wave.data.count == 563_200)
        let sample = inst.regions[0].waveSample ?? wave.waveSample
        #expect(sample?.loops.count == 1)
        #expect(inst.regions[0].isDLS2Region)
        #expect(inst.regions.flatMap(\.articulations).allSatisfy { $0.isDLS2 })
        #expect(c.info.name == "zngfMF-e4-2-e4")
    }

    /// The same banks written by spessasynth_core and by libgig: different wave order, `rgn2`
    /// vs `rgn`, gain in `wsmp` vs articulation, but the same regions, tuning, loops and audio.
    /// libgig wrote one stereo pair of FluidR3_mini (2 waves) with different audio bytes, so
    /// for that bank the audio is compared by length and the mismatch is pinned to those 2.
    @Test(arguments: [("TimGM6mb_mini", 0), ("FluidR3_mini", 2)])
    func twoWritersGiveTheSameRegions(bank: String, wavesWithDifferentAudio: Int) throws {
        guard let (a, _) = try Self.load("dls/\(bank)_spessasynth.dls"),
              let (b, _) = try Self.load("dls/\(bank)_libgig.dls") else { return }
        #expect(a.instruments.count == b.instruments.count)
        #expect(a.waves.count == b.waves.count)
        #expect(a.instruments.allSatisfy { $0.regions.allSatisfy { $0.isDLS2Region } })
        #expect(b.instruments.allSatisfy { $0.regions.allSatisfy { !$0.isDLS2Region } })
        #expect(b.version == DLSVersion(ms: 0, ls: 0))
        func locale(_ i: DLSInstrument) -> Int { (i.isDrum ? 1 << 20 : 0) | Int(i.bankMSB) << 14 | Int(i.bankLSB) << 7 | Int(i.program) }
        let sortedA = a.instruments.sorted { locale($0) < locale($1) }
        let sortedB = b.instruments.sorted { locale($0) < locale($1) }
        for (x, y) in zip(sortedA, sortedB) {
            #expect(locale(x) == locale(y))
            #expect(x.regions.count == y.regions.count)
            // The writers order regions (and waves) differently, so compare them as multisets.
            let audio = wavesWithDifferentAudio == 0
            #expect(Self.signatures(x.regions, a.waves, audio: audio) == Self.signatures(y.regions, b.waves, audio: audio))
        }
        let audioA = Set(a.waves.map { Self.fnv($0.data) }), audioB = Set(b.waves.map { Self.fnv($0.data) })
        #expect(audioA.subtracting(audioB).count == wavesWithDifferentAudio)
    }

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// What a region plays, independent of file layout: ranges, tuning, loops, format and
    /// the audio (a hash, or only its length).
    static func signatures(_ regions: [DLSRegion], _ waves: [DLSWave], audio: Bool) -> [String] {
        regions.map { r in
            let w = waves[Int(r.waveLink.tableIndex)]
            let ws = r.waveSample ?? w.waveSample
            let hash = audio ? fnv(w.data) : UInt64(w.data.count)
            let loops = ws?.loops.map { "\($0.type):\($0.startFrames)+\($0.lengthFrames)" } ?? []
            return "keys \(r.keyLow)-\(r.keyHigh) vel \(r.velocityLow)-\(r.velocityHigh) group \(r.keyGroup) "
                + "unity \(ws?.unityNote ?? 60) fine \(ws?.fineTuneCents ?? 0) loops \(loops) "
                + "fmt \(w.formatTag)/\(w.channels)/\(w.sampleRate)/\(w.bitsPerSample)/\(w.blockAlign) audio \(hash)"
        }.sorted()
    }
}
