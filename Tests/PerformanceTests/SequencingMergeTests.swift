import DMusTestSupport
import Foundation
import Performance
import SMF
import Testing

enum SongFixture {
    static func on(_ tick: UInt64, _ key: UInt8, ch: UInt8 = 0, vel: UInt8 = 100) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .channel(status: 0x90 | ch, data1: key, data2: vel))
    }
    static func off(_ tick: UInt64, _ key: UInt8, ch: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .channel(status: 0x80 | ch, data1: key, data2: 0))
    }
    static func cc(_ tick: UInt64, _ n: UInt8, _ v: UInt8, ch: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .channel(status: 0xB0 | ch, data1: n, data2: v))
    }
    static func program(_ tick: UInt64, _ p: UInt8, ch: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .channel(status: 0xC0 | ch, data1: p, data2: 0))
    }
    static func meta(_ tick: UInt64, _ type: UInt8, _ data: [UInt8] = []) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .meta(type: type, data: data))
    }
    static func tempo(_ tick: UInt64, _ us: UInt32) -> MIDIEvent {
        meta(tick, 0x51, [UInt8(us >> 16), UInt8((us >> 8) & 0xFF), UInt8(us & 0xFF)])
    }
    static func eot(_ tick: UInt64) -> MIDIEvent { meta(tick, 0x2F) }

    static func file(format: UInt16 = 1, ppq: UInt16 = 96, _ tracks: [MIDIEvent]...) -> MIDIFile {
        MIDIFile(format: format, division: .ticksPerQuarter(ppq), tracks: tracks.map { MIDITrack(events: $0) })
    }

    /// Written and read back, as a real file would come.
    static func roundTrip(_ file: MIDIFile) throws -> MIDIFile {
        try MIDIFileReader.read(MIDIFileWriter.write(file), name: "generated.mid").file
    }
}

@Suite struct SequencingMergeTests {
    typealias F = SongFixture

    @Test func metaEventsComeBeforeChannelEventsAtTheSameTick() {
        // Track 0 has a channel event before a marker at tick 96; track 1 has a tempo at 96.
        let file = F.file([F.on(0, 60), F.cc(96, 7, 90), F.meta(96, 0x06, [0x41]), F.off(192, 60), F.eot(192)],
                          [F.tempo(96, 250_000), F.eot(96)])
        let listing = EventListing.entries(file: file)
        let at96 = listing.filter { $0.tick == 96 }.map(\.text)
        #expect(at96 == ["marker \"A\"", "tempo 250000 µs/quarter (240 BPM)", "end of track", "control 7 (volume) = 90"])
        // The tempo at 96 applies from 96: 96 ticks at 120 BPM then 96 at 240 BPM.
        let at192 = listing.first { $0.tick == 192 }
        #expect(at192?.time100ns == Int64(7_500_000))
    }

    @Test func fileOrderWithinATrackIsKept() {
        let file = F.file([F.cc(0, 0, 1), F.cc(0, 32, 2), F.program(0, 5), F.cc(0, 7, 80), F.on(0, 60), F.off(96, 60), F.eot(96)])
        let song = SongEvents(file: file)
        #expect(song.messages.map(\.bytes) == [[0xB0, 0, 1], [0xB0, 32, 2], [0xC0, 5], [0xB0, 7, 80], [0x90, 60, 100], [0x80, 60, 0]])
    }

    @Test func noteOffEndingAnEarlierNoteGoesBeforeTheNoteOnOfTheSameKey() {
        // Track 1 starts key 60 at 96 while track 2 ends its own key 60 (started at 0) at 96.
        let file = F.file([F.eot(0)],
                          [F.on(96, 60), F.off(192, 60), F.eot(192)],
                          [F.on(0, 60), F.off(96, 60), F.on(96, 62), F.off(192, 62), F.eot(192)])
        let at96 = SongEvents(file: file).messages.filter { $0.time100ns == 5_000_000 }.map(\.bytes)
        #expect(at96 == [[0x80, 60, 0], [0x90, 60, 100], [0x90, 62, 100]])
        // The same within one track written new-note-first (and a velocity-0 note-on as off).
        let one = F.file(format: 0, [F.on(0, 64), F.on(96, 64), F.on(96, 64, vel: 0), F.off(192, 64), F.eot(192)])
        #expect(SongEvents(file: one).messages.map(\.bytes) == [[0x90, 64, 100], [0x90, 64, 0], [0x90, 64, 100], [0x80, 64, 0]])
    }

    @Test func aZeroLengthNoteKeepsItsOnOffOrder() {
        let file = F.file(format: 0, [F.on(96, 36, ch: 9), F.off(96, 36, ch: 9), F.on(96, 38, ch: 9), F.eot(96)])
        #expect(SongEvents(file: file).messages.map(\.bytes) == [[0x99, 36, 100], [0x89, 36, 0], [0x99, 38, 100]])
        // With an older note of the key sounding, one off ends it (first) and the other stays.
        let both = F.file(format: 0, [F.on(0, 36), F.on(96, 36), F.off(96, 36), F.off(96, 36), F.eot(96)])
        #expect(SongEvents(file: both).messages.map(\.bytes) == [[0x90, 36, 100], [0x80, 36, 0], [0x90, 36, 100], [0x80, 36, 0]])
    }

    @Test func notesOnDifferentChannelsOrGroupsAreNotReordered() {
        let file = F.file([F.on(0, 60, ch: 1), F.eot(0)], [F.on(96, 60), F.off(96, 60, ch: 1), F.eot(96)])
        let at96 = SongEvents(file: file).messages.filter { $0.time100ns > 0 }.map(\.bytes)
        #expect(at96 == [[0x90, 60, 100], [0x81, 60, 0]])
    }

    @Test func midiPortMetaSelectsTheChannelGroup() {
        let file = F.file([F.meta(0, 0x21, [0]), F.on(0, 60), F.eot(10)],
                          [F.on(0, 61), F.meta(0, 0x21, [2]), F.on(5, 62), F.meta(6, 0x21, [5]), F.on(7, 63), F.eot(10)],
                          [F.on(0, 64), F.eot(10)])
        let song = SongEvents(file: file)
        // Track 1's port meta at tick 0 applies to its tick-0 note too (meta first).
        #expect(song.messages.map(\.group) == [1, 3, 1, 3, 6])
        #expect(song.messages.map { $0.bytes[1] } == [60, 61, 64, 62, 63])
        #expect(song.channelGroupsUsed == 6)
        let listing = EventListing.entries(file: file)
        #expect(listing.first { $0.text == "MIDI port 5" }?.group == 6)
    }

    /// 48 channels on three ports, written by our writer and read back: each port's channels
    /// go to their own group.
    @Test func fortyEightChannelsOnThreePorts() throws {
        let file = try F.roundTrip(MultiPortSong.file())
        let song = SongEvents(file: file)
        #expect(song.channelGroupsUsed == 3)
        for port in 0..<3 {
            let notes = song.messages.filter { $0.bytes[0] & 0xF0 == 0x90 && $0.group == UInt16(port + 1) }
            #expect(notes.count == 16)
            #expect(Set(notes.map { $0.bytes[0] & 0x0F }).count == 16)
            #expect(notes.allSatisfy { $0.bytes[1] == MultiPortSong.key(port: port, channel: Int($0.bytes[0] & 0x0F)) })
        }
    }

    @Test func format2SequencesPlayOneAfterAnotherOrOneAlone() throws {
        // Sequence 0: 96 ticks at 120 BPM (0.5 s). Sequence 1: its own tempo, 60 BPM.
        let file = try F.roundTrip(F.file(format: 2,
                                          [F.on(0, 60), F.off(96, 60), F.eot(96)],
                                          [F.tempo(0, 1_000_000), F.on(0, 62), F.off(48, 62), F.eot(96)]))
        let all = SongEvents(file: file)
        #expect(all.sequenceStarts100ns == [0, 5_000_000])
        #expect(all.messages.map(\.time100ns) == [0, 5_000_000, 5_000_000, 10_000_000])
        #expect(all.messages.map { $0.bytes[1] } == [60, 60, 62, 62])
        #expect(all.length100ns == 15_000_000)
        let second = SongEvents(file: file, trackSequence: 1)
        #expect(second.messages.map(\.time100ns) == [0, 5_000_000])
        #expect(second.length100ns == 10_000_000)
        #expect(SongEvents(file: file, trackSequence: 7).messages.isEmpty)
        // Format 1 ignores the selection.
        var f1 = file
        f1.format = 1
        #expect(SongEvents(file: f1, trackSequence: 1).messages.count == 4)
    }

    @Test func smpteOffsetIsTheSongOriginOrDelaysInAbsoluteMode() {
        let offset: [UInt8] = [0x00, 1, 0, 0, 0]   // 00:01:00:00 @24
        let file = F.file(format: 0, [F.meta(0, 0x54, offset), F.on(96, 60), F.off(192, 60), F.eot(192)])
        let song = SongEvents(file: file)
        #expect(song.smpteOffset == SMPTEOffset(data: offset))
        #expect(song.messages.map(\.time100ns) == [5_000_000, 10_000_000])
        let absolute = SongEvents(file: file, options: SongOptions(smpteOffsetMode: .absolute))
        #expect(absolute.messages.map(\.time100ns) == [605_000_000, 610_000_000])
        #expect(absolute.length100ns == 610_000_000)
        // Format 2: a later sequence whose offset lies beyond the end of the one before starts there.
        let seq = F.file(format: 2,
                         [F.meta(0, 0x54, [0x60, 0, 0, 0, 0]), F.on(0, 60), F.off(96, 60), F.eot(96)],
                         [F.meta(0, 0x54, [0x60, 0, 2, 0, 0]), F.on(0, 62), F.off(96, 62), F.eot(96)],
                         [F.meta(0, 0x54, [0x60, 0, 0, 0, 0]), F.on(0, 64), F.off(96, 64), F.eot(96)])
        #expect(SongEvents(file: seq).sequenceStarts100ns == [0, 20_000_000, 25_000_000])
    }

    @Test func tempoScaleIsExact() {
        let file = F.file(format: 0, [F.on(0, 60), F.tempo(96, 333_333), F.off(96, 60), F.on(1000, 60), F.off(1001, 60), F.eot(1001)])
        let map = TempoMap(file: file)
        let fast = SongEvents(file: file, tempoScale: 1.5)
        let exact = fast.messages.map(\.time100ns)
        let expected = [UInt64(0), 96, 1000, 1001].map { map.refTime100ns(atTick: $0, scale: TempoScale(numerator: 3, denominator: 2)) }
        #expect(exact == expected)
        // 96 ticks at 500000 µs + 904 at 333333 µs, ×2/3, from exact numerators: no double rounding.
        let n = (96 * 500_000 + 904 * 333_333) * 10 * 2   // × 1/96 × 1/3
        #expect(exact[2] == Int64((2 * n + 288) / (2 * 288)))
        #expect(fast.length100ns == expected[3])
    }

    @Test func splitSysExIsReassembledPerTrackAndSentWhenComplete() {
        let file = F.file(
            [MIDIEvent(tick: 0, kind: .sysEx([0xF0, 0x43, 0x10])), MIDIEvent(tick: 0, kind: .escape([0x4C, 0x00])),
             MIDIEvent(tick: 10, kind: .escape([0x00, 0x7E, 0x00, 0xF7])), F.eot(10)],
            [MIDIEvent(tick: 5, kind: .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])),
             MIDIEvent(tick: 6, kind: .escape([0xF0, 0x7D, 0xF7])), MIDIEvent(tick: 7, kind: .escape([0xF8])), F.eot(10)])
        let song = SongEvents(file: file)
        #expect(song.messages.map(\.bytes) == [[0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7], [0xF0, 0x7D, 0xF7],
                                               [0xF0, 0x43, 0x10, 0x4C, 0x00, 0x00, 0x7E, 0x00, 0xF7]])
        #expect(song.messages[2].time100ns == TempoMap(file: file).refTime100ns(atTick: 10))
        #expect(song.droppedSysExPackets == 1)   // the lone F8 escape
    }

    @Test func listingHasEveryEventWithTimesGroupsAndText() throws {
        let file = F.file([F.meta(0, 0x03, Array("Tempo".utf8)), F.tempo(0, 600_000), F.eot(0)],
                          [F.meta(0, 0x21, [1]), F.program(0, 3, ch: 2), F.on(48, 60, ch: 2), F.off(96, 60, ch: 2), F.eot(96)])
        let listing = EventListing.entries(file: file)
        #expect(listing.count == file.tracks.reduce(0) { $0 + $1.events.count })
        #expect(listing.map(\.text) == ["track name \"Tempo\"", "tempo 600000 µs/quarter (100 BPM)", "end of track", "MIDI port 1",
                                        "program 3", "note on 60 vel 100", "end of track", "note off 60 vel 0"])
        let note = listing[5]
        #expect(note.track == 1 && note.tick == 48 && note.group == 2 && note.channel == 2)
        #expect(note.time100ns == 3_000_000 && note.secondsText == "0.300000")
        #expect(note.bytes == [0x92, 60, 100])
        #expect(listing[0].bytes == [0xFF, 0x03, 5] + Array("Tempo".utf8))
        #expect(listing[0].channel == nil)
        #expect(EventListing.textLine(note) == "0.300000\t48\t1\t2\t3\tnote on 60 vel 100")
        // JSON that a JSON reader accepts, with the fields the comparison script reads.
        let json = EventListing.json(listing)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == listing.count)
        #expect(parsed[5]["seconds"] as? Double == 0.3)
        #expect(parsed[5]["channel"] as? Int == 2)
        #expect(parsed[0]["channel"] is NSNull)
        #expect(parsed[5]["bytes"] as? [Int] == [0x92, 60, 100])
        #expect(parsed[0]["text"] as? String == "track name \"Tempo\"")
    }

    @Test func secondsTextRoundsToTheMicrosecond() {
        func s(_ t: Int64) -> String { EventListingEntry(track: 0, tick: 0, time100ns: t, group: 1, channel: nil, text: "", bytes: []).secondsText }
        #expect(s(0) == "0.000000")
        #expect(s(120_119_444) == "12.011944")
        #expect(s(120_119_445) == "12.011945")   // half up
        #expect(s(5) == "0.000001")
        #expect(s(4) == "0.000000")
        #expect(s(-15) == "-0.000002")
    }

    /// The SMPTE-division corpus file (30 fps × 120 ticks) lasts 12.011944 s.
    @Test func smpteCorpusFileLength() throws {
        guard let bytes = try TestData.bytes("midi/openjdk/MidiSMPTE_smpte30fps.mid") else { return }
        let file = try MIDIFileReader.read(bytes, name: "smpte").file
        #expect(file.division == .smpte(framesPerSecond: 30, ticksPerFrame: 120))
        let song = SongEvents(file: file)
        #expect(EventListingEntry(track: 0, tick: 0, time100ns: song.length100ns, group: 1, channel: nil, text: "", bytes: []).secondsText == "12.011944")
        #expect(song.messages.contains { $0.bytes[0] & 0xF0 == 0x90 })
    }

    /// Every corpus file that reads lists as many events as it has, in non-decreasing time,
    /// and its song has exactly its channel and (whole) SysEx messages.
    @Test func corpusListingsAreCompleteAndOrdered() throws {
        var checked = 0
        for path in TestData.files(in: "midi", suffix: ".mid") {
            guard let bytes = try TestData.bytes(path), let file = try? MIDIFileReader.read(bytes, name: path).file else { continue }
            let listing = EventListing.entries(file: file)
            let events = file.tracks.reduce(0) { $0 + $1.events.count }
            if file.format != 2 { #expect(listing.count == events, "\(path)") }
            #expect(zip(listing, listing.dropFirst()).allSatisfy { $0.time100ns <= $1.time100ns }, "\(path)")
            let song = SongEvents(file: file)
            let channelCount = listing.filter { $0.channel != nil }.count
            #expect(song.messages.filter { $0.bytes[0] < 0xF0 }.count == channelCount, "\(path)")
            checked += 1
        }
        #expect(checked > 150 || TestData.root == nil)
    }
}

/// A generated song with 48 channels on three MIDI ports: track p (port p) plays one note on
/// each of its 16 channels.
enum MultiPortSong {
    static func key(port: Int, channel: Int) -> UInt8 { UInt8(36 + port * 16 + channel) }

    /// `mutedPort`: that port's channels get volume and expression 0 first.
    static func file(noteAt: (Int) -> UInt64 = { _ in 0 }, mutedPort: Int? = nil, noteLength: UInt64 = 48) -> MIDIFile {
        var tracks: [MIDITrack] = [MIDITrack(events: [SongFixture.tempo(0, 500_000), SongFixture.eot(0)])]
        for port in 0..<3 {
            var events: [MIDIEvent] = [SongFixture.meta(0, 0x03, Array("port \(port)".utf8)), SongFixture.meta(0, 0x21, [UInt8(port)])]
            for ch in 0..<16 {
                if port == mutedPort {
                    events.append(SongFixture.cc(0, 7, 0, ch: UInt8(ch)))
                    events.append(SongFixture.cc(0, 11, 0, ch: UInt8(ch)))
                }
            }
            let t = noteAt(port)
            for ch in 0..<16 { events.append(SongFixture.on(t, key(port: port, channel: ch), ch: UInt8(ch))) }
            for ch in 0..<16 { events.append(SongFixture.off(t + noteLength, key(port: port, channel: ch), ch: UInt8(ch))) }
            events.append(SongFixture.eot(t + noteLength))
            tracks.append(MIDITrack(events: events))
        }
        return MIDIFile(format: 1, division: .ticksPerQuarter(96), tracks: tracks)
    }
}
