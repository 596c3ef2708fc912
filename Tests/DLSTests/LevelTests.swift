import DLS
import DMusTestSupport
import Testing

/// Level 1 and Level 2 forms: a Level 1 collection keeps its Level 1 meaning through a
/// write and a read, and `write(_:level: .dls1)` produces only Level 1 forms.
@Suite struct LevelTests {
    /// rgn, art1 in lart (velocity → attenuation concave, the DLS1 form), forward loops only.
    static func level1Bank() -> DLSCollection {
        let art1 = DLSArticulation(isDLS2: false, connections: [
            DLSConnection(source: 0x0002, destination: 0x0001, transform: 1, scale: -62_914_560),
            DLSConnection(source: 0, destination: 0x0209, scale: -78_643_200),
        ])
        let wave = DLSWave.pcm(sampleRate: 22_050, bitsPerSample: 8, data: [0x80, 0x90, 0xA0, 0xB0],
                               waveSample: DLSWaveSample(unityNote: 60, loops: [DLSLoop(startFrames: 1, lengthFrames: 3)]), name: "w")
        let melodic = DLSInstrument(program: 5, regions: [DLSRegion(keyLow: 0, keyHigh: 127, waveLink: DLSWaveLink(tableIndex: 0))],
                                    articulations: [art1], info: DLSInfo(name: "melodic"))
        let drums = DLSInstrument(isDrum: true, regions: [
            DLSRegion(keyLow: 36, keyHigh: 36, keyGroup: 1, waveLink: DLSWaveLink(tableIndex: 0), articulations: [art1]),
        ])
        return DLSCollection(instruments: [melodic, drums], waves: [wave], info: DLSInfo(name: "level 1"))
    }

    static func outline(_ bytes: [UInt8]) throws -> [RIFFNode] {
        func all(_ n: [RIFFNode]) -> [RIFFNode] { n.flatMap { [$0] + all($0.children) } }
        return all(try RIFFTree.parse(bytes, name: "x").nodes)
    }

    @Test func level1CollectionStaysLevel1() throws {
        let bank = Self.level1Bank()
        #expect(bank.level == .dls1)
        for level in [DLSLevel.dls1, .dls2] {
            let bytes = DLSWriter.write(bank, level: level)
            let (read, warnings) = try DLSReader.read(bytes, name: "l1.dls")
            #expect(warnings.isEmpty, "\(warnings)")
            #expect(read == bank)
            #expect(read.level == .dls1)
            let ids = try Self.outline(bytes).map { $0.listType ?? $0.id }
            #expect(!ids.contains("rgn2") && !ids.contains("lar2") && !ids.contains("art2"))
            #expect(ids.filter { $0 == "art1" }.count == 2)
        }
        // Level 1 output of a Level 1 bank is byte-identical to the default output.
        #expect(DLSWriter.write(bank, level: .dls1) == DLSWriter.write(bank))
    }

    @Test func level2CollectionWrittenAsLevel1() throws {
        let bank = TestBanks.small()
        #expect(bank.level == .dls2)
        let bytes = DLSWriter.write(bank, level: .dls1)
        let nodes = try Self.outline(bytes)
        let ids = nodes.map { $0.listType ?? $0.id }
        #expect(!ids.contains("rgn2") && !ids.contains("lar2") && !ids.contains("art2"))
        #expect(nodes.filter { $0.id == "rgnh" }.allSatisfy { $0.size == 12 })
        let (read, warnings) = try DLSReader.read(bytes, name: "as-l1.dls")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(read.level == .dls1)
        // Structure is kept: same instruments, regions, waves, ranges and connection counts.
        let forwardOnly = bank.waves.map { w in
            var w = w
            let loops = w.waveSample?.loops ?? []
            w.waveSample?.loops = loops.map { DLSLoop(type: DLSLoop.forward, startFrames: $0.startFrames, lengthFrames: $0.lengthFrames) }
            return w
        }
        #expect(read.waves == forwardOnly)
        for (a, b) in zip(read.instruments, bank.instruments) {
            #expect(a.regions.map(\.keyLow) == b.regions.map(\.keyLow))
            #expect(a.regions.map(\.layer).allSatisfy { $0 == 0 })
            #expect(a.articulations.map(\.connections.count) == b.articulations.map(\.connections.count))
            #expect(a.articulations.allSatisfy { !$0.isDLS2 })
        }
        // art2 transform 0x0010 (control concave only) has a linear source → art1 none.
        let converted = read.instruments[0].regions[2].articulations[0].connections[0]
        #expect(converted.transform == 0)
    }

    @Test func art2TransformsMapToArt1() {
        #expect(DLSWriter.level1Transform(0x8400) == 1)  // inverted concave source → concave
        #expect(DLSWriter.level1Transform(0x0400) == 1)
        #expect(DLSWriter.level1Transform(0x0800) == 0)  // convex has no DLS1 form
        #expect(DLSWriter.level1Transform(0x0001) == 1)  // concave written in the output bits
        #expect(DLSWriter.level1Transform(0x4000) == 0)
    }

    @Test func levelDetection() {
        var bank = Self.level1Bank()
        #expect(bank.level == .dls1)
        bank.instruments[0].regions[0].layer = 1
        #expect(bank.level == .dls2)
        bank = Self.level1Bank()
        bank.waves[0].waveSample?.loops[0].type = DLSLoop.release
        #expect(bank.level == .dls2)
        bank = Self.level1Bank()
        bank.waves[0].formatTag = DLSWave.ieeeFloatFormatTag
        #expect(bank.level == .dls2)
        #expect(DLSCollection().level == .dls1)
    }

    /// The libgig-written mini bank uses `rgn ` everywhere; written at Level 1 it keeps
    /// every region, range, wave and loop start.
    @Test func realBankAsLevel1KeepsItsRegions() throws {
        guard let bytes = try TestData.bytes("dls/TimGM6mb_mini_libgig.dls") else { return }
        let (bank, _) = try DLSReader.read(bytes, name: "mini")
        let (read, warnings) = try DLSReader.read(DLSWriter.write(bank, level: .dls1), name: "mini as l1")
        #expect(warnings.filter { !$0.message.contains("same locale") }.isEmpty, "\(warnings)")
        #expect(read.level == .dls1)
        #expect(read.waves.map(\.data) == bank.waves.map(\.data))
        for (a, b) in zip(read.instruments, bank.instruments) {
            #expect(a.regions.map { [$0.keyLow, $0.keyHigh, $0.velocityLow, $0.velocityHigh] }
                == b.regions.map { [$0.keyLow, $0.keyHigh, $0.velocityLow, $0.velocityHigh] })
            #expect(a.regions.map(\.waveSample) == b.regions.map(\.waveSample))
        }
    }
}
