import Testing
import SMF
import DMusTestSupport

/// Hostile input never crashes, hangs or allocates without bound: every outcome is a file that
/// satisfies the reader's invariants, or an SMFError.
@Suite("Hostile input")
struct HostileInputTests {
    /// A small but varied file: two tracks, running status, meta, SysEx, escapes, long deltas.
    static let richFile: [UInt8] = MIDIFileWriter.write(MIDIFile(
        format: 1, division: .ticksPerQuarter(96),
        tracks: [MIDITrack(events: [Fixture.meta(0, 0x51, [0x07, 0xA1, 0x20]), Fixture.meta(0, 0x58, [4, 2, 24, 8]),
                                    Fixture.meta(384, 0x51, [0x0F, 0x42, 0x40]), Fixture.eot(768)]),
                 MIDITrack(events: WriterTests.richEvents)]))

    /// Reads `bytes`; on success checks the invariants and that every consumer of the result
    /// (tempo map, timeline, writer) copes with it. Returns whether it read.
    @discardableResult
    static func survive(_ bytes: [UInt8], _ label: String) -> Bool {
        let result: (file: MIDIFile, warnings: [SMFWarning])
        do {
            result = try MIDIFileReader.read(bytes, name: label)
        } catch {
            #expect(error.name == label)
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(label): \(error)")
            return false
        }
        let file = result.file
        checkInvariants(file, label)
        #expect(result.warnings.count <= MIDIFileReader.Limits.default.maxWarnings + 1)
        // Bounded allocation: no payload is larger than the input.
        for track in file.tracks {
            #expect(track.events.count <= bytes.count)
            for e in track.events {
                switch e.kind {
                case .sysEx(let d), .escape(let d), .meta(_, let d): #expect(d.count <= bytes.count)
                case .channel: break
                }
            }
        }
        let timeline = MIDITimeline(file: file)
        let map = TempoMap(file: file)
        let end = map.refTime100ns(atTick: timeline.lengthTicks)
        #expect(end >= 0)
        #expect(map.tick(atRefTime100ns: end) >= timeline.lengthTicks)
        if file.format <= 1 {
            let rewritten = MIDIFileWriter.write(file)
            var back = try? MIDIFileReader.read(rewritten, name: label).file
            if back != file, hasDeltaAboveVLQ(file), let padded = back {
                // Skipped junk can leave a gap above 0x0FFFFFFF ticks between two events; the
                // writer bridges it with empty text events, which come back on reading.
                back = MIDIFile(format: padded.format, division: padded.division, tracks: zip(padded.tracks, file.tracks).map { p, o in
                    MIDITrack(events: p.events.filter { $0.kind != .meta(type: 0x01, data: []) || o.events.contains($0) })
                })
            }
            #expect(back == file, "\(label): rewrite differs: \(firstDifference(file, back))")
        }
        return true
    }

    static func hasDeltaAboveVLQ(_ file: MIDIFile) -> Bool {
        file.tracks.contains { track in
            zip([MIDIEvent(tick: 0, kind: .escape([]))] + track.events, track.events)
                .contains { $1.tick > $0.tick && $1.tick - $0.tick > 0x0FFF_FFFF }
        }
    }

    static func firstDifference(_ a: MIDIFile, _ b: MIDIFile?) -> String {
        guard let b else { return "rewritten file does not read" }
        if a.format != b.format || a.division != b.division || a.tracks.count != b.tracks.count {
            return "header \(a.format) \(a.division) \(a.tracks.count) vs \(b.format) \(b.division) \(b.tracks.count)"
        }
        for (i, (ta, tb)) in zip(a.tracks, b.tracks).enumerated() where ta != tb {
            for (j, (ea, eb)) in zip(ta.events, tb.events).enumerated() where ea != eb {
                return "track \(i) event \(j): \(ea) vs \(eb)"
            }
            return "track \(i): \(ta.events.count) vs \(tb.events.count) events"
        }
        return "none"
    }

    static func baseFiles() throws -> [(String, [UInt8])] {
        var bases = [("rich (hand-built)", richFile)]
        for path in ["midi/jazz-soft/test-c-major-scale.mid", "midi/nfroidure/MIDIOkFormat1.mid",
                     "midi/openjdk/MidiSMPTE_smpte30fps.mid", "midi/jazz-soft/test-running-status-sysex.mid"] {
            if let bytes = try TestData.bytes(path) { bases.append((path, bytes)) }
        }
        return bases
    }

    @Test("truncation at every cut point")
    func truncations() throws {
        for (name, bytes) in try Self.baseFiles() {
            for cut in 0...bytes.count {
                let read = Self.survive(Array(bytes.prefix(cut)), "\(name) cut at \(cut)")
                // A header and one MTrk tag + length are enough to read; less is an error.
                #expect(read == (cut >= 22), "\(name) cut at \(cut)")
            }
        }
    }

    @Test("a few hundred deterministic random mutations")
    func mutations() throws {
        var g = TempoExactnessTests.Generator(state: 0x5EED)
        let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xF0, 0xF7, 0xFF, 0x2F, 0x51]
        var readCount = 0, total = 0
        for (name, original) in try Self.baseFiles() {
            for round in 0..<250 {
                var bytes = original
                let mutations = 1 + Int(g.next() % 4)
                for _ in 0..<mutations where !bytes.isEmpty {
                    let at = Int(g.next() % UInt64(bytes.count))
                    switch g.next() % 7 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: g.next())
                    case 1: bytes[at] = interesting[Int(g.next() % UInt64(interesting.count))]
                    case 2: bytes.insert(UInt8(truncatingIfNeeded: g.next()), at: at)
                    case 3: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(g.next() % 8)))
                    case 4:
                        // A huge length or delta.
                        for i in at..<min(bytes.count, at + 4) { bytes[i] = 0xFF }
                    case 5:
                        let end = min(bytes.count, at + 1 + Int(g.next() % 32))
                        bytes.insert(contentsOf: Array(bytes[at..<end]), at: end)
                    default: bytes[at] ^= 1 << UInt8(g.next() % 8)
                    }
                }
                total += 1
                if Self.survive(bytes, "\(name) mutation \(round)") { readCount += 1 }
            }
        }
        // Most single-byte damage is tolerated rather than rejected.
        #expect(readCount * 2 > total, "\(readCount) of \(total) read")
    }

    @Test("random bytes after a valid header")
    func randomBodies() {
        var g = TempoExactnessTests.Generator(state: 42)
        for round in 0..<200 {
            let length = Int(g.next() % 600)
            var body = (0..<length).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            if round % 2 == 0 {
                body = Array("MTrk".utf8) + Fixture.u32(Int(g.next() % 1000)) + body
            }
            Self.survive(Fixture.header(format: UInt16(round % 3)) + body, "random body \(round)")
        }
    }

    @Test("lengths of 4 GB and 256 MB in a tiny file are clamped to the input")
    func hugeLengths() throws {
        let hugeChunk = Fixture.header() + Array("MTrk".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]
            + [0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x02]
        let (a, wa) = try MIDIFileReader.read(hugeChunk, name: "huge")
        #expect(a.tracks[0].events[0].kind == .sysEx([0xF0, 0x01, 0x02]))
        #expect(wa.mentions("past the end of the input"))
        let hugeMeta = Fixture.file([0x00, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
        let (b, _) = try MIDIFileReader.read(hugeMeta, name: "huge meta")
        #expect(b.tracks[0].events[0].kind == .meta(type: 0x7F, data: [0x00]))
        let hugeUnknown = Fixture.header() + Array("JUNK".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + [1, 2, 3]
        #expect(throws: SMFError.self) { try MIDIFileReader.read(hugeUnknown, name: "huge unknown") }
        Self.survive(hugeChunk, "huge")
    }

    @Test("maximal deltas on every event: ticks stay exact and time stays finite")
    func maximalDeltas() throws {
        var body: [UInt8] = []
        for _ in 0..<10_000 { body += [0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x64] }
        let (file, warnings) = try MIDIFileReader.read(Fixture.file(body + Fixture.endOfTrack), name: "far")
        #expect(warnings.isEmpty)
        #expect(file.tracks[0].events.last?.tick == 10_000 * 0x0FFF_FFFF)
        Self.survive(Fixture.file(body + Fixture.endOfTrack), "far")
    }
}
