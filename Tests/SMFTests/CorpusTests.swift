import Testing
import SMF
import DMusTestSupport

/// One row of `midi/MANIFEST.tsv` (columns found by name in the header line).
struct ManifestRow: Sendable, CustomStringConvertible {
    var file: String
    var bytes: Int?
    var division: String
    var mido: String
    var java: String
    var tracks: Int?
    var durationSeconds: Double?
    var notes: Int?

    /// Both independent parsers (mido, strict; OpenJDK MidiSystem) accept the file.
    var bothAccept: Bool { mido == "strict" && java.hasPrefix("OK") }
    var description: String { file }

    static func load() throws -> [ManifestRow]? {
        guard let bytes = try TestData.bytes("midi/MANIFEST.tsv") else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let headerLine = lines.first else { return [] }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int {
            try #require(header.firstIndex(of: name), "MANIFEST.tsv has no column \(name)")
        }
        let file = try column("file"), size = try column("bytes"), division = try column("division"), mido = try column("mido"),
            java = try column("java"), tracks = try column("tracks"), dur = try column("dur_s"), notes = try column("notes")
        return lines.dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func at(_ i: Int) -> String { i < f.count ? f[i] : "" }
            return ManifestRow(file: at(file), bytes: Int(at(size)), division: at(division), mido: at(mido), java: at(java),
                               tracks: Int(at(tracks)), durationSeconds: Double(at(dur)), notes: Int(at(notes)))
        }
    }
}

/// Notes as the manifest counts them: note-on messages with velocity > 0.
func noteCount(_ file: MIDIFile) -> Int {
    file.tracks.reduce(0) { sum, track in
        sum + track.events.reduce(0) { n, e in
            if case .channel(let status, _, let velocity) = e.kind, status & 0xF0 == 0x90, velocity > 0 { return n + 1 }
            return n
        }
    }
}

/// Structural guarantees of every file the reader returns.
func checkInvariants(_ file: MIDIFile, _ label: String) {
    #expect(!file.tracks.isEmpty, "\(label)")
    for (i, track) in file.tracks.enumerated() {
        let eotCount = track.events.count { $0.kind.isEndOfTrack }
        #expect(eotCount == 1 && track.events.last?.kind.isEndOfTrack == true, "\(label) track \(i): one end-of-track, last")
        var previous: UInt64 = 0
        for e in track.events {
            #expect(e.tick >= previous, "\(label) track \(i): ticks go backwards")
            previous = e.tick
            if case .channel(let status, let d1, let d2) = e.kind {
                #expect((0x80...0xEF).contains(status) && d1 < 0x80 && d2 < 0x80, "\(label): bad channel message")
                if e.kind.channelMessageLength == 2 { #expect(d2 == 0) }
            }
        }
    }
}

@Suite("Corpus: ../shared/testdata/midi")
struct CorpusTests {
    /// Files both reference parsers accept where our track count differs from the manifest's.
    static let pinnedTrackCounts: [String: (ours: Int, why: String)] = [
        "midi/music21/test04.mid": (19, "the header declares 18 tracks but 19 MTrk chunks follow (the last holds only a "
            + "blank track name); mido reads ntrks chunks, we read every MTrk until EOF (§5.2), with a warning"),
    ]

    /// Rows of MANIFEST.tsv that describe another file: their `bytes` column is not the file's
    /// size. These three Yubatake rows are copies of the Avgvst rows of the same name (same
    /// size, tracks, notes and length), while the Yubatake files are different songs.
    static let manifestRowsForOtherFiles: Set<String> = [
        "midi/nfroidure/Yubatake/Dungeon.mid",
        "midi/nfroidure/Yubatake/GameOver.mid",
        "midi/nfroidure/Yubatake/Town.mid",
    ]

    @Test("every file reads or throws SMFError; files mido and Java accept read with the manifest's tracks, notes and length")
    func wholeCorpus() throws {
        guard let rows = try ManifestRow.load() else { return }
        let files = TestData.files(in: "midi", suffix: ".mid")
        #expect(files.count >= 200, "expected about 200 MIDI files, found \(files.count)")
        let byFile = Dictionary(rows.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        var read = 0, rejected = 0, compared = 0
        var rejectedFiles: Set<String> = []
        var rowsForOtherFiles: Set<String> = []
        for path in files {
            let bytes = try #require(try TestData.bytes(path))
            let row = byFile[path]
            #expect(row != nil, "\(path) is not in MANIFEST.tsv")
            do {
                let (file, _) = try MIDIFileReader.read(bytes, name: path)
                read += 1
                checkInvariants(file, path)
                guard let row, row.bothAccept else { continue }
                if row.bytes != bytes.count {
                    rowsForOtherFiles.insert(path)
                    continue
                }
                compared += 1
                if let pinned = Self.pinnedTrackCounts[path] {
                    #expect(file.tracks.count == pinned.ours, "\(path): pinned track count (\(pinned.why))")
                } else {
                    #expect(file.tracks.count == row.tracks, "\(path): tracks")
                }
                #expect(noteCount(file) == row.notes, "\(path): notes")
                // Length: mido's value (tempo map merged over all tracks, end-of-track included)
                // is meaningful for PPQ files of format 0/1.
                if case .ticksPerQuarter = file.division, file.format != 2, let seconds = row.durationSeconds {
                    let map = TempoMap(file: file)
                    let ours = Double(map.refTime100ns(atTick: MIDITimeline(file: file).lengthTicks)) / 1e7
                    #expect(abs(ours - seconds) < 0.0015, "\(path): length \(ours) s, manifest \(seconds) s")
                }
            } catch {
                rejected += 1
                rejectedFiles.insert(path)
                #expect(!(row?.bothAccept ?? false), "\(path): mido and Java accept it, we threw \(error)")
                #expect(error.name == path)
            }
        }
        #expect(rowsForOtherFiles == Self.manifestRowsForOtherFiles)
        // The decision for every file is pinned: these three are refused, every other one plays.
        #expect(rejectedFiles == ["midi/jazz-soft/test-empty-file.mid", "midi/jazz-soft/test-not-a-midi-file.mid",
                                  "midi/nfroidure/MIDIBadHeaderChunk.mid"])
        #expect(compared >= 175)
        print("SMF corpus: \(files.count) files, \(read) read, \(rejected) rejected, \(compared) compared with the manifest")
    }

    @Test("every file that reads survives write → read unchanged, and writes deterministically")
    func corpusRoundTrip() throws {
        for path in TestData.files(in: "midi", suffix: ".mid") {
            guard let bytes = try TestData.bytes(path),
                  let (file, _) = try? MIDIFileReader.read(bytes, name: path) else { continue }
            let written = MIDIFileWriter.write(file)
            let (back, warnings) = try MIDIFileReader.read(written, name: path + " (rewritten)")
            #expect(back == file, "\(path)")
            // Only header remarks (format, frame rate) may remain; every track is clean now.
            #expect(warnings.allSatisfy { $0.track == nil && $0.offset < 14 }, "\(path): \(warnings)")
            #expect(MIDIFileWriter.write(back) == written, "\(path)")
        }
    }

    @Test("sonivox/ants.mid: format 0, one track, 372 notes, 17.234 s")
    func ants() throws {
        guard let bytes = try TestData.bytes("midi/sonivox/ants.mid") else { return }
        let (file, warnings) = try MIDIFileReader.read(bytes, name: "ants.mid")
        #expect(warnings.isEmpty)
        #expect(file.format == 0)
        #expect(file.tracks.count == 1)
        #expect(file.division == .ticksPerQuarter(120))
        #expect(noteCount(file) == 372)
        let seconds = Double(TempoMap(file: file).refTime100ns(atTick: MIDITimeline(file: file).lengthTicks)) / 1e7
        #expect(abs(seconds - 17.234) < 0.0015)
    }

    @Test("the SMPTE file (30 fps × 120): 12.011944 s long, tempo ignored")
    func smpteFile() throws {
        guard let bytes = try TestData.bytes("midi/openjdk/MidiSMPTE_smpte30fps.mid") else { return }
        let (file, _) = try MIDIFileReader.read(bytes, name: "smpte")
        #expect(file.division == .smpte(framesPerSecond: 30, ticksPerFrame: 120))
        #expect(file.tracks.count == 3)
        let length = MIDITimeline(file: file).lengthTicks
        let t = TempoMap(file: file).refTime100ns(atTick: length)
        #expect(t == (Int64(length) * 10_000_000 + 1800) / 3600)
        #expect(abs(Double(t) / 1e7 - 12.011944) < 0.000001)
    }

    /// Deliberately broken files: what we make of them (neither mido nor Java reads all of them).
    @Test("broken files: tolerated or rejected as designed")
    func brokenFiles() throws {
        let expectNotes: [(String, Int)] = [
            ("midi/jazz-soft/test-corrupt-file-missing-byte.mid", 8),   // last byte of FF 2F 00 missing
            ("midi/jazz-soft/test-corrupt-file-extra-byte.mid", 8),
            ("midi/jazz-soft/test-non-midi-track.mid", 8),              // a "Junk" chunk before the MTrk
            ("midi/jazz-soft/test-running-status-sysex.mid", 8),
            ("midi/jazz-soft/test-running-status-metaevent.mid", 8),
            ("midi/jazz-soft/test-illegal-message-all.mid", 8),         // F1–FE skipped with their data
            ("midi/jazz-soft/test-illegal-message-f4.mid", 8),
            ("midi/nfroidure/MIDIBadTrackLength.mid", 4),               // length past EOF, clamped
            ("midi/nfroidure/MIDIBadHeaderLength.mid", 4),              // MThd length 22, MTrk after 6
            ("midi/nfroidure/MIDIBadHeaderTracksNum.mid", 4),           // ntrks 2, one MTrk
            ("midi/nfroidure/MIDIBadHeaderFormat.mid", 4),              // format 3
            ("midi/nfroidure/MIDIBadHeaderSMTPE.mid", 4),               // 16 fps
            ("midi/nfroidure/MIDIBadTrackHdr.mid", 4),                  // "mTrk"
            ("midi/jazz-soft/test-2-tracks-type-2.mid", 16),
        ]
        for (path, notes) in expectNotes {
            guard let bytes = try TestData.bytes(path) else { return }
            let (file, warnings) = try MIDIFileReader.read(bytes, name: path)
            #expect(noteCount(file) == notes, "\(path)")
            if !path.contains("type-2") { #expect(!warnings.isEmpty, "\(path) should warn") }
        }
        for path in ["midi/jazz-soft/test-empty-file.mid", "midi/jazz-soft/test-not-a-midi-file.mid",
                     "midi/nfroidure/MIDIBadHeaderChunk.mid"] {
            guard let bytes = try TestData.bytes(path) else { return }
            #expect(throws: SMFError.self, "\(path)") { try MIDIFileReader.read(bytes, name: path) }
        }
    }
}
