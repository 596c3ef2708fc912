@testable import DLS
import Testing

/// The generated damage corpus of issue 3: every truncation at a chunk boundary, every size
/// field off by ±1 and by huge values, offsets past the end, cyclic and deeply nested lists,
/// zero-length waves and absurd loop points. Each case must load with a warning or fail with
/// a clear `DLSError`: never crash, hang or use memory out of proportion to the file.
@Suite struct GeneratedCorpusTests {
    enum Outcome { case clean, warned, failed }

    /// Reads `bytes`, checks the invariants of a loaded model (links in range, memory in
    /// proportion, the writer can store it again) or of an error (names the place).
    static func outcome(_ bytes: [UInt8], _ label: String) -> Outcome {
        do {
            let (c, warnings) = try DLSReader.read(bytes, name: label)
            HostileInputTests.checkLoaded(c, label)
            let footprint = modelBytes(c)
            if footprint > 2 * bytes.count + 4096 {
                Issue.record("\(label): model holds \(footprint) bytes for a \(bytes.count)-byte file")
            }
            if warnings.count > RIFFReadContext.maxWarnings + 1 { Issue.record("\(label): \(warnings.count) warnings") }
            for w in warnings where w.message.isEmpty || w.offset < 0 || w.offset > bytes.count {
                Issue.record("\(label): bad warning \(w)")
            }
            return warnings.isEmpty ? .clean : .warned
        } catch {
            if error.offset < 0 || error.offset > bytes.count || error.message.isEmpty || error.name != label {
                Issue.record("\(label): bad error \(error)")
            }
            return .failed
        }
    }

    /// Rough size of everything the model stores.
    static func modelBytes(_ c: DLSCollection) -> Int {
        func info(_ i: DLSInfo) -> Int { i.entries.reduce(0) { $0 + 8 + $1.text.utf8.count } }
        func sample(_ s: DLSWaveSample?) -> Int { s.map { 20 + 16 * $0.loops.count } ?? 0 }
        func arts(_ a: [DLSArticulation]) -> Int { a.reduce(0) { $0 + 8 + 12 * $1.connections.count } }
        func raw(_ r: [DLSRawChunk]) -> Int { r.reduce(0) { $0 + 8 + $1.payload.count } }
        var n = info(c.info) + raw(c.unknownChunks)
        for w in c.waves { n += 16 + w.data.count + w.formatExtension.count + sample(w.waveSample) + info(w.info) + raw(w.unknownChunks) }
        for i in c.instruments {
            n += 12 + arts(i.articulations) + info(i.info) + raw(i.unknownChunks)
            for r in i.regions { n += 12 + sample(r.waveSample) + arts(r.articulations) + info(r.info) + raw(r.unknownChunks) }
        }
        return n
    }

    static var bank: [UInt8] { DLSWriter.write(TestBanks.small()) }

    /// Every chunk of the file with its nesting, from the outline.
    static func chunks(_ bytes: [UInt8]) throws -> [RIFFNode] {
        func all(_ n: [RIFFNode]) -> [RIFFNode] { n.flatMap { [$0] + all($0.children) } }
        return all(try RIFFTree.parse(bytes, name: "bank").nodes)
    }

    @Test func truncatedAtEveryChunkBoundary() throws {
        let bytes = Self.bank
        var cuts = Set<Int>()
        for n in try Self.chunks(bytes) {
            let payload = n.offset + 8 + (n.listType == nil ? 0 : 4)
            for cut in [n.offset, n.offset + 4, n.offset + 8, payload, n.offset + 8 + n.size, n.offset + 8 + n.size - 1] { cuts.insert(cut) }
        }
        var seen: [Outcome: Int] = [:]
        for cut in cuts.sorted() where cut >= 0 && cut <= bytes.count {
            seen[Self.outcome(Array(bytes[0..<cut]), "cut at \(cut)"), default: 0] += 1
        }
        #expect(cuts.count > 100)
        // Cutting never gives a clean read: a warning or an error says the file was cut.
        #expect(seen[.clean, default: 0] <= 1)  // only the full length
        #expect(seen[.warned, default: 0] > 0 && seen[.failed, default: 0] > 0)
    }

    @Test func everySizeFieldOffByOneAndHuge() throws {
        let bytes = Self.bank
        let nodes = try Self.chunks(bytes)
        let original = TestBanks.small()
        var cases = 0
        var silentChanges: [String] = []
        for n in nodes {
            let at = n.offset + 4
            let size = Int(bytes.le32(at))
            for v in [size - 1, size + 1, size + 2, 0, 0x7FFF_FFFF, 0xFFFF_FFFF] where v >= 0 && v != size {
                var b = bytes
                b.replaceSubrange(at..<at + 4, with: RawRIFF.le32(UInt32(v)))
                let label = "\(n.id) \(n.listType ?? "") at \(n.offset) size \(size) → \(v)"
                if Self.outcome(b, label) == .clean, (try? DLSReader.read(b, name: label).collection) != original {
                    silentChanges.append(label)
                }
                cases += 1
            }
        }
        #expect(cases > 400)
        // A size that grows by one over a pad byte is indistinguishable from a real odd
        // chunk (the pad byte becomes data); every other change that alters the model warns.
        #expect(silentChanges == ["data  at 1406 size 101 → 102"], "\(silentChanges)")
    }

    @Test func countFieldsOffByOneAndHuge() throws {
        // colh, insh cRegions, wsmp cSampleLoops, art cConnectionBlocks, ptbl cCues.
        let bytes = Self.bank
        var targets: [(Int, String)] = []
        for n in try Self.chunks(bytes) {
            switch n.id {
            case "colh": targets.append((n.offset + 8, "colh"))
            case "insh": targets.append((n.offset + 8, "insh regions"))
            case "wsmp": targets.append((n.offset + 8 + 16, "wsmp loops"))
            case "art1", "art2": targets.append((n.offset + 12, "\(n.id) blocks"))
            case "ptbl": targets.append((n.offset + 12, "ptbl cues"))
            default: break
            }
        }
        for (at, what) in targets {
            let v = Int(bytes.le32(at))
            for new in [v + 1, v - 1, 0x7FFF_FFFF, 0xFFFF_FFFF] where new >= 0 && new != v {
                var b = bytes
                b.replaceSubrange(at..<at + 4, with: RawRIFF.le32(UInt32(new)))
                let o = Self.outcome(b, "\(what) \(v) → \(new)")
                // More records than fit always warns; fewer records is just a shorter list.
                if new > v { #expect(o != .clean, "\(what) \(v) → \(new) read silently") }
            }
        }
        #expect(targets.count > 10)
    }

    @Test func offsetsPastTheEnd() throws {
        let waves = RawRIFF.simple().waves
        // ptbl cues past the pool, a wave link past every cue, header sizes past their chunk.
        let farCues = RawRIFF.ptbl([0xFFFF_FFF0, 0x7FFF_FFFF])
        #expect(Self.outcome(RawRIFF.simple(link: 0, ptbl: .some(farCues)).bytes, "far cues") == .warned)
        let (c, _) = try DLSReader.read(RawRIFF.simple(link: 0, ptbl: .some(farCues)).bytes, name: "far cues")
        #expect(c.instruments[0].regions[0].waveLink.tableIndex == 0)  // fell back to pool order
        #expect(Self.outcome(RawRIFF.simple(link: 0xFFFF_FFFF).bytes, "link past pool") == .warned)
        let bigHeader = RawRIFF.chunk("ptbl", RawRIFF.le32(0xFFFF_0000) + RawRIFF.le32(2) + RawRIFF.le32(0) + RawRIFF.le32(0))
        #expect(Self.outcome(RawRIFF.dls(instruments: [], waves: waves, ptbl: .some(bigHeader)), "ptbl cbSize") == .warned)
        let artHeader = RawRIFF.list("lar2", [RawRIFF.chunk("art2", RawRIFF.le32(0xFFFF_FFF0) + RawRIFF.le32(1) + [UInt8](repeating: 0, count: 12))])
        #expect(Self.outcome(RawRIFF.simple(regionExtra: [artHeader]).bytes, "art cbSize") == .warned)
        var wsmpHeader = RawRIFF.wsmp(loops: [(1, 1)])
        wsmpHeader.replaceSubrange(8..<12, with: RawRIFF.le32(0x8000_0000))
        #expect(Self.outcome(RawRIFF.simple(regionExtra: [wsmpHeader]).bytes, "wsmp cbSize") != .clean)
    }

    @Test func cyclicAndDeeplyNestedLists() throws {
        // RIFF has no pointers, so a "cycle" is a list whose size claims its own header or
        // less, or more than its parent: each must end the walk, not loop.
        for size: UInt32 in [0, 1, 3, 4, 0xFFFF_FFFF] {
            let selfList = RawRIFF.id("LIST") + RawRIFF.le32(size) + RawRIFF.id("lins") + RawRIFF.list("ins ", [])
            let bytes = RawRIFF.list("DLS ", [selfList], id: "RIFF")
            #expect(Self.outcome(bytes, "list size \(size)") != .clean)
        }
        // Lists of lists down to the depth limit and beyond, at the places the reader descends.
        var region = RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])
        for _ in 0..<40 { region = RawRIFF.list("rgn2", [region]) }
        let deep = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [region])], waves: [RawRIFF.wave([0, 0])])
        #expect(Self.outcome(deep, "deep regions") == .failed)
        var lins = RawRIFF.list("lins", [])
        for _ in 0..<100 { lins = RawRIFF.list("lins", [lins]) }
        #expect(Self.outcome(RawRIFF.list("DLS ", [lins], id: "RIFF"), "nested lins") != .failed)
        // Many sibling lists: bounded by the chunk limit, not by recursion.
        let wide = RawRIFF.list("lins", (0..<5000).map { _ in RawRIFF.list("zzzz", []) })
        #expect(Self.outcome(RawRIFF.list("DLS ", [wide], id: "RIFF"), "wide") != .failed)
    }

    @Test func zeroLengthWaves() throws {
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])])
        let bytes = RawRIFF.dls(instruments: [inst], waves: [RawRIFF.wave([])])
        let (c, w) = try DLSReader.read(bytes, name: "empty wave")
        #expect(c.waves[0].frameCount == 0 && c.instruments[0].regions.count == 1)
        #expect(w.contains { $0.message.contains("no sample frames") })
        #expect(try c.waves[0].decodedFrames().isEmpty)
        // A 1-byte 16-bit wave has no whole frame either.
        #expect(Self.outcome(RawRIFF.dls(instruments: [inst], waves: [RawRIFF.wave([7])]), "1-byte wave") == .warned)
    }

    @Test func absurdLoopPoints() throws {
        // 4-frame waves; loops past the end, of length 0, wrapping 32-bit, unknown type.
        let cases: [(loops: [(UInt32, UInt32)], text: String)] = [
            ([(2, 10)], "runs past the end"), ([(0xFFFF_FFFF, 2)], "runs past the end"), ([(1, 0)], "length 0"),
            ([(0xFFFF_FFF0, 0xFFFF_FFF0)], "runs past the end"), ([(0, 4), (5, 1)], "loop 1"),
        ]
        for (loops, text) in cases {
            for level in ["region", "wave"] {
                let wsmp = RawRIFF.wsmp(loops: loops.map { (start: $0.0, length: $0.1) })
                let wave = level == "wave"
                    ? RawRIFF.list("wave", [RawRIFF.fmt(), wsmp, RawRIFF.chunk("data", [UInt8](repeating: 1, count: 8))])
                    : RawRIFF.wave([UInt8](repeating: 1, count: 8))
                let regionKids = [RawRIFF.rgnh(), RawRIFF.wlnk(0)] + (level == "region" ? [wsmp] : [])
                let bytes = RawRIFF.dls(instruments: [RawRIFF.instrument(regions: [RawRIFF.region(regionKids)])], waves: [wave])
                let (c, w) = try DLSReader.read(bytes, name: "loops")
                #expect(w.contains { $0.message.contains(text) && $0.chunkPath.hasSuffix("wsmp") }, "\(level) \(loops): \(w)")
                let kept = level == "wave" ? c.waves[0].waveSample : c.instruments[0].regions[0].waveSample
                #expect(kept?.loops.count == loops.count)  // kept as stored; the synth decides
            }
        }
        var bad = RawRIFF.wsmp(unity: 200, loops: [(0, 2)])
        bad.replaceSubrange(8 + 20 + 4..<8 + 20 + 8, with: RawRIFF.le32(7))  // loop type 7
        let (_, w) = try DLSReader.read(RawRIFF.simple(regionExtra: [bad]).bytes, name: "types")
        #expect(w.contains { $0.message.contains("unknown type 7") })
        #expect(w.contains { $0.message.contains("unity note 200") })
    }

    @Test func hugeFileOfTinyChunksStaysBounded() {
        // 60,000 empty vendor chunks: the reader must stop at its chunk limit or keep them
        // all, never grow out of proportion.
        let many = [UInt8]((0..<60_000).flatMap { _ in RawRIFF.chunk("junk", []) })
        let bytes = RawRIFF.list("DLS ", [many], id: "RIFF")
        _ = Self.outcome(bytes, "tiny chunks")
    }
}
