import Testing
import SMF

@Suite("Reader: events of well-formed tracks")
struct ReaderEventTests {
    @Test("running status is expanded, for 3-byte and 2-byte messages")
    func runningStatus() throws {
        let bytes = Fixture.file(
            [0x00, 0x90, 0x3C, 0x64,   // note on C4
             0x60, 0x3E, 0x64,         // running status: note on D4 at 96
             0x00, 0x3C, 0x00,         // note on C4 vel 0 (a note-off), still running status
             0x00, 0xC0, 0x05,         // program change
             0x10, 0x06]               // running status, 2-byte message, at 112
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        #expect(file.format == 0)
        #expect(file.division == .ticksPerQuarter(96))
        #expect(file.tracks.count == 1)
        #expect(file.tracks[0].events == [
            Fixture.channel(0, 0x90, 0x3C, 0x64),
            Fixture.channel(96, 0x90, 0x3E, 0x64),
            Fixture.channel(96, 0x90, 0x3C, 0x00),
            Fixture.channel(96, 0xC0, 0x05),
            Fixture.channel(112, 0xC0, 0x06),
            Fixture.eot(112),
        ])
        #expect(file.tracks[0].events[3].kind.channelMessageLength == 2)
        #expect(file.tracks[0].events[0].kind.channelMessageLength == 3)
        #expect(file.tracks[0].events[5].kind.channelMessageLength == nil)
        #expect(file.tracks[0].events[1].kind.channel == 0)
    }

    @Test("running status across a meta event is kept, with a warning (§5.2)")
    func runningStatusAcrossMeta() throws {
        let bytes = Fixture.file(
            [0x00, 0x91, 0x3C, 0x64,
             0x00, 0xFF, 0x01, 0x02, 0x68, 0x69,   // text "hi"
             0x60, 0x3C, 0x00]                      // running status after the meta event
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events == [
            Fixture.channel(0, 0x91, 0x3C, 0x64),
            Fixture.meta(0, 0x01, Array("hi".utf8)),
            Fixture.channel(96, 0x91, 0x3C, 0x00),
            Fixture.eot(96),
        ])
        #expect(warnings.count == 1)
        #expect(warnings.mentions("running status"))
        #expect(warnings.first?.offset == 14 + 8 + 11)   // the data byte 0x3C after the meta
        #expect(warnings.first?.track == 0)
    }

    @Test("running status across a SysEx event is kept, with a warning")
    func runningStatusAcrossSysEx() throws {
        let bytes = Fixture.file(
            [0x00, 0x90, 0x3C, 0x64,
             0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,
             0x10, 0x3E, 0x64,
             0x10, 0x40, 0x64]            // a second use: no second warning
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events.map(\.kind) == [
            .channel(status: 0x90, data1: 0x3C, data2: 0x64),
            .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]),
            .channel(status: 0x90, data1: 0x3E, data2: 0x64),
            .channel(status: 0x90, data1: 0x40, data2: 0x64),
            .meta(type: 0x2F, data: []),
        ])
        #expect(warnings.count == 1)
    }

    @Test("meta events keep their type and data; helpers decode tempo and port")
    func metaEvents() throws {
        let bytes = Fixture.file(
            [0x00, 0xFF, 0x00, 0x02, 0x00, 0x07,                    // sequence number 7
             0x00, 0xFF, 0x03, 0x04, 0x4C, 0x65, 0x61, 0x64,        // track name "Lead"
             0x00, 0xFF, 0x21, 0x01, 0x02,                          // MIDI port 2
             0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,              // tempo 500000
             0x00, 0xFF, 0x54, 0x05, 0x60, 0x00, 0x03, 0x00, 0x00,  // SMPTE offset
             0x00, 0xFF, 0x58, 0x04, 0x06, 0x03, 0x24, 0x08,        // 6/8
             0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01,                    // 3 flats, minor
             0x00, 0xFF, 0x7F, 0x03, 0x00, 0x00, 0x41,              // sequencer-specific
             0x00, 0xFF, 0x60, 0x00,                                // unknown type, empty
             0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40]        // tempo 1000000 at 480
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        let events = file.tracks[0].events
        #expect(events.map(\.kind) == [
            .meta(type: 0x00, data: [0x00, 0x07]),
            .meta(type: 0x03, data: Array("Lead".utf8)),
            .meta(type: 0x21, data: [0x02]),
            .meta(type: 0x51, data: [0x07, 0xA1, 0x20]),
            .meta(type: 0x54, data: [0x60, 0x00, 0x03, 0x00, 0x00]),
            .meta(type: 0x58, data: [0x06, 0x03, 0x24, 0x08]),
            .meta(type: 0x59, data: [0xFD, 0x01]),
            .meta(type: 0x7F, data: [0x00, 0x00, 0x41]),
            .meta(type: 0x60, data: []),
            .meta(type: 0x51, data: [0x0F, 0x42, 0x40]),
            .meta(type: 0x2F, data: []),
        ])
        #expect(events[9].tick == 480)
        #expect(events[3].kind.tempoMicrosecondsPerQuarter == 500_000)
        #expect(events[9].kind.tempoMicrosecondsPerQuarter == 1_000_000)
        #expect(events[2].kind.midiPort == 2)
        #expect(events[10].kind.isEndOfTrack)
        #expect(!events[9].kind.isEndOfTrack)
    }

    @Test("SysEx F0 packets keep the leading F0; F7 packets are raw (split SysEx and escapes)")
    func sysExAndEscape() throws {
        let bytes = Fixture.file(
            [0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,   // GM on, complete
             0x00, 0xF0, 0x03, 0x43, 0x12, 0x00,               // first part of a split SysEx
             0x10, 0xF7, 0x04, 0x43, 0x12, 0x00, 0xF7,         // continuation
             0x10, 0xF7, 0x02, 0xF3, 0x01,                     // escape: song select
             0x00, 0xF0, 0x00]                                 // empty SysEx
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        #expect(file.tracks[0].events == [
            MIDIEvent(tick: 0, kind: .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])),
            MIDIEvent(tick: 0, kind: .sysEx([0xF0, 0x43, 0x12, 0x00])),
            MIDIEvent(tick: 16, kind: .escape([0x43, 0x12, 0x00, 0xF7])),
            MIDIEvent(tick: 32, kind: .escape([0xF3, 0x01])),
            MIDIEvent(tick: 32, kind: .sysEx([0xF0])),
            Fixture.eot(32),
        ])
    }

    @Test("2-, 3- and 4-byte delta times accumulate into absolute ticks")
    func multiByteDeltas() throws {
        let bytes = Fixture.file(
            [0x81, 0x00, 0x90, 0x3C, 0x64,               // +128
             0x81, 0x80, 0x00, 0x80, 0x3C, 0x40,         // +16384
             0x81, 0x80, 0x80, 0x00, 0x90, 0x3E, 0x64,   // +2097152
             0xFF, 0xFF, 0xFF, 0x7F, 0x80, 0x3E, 0x40,   // +0x0FFFFFFF
             0x00, 0xFF, 0x2F, 0x00])
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        let t1: UInt64 = 128
        let t2: UInt64 = t1 + 16384
        let t3: UInt64 = t2 + 2_097_152
        let t4: UInt64 = t3 + 0x0FFF_FFFF
        #expect(file.tracks[0].events.map(\.tick) == [t1, t2, t3, t4, t4])
    }

    @Test("every channel message type has its right length")
    func channelMessageTypes() throws {
        let bytes = Fixture.file(
            [0x00, 0x82, 0x3C, 0x40, 0x00, 0x92, 0x3C, 0x40, 0x00, 0xA2, 0x3C, 0x10,
             0x00, 0xB2, 0x07, 0x64, 0x00, 0xC2, 0x10, 0x00, 0xD2, 0x20, 0x00, 0xE2, 0x00, 0x40]
                + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        #expect(file.tracks[0].events.dropLast().map(\.kind) == [
            .channel(status: 0x82, data1: 0x3C, data2: 0x40), .channel(status: 0x92, data1: 0x3C, data2: 0x40),
            .channel(status: 0xA2, data1: 0x3C, data2: 0x10), .channel(status: 0xB2, data1: 0x07, data2: 0x64),
            .channel(status: 0xC2, data1: 0x10, data2: 0), .channel(status: 0xD2, data1: 0x20, data2: 0),
            .channel(status: 0xE2, data1: 0x00, data2: 0x40),
        ])
    }

    @Test("format 1: each track's ticks start at 0")
    func format1Tracks() throws {
        let bytes = Fixture.file(
            format: 1, division: 480,
            [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x83, 0x60, 0xFF, 0x2F, 0x00],
            [0x10, 0x90, 0x3C, 0x64, 0x20, 0x80, 0x3C, 0x40] + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(warnings.isEmpty)
        #expect(file.format == 1)
        #expect(file.division == .ticksPerQuarter(480))
        #expect(file.tracks.map { $0.events.map(\.tick) } == [[0, 480], [16, 48, 48]])
        #expect(file.tracks.map(\.lengthTicks) == [480, 48])
    }

    @Test("division word: PPQ and SMPTE rates decode and encode")
    func division() {
        #expect(MIDIDivision(rawValue: 0x01E0) == .ticksPerQuarter(480))
        #expect(MIDIDivision(rawValue: 0xE728) == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        #expect(MIDIDivision(rawValue: 0xE878) == .smpte(framesPerSecond: 24, ticksPerFrame: 120))
        #expect(MIDIDivision(rawValue: 0xE350) == .smpte(framesPerSecond: 29, ticksPerFrame: 80))
        #expect(MIDIDivision(rawValue: 0xE278) == .smpte(framesPerSecond: 30, ticksPerFrame: 120))
        for raw: UInt16 in [0x0001, 0x01E0, 0x7FFF, 0xE728, 0xE878, 0xE350, 0xE278, 0xF060] {
            #expect(MIDIDivision(rawValue: raw).rawValue == raw)
        }
        #expect(MIDIDivision.smpte(framesPerSecond: 25, ticksPerFrame: 40).isSMPTE)
        #expect(!MIDIDivision.ticksPerQuarter(96).isSMPTE)
    }

    @Test("an SMPTE-division file reads its division")
    func smpteFile() throws {
        let (file, warnings) = try Fixture.read(Fixture.file(division: 0xE728, Fixture.endOfTrack))
        #expect(warnings.isEmpty)
        #expect(file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
    }
}
