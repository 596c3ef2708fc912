import DLS
import Testing

@Suite struct RoundTripTests {
    @Test func writtenCollectionReadsBackEqual() throws {
        let original = TestBanks.small()
        let bytes = DLSWriter.write(original)
        let (read, warnings) = try DLSReader.read(bytes, name: "small.dls")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(read == original)
        #expect(read.instruments[1].isDrum)
        #expect(read.instruments[0].regions[1].layer == 3)
        #expect(read.waves[1].bitsPerSample == 8)
        #expect(read.waves[1].info.name == "ramp ä")
    }

    @Test func writingTwiceGivesIdenticalBytes() throws {
        let first = DLSWriter.write(TestBanks.small())
        let (read, _) = try DLSReader.read(first, name: "small.dls")
        #expect(DLSWriter.write(read) == first)
        #expect(DLSWriter.write(TestBanks.small()) == first)
    }

    @Test func writerProducesWellFormedRIFF() throws {
        let bytes = DLSWriter.write(TestBanks.small())
        #expect(bytes.count % 2 == 0)
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
        #expect(Array(bytes[8..<12]) == Array("DLS ".utf8))
        let riffSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        #expect(riffSize == bytes.count - 8)
        let (nodes, warnings) = try RIFFTree.parse(bytes, name: "small.dls")
        #expect(warnings.isEmpty)
        let top = nodes.first?.children.map { $0.listType ?? $0.id } ?? []
        #expect(top == ["vers", "dlid", "colh", "lins", "ptbl", "wvpl", "INFO"])
    }

    @Test func regionHeaderIs14BytesOnlyWithALayer() throws {
        let bytes = DLSWriter.write(TestBanks.small())
        let (nodes, _) = try RIFFTree.parse(bytes, name: "small.dls")
        func all(_ n: [RIFFNode]) -> [RIFFNode] { n.flatMap { [$0] + all($0.children) } }
        let sizes = all(nodes).filter { $0.id == "rgnh" }.map(\.size)
        #expect(sizes == [12, 14, 12, 12, 12])
        let kinds = all(nodes).filter { $0.listType == "rgn " || $0.listType == "rgn2" }.map { $0.listType! }
        #expect(kinds == ["rgn ", "rgn ", "rgn ", "rgn2", "rgn2"])
    }

    @Test func denseBankRoundTrips() throws {
        let original = TestBanks.dense()
        let (read, warnings) = try DLSReader.read(DLSWriter.write(original), name: "dense.dls")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(read == original)
    }

    @Test func emptyCollectionRoundTrips() throws {
        let (read, warnings) = try DLSReader.read(DLSWriter.write(DLSCollection()), name: "empty.dls")
        #expect(read == DLSCollection())
        #expect(warnings.isEmpty)
    }

    @Test func pcmDecodingOf8And16Bit() {
        let w8 = DLSWave.pcm(sampleRate: 8000, bitsPerSample: 8, data: [0x80, 0xFF, 0x00])
        #expect(w8.pcm16Frames() == [0, 127 << 8, -128 << 8])
        let w16 = DLSWave.pcm(sampleRate: 8000, bitsPerSample: 16, data: [0x01, 0x80, 0xFF, 0x7F, 0x00])
        #expect(w16.frameCount == 2)
        #expect(w16.pcm16Frames() == [Int16.min + 1, Int16.max])
        var float = w16
        float.formatTag = DLSWave.ieeeFloatFormatTag
        #expect(float.pcm16Frames() == nil)
    }
}
