import Testing
import SMF

@Suite("Writer")
struct WriterTests {
    /// Every kind of event, including running-status opportunities across meta and SysEx.
    static let richEvents: [MIDIEvent] = [
        Fixture.meta(0, 0x03, Array("Piano".utf8)),
        Fixture.meta(0, 0x51, [0x07, 0xA1, 0x20]),
        MIDIEvent(tick: 0, kind: .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])),
        Fixture.channel(0, 0xB0, 0x07, 0x64),
        Fixture.channel(0, 0xC0, 0x05),
        Fixture.channel(0, 0x90, 0x3C, 0x64),
        Fixture.channel(96, 0x90, 0x3C, 0x00),
        Fixture.channel(96, 0x90, 0x3E, 0x64),
        Fixture.meta(100, 0x01, []),
        Fixture.channel(150, 0x90, 0x3E, 0x00),
        MIDIEvent(tick: 200, kind: .sysEx([0xF0, 0x43, 0x12])),
        MIDIEvent(tick: 16_584, kind: .escape([0x00, 0xF7])),
        Fixture.channel(2_113_736, 0xE0, 0x00, 0x40),
        Fixture.channel(2_113_736, 0xD0, 0x10),
        Fixture.channel(2_113_737, 0xA0, 0x3C, 0x10),
        Fixture.eot(2_113_800),
    ]

    @Test("format 0: write → read gives the same file, with and without running status")
    func roundTripFormat0() throws {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: Self.richEvents)])
        let compact = MIDIFileWriter.write(file)
        let plain = MIDIFileWriter.write(file, runningStatus: false)
        #expect(compact.count < plain.count)
        for bytes in [compact, plain] {
            let (back, warnings) = try MIDIFileReader.read(bytes, name: "rt0.mid")
            #expect(warnings.isEmpty)
            #expect(back == file)
        }
    }

    @Test("format 1 and SMPTE division: write → read gives the same file")
    func roundTripFormat1() throws {
        let tempoTrack = [Fixture.meta(0, 0x51, [0x07, 0xA1, 0x20]), Fixture.meta(0, 0x58, [4, 2, 24, 8]), Fixture.eot(1920)]
        let drums = [Fixture.channel(0, 0x99, 36, 100), Fixture.channel(0, 0x99, 42, 80), Fixture.channel(240, 0x89, 36, 0),
                     Fixture.channel(240, 0x89, 42, 0), Fixture.eot(1920)]
        for division in [MIDIDivision.ticksPerQuarter(480), .smpte(framesPerSecond: 25, ticksPerFrame: 40),
                         .smpte(framesPerSecond: 29, ticksPerFrame: 80)] {
            let file = MIDIFile(format: 1, division: division,
                                tracks: [MIDITrack(events: tempoTrack), MIDITrack(events: Self.richEvents), MIDITrack(events: drums)])
            let (back, warnings) = try MIDIFileReader.read(MIDIFileWriter.write(file), name: "rt1.mid")
            #expect(warnings.isEmpty)
            #expect(back == file)
        }
    }

    @Test("writing twice is byte-identical, and re-writing what was read is too")
    func deterministic() throws {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: Self.richEvents)])
        let first = MIDIFileWriter.write(file)
        #expect(MIDIFileWriter.write(file) == first)
        let (back, _) = try MIDIFileReader.read(first, name: "x.mid")
        #expect(MIDIFileWriter.write(back) == first)
    }

    @Test("exact bytes: header, deltas, running status cancelled by meta events")
    func exactBytes() {
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(480), tracks: [MIDITrack(events: [
            Fixture.channel(0, 0x90, 60, 100),
            Fixture.channel(480, 0x90, 60, 0),
            Fixture.meta(480, 0x06, [0x41]),
            Fixture.channel(480, 0x90, 62, 100),
            Fixture.eot(960),
        ])])
        let expected: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 1, 0x01, 0xE0]
            + Array("MTrk".utf8) + [0, 0, 0, 22]
            + [0x00, 0x90, 60, 100, 0x83, 0x60, 60, 0, 0x00, 0xFF, 0x06, 0x01, 0x41,
               0x00, 0x90, 62, 100, 0x83, 0x60, 0xFF, 0x2F, 0x00]
        #expect(MIDIFileWriter.write(file) == expected)
    }

    @Test("a missing end-of-track is added; one inside the track moves to the end")
    func endOfTrack() throws {
        let missing = MIDIFile(format: 0, division: .ticksPerQuarter(96),
                               tracks: [MIDITrack(events: [Fixture.channel(10, 0x90, 60, 100)])])
        let (back, warnings) = try MIDIFileReader.read(MIDIFileWriter.write(missing), name: "m.mid")
        #expect(warnings.isEmpty)
        #expect(back.tracks[0].events == [Fixture.channel(10, 0x90, 60, 100), Fixture.eot(10)])

        let inside = MIDIFile(format: 0, division: .ticksPerQuarter(96),
                              tracks: [MIDITrack(events: [Fixture.eot(500), Fixture.channel(10, 0x90, 60, 100), Fixture.channel(20, 0x80, 60, 0)])])
        let (back2, _) = try MIDIFileReader.read(MIDIFileWriter.write(inside), name: "m.mid")
        #expect(back2.tracks[0].events == [Fixture.channel(10, 0x90, 60, 100), Fixture.channel(20, 0x80, 60, 0), Fixture.eot(500)])
    }

    @Test("events out of order are written in stable tick order")
    func sortsStably() throws {
        let events = [Fixture.channel(50, 0x90, 1, 1), Fixture.channel(10, 0x90, 2, 1), Fixture.channel(50, 0x90, 3, 1), Fixture.eot(60)]
        let (back, _) = try MIDIFileReader.read(
            MIDIFileWriter.write(MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: events)])), name: "s.mid")
        #expect(back.tracks[0].events == [events[1], events[0], events[2], events[3]])
    }

    @Test("a delta above 0x0FFFFFFF is split; timing is kept")
    func hugeDelta() throws {
        let far: UInt64 = 0x0FFF_FFFF * 2 + 5
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: [Fixture.channel(far, 0x90, 60, 1), Fixture.eot(far)])])
        let (back, warnings) = try MIDIFileReader.read(MIDIFileWriter.write(file), name: "far.mid")
        #expect(warnings.isEmpty)
        let notes = back.tracks[0].events.filter { $0.kind.channel != nil }
        #expect(notes == [Fixture.channel(far, 0x90, 60, 1)])
        #expect(back.tracks[0].events.last == Fixture.eot(far))
    }

    @Test("invalid channel statuses are left out; data bytes are masked to 7 bits")
    func invalidChannelData() throws {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: [
            Fixture.channel(0, 0x40, 1, 2), Fixture.channel(0, 0xF8, 0, 0), Fixture.channel(0, 0x90, 0xBC, 0xFF), Fixture.eot(0),
        ])])
        let (back, warnings) = try MIDIFileReader.read(MIDIFileWriter.write(file), name: "i.mid")
        #expect(warnings.isEmpty)
        #expect(back.tracks[0].events == [Fixture.channel(0, 0x90, 0x3C, 0x7F), Fixture.eot(0)])
    }

    @Test("a SysEx payload without its F0 byte gets one")
    func sysExWithoutF0() throws {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96),
                            tracks: [MIDITrack(events: [MIDIEvent(tick: 0, kind: .sysEx([0x7E, 0xF7])), Fixture.eot(0)])])
        let (back, _) = try MIDIFileReader.read(MIDIFileWriter.write(file), name: "x.mid")
        #expect(back.tracks[0].events[0].kind == .sysEx([0xF0, 0x7E, 0xF7]))
    }
}
