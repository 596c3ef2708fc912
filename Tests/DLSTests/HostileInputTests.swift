@testable import DLS
import DMusTestSupport
import Testing

/// Damaged and malicious input must load or throw `DLSError`: never crash, hang or allocate
/// without bound.
@Suite struct HostileInputTests {
    /// What any successful read must guarantee, and that the writer can store it again.
    static func checkLoaded(_ c: DLSCollection, _ label: String) {
        for instrument in c.instruments {
            for region in instrument.regions where Int(region.waveLink.tableIndex) >= c.waves.count {
                Issue.record("\(label): region links to wave \(region.waveLink.tableIndex) of \(c.waves.count)")
            }
        }
        guard let again = try? DLSReader.read(DLSWriter.write(c), name: label).collection else {
            Issue.record("\(label): rewritten collection does not load")
            return
        }
        if again != c { Issue.record("\(label): rewritten collection differs") }
    }

    static func attempt(_ bytes: [UInt8], _ label: String) -> Bool {
        do {
            let (c, _) = try DLSReader.read(bytes, name: label)
            checkLoaded(c, label)
            return true
        } catch {
            if error.offset < 0 || error.offset > bytes.count || error.message.isEmpty {
                Issue.record("\(label): bad error \(error)")
            }
            return false
        }
    }

    @Test func everyTruncationOfADenseBank() {
        let bytes = DLSWriter.write(TestBanks.dense(instruments: 4, waves: 4))
        var loaded = 0
        for cut in 0..<bytes.count where Self.attempt(Array(bytes[0..<cut]), "cut \(cut)") { loaded += 1 }
        #expect(loaded > 0)  // cuts inside the trailing INFO still load
        #expect(Self.attempt(bytes, "whole"))
    }

    @Test func truncationsOfARealBank() throws {
        guard let bytes = try TestData.bytes("dls/TimGM6mb_mini_libgig.dls") else { return }
        var rng = SeededRandom(seed: 7)
        for _ in 0..<150 {
            let cut = Int.random(in: 0..<bytes.count, using: &rng)
            _ = Self.attempt(Array(bytes[0..<cut]), "cut \(cut)")
        }
        // Cutting only the end of the wave pool keeps everything before it.
        _ = Self.attempt(Array(bytes[0..<(bytes.count - 3)]), "cut end")
    }

    @Test func randomByteFlips() {
        let original = DLSWriter.write(TestBanks.dense())
        var rng = SeededRandom(seed: 0xD15)
        var outcomes = (loaded: 0, failed: 0)
        for round in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if Self.attempt(bytes, "flip round \(round)") { outcomes.loaded += 1 } else { outcomes.failed += 1 }
        }
        #expect(outcomes.loaded > 0 && outcomes.failed > 0)
    }

    @Test func randomSizeFieldOverwrites() {
        // Overwrite aligned 32-bit words (where sizes and counts live) with extreme values.
        let original = DLSWriter.write(TestBanks.dense())
        let extremes: [UInt32] = [0, 1, 3, 7, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF8, 0xFFFF_FFFF]
        var rng = SeededRandom(seed: 42)
        for round in 0..<300 {
            var bytes = original
            let at = Int.random(in: 0..<(bytes.count / 2 - 2), using: &rng) * 2
            let v = extremes.randomElement(using: &rng)!
            bytes.replaceSubrange(at..<at + 4, with: RawRIFF.le32(v))
            _ = Self.attempt(bytes, "overwrite round \(round) at \(at)")
        }
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = SeededRandom(seed: 99)
        for round in 0..<200 {
            var bytes = RawRIFF.id("RIFF") + RawRIFF.le32(UInt32.random(in: 0...5000, using: &rng)) + RawRIFF.id("DLS ")
            bytes += (0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = Self.attempt(bytes, "garbage \(round)")
        }
    }

    @Test func hugeCountFieldsAreBoundedByTheBytes() throws {
        let extra = [
            RawRIFF.wsmp(declaredLoops: 0xFFFF_FFFF, loops: [(start: 1, length: 2)]),
            RawRIFF.list("lar2", [RawRIFF.art("art2", [(0, 0x206, 5)], declared: 0xFFFF_FFFF)]),
        ]
        let (base, waves) = RawRIFF.simple(regionExtra: extra)
        var bytes = base
        // Swap in a ptbl that claims 4 billion cues.
        let ptbl = try #require(RawRIFF.find("ptbl", in: bytes))
        bytes.replaceSubrange((ptbl + 12)..<(ptbl + 16), with: RawRIFF.le32(0xFFFF_FFFF))
        let (c, w) = try DLSReader.read(bytes, name: "huge.dls")
        let region = c.instruments[0].regions[0]
        #expect(region.waveSample?.loops.count == 1)
        #expect(region.articulations[0].connections.count == 1)
        #expect(c.waves.count == waves.count)
        #expect(w.contains { $0.message.contains("declares 4294967295 loops") })
        #expect(w.contains { $0.message.contains("declares 4294967295 connection blocks") })
        #expect(w.contains { $0.message.contains("declares 4294967295 cues") })
    }

    @Test func hugeChunkSizeIsClampedNotTrusted() throws {
        var bytes = RawRIFF.simple().bytes
        let data = try #require(RawRIFF.find("data", in: bytes))
        bytes.replaceSubrange((data + 4)..<(data + 8), with: RawRIFF.le32(0xFFFF_FFF0))
        do {
            let (c, w) = try DLSReader.read(bytes, name: "huge.dls")
            #expect(c.waves[0].data.count < bytes.count)
            #expect(!w.isEmpty)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test func nestingDepthLimitEnforced() throws {
        var nested = RawRIFF.chunk("leaf", [1, 2])
        for _ in 0..<100 { nested = RawRIFF.list("deep", [nested]) }
        let file = RawRIFF.list("DLS ", [nested], id: "RIFF")
        do {
            _ = try RIFFTree.parse(file, name: "deep.riff")
            Issue.record("100 nested lists must exceed the depth limit")
        } catch {
            #expect(error.message.contains("nested more than \(DLSReader.maxNestingDepth)"))
            #expect(error.chunkPath.hasPrefix("RIFF DLS  > LIST deep > LIST deep"))
        }
        // The DLS reader skips unknown lists without descending; with nothing else in the
        // file it is not a collection at all.
        #expect(throws: DLSError.self) { try DLSReader.read(file, name: "deep.dls") }
        let withPool = RawRIFF.list("DLS ", [nested, RawRIFF.list("wvpl", [])], id: "RIFF")
        let (c, w) = try DLSReader.read(withPool, name: "deep.dls")
        #expect(c.instruments.isEmpty && c.unknownChunks.count == 1)
        #expect(w.contains { $0.message.contains("no 'LIST lins'") })
        // Exactly at the limit is fine.
        var ok = RawRIFF.chunk("leaf", [1, 2])
        for _ in 0..<(DLSReader.maxNestingDepth - 1) { ok = RawRIFF.list("deep", [ok]) }
        #expect(try RIFFTree.parse(ok, name: "ok.riff").nodes.count == 1)
    }

    @Test func chunkCountLimitEnforced() {
        let many = [UInt8]((0..<500).flatMap { _ in RawRIFF.chunk("tiny", []) })
        let file = RawRIFF.list("DLS ", [many], id: "RIFF")
        var ctx = RIFFReadContext(bytes: file, name: "many.dls", maxDepth: 16, maxChunks: 100)
        #expect(throws: DLSError.self) { try ctx.formChildren(form: .dls, strandedIDs: [], strandedListTypes: []) }
    }

    @Test func errorsNameFileChunkPathAndOffset() throws {
        let shortWsmp = RawRIFF.chunk("wsmp", [20, 0, 0, 0, 60, 0])
        let bytes = RawRIFF.simple(regionExtra: [shortWsmp]).bytes
        let offset = try #require(RawRIFF.find("wsmp", in: bytes))
        do {
            _ = try DLSReader.read(bytes, name: "/banks/short.dls")
            Issue.record("a 6-byte wsmp must be rejected")
        } catch {
            #expect(error.chunkPath == "LIST lins > LIST ins  > LIST lrgn > LIST rgn2 > wsmp")
            #expect(error.offset == offset)
            #expect(error.name == "/banks/short.dls")
            #expect(error.description.contains("/banks/short.dls: LIST lins > LIST ins  > LIST lrgn > LIST rgn2 > wsmp, byte \(offset)"))
            #expect(error.message.contains("6 bytes"))
        }
    }

    @Test func notDLSAtAll() {
        for (bytes, text) in [([UInt8](), "too short"), (Array("MThd\0\0\0\u{6}\0\0\0\u{1}".utf8), "not a RIFF"),
                              (RawRIFF.list("WAVE", [], id: "RIFF"), "expected 'DLS '")] {
            do {
                _ = try DLSReader.read(bytes, name: "x")
                Issue.record("must fail: \(text)")
            } catch {
                #expect(error.message.contains(text), "\(error)")
            }
        }
    }

    @Test func missingRequiredChunksAreErrors() {
        let noWlnk = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh()])])], waves: [])
        let noInsh = RawRIFF.dls(instruments: [RawRIFF.list("ins ", [])], waves: [])
        let noFmt = RawRIFF.dls(instruments: [], waves: [RawRIFF.list("wave", [RawRIFF.chunk("data", [0])])])
        for (bytes, text) in [(noWlnk, "no 'wlnk'"), (noInsh, "no 'insh'"), (noFmt, "no 'fmt '")] {
            #expect(throws: DLSError.self) { try DLSReader.read(bytes, name: "x") }
            do { _ = try DLSReader.read(bytes, name: "x") } catch { #expect(error.message.contains(text)) }
        }
    }

    @Test func warningListIsBounded() throws {
        // 1000 regions each with a 0–0 velocity range: far more problems than warnings kept.
        let regions = (0..<1000).map { _ in RawRIFF.region([RawRIFF.rgnh(velocities: 0...0), RawRIFF.wlnk(0)]) }
        let bytes = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: regions)], waves: [RawRIFF.wave([0, 0])])
        let (c, w) = try DLSReader.read(bytes, name: "noisy.dls")
        #expect(c.instruments[0].regions.count == 1000)
        #expect(w.count == RIFFReadContext.maxWarnings + 1)
        #expect(w.last?.message.contains("further warnings") == true)
    }
}
