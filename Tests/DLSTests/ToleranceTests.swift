import DLS
import Testing

/// Known real-world damage (dls-synthesis.md §1.14) loads with warnings instead of failing.
@Suite struct ToleranceTests {
    func load(_ bytes: [UInt8]) throws -> (DLSCollection, [DLSWarning]) {
        let r = try DLSReader.read(bytes, name: "test.dls")
        return (r.collection, r.warnings)
    }

    func mentions(_ warnings: [DLSWarning], _ text: String) -> Bool {
        warnings.contains { $0.description.contains(text) }
    }

    @Test func handBuiltFileLoadsCleanly() throws {
        let (c, w) = try load(RawRIFF.simple(link: 1).bytes)
        #expect(w.isEmpty, "\(w)")
        #expect(c.waves.map(\.info.name) == ["first", "second"])
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
        #expect(c.waves[0].pcm16Frames() == [1, 2, 3, 4])
    }

    @Test func riffSizePastEndOfFile() throws {
        var bytes = DLSWriter.write(TestBanks.small())
        bytes.replaceSubrange(4..<8, with: RawRIFF.le32(UInt32(bytes.count + 1000)))
        let (c, w) = try load(bytes)
        #expect(c == TestBanks.small())
        #expect(mentions(w, "past the end of the file"))
    }

    @Test func riffSizeTooSmallStrandsChunks() throws {
        // Beatnik mobile60.dls: the RIFF size ends inside the file; the pool lies beyond it.
        var bytes = DLSWriter.write(TestBanks.small())
        let ptbl = try #require(RawRIFF.find("ptbl", in: bytes))
        bytes.replaceSubrange(4..<8, with: RawRIFF.le32(UInt32(ptbl - 8)))
        let (c, w) = try load(bytes)
        #expect(c == TestBanks.small())
        #expect(mentions(w, "too small"))
    }

    @Test func riffSizeSlightlyTooSmallCutsIntoLastList() throws {
        var bytes = DLSWriter.write(TestBanks.small())
        bytes.replaceSubrange(4..<8, with: RawRIFF.le32(UInt32(bytes.count - 8 - 6)))
        let (c, w) = try load(bytes)
        #expect(c == TestBanks.small())
        #expect(mentions(w, "past the end of its parent"))
    }

    @Test func trailingGarbageIgnored() throws {
        let bytes = DLSWriter.write(TestBanks.small()) + [0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3]
        let (c, w) = try load(bytes)
        #expect(c == TestBanks.small())
        #expect(mentions(w, "after the RIFF chunk ignored"))
    }

    @Test func oddChunkWithoutPadByte() throws {
        let waves = [RawRIFF.wave([0x80, 0x81, 0x82], bits: 8, name: "odd", padData: false), RawRIFF.wave([0x80], bits: 8)]
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(1)])])
        let (c, w) = try load(RawRIFF.dls(instruments: [inst], waves: waves))
        #expect(c.waves[0].data == [0x80, 0x81, 0x82])
        #expect(c.waves[0].info.name == "odd")
        #expect(c.waves.count == 2)
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
        #expect(mentions(w, "no pad byte"))
    }

    @Test func missingPtblUsesPoolOrder() throws {
        let (c, w) = try load(RawRIFF.simple(link: 1, ptbl: .some(nil)).bytes)
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
        #expect(mentions(w, "no usable 'ptbl'"))
    }

    @Test func ptblCuesAreFollowedNotPoolOrder() throws {
        // Cue 0 points at the second wave: table index 0 must resolve to pool position 1.
        let waves = RawRIFF.simple().waves
        let swapped = RawRIFF.ptbl(RawRIFF.cues(waves).reversed())
        let (c, w) = try load(RawRIFF.simple(link: 0, ptbl: .some(swapped)).bytes)
        #expect(w.isEmpty, "\(w)")
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
    }

    @Test func wrongPtblFallsBackToPoolOrder() throws {
        let (c, w) = try load(RawRIFF.simple(link: 1, ptbl: .some(RawRIFF.ptbl([3, 77]))).bytes)
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
        #expect(mentions(w, "does not point at a 'LIST wave'"))
        #expect(mentions(w, "read as wave-pool positions"))
    }

    @Test func linkToNoWaveDropsOnlyThatRegion() throws {
        let waves = [RawRIFF.wave([0, 0])]
        let inst = RawRIFF.instrument(regions: [
            RawRIFF.region([RawRIFF.rgnh(keys: 0...10), RawRIFF.wlnk(5)]),
            RawRIFF.region([RawRIFF.rgnh(keys: 11...20), RawRIFF.wlnk(0)]),
        ])
        let (c, w) = try load(RawRIFF.dls(instruments: [inst], waves: waves))
        #expect(c.instruments[0].regions.map(\.keyLow) == [11])
        #expect(mentions(w, "region dropped"))
    }

    @Test func velocityRangeZeroZeroMeansAll() throws {
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(velocities: 0...0), RawRIFF.wlnk(0)])])
        let (c, w) = try load(RawRIFF.dls(instruments: [inst], waves: [RawRIFF.wave([0, 0])]))
        #expect(c.instruments[0].regions[0].velocityLow == 0 && c.instruments[0].regions[0].velocityHigh == 127)
        #expect(mentions(w, "0–0"))
    }

    @Test func art1InsideLar2AndArt2InsideLart() throws {
        let extra = [RawRIFF.list("lar2", [RawRIFF.art("art1", [(0, 0x206, 100)])]),
                     RawRIFF.list("lart", [RawRIFF.art("art2", [(1, 0x3, -5), (2, 0x4, 6)])])]
        let (c, w) = try load(RawRIFF.simple(regionExtra: extra).bytes)
        #expect(w.count == 2, "\(w)")
        #expect(mentions(w, "LIST lar2 > art1, byte 144 (0x90): 'art1' inside 'LIST lar2'"))
        #expect(mentions(w, "'art2' inside 'LIST lart'"))
        let arts = c.instruments[0].regions[0].articulations
        #expect(arts.map(\.isDLS2) == [false, true])
        #expect(arts[0].connections == [DLSConnection(source: 0, destination: 0x206, scale: 100)])
        #expect(arts[1].connections.map(\.scale) == [-5, 6])
    }

    @Test func dwplAcceptedAsWavePool() throws {
        let waves = [RawRIFF.wave([5, 0])]
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])])
        let (c, w) = try load(RawRIFF.dls(instruments: [inst], waves: waves, pool: "dwpl"))
        #expect(c.waves.count == 1 && c.instruments[0].regions.count == 1)
        #expect(mentions(w, "dwpl"))
    }

    @Test func vendorChunksAndUnknownListsSkipped() throws {
        let extra = [RawRIFF.chunk("crs1", [1, 2, 3, 4, 5]), RawRIFF.list("zzzz", [RawRIFF.chunk("junk", [9])])]
        let waves = RawRIFF.simple().waves
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)] + extra)], extra: extra)
        let bytes = RawRIFF.dls(instruments: [inst], waves: waves, top: [RawRIFF.chunk("msyn", [0, 0, 0, 0])] + extra)
        let (c, w) = try load(bytes)
        #expect(w.isEmpty, "\(w)")
        #expect(c.instruments[0].regions.count == 1)
    }

    @Test func shortHeaderSizesAreClamped() throws {
        // wsmp cbSize 12 (< 20) still puts loops after the 20-byte fixed part.
        let extra = [RawRIFF.wsmp(unity: 50, loops: [(start: 3, length: 9)])]
        var bytes = RawRIFF.simple(regionExtra: extra).bytes
        let wsmp = try #require(RawRIFF.find("wsmp", in: bytes))
        bytes.replaceSubrange((wsmp + 8)..<(wsmp + 12), with: RawRIFF.le32(12))
        let (c, w) = try load(bytes)
        let sample = try #require(c.instruments[0].regions[0].waveSample)
        #expect(sample.unityNote == 50)
        #expect(sample.loops == [DLSLoop(startFrames: 3, lengthFrames: 9)])
        #expect(mentions(w, "header size 12 read as 20"))
    }

    @Test func countsThatDisagreeWithTheListsAreWarnedAbout() throws {
        let inst = RawRIFF.instrument(regionCount: 9, regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])])
        var bytes = RawRIFF.dls(instruments: [inst], waves: [RawRIFF.wave([0, 0])])
        let colh = try #require(RawRIFF.find("colh", in: bytes))
        bytes.replaceSubrange((colh + 8)..<(colh + 12), with: RawRIFF.le32(40))
        let (c, w) = try load(bytes)
        #expect(c.instruments.count == 1 && c.instruments[0].regions.count == 1)
        #expect(mentions(w, "'colh' says 40 instruments"))
        #expect(mentions(w, "'insh' says 9 regions"))
    }

    @Test func formatVariantsKeepTheirFields() throws {
        // 18-byte fmt with cbSize 0, and a 40-byte WAVE_FORMAT_EXTENSIBLE.
        let fmt18 = RawRIFF.chunk("fmt ", RawRIFF.le16(1) + RawRIFF.le16(1) + RawRIFF.le32(8000) + RawRIFF.le32(16000)
                                  + RawRIFF.le16(2) + RawRIFF.le16(16) + RawRIFF.le16(0))
        // KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71
        let pcmGUID: [UInt8] = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        let ext: [UInt8] = RawRIFF.le16(16) + RawRIFF.le32(4) + pcmGUID
        let fmt40 = RawRIFF.chunk("fmt ", RawRIFF.le16(0xFFFE) + RawRIFF.le16(1) + RawRIFF.le32(48000) + RawRIFF.le32(96000)
                                  + RawRIFF.le16(2) + RawRIFF.le16(16) + RawRIFF.le16(22) + ext)
        let waves = [RawRIFF.list("wave", [fmt18, RawRIFF.chunk("data", [1, 0])]),
                     RawRIFF.list("wave", [fmt40, RawRIFF.chunk("data", [2, 0, 3, 0])])]
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(1)])])
        let (c, w) = try load(RawRIFF.dls(instruments: [inst], waves: waves))
        #expect(w.isEmpty, "\(w)")
        #expect(c.waves[0].formatExtension.isEmpty && c.waves[0].sampleRate == 8000)
        #expect(c.waves[1].formatTag == 0xFFFE && c.waves[1].formatExtension == ext)
        #expect(c.waves[1].effectiveFormatTag == DLSWave.pcmFormatTag)
        #expect(c.waves[1].pcm16Frames() == [2, 3])
        // and the writer keeps them
        let (again, _) = try load(DLSWriter.write(c))
        #expect(again == c)
    }

    @Test func infoTextFallsBackToLatin1() throws {
        let info = RawRIFF.list("INFO", [RawRIFF.chunk("INAM", [0x43, 0x61, 0x66, 0xE9, 0]), RawRIFF.chunk("ICMT", Array("naïve".utf8) + [0, 0x41])])
        let waves = [RawRIFF.wave([0, 0])]
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])], extra: [info])
        let (c, _) = try load(RawRIFF.dls(instruments: [inst], waves: waves))
        #expect(c.instruments[0].info.name == "Café")
        #expect(c.instruments[0].info["ICMT"] == "naïve")
    }
}

/// More §1.14 damage and the chunks a reader must keep.
@Suite struct MoreToleranceTests {
    func load(_ bytes: [UInt8]) throws -> (DLSCollection, [DLSWarning]) {
        let r = try DLSReader.read(bytes, name: "test.dls")
        return (r.collection, r.warnings)
    }

    @Test func duplicateInstrumentsAreKeptAndReported() throws {
        let region = RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])
        let insts = [
            RawRIFF.instrument(program: 3, bank: 0x0100, regions: [region]),
            RawRIFF.instrument(program: 3, bank: 0x0100 | 0x8000_0000, regions: [region]),  // drums: another locale
            RawRIFF.instrument(program: 3, bank: 0x0100, regions: [region, region]),
        ]
        let bytes = RawRIFF.dls(instruments: insts, waves: [RawRIFF.wave([0, 0])])
        let (c, w) = try load(bytes)
        #expect(c.instruments.count == 3)  // the model keeps the file; "first wins" is the synth's rule
        #expect(w.count == 1, "\(w)")
        var listStarts: [Int] = []
        var from = 0
        while let at = RawRIFF.find("ins insh", in: bytes, from: from) {
            listStarts.append(at - 8)
            from = at + 1
        }
        #expect(w[0].message == "instrument 2 has the same locale as instrument 0 (bank 1:0 program 3); the first one wins")
        #expect(w[0].chunkPath == "LIST lins > LIST ins ")
        #expect(listStarts.count == 3 && w[0].offset == listStarts[2])
    }

    @Test func crystalChunkWithWrongSizeIsReadAs28Bytes() throws {
        // crs1 claims 1000 bytes but holds 28; the region's wlnk follows it.
        let crs1 = RawRIFF.id("crs1") + RawRIFF.le32(1000) + [UInt8](repeating: 7, count: 28)
        let region = RawRIFF.region([RawRIFF.rgnh(), crs1, RawRIFF.wlnk(1)])
        let bytes = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [region])], waves: RawRIFF.simple().waves)
        let (c, w) = try load(bytes)
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 1)
        #expect(c.instruments[0].regions[0].unknownChunks == [DLSRawChunk(id: "crs1", payload: [UInt8](repeating: 7, count: 28))])
        #expect(w.contains { $0.message.contains("'crs1' declares 1000 bytes; read as its fixed size 28") })
    }

    @Test func unknownChunksAreKeptAndWrittenBack() throws {
        let vendor = RawRIFF.chunk("pgal", [1, 2, 3])
        let list = RawRIFF.list("zzzz", [RawRIFF.chunk("junk", [9])])
        let wave = RawRIFF.list("wave", [RawRIFF.fmt(), RawRIFF.chunk("data", [0, 0]), RawRIFF.chunk("smpl", [5, 5])])
        let region = RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0), vendor,
                                     RawRIFF.list("INFO", [RawRIFF.chunk("INAM", Array("left hand".utf8) + [0])])])
        let bytes = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [region], extra: [list])], waves: [wave],
                                top: [RawRIFF.chunk("msyn", [1, 0, 0, 0]), vendor])
        let (c, w) = try load(bytes)
        #expect(w.isEmpty, "\(w)")
        #expect(c.unknownChunks.map(\.id) == ["msyn", "pgal"])
        #expect(c.instruments[0].unknownChunks == [DLSRawChunk(id: "LIST", payload: Array("zzzz".utf8) + RawRIFF.chunk("junk", [9]))])
        #expect(c.instruments[0].regions[0].unknownChunks == [DLSRawChunk(id: "pgal", payload: [1, 2, 3])])
        #expect(c.instruments[0].regions[0].info.name == "left hand")
        #expect(c.waves[0].unknownChunks == [DLSRawChunk(id: "smpl", payload: [5, 5])])
        let (again, w2) = try load(DLSWriter.write(c))
        #expect(w2.isEmpty && again == c)
    }

    @Test func wrongFixedSizesAreReported() throws {
        let longRgnh = RawRIFF.chunk("rgnh", [UInt8](repeating: 0, count: 16))
        let longWlnk = RawRIFF.chunk("wlnk", RawRIFF.le16(0) + RawRIFF.le16(0) + RawRIFF.le32(1) + RawRIFF.le32(0) + [0, 0])
        let region = RawRIFF.region([longRgnh, longWlnk])
        let (_, w) = try load(RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [region])], waves: [RawRIFF.wave([0, 0])]))
        #expect(w.contains { $0.message.contains("'rgnh' is 16 bytes (12 or 14 expected)") })
        #expect(w.contains { $0.message.contains("'wlnk' is 14 bytes (12 expected)") })
    }

    @Test func undecodableWaveFormatIsReported() throws {
        let adpcm = RawRIFF.chunk("fmt ", RawRIFF.le16(2) + RawRIFF.le16(1) + RawRIFF.le32(8000) + RawRIFF.le32(4096)
                                  + RawRIFF.le16(256) + RawRIFF.le16(4) + RawRIFF.le16(0))
        let waves = [RawRIFF.list("wave", [adpcm, RawRIFF.chunk("data", [UInt8](repeating: 0, count: 256))])]
        let (c, w) = try load(RawRIFF.dls(instruments: [], waves: waves))
        #expect(c.waves[0].formatTag == 2)
        #expect(w.contains { $0.message.contains("MS ADPCM (tag 2) cannot be decoded") && $0.chunkPath == "LIST wvpl > LIST wave > fmt " })
    }
}

@Suite struct ArticulationToleranceTests {
    @Test func concaveVelocityWithoutInvertIsReported() throws {
        // usTransform 0x0400: source concave, no invert (Fury.dls).
        var art = RawRIFF.art("art2", [(0x0002, 0x0001, -62_914_560)])
        art[8 + 8 + 6] = 0x00
        art[8 + 8 + 7] = 0x04
        let (c, w) = try DLSReader.read(RawRIFF.simple(regionExtra: [RawRIFF.list("lar2", [art])]).bytes, name: "fury.dls")
        #expect(c.instruments[0].regions[0].articulations[0].connections[0].transform == 0x0400)  // kept as stored
        #expect(w.contains { $0.message.contains("concave curve but no invert bit (transform 0x400)") })
    }
}
