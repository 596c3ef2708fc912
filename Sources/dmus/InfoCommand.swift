import ArgumentParser
import DLS
import Foundation
import Performance
import SMF

/// `dmus info FILE`: the structure of a DLS collection, an RMID, a Mobile XMF or a Standard
/// MIDI File, as readable text or (`--json`) as JSON for scripts. `--events` lists the song's
/// merged events instead. A file that cannot be read gives one line on standard error and
/// exit status 3.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what a .dls, .rmi, .mxmf or .mid file holds.",
        discussion: """
            DLS: collection name and level, every instrument (bank MSB:LSB, program, drums) with its \
            regions (key and velocity range, key group, wave, unity note, fine tune, loops) and \
            articulation (each connection in names and units), every wave (format, rate, length, \
            loops), INFO and warnings. RMID and XMF: the song and the embedded bank (for RMID with \
            the DBNK bank offset applied). MIDI: format, division, tracks, length and note counts.
            Examples:
              dmus info bank.dls
              dmus info song.rmi --json
              dmus info song.mid --events --tempo-scale 2
              dmus info format2.mid --events --track-sequence 1 --json
            """)

    @Argument(help: "The file to describe (.dls, .rmi, .mxmf, .mid).")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: ArgumentHelp("List every event of the song (merged, with presentation times) instead of the structure.",
                             discussion: "JSON: {\"events\": [{track, tick, time100ns, seconds, group, channel (0-15), text, bytes}]}."))
    var events = false

    @Option(name: .customLong("tempo-scale"), help: "With --events: playback speed factor the times are computed for (2 = twice as fast), as play and render use it.")
    var tempoScale: Double = 1

    @Option(name: .customLong("track-sequence"), help: "With --events, for a format 2 file: list only this sequence (0-based track); without it the sequences follow one another.")
    var trackSequence: Int?

    func validate() throws {
        guard tempoScale > 0.01 && tempoScale < 100 else { throw ValidationError("--tempo-scale must be between 0.01 and 100") }
        if let t = trackSequence, t < 0 { throw ValidationError("--track-sequence must be 0 or more") }
        if !events && (tempoScale != 1 || trackSequence != nil) {
            throw ValidationError("--tempo-scale and --track-sequence apply to --events")
        }
    }

    func run() throws {
        let bytes = try Session.readFile(file)
        var report = InfoReport(path: file, size: bytes.count)
        do {
            try report.load(bytes)
        } catch let error as InfoFailure {
            throw CLIError(error.message.replacingOccurrences(of: "\n", with: " "), badInput: true)
        }
        if events {
            guard let song = report.song else {
                throw CLIError("\(file): holds no MIDI song whose events could be listed", badInput: true)
            }
            if let t = trackSequence, t >= song.tracks.count {
                throw CLIError("--track-sequence \(t): \(file) has \(song.tracks.count) tracks")
            }
            let scale = TempoScale(approximating: tempoScale) ?? .normal
            let entries = EventListing.entries(file: song, options: SongOptions(tempoScale: scale, trackSequence: trackSequence))
            print(json ? InfoReport.eventsJSON(entries, path: file, kind: report.kind).json() : InfoReport.eventLines(entries).joined(separator: "\n"))
            return
        }
        print(json ? report.value().json() : report.lines().joined(separator: "\n"))
    }
}

/// Why `dmus info` cannot describe a file (one line; the file name comes first).
struct InfoFailure: Error {
    let message: String
}

/// Everything `dmus info` found in one file, ready to print as text or JSON.
struct InfoReport {
    enum Kind: String {
        case dls, rmid, xmf, smf
    }

    let path: String
    let size: Int
    var kind: Kind = .smf
    var warnings: [String] = []
    /// A bare collection (.dls).
    var collection: DLSCollection?
    /// The song (.mid, or the one inside an RMID/XMF).
    var song: MIDIFile?
    var songOffset: Int?
    /// The bank inside an RMID or XMF.
    var bank: (collection: DLSCollection, offset: Int, length: Int, bankOffset: Int?, bankOffsetStored: Bool)?
    var containerInfo = DLSInfo()
    var xmf: XMFFile?

    init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    mutating func load(_ bytes: [UInt8]) throws {
        if DLSReader.isDLS(bytes) {
            kind = .dls
            let (c, w) = try readDLS(bytes, name: path)
            collection = c
            warnings += w.map { "DLS: \($0)" }
        } else if RMIDReader.isRMID(bytes) {
            kind = .rmid
            let r: RMIDContainer
            do { r = try RMIDReader.readContainer(bytes, name: path) } catch { throw InfoFailure(message: "\(error)") }
            warnings += r.warnings.map { "RMID: \($0)" }
            containerInfo = r.info
            try loadSong(r.midi, name: "\(path) (song)", offset: r.midiOffset)
            if let dls = r.dls {
                let (c, w) = try readDLS(dls, name: "\(path) (embedded DLS)")
                warnings += w.map { "embedded DLS: \($0)" }
                // SF2-RMIDI: DBNK shifts the embedded bank; without it a DLS bank is not shifted.
                bank = (c, r.dlsOffset ?? 0, dls.count, Int(r.bankOffset ?? 0), r.bankOffset != nil)
            }
        } else if XMFReader.isXMF(bytes) {
            kind = .xmf
            let x: XMFFile
            do { x = try XMFReader.read(bytes, name: path) } catch { throw InfoFailure(message: "\(error)") }
            xmf = x
            warnings += x.warnings.map { "XMF: \($0)" }
            if let midi = x.midi { try loadSong(midi.bytes, name: "\(path) (song)", offset: midi.contentOffset) }
            if let dls = x.dls {
                let (c, w) = try readDLS(dls.bytes, name: "\(path) (embedded DLS)")
                warnings += w.map { "embedded DLS: \($0)" }
                bank = (c, dls.contentOffset, dls.bytes.count, nil, false)
            }
        } else if Self.looksLikeMIDI(bytes, path: path) {
            kind = .smf
            try loadSong(bytes, name: path, offset: 0)
        } else {
            let start = bytes.prefix(4).map { (0x20...0x7E).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
            throw InfoFailure(message: "\(path): not a DLS, RMID, XMF or MIDI file (starts with '\(start)', \(bytes.count) bytes)")
        }
    }

    /// `MThd` near the start (the SMF reader skips up to 512 bytes of junk), or a MIDI
    /// file extension (the SMF reader then says what is wrong).
    static func looksLikeMIDI(_ bytes: [UInt8], path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        if ["mid", "midi", "smf", "kar"].contains(ext) { return true }
        let head = bytes.prefix(516)
        let tag = Array("MThd".utf8)
        return head.count >= 4 && (0...(head.count - 4)).contains { head[$0..<$0 + 4].elementsEqual(tag) }
    }

    func readDLS(_ bytes: [UInt8], name: String) throws -> (DLSCollection, [DLSWarning]) {
        do { return try DLSReader.read(bytes, name: name) } catch { throw InfoFailure(message: "\(error)") }
    }

    mutating func loadSong(_ bytes: [UInt8], name: String, offset: Int) throws {
        do {
            let (file, w) = try MIDIFileReader.read(bytes, name: name)
            song = file
            songOffset = offset
            warnings += w.map { "SMF: \($0)" }
        } catch {
            throw InfoFailure(message: "\(error)")
        }
    }

    var kindDescription: String {
        switch kind {
        case .dls: return "DLS collection"
        case .rmid: return "RMID (RIFF MIDI)" + (bank == nil ? "" : " with an embedded DLS collection")
        case .xmf: return "XMF \(xmf?.version ?? "")" + (xmf?.fileTypeID == 2 ? " (Mobile XMF)" : "")
        case .smf: return "Standard MIDI File"
        }
    }

    // MARK: JSON

    func value() -> DumpValue {
        var fields: [DumpField] = [
            DumpField("file", .string(path)),
            DumpField("type", .string(kind.rawValue)),
            DumpField("description", .string(kindDescription)),
            DumpField("size", .int(size)),
        ]
        if !containerInfo.isEmpty {
            fields.append(DumpField("info", .object(containerInfo.entries.map { DumpField($0.id, .string($0.text)) })))
        }
        if let xmf {
            fields.append(DumpField("xmf", .object([
                DumpField("version", .string(xmf.version)),
                DumpField("fileType", xmf.fileTypeID.map { .int(Int($0)) } ?? .null),
                DumpField("fileTypeRevision", xmf.fileTypeRevision.map { .int(Int($0)) } ?? .null),
                DumpField("resources", .array(xmf.resources.map { r in
                    .object([
                        DumpField("node", .string(r.nodePath)),
                        DumpField("name", .string(r.name)),
                        DumpField("format", .string(r.format.description)),
                        DumpField("offset", .int(r.contentOffset)),
                        DumpField("length", .int(r.bytes.count)),
                        DumpField("packed", .bool(r.packed)),
                        DumpField("metadata", .object(r.metadata.map { DumpField($0.id, .string($0.text)) })),
                    ])
                })),
            ])))
        }
        if let collection { fields.append(DumpField("collection", DLSDump.value(collection))) }
        if let song { fields.append(DumpField("song", Self.songValue(song, offset: songOffset ?? 0))) }
        if let bank {
            var b: [DumpField] = [DumpField("offset", .int(bank.offset)), DumpField("length", .int(bank.length))]
            if let o = bank.bankOffset {
                b.append(DumpField("bankOffset", .int(o)))
                b.append(DumpField("bankOffsetFrom", .string(bank.bankOffsetStored ? "DBNK" : "default")))
            }
            b.append(DumpField("collection", DLSDump.value(bank.collection, bankOffset: bank.bankOffset)))
            fields.append(DumpField("bank", .object(b)))
        }
        fields.append(DumpField("warnings", .array(warnings.map { .string($0) })))
        return .object(fields)
    }

    /// Format, division, tracks, length and note counts of a song.
    static func songValue(_ song: MIDIFile, offset: Int) -> DumpValue {
        let s = SongStats(song)
        return .object([
            DumpField("offset", .int(offset)),
            DumpField("format", .int(Int(song.format))),
            DumpField("division", .string(s.divisionText)),
            DumpField("ticksPerQuarter", s.ppq.map { .int($0) } ?? .null),
            DumpField("tracks", .int(song.tracks.count)),
            DumpField("lengthTicks", .int(Int(clamping: s.lengthTicks))),
            DumpField("lengthSeconds", .number(s.seconds, decimals: 6)),
            DumpField("notes", .int(s.notes)),
            DumpField("notesPerChannel", .object(s.notesPerChannel.enumerated().filter { $0.element > 0 }.map {
                DumpField(String($0.offset + 1), .int($0.element))
            })),
            DumpField("tempoEvents", .int(s.tempoEvents)),
            DumpField("initialTempoBPM", .number(s.initialBPM, decimals: 3)),
            DumpField("trackList", .array(s.tracks.enumerated().map { i, t in
                .object([
                    DumpField("index", .int(i)), DumpField("name", .string(t.name)), DumpField("events", .int(t.events)),
                    DumpField("notes", .int(t.notes)), DumpField("lengthTicks", .int(Int(clamping: t.lengthTicks))),
                ])
            })),
        ])
    }

    static func eventsJSON(_ entries: [EventListingEntry], path: String, kind: Kind) -> DumpValue {
        .object([
            DumpField("file", .string(path)),
            DumpField("type", .string(kind.rawValue)),
            DumpField("events", .array(entries.map(EventListing.dumpValue))),
        ])
    }

    static func eventLines(_ entries: [EventListingEntry]) -> [String] {
        entries.map { e in
            let seconds = String(format: "%.6f", Double(e.time100ns) / 10_000_000)
            let channel = e.channel.map { String(format: "ch %2d", Int($0) + 1) } ?? "     "
            return "\(seconds)  track \(e.track)  tick \(e.tick)  group \(e.group)  \(channel)  \(e.text)  [\(hex(e.bytes))]"
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
    }

    // MARK: Text

    func lines() -> [String] {
        var out = ["file: \(path) (\(size) bytes)", "type: \(kindDescription)"]
        if let xmf {
            for r in xmf.resources {
                var line = "  resource \(r.nodePath)"
                if let name = r.name { line += " \"\(name)\"" }
                line += ": \(r.format), \(r.bytes.count) bytes at byte \(r.contentOffset)" + (r.packed ? " (packed)" : "")
                out.append(line)
            }
        }
        if !containerInfo.isEmpty {
            out.append("INFO")
            for e in containerInfo.entries { out.append("  \(e.id) \(e.text)") }
        }
        if let collection { out += DLSDump.lines(collection) }
        if let song { out += Self.songLines(song, offset: songOffset ?? 0, embedded: kind != .smf) }
        if let bank {
            var line = "embedded bank: RIFF DLS at byte \(bank.offset), \(bank.length) bytes"
            if let o = bank.bankOffset { line += ", bank offset \(o)" + (bank.bankOffsetStored ? " (DBNK)" : " (no DBNK: default)") }
            out.append(line)
            out += DLSDump.lines(bank.collection, bankOffset: bank.bankOffset, indent: "  ")
        }
        if warnings.isEmpty {
            out.append("warnings: none")
        } else {
            out.append("warnings: \(warnings.count)")
            out += warnings.map { "  " + $0 }
        }
        return out
    }

    static func songLines(_ song: MIDIFile, offset: Int, embedded: Bool) -> [String] {
        let s = SongStats(song)
        var out: [String] = []
        var head = "song: SMF format \(song.format), \(s.divisionText), \(song.tracks.count) tracks, \(s.lengthTicks) ticks, "
        head += String(format: "%.3f s", s.seconds)
        if embedded { head += ", at byte \(offset)" }
        out.append(head)
        let perChannel = s.notesPerChannel.enumerated().filter { $0.element > 0 }.map { "ch \($0.offset + 1): \($0.element)" }
        out.append("  notes: \(s.notes)" + (perChannel.isEmpty ? "" : " (" + perChannel.joined(separator: ", ") + ")"))
        out.append("  tempo: " + String(format: "%.2f", s.initialBPM) + " BPM at the start, \(s.tempoEvents) tempo events")
        for (i, t) in s.tracks.enumerated() {
            out.append("  track \(i)" + (t.name.map { " \"\($0)\"" } ?? "") + ": \(t.events) events, \(t.notes) notes, \(t.lengthTicks) ticks")
        }
        return out
    }
}

/// Counts over a song for `dmus info`.
struct SongStats {
    struct Track {
        var name: String?
        var events: Int
        var notes: Int
        var lengthTicks: UInt64
    }

    var ppq: Int?
    var divisionText: String
    var lengthTicks: UInt64 = 0
    var seconds: Double
    var notes = 0
    var notesPerChannel = [Int](repeating: 0, count: 16)
    var tempoEvents = 0
    var initialBPM: Double
    var tracks: [Track] = []

    init(_ song: MIDIFile) {
        switch song.division {
        case .ticksPerQuarter(let q):
            ppq = Int(q)
            divisionText = "PPQ \(q)"
        case .smpte(let fps, let tpf):
            divisionText = "SMPTE \(fps == 29 ? "29.97 (30 drop-frame)" : String(fps)) fps × \(tpf) ticks"
        }
        var firstTempo: (tick: UInt64, value: UInt32)?
        for track in song.tracks {
            var t = Track(name: nil, events: track.events.count, notes: 0, lengthTicks: track.lengthTicks)
            for e in track.events {
                switch e.kind {
                case .channel(let status, _, let velocity) where status & 0xF0 == 0x90 && velocity > 0:
                    t.notes += 1
                    notesPerChannel[Int(status & 0x0F)] += 1
                case .meta(MIDIMetaType.trackName, let data) where t.name == nil:
                    t.name = String(decoding: data, as: UTF8.self)
                default:
                    if let tempo = e.kind.tempoMicrosecondsPerQuarter {
                        tempoEvents += 1
                        if firstTempo == nil || e.tick < firstTempo!.tick { firstTempo = (e.tick, tempo) }
                    }
                }
            }
            notes += t.notes
            tracks.append(t)
        }
        lengthTicks = song.tracks.reduce(0) { max($0, $1.lengthTicks) }
        seconds = Double(TempoMap(file: song).refTime100ns(atTick: lengthTicks)) / 10_000_000
        let start = firstTempo.flatMap { $0.tick == 0 ? $0.value : nil } ?? TempoMap.defaultMicrosecondsPerQuarter
        initialBPM = 60_000_000 / Double(max(start, 1))
    }
}
