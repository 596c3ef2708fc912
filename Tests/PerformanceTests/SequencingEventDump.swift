import DMusTestSupport
import Foundation
import Performance
import SMF
import Testing

/// Writes `EventListing` JSON for every MIDI file of the corpus into the folder named by
/// `DMUS_EVENTS_DUMP_DIR` (one `<path with / as __>.json` per file that reads), for
/// `scripts/compare_event_times.py` when `dmus info --events --json` is not available.
/// Without the variable the test does nothing.
@Suite struct SequencingEventDump {
    @Test func dumpCorpusEventListings() throws {
        guard let dir = ProcessInfo.processInfo.environment["DMUS_EVENTS_DUMP_DIR"], !dir.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for path in TestData.files(in: "midi", suffix: ".mid") {
            guard let bytes = try TestData.bytes(path) else { return }
            let name = dir + "/" + path.replacingOccurrences(of: "/", with: "__") + ".json"
            guard let file = try? MIDIFileReader.read(bytes, name: path).file else {
                try? FileManager.default.removeItem(atPath: name)
                continue
            }
            try EventListing.json(EventListing.entries(file: file)).write(toFile: name, atomically: true, encoding: .utf8)
        }
        // Files written by our writer, for the independent reader to accept and time:
        // generated/NAME.mid with its listing generated__NAME.mid.json (names relative to `dir`).
        try FileManager.default.createDirectory(atPath: dir + "/generated", withIntermediateDirectories: true)
        for (name, file) in Self.generatedSongs() {
            let bytes = MIDIFileWriter.write(file)
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/generated/" + name))
            let read = try MIDIFileReader.read(bytes, name: name).file
            try EventListing.json(EventListing.entries(file: read))
                .write(toFile: dir + "/generated__" + name + ".json", atomically: true, encoding: .utf8)
        }
    }

    /// Songs that exercise the writer and the timing: 48 channels on three ports, 850 tempo
    /// changes in a format 0 file with running status, SMPTE division (25 fps × 40), format 2.
    static func generatedSongs() -> [(String, MIDIFile)] {
        typealias F = SongFixture
        var tempoEvents: [MIDIEvent] = []
        var tick: UInt64 = 0
        var seed: UInt64 = 850
        for i in 0..<850 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            tick += 1 + (seed >> 33) % 241
            tempoEvents.append(F.tempo(tick, UInt32(250_001 + (seed >> 40) % 900_000)))
            tempoEvents.append(F.on(tick, UInt8(40 + i % 40), ch: UInt8(i % 16)))
            tempoEvents.append(F.off(tick + 7, UInt8(40 + i % 40), ch: UInt8(i % 16)))
        }
        tempoEvents.append(F.eot(tick + 100))
        var smpteNotes: [MIDIEvent] = []
        for i in 0..<50 {
            let t = UInt64(i) * 333
            let key = UInt8(60 + i % 12)
            smpteNotes.append(F.on(t, key))
            smpteNotes.append(F.off(t + 200, key))
        }
        smpteNotes.append(F.eot(20_000))
        let smpte = MIDIFile(format: 1, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [
            MIDITrack(events: [F.tempo(0, 300_000), F.eot(0)]),
            MIDITrack(events: smpteNotes),
        ])
        let format2 = F.file(format: 2, [F.on(0, 60), F.off(96, 60), F.eot(96)],
                             [F.tempo(0, 1_000_000), F.on(10, 62), F.off(48, 62), F.eot(96)],
                             [F.tempo(0, 400_000), F.on(0, 64), F.tempo(50, 700_000), F.off(100, 64), F.eot(100)])
        return [
            ("multiport-48-channels.mid", MultiPortSong.file(noteAt: { UInt64($0) * 192 })),
            ("tempo-850-changes.mid", MIDIFile(format: 0, division: .ticksPerQuarter(384), tracks: [MIDITrack(events: tempoEvents)])),
            ("smpte-25fps.mid", smpte),
            ("format2-three-sequences.mid", format2),
        ]
    }
}
