@testable import DLS
import DMusTestSupport
import Testing

/// Builds XMF files for tests: VLQs, nodes with metadata, in-line and in-file references.
enum XMFBuild {
    static func vlq(_ v: Int) -> [UInt8] {
        var out = [UInt8(v & 0x7F)]
        var x = v >> 7
        while x > 0 {
            out.insert(UInt8(x & 0x7F) | 0x80, at: 0)
            x >>= 7
        }
        return out
    }

    /// A 4-byte VLQ (leading zero groups allowed), so offsets can be patched in place.
    static func vlq4(_ v: Int) -> [UInt8] {
        [UInt8((v >> 21) & 0x7F) | 0x80, UInt8((v >> 14) & 0x7F) | 0x80, UInt8((v >> 7) & 0x7F) | 0x80, UInt8(v & 0x7F)]
    }

    static func text(_ field: Int, _ s: String) -> [UInt8] {
        [0] + vlq(field) + [0] + vlq(s.utf8.count + 1) + [0] + Array(s.utf8)
    }

    static func resourceFormat(_ id: Int) -> [UInt8] { [0, 3, 0, 3, 6, 0, UInt8(id)] }

    /// A node: length, item count, header length, metadata, unpackers, reference type, content.
    static func node(items: Int = 0, metadata: [UInt8] = [], unpackers: [UInt8] = [], reference: Int = 1, content: [UInt8]) -> [UInt8] {
        let headerTail = vlq(metadata.count) + metadata + vlq(unpackers.count) + unpackers
        let body = vlq(reference) + content
        var lengthSize = 1, headerSize = 1
        while true {
            let headerLength = lengthSize + vlq(items).count + headerSize + headerTail.count
            let total = headerLength + body.count
            if vlq(total).count == lengthSize && vlq(headerLength).count == headerSize {
                return vlq(total) + vlq(items) + vlq(headerLength) + headerTail + body
            }
            lengthSize = vlq(total).count
            headerSize = vlq(headerLength).count
        }
    }

    static func resource(_ bytes: [UInt8], format: Int, name: String) -> [UInt8] {
        node(metadata: text(1, name) + resourceFormat(format), content: bytes)
    }

    /// Header size of `file` with 4-byte VLQs: the tree starts here.
    static let treeStart = 29

    /// XMF 2.00 with the tree at `treeStart`; `root` gets the file offset where `tail` will be.
    static func file(root: (Int) -> [UInt8], tail: [UInt8] = []) -> [UInt8] {
        let rootSize = root(0).count
        let tree = root(treeStart + rootSize)
        precondition(tree.count == rootSize)
        let total = treeStart + tree.count + tail.count
        let header = Array("XMF_2.00".utf8) + [0, 0, 0, 2, 0, 0, 0, 1] + vlq4(total) + [0] + vlq4(treeStart) + vlq4(treeStart + tree.count)
        precondition(header.count == treeStart)
        return header + tree + tail
    }

    static let smf: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 96] + Array("MTrk".utf8) + [0, 0, 0, 4, 0, 0xFF, 0x2F, 0]

    /// Mobile-XMF-like: a folder with a DLS and an SMF, both in-line.
    static func simple(dls: [UInt8] = DLSWriter.write(TestBanks.small())) -> [UInt8] {
        file { _ in
            node(items: 2, metadata: text(0, "x"), content: resource(dls, format: 5, name: "bank.dls") + resource(smf, format: 0, name: "song.mid"))
        }
    }
}

@Suite struct XMFTests {
    @Test func leadsolMobileXMF() throws {
        guard let bytes = try TestData.bytes("containers/Leadsol.mxmf"), let dls = try TestData.bytes("dls/Leadsol.dls") else { return }
        #expect(XMFReader.isXMF(bytes))
        let file = try XMFReader.read(bytes, name: "Leadsol.mxmf")
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(file.version == "2.00" && file.fileTypeID == 2 && file.fileTypeRevision == 1)
        #expect(file.resources.count == 2)
        let bank = try #require(file.dls)
        #expect(bank.contentOffset == 88)
        #expect(bank.format == .dls(variant: "Mobile DLS"))
        #expect(bank.name == "Leadsol.dls")
        #expect(bank.bytes == dls)
        let song = try #require(file.midi)
        #expect(song.format == .smf(type: 0))
        #expect(song.name == "Sol.mid")
        #expect(Array(song.bytes.prefix(14)) == Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 120])
        if let mid = try TestData.bytes("midi/sonivox/Leadsol_from_mxmf.mid") { #expect(song.bytes == mid) }
        let (c, w) = try DLSReader.read(bank.bytes, name: "Leadsol.mxmf (DLS)")
        #expect(w.isEmpty && c.instruments.count == 1 && c.instruments[0].bankMSB == 121)
        let (again, w2) = try DLSReader.read(DLSWriter.write(c), name: "Leadsol rewritten")
        #expect(w2.isEmpty && again == c)
    }

    @Test func builtFileWithInlineResources() throws {
        let file = try XMFReader.read(XMFBuild.simple(), name: "b.mxmf")
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(file.resources.map(\.name) == ["bank.dls", "song.mid"])
        #expect(file.resources.map(\.nodePath) == ["root > node 0", "root > node 1"])
        #expect(try DLSReader.read(#require(file.dls).bytes, name: "x").collection == TestBanks.small())
        #expect(file.midi?.bytes == XMFBuild.smf)
    }

    @Test func inFileResourceAndInFileNode() throws {
        let dls = DLSWriter.write(TestBanks.small())
        // The DLS lies after the tree (reference type 2); the SMF node is reached through an
        // in-file node reference (type 3) to a node stored after the DLS.
        let smfNode = XMFBuild.resource(XMFBuild.smf, format: 0, name: "far.mid")
        let bytes = XMFBuild.file(root: { tail in
            XMFBuild.node(items: 2, content:
                XMFBuild.node(metadata: XMFBuild.resourceFormat(3), reference: 2, content: XMFBuild.vlq4(tail))
                + XMFBuild.node(reference: 3, content: XMFBuild.vlq4(tail + dls.count)))
        }, tail: dls + smfNode)
        let file = try XMFReader.read(bytes, name: "refs.xmf")
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(file.dls?.bytes == dls)
        #expect(file.dls?.format == .dls(variant: "DLS 2"))
        #expect(file.midi?.bytes == XMFBuild.smf && file.midi?.name == "far.mid")
    }

    @Test func resourcesWithoutFormatAreRecognisedByContent() throws {
        let bytes = XMFBuild.file { _ in
            XMFBuild.node(items: 2, content: XMFBuild.node(content: XMFBuild.smf) + XMFBuild.node(content: DLSWriter.write(DLSCollection())))
        }
        let file = try XMFReader.read(bytes, name: "bare.xmf")
        #expect(file.midi != nil && file.dls != nil)
        #expect(file.warnings.filter { $0.message.contains("without a resource format") }.count == 2)
    }

    /// Packed content: zlib-compressed bytes with an MMA unpacker entry.
    static let packedText: [UInt8] = (0..<3).flatMap { _ in (0...255).map { UInt8($0) } }
        + (0..<20).flatMap { _ in Array("The quick brown fox jumps over the lazy dog. ".utf8) }
    /// zlib.compress(packedText, 9): dynamic Huffman blocks with back-references.
    static let packedZlib: [UInt8] = [
        0x78, 0xDA, 0x63, 0x60, 0x64, 0x62, 0x66, 0x61, 0x65, 0x63, 0xE7, 0xE0, 0xE4, 0xE2, 0xE6, 0xE1, 0xE5, 0xE3, 0x17, 0x10, 0x14,
        0x12, 0x16, 0x11, 0x15, 0x13, 0x97, 0x90, 0x94, 0x92, 0x96, 0x91, 0x95, 0x93, 0x57, 0x50, 0x54, 0x52, 0x56, 0x51, 0x55, 0x53,
        0xD7, 0xD0, 0xD4, 0xD2, 0xD6, 0xD1, 0xD5, 0xD3, 0x37, 0x30, 0x34, 0x32, 0x36, 0x31, 0x35, 0x33, 0xB7, 0xB0, 0xB4, 0xB2, 0xB6,
        0xB1, 0xB5, 0xB3, 0x77, 0x70, 0x74, 0x72, 0x76, 0x71, 0x75, 0x73, 0xF7, 0xF0, 0xF4, 0xF2, 0xF6, 0xF1, 0xF5, 0xF3, 0x0F, 0x08,
        0x0C, 0x0A, 0x0E, 0x09, 0x0D, 0x0B, 0x8F, 0x88, 0x8C, 0x8A, 0x8E, 0x89, 0x8D, 0x8B, 0x4F, 0x48, 0x4C, 0x4A, 0x4E, 0x49, 0x4D,
        0x4B, 0xCF, 0xC8, 0xCC, 0xCA, 0xCE, 0xC9, 0xCD, 0xCB, 0x2F, 0x28, 0x2C, 0x2A, 0x2E, 0x29, 0x2D, 0x2B, 0xAF, 0xA8, 0xAC, 0xAA,
        0xAE, 0xA9, 0xAD, 0xAB, 0x6F, 0x68, 0x6C, 0x6A, 0x6E, 0x69, 0x6D, 0x6B, 0xEF, 0xE8, 0xEC, 0xEA, 0xEE, 0xE9, 0xED, 0xEB, 0x9F,
        0x30, 0x71, 0xD2, 0xE4, 0x29, 0x53, 0xA7, 0x4D, 0x9F, 0x31, 0x73, 0xD6, 0xEC, 0x39, 0x73, 0xE7, 0xCD, 0x5F, 0xB0, 0x70, 0xD1,
        0xE2, 0x25, 0x4B, 0x97, 0x2D, 0x5F, 0xB1, 0x72, 0xD5, 0xEA, 0x35, 0x6B, 0xD7, 0xAD, 0xDF, 0xB0, 0x71, 0xD3, 0xE6, 0x2D, 0x5B,
        0xB7, 0x6D, 0xDF, 0xB1, 0x73, 0xD7, 0xEE, 0x3D, 0x7B, 0xF7, 0xED, 0x3F, 0x70, 0xF0, 0xD0, 0xE1, 0x23, 0x47, 0x8F, 0x1D, 0x3F,
        0x71, 0xF2, 0xD4, 0xE9, 0x33, 0x67, 0xCF, 0x9D, 0xBF, 0x70, 0xF1, 0xD2, 0xE5, 0x2B, 0x57, 0xAF, 0x5D, 0xBF, 0x71, 0xF3, 0xD6,
        0xED, 0x3B, 0x77, 0xEF, 0xDD, 0x7F, 0xF0, 0xF0, 0xD1, 0xE3, 0x27, 0x4F, 0x9F, 0x3D, 0x7F, 0xF1, 0xF2, 0xD5, 0xEB, 0x37, 0x6F,
        0xDF, 0xBD, 0xFF, 0xF0, 0xF1, 0xD3, 0xE7, 0x2F, 0x5F, 0xBF, 0x7D, 0xFF, 0xF1, 0xF3, 0xD7, 0xEF, 0x3F, 0x7F, 0xFF, 0xFD, 0x67,
        0x18, 0xF5, 0xFF, 0x88, 0xF6, 0x7F, 0x48, 0x46, 0xAA, 0x42, 0x61, 0x69, 0x66, 0x72, 0xB6, 0x42, 0x52, 0x51, 0x7E, 0x79, 0x9E,
        0x42, 0x5A, 0x7E, 0x85, 0x42, 0x56, 0x69, 0x6E, 0x41, 0xB1, 0x42, 0x7E, 0x59, 0x6A, 0x91, 0x42, 0x09, 0x50, 0x3A, 0x27, 0xB1,
        0xAA, 0x52, 0x21, 0x25, 0x3F, 0x5D, 0x4F, 0x61, 0x54, 0xF1, 0xA8, 0xE2, 0x51, 0xC5, 0x54, 0x57, 0x0C, 0x00, 0xF0, 0xD6, 0xC1,
        0xAB,
    ]
    /// zlib.compress(b"hello, hello, hello!", 9): one fixed-Huffman block.
    static let fixedZlib: [UInt8] = [0x78, 0xDA, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0xD7, 0x51, 0xC8, 0x40, 0xA2, 0x14, 0x01, 0x4B, 0x1E, 0x06, 0xF6]

    @Test func inflateDecodesZlibStreams() throws {
        #expect(Self.packedText.count == 1668)
        #expect(try Inflate.zlib(Self.packedZlib[...], maxOutput: 1 << 20) == Self.packedText)
        #expect(try Inflate.zlib(Self.fixedZlib[...], maxOutput: 100) == Array("hello, hello, hello!".utf8))
        // Stored blocks, built by hand: two blocks, the last flagged.
        let data = Array("stored!".utf8)
        var stored: [UInt8] = [0x78, 0x01, 0x00, 3, 0, 0xFC, 0xFF] + data[0..<3] + [0x01, 4, 0, 0xFB, 0xFF] + data[3...]
        stored += RawRIFF.le32(Inflate.adler32(data)).reversed()
        #expect(try Inflate.zlib(stored[...], maxOutput: 100) == data)
        #expect(Inflate.adler32(Self.packedText) == 4_040_606_123)
    }

    @Test func inflateRejectsDamageAndBombs() {
        #expect(throws: Inflate.Failure.self) { try Inflate.zlib(Self.packedZlib[...], maxOutput: 1000) }  // larger than declared
        var bad = Self.packedZlib
        bad[bad.count - 1] ^= 1
        #expect(throws: Inflate.Failure.self) { try Inflate.zlib(bad[...], maxOutput: 1 << 20) }  // checksum
        for cut in 0..<Self.packedZlib.count - 4 {
            #expect(throws: Inflate.Failure.self) { try Inflate.zlib(Self.packedZlib[0..<cut], maxOutput: 1 << 20) }
        }
        var rng = SeededRandom(seed: 5)
        for _ in 0..<300 {
            var b = Self.packedZlib
            b[Int.random(in: 2..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            _ = try? Inflate.zlib(b[...], maxOutput: 4096)
        }
    }

    @Test func packedResourceIsUnpacked() throws {
        let dls = DLSWriter.write(TestBanks.small())
        // zlib with stored blocks of up to 65535 bytes (our test has no compressor).
        var z: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, dls.count - i)
            z += [i + n == dls.count ? 1 : 0] + RawRIFF.le16(UInt16(n)) + RawRIFF.le16(~UInt16(n)) + dls[i..<i + n]
            i += n
        } while i < dls.count
        z += RawRIFF.le32(Inflate.adler32(dls)).reversed()
        // MMA manufacturer unpacker: id 1, manufacturer 0x00 0x00 0x0E (3-byte form), internal id 1, decoded size.
        let unpacker: [UInt8] = [1, 0x00, 0x00, 0x0E, 1] + XMFBuild.vlq(dls.count)
        let bytes = XMFBuild.file { _ in
            XMFBuild.node(items: 1, content: XMFBuild.node(metadata: XMFBuild.resourceFormat(5), unpackers: unpacker, content: z))
        }
        let file = try XMFReader.read(bytes, name: "packed.mxmf")
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(file.dls?.packed == true && file.dls?.bytes == dls)
    }

    @Test func referenceLoopsEndWithAWarning() throws {
        // The root folder's only child is an in-file node reference back to the root.
        let bytes = XMFBuild.file { _ in
            XMFBuild.node(items: 1, content: XMFBuild.node(reference: 3, content: XMFBuild.vlq4(XMFBuild.treeStart)))
        }
        let file = try XMFReader.read(bytes, name: "loop.xmf")
        #expect(file.resources.isEmpty)
        #expect(file.warnings.contains { $0.message.contains("already read") })
    }

    @Test func manyNodesOnTheSameBytesDoNotMultiplyMemory() throws {
        // 2000 in-file resource nodes all pointing at one DLS after the tree.
        let dls = DLSWriter.write(TestBanks.small())
        let bytes = XMFBuild.file(root: { tail in
            let child = XMFBuild.node(metadata: XMFBuild.resourceFormat(3), reference: 2, content: XMFBuild.vlq4(tail))
            return XMFBuild.node(items: 2000, content: [UInt8]((0..<2000).flatMap { _ in child }))
        }, tail: dls)
        let file = try XMFReader.read(bytes, name: "many.xmf")
        #expect(file.resources.count == 1)
        #expect(file.warnings.contains { $0.message.contains("already read through another node") })
        #expect(file.warnings.count <= RIFFReadContext.maxWarnings)
    }

    @Test func deepNestingIsAnError() {
        var inner = XMFBuild.resource(XMFBuild.smf, format: 0, name: "deep")
        for _ in 0..<(XMFReader.maxDepth + 5) { inner = XMFBuild.node(items: 1, content: inner) }
        let bytes = XMFBuild.file { _ in inner }
        do {
            _ = try XMFReader.read(bytes, name: "deep.xmf")
            Issue.record("nesting beyond the limit must fail")
        } catch {
            #expect(error.message.contains("nested more than"))
        }
    }

    @Test func headerErrors() {
        let cases: [([UInt8], String)] = [
            ([], "too short"),
            (Array("RIFF1234DLS ".utf8), "not an XMF"),
            (Array("XMF_3.00abcdefgh".utf8), "version '3.00'"),
            (Array("XMF_2.00".utf8) + [0, 0, 0, 2], "cut off"),
            (Array("XMF_2.00".utf8) + [0, 0, 0, 2, 0, 0, 0, 1, 0x20, 0, 0x7F, 0x7F], "tree start"),
            (Array("XMF_2.00".utf8) + [0, 0, 0, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "file length"),
        ]
        for (bytes, text) in cases {
            do {
                _ = try XMFReader.read(bytes, name: "h.xmf")
                Issue.record("must fail: \(text)")
            } catch {
                #expect(error.message.contains(text), "\(error)")
                #expect(error.description.hasPrefix("h.xmf: "))
            }
        }
    }

    @Test func everyTruncationAndRandomDamageIsHandled() {
        let original = XMFBuild.simple(dls: DLSWriter.write(TestBanks.dense(instruments: 2, waves: 2)))
        for cut in 0..<original.count {
            if let file = try? XMFReader.read(Array(original[0..<cut]), name: "cut"), let dls = file.dls {
                _ = try? DLSReader.read(dls.bytes, name: "cut (DLS)")
            }
        }
        var rng = SeededRandom(seed: 11)
        for _ in 0..<500 {
            var b = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                b[Int.random(in: 0..<min(b.count, 200), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if let file = try? XMFReader.read(b, name: "flip") {
                #expect(file.resources.reduce(0) { $0 + $1.bytes.count } <= b.count * 2)
            }
        }
    }
}
