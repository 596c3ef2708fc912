import Testing
import SMF

/// Known real-world damage (reference/dls-synthesis.md §5.2): read with a warning, never abort.
@Suite("Reader: tolerated damage")
struct ReaderMalformationTests {
    static let noteOnOff: [UInt8] = [0x00, 0x90, 0x3C, 0x64, 0x60, 0x80, 0x3C, 0x40]

    @Test("a missing end-of-track is added at the last event's tick")
    func missingEndOfTrack() throws {
        let (file, warnings) = try Fixture.read(Fixture.file(Self.noteOnOff))
        #expect(file.tracks[0].events.last == Fixture.eot(96))
        #expect(file.tracks[0].events.count == 3)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("no end-of-track"))
        #expect(warnings[0].track == 0)
    }

    @Test("a track length past EOF is clamped to the input")
    func trackLengthPastEOF() throws {
        var bytes = Fixture.header() + Array("MTrk".utf8) + Fixture.u32(0x0100_003B)
        bytes += Self.noteOnOff + Fixture.endOfTrack
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events.count == 3)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("past the end of the input"))
        #expect(warnings[0].offset == 18)
    }

    @Test("a track cut inside an event keeps what came before")
    func truncatedInsideEvent() throws {
        let bytes = Fixture.header() + Array("MTrk".utf8) + Fixture.u32(100) + Self.noteOnOff + [0x00, 0x90, 0x3C]
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events == [
            Fixture.channel(0, 0x90, 0x3C, 0x64), Fixture.channel(96, 0x80, 0x3C, 0x40), Fixture.eot(96),
        ])
        #expect(warnings.mentions("inside a channel message"))
        #expect(warnings.mentions("no end-of-track"))
    }

    @Test("trailing garbage after the last track is ignored")
    func trailingGarbage() throws {
        let good = Fixture.file(Self.noteOnOff + Fixture.endOfTrack)
        let (short, w1) = try Fixture.read(good + [0x00])                                   // 1 extra byte
        let (long, w2) = try Fixture.read(good + [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08])
        let (clean, w0) = try Fixture.read(good)
        #expect(w0.isEmpty)
        #expect(short == clean)
        #expect(long == clean)
        #expect(w1.count == 1 && w1.mentions("trailing"))
        #expect(w2.count == 1 && w2.mentions("trailing"))
        #expect(w1[0].offset == good.count)
    }

    @Test("unknown chunks between tracks are skipped and not counted")
    func unknownChunk() throws {
        let bytes = Fixture.header(format: 1, tracks: 2)
            + Fixture.track(Fixture.endOfTrack)
            + Array("XFIH".utf8) + Fixture.u32(5) + [1, 2, 3, 4, 5]
            + Fixture.track(Self.noteOnOff + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks.count == 2)
        #expect(file.tracks[1].events.count == 3)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("unknown chunk \"XFIH\""))
    }

    @Test("binary junk between chunks: resynchronised at the next MTrk")
    func junkBetweenTracks() throws {
        let bytes = Fixture.header(format: 1, tracks: 2)
            + Fixture.track(Fixture.endOfTrack)
            + [0x00, 0x00, 0x91, 0xFF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05]
            + Fixture.track(Self.noteOnOff + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks.count == 2)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("10 bytes of junk"))
    }

    @Test("ntrks different from the MTrk count: every MTrk is read")
    func trackCountMismatch() throws {
        let (more, w1) = try Fixture.read(Fixture.file(format: 1, declaredTracks: 3, Fixture.endOfTrack, Fixture.endOfTrack))
        #expect(more.tracks.count == 2)
        #expect(w1.mentions("declares 3 tracks, found 2"))
        let (fewer, w2) = try Fixture.read(Fixture.file(format: 1, declaredTracks: 1, Fixture.endOfTrack, Fixture.endOfTrack))
        #expect(fewer.tracks.count == 2)
        #expect(w2.mentions("declares 1 tracks, found 2"))
    }

    @Test("bytes after end-of-track inside the chunk are ignored")
    func bytesAfterEndOfTrack() throws {
        let (file, warnings) = try Fixture.read(Fixture.file(Self.noteOnOff + Fixture.endOfTrack + [0x00, 0x90, 0x40, 0x40]))
        #expect(file.tracks[0].events.count == 3)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("4 bytes after end-of-track"))
    }

    @Test("a track length that covers the next MTrk: the next track is still read")
    func trackLengthTooLong() throws {
        let track2 = Fixture.track(Self.noteOnOff + Fixture.endOfTrack)
        let bytes = Fixture.header(format: 1, tracks: 2)
            + Array("MTrk".utf8) + Fixture.u32(4 + track2.count) + Fixture.endOfTrack
            + track2
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks.count == 2)
        #expect(file.tracks[1].events.count == 3)
        #expect(warnings.count == 1)
        #expect(warnings.mentions("too long"))
    }

    @Test("a track length that is too short: end-of-track added, next MTrk found")
    func trackLengthTooShort() throws {
        let body = Self.noteOnOff + Fixture.endOfTrack
        let bytes = Fixture.header(format: 1, tracks: 2)
            + Array("MTrk".utf8) + Fixture.u32(4) + body
            + Fixture.track(body)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks.count == 2)
        #expect(file.tracks[0].events == [Fixture.channel(0, 0x90, 0x3C, 0x64), Fixture.eot(0)])
        #expect(file.tracks[1].events.count == 3)
        #expect(warnings.mentions("no end-of-track"))
        #expect(warnings.mentions("junk"))
    }

    @Test("a data byte where a status is expected, with no running status, is skipped")
    func dataByteWithoutRunningStatus() throws {
        let (file, warnings) = try Fixture.read(Fixture.file([0x00, 0x3C] + Self.noteOnOff + Fixture.endOfTrack))
        #expect(file.tracks[0].events.count == 3)
        #expect(file.tracks[0].events[0] == Fixture.channel(0, 0x90, 0x3C, 0x64))
        #expect(warnings.count == 1)
        #expect(warnings.mentions("no running status"))
    }

    @Test("a data byte above 0x7F in a channel message is clamped to 0x7F")
    func clampedDataByte() throws {
        let (file, warnings) = try Fixture.read(Fixture.file([0x00, 0xB0, 0x07, 0xFF] + Self.noteOnOff + Fixture.endOfTrack))
        #expect(file.tracks[0].events[0] == Fixture.channel(0, 0xB0, 0x07, 0x7F))
        #expect(file.tracks[0].events.count == 4)
        #expect(warnings.count == 1 && warnings.mentions("clamped to 0x7F"))
    }

    @Test("system common and real-time bytes are skipped with their data")
    func systemMessagesSkipped() throws {
        let bytes = Fixture.file(
            [0x00, 0xF1, 0x7F, 0x00, 0xF2, 0x7F, 0x7F, 0x00, 0xF3, 0x7F, 0x00, 0xF4, 0x00, 0xF5,
             0x00, 0xF6, 0x00, 0xF8, 0x00, 0xF9, 0x00, 0xFA, 0x00, 0xFB, 0x00, 0xFC, 0x00, 0xFD, 0x00, 0xFE]
                + Self.noteOnOff + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events == [
            Fixture.channel(0, 0x90, 0x3C, 0x64), Fixture.channel(96, 0x80, 0x3C, 0x40), Fixture.eot(96),
        ])
        #expect(warnings.count == 13)
    }

    @Test("a delta time longer than 4 bytes stops the track with a warning")
    func overlongQuantity() throws {
        let (file, warnings) = try Fixture.read(Fixture.file(Self.noteOnOff + [0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 0x3C, 0x64] + Fixture.endOfTrack))
        #expect(file.tracks[0].events.count == 3)
        #expect(file.tracks[0].events.last == Fixture.eot(96))
        #expect(warnings.mentions("longer than 4 bytes"))
    }

    @Test("a meta or SysEx length past the track end is clamped")
    func payloadPastTrackEnd() throws {
        let (file, warnings) = try Fixture.read(Fixture.file([0x00, 0xFF, 0x01, 0x7F, 0x41, 0x42]))
        #expect(file.tracks[0].events == [Fixture.meta(0, 0x01, [0x41, 0x42]), Fixture.eot(0)])
        #expect(warnings.mentions("clamped to 2 bytes"))
        let (sysex, w2) = try Fixture.read(Fixture.file([0x00, 0xF0, 0x83, 0x00, 0x7E]))
        #expect(sysex.tracks[0].events[0].kind == .sysEx([0xF0, 0x7E]))
        #expect(w2.mentions("SysEx length 384"))
    }

    @Test("MThd length 22 with the track right after 6 bytes (nfroidure MIDIBadHeaderLength)")
    func wrongHeaderLength() throws {
        var bytes = Fixture.file(Self.noteOnOff + Fixture.endOfTrack)
        bytes[7] = 22
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks.count == 1 && file.tracks[0].events.count == 3)
        #expect(warnings.mentions("MThd length 22"))
    }

    @Test("a longer MThd with real extra bytes: they are skipped")
    func longerHeader() throws {
        let bytes = Array("MThd".utf8) + Fixture.u32(8) + [0, 0, 0, 1, 0, 96, 0xAA, 0xBB]
            + Fixture.track(Self.noteOnOff + Fixture.endOfTrack)
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events.count == 3)
        #expect(warnings.count == 1 && warnings.mentions("2 extra header bytes"))
    }

    @Test("junk before MThd (a MacBinary-style prefix) is skipped")
    func leadingJunk() throws {
        let (file, warnings) = try Fixture.read([UInt8](repeating: 0, count: 128) + Fixture.file(Fixture.endOfTrack))
        #expect(file.tracks.count == 1)
        #expect(warnings.mentions("128 bytes before MThd"))
    }

    @Test("a lower-case 'mTrk' tag is read as a track")
    func lowerCaseTrackTag() throws {
        var bytes = Fixture.file(Self.noteOnOff + Fixture.endOfTrack)
        bytes[14] = UInt8(ascii: "m")
        let (file, warnings) = try Fixture.read(bytes)
        #expect(file.tracks[0].events.count == 3)
        #expect(warnings.mentions("read as \"MTrk\""))
    }

    @Test("format 3, format 0 with two tracks, and an odd SMPTE rate are kept with warnings")
    func oddHeaders() throws {
        let (f3, w3) = try Fixture.read(Fixture.file(format: 3, Fixture.endOfTrack))
        #expect(f3.format == 3)
        #expect(w3.mentions("format 3"))
        let (f0, w0) = try Fixture.read(Fixture.file(format: 0, Fixture.endOfTrack, Fixture.endOfTrack))
        #expect(f0.tracks.count == 2)
        #expect(w0.mentions("format 0 file with 2 tracks"))
        let (s, ws) = try Fixture.read(Fixture.file(division: 0xF060, Fixture.endOfTrack))
        #expect(s.division == .smpte(framesPerSecond: 16, ticksPerFrame: 96))
        #expect(ws.mentions("16 frames per second"))
    }

    @Test("warnings are capped; the rest are counted in a final warning")
    func warningCap() throws {
        let junk = [UInt8](repeating: 0x00, count: 4000)   // 2000 × (delta 0, data byte 0)
        let (file, warnings) = try Fixture.read(Fixture.file(junk + Fixture.endOfTrack))
        #expect(file.tracks[0].events == [Fixture.eot(0)])
        #expect(warnings.count == 1001)
        #expect(warnings.last?.message == "1000 further warnings suppressed")
    }
}

@Suite("Reader: errors")
struct ReaderErrorTests {
    func error(_ bytes: [UInt8], limits: MIDIFileReader.Limits = .default) -> SMFError? {
        do {
            _ = try MIDIFileReader.read(bytes, name: "bad.mid", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("empty input")
    func empty() throws {
        let e = try #require(error([]))
        #expect(e.name == "bad.mid" && e.offset == 0 && e.track == nil)
        #expect(e.message.contains("empty"))
        #expect(e.description == "bad.mid: offset 0: empty input (0 bytes)")
    }

    @Test("not a MIDI file, and a RIFF container")
    func notMIDI() throws {
        let e = try #require(error(Array("not a midi file".utf8)))
        #expect(e.message.contains("no MThd"))
        let r = try #require(error(Array("RIFF".utf8) + Fixture.u32(20) + Array("RMIDdata".utf8)))
        #expect(r.message.contains("RIFF"))
    }

    @Test("truncated and too short headers")
    func badHeaders() throws {
        let t = try #require(error(Array(Fixture.header().prefix(11))))
        #expect(t.message.contains("MThd truncated"))
        let short = Array("MThd".utf8) + Fixture.u32(4) + [0, 0, 0, 1, 0, 96] + Fixture.track(Fixture.endOfTrack)
        let s = try #require(error(short))
        #expect(s.offset == 4)
        #expect(s.message.contains("less than 6"))
    }

    @Test("division 0 and SMPTE with 0 ticks per frame")
    func badDivision() throws {
        let z = try #require(error(Fixture.file(division: 0, Fixture.endOfTrack)))
        #expect(z.offset == 12 && z.message.contains("0 ticks per quarter"))
        let s = try #require(error(Fixture.file(division: 0xE700, Fixture.endOfTrack)))
        #expect(s.message.contains("0 ticks per frame"))
    }

    @Test("a header without any MTrk")
    func noTracks() throws {
        let e = try #require(error(Fixture.header()))
        #expect(e.message.contains("no MTrk"))
        let j = try #require(error(Fixture.header() + Array("JUNK".utf8) + Fixture.u32(2) + [1, 2]))
        #expect(j.message.contains("no MTrk"))
    }

    @Test("limits: events per track and tracks")
    func limits() throws {
        let e = try #require(error(Fixture.file(ReaderMalformationTests.noteOnOff + Fixture.endOfTrack),
                                   limits: .init(maxEventsPerTrack: 2)))
        #expect(e.track == 0)
        #expect(e.message.contains("more than 2 events"))
        #expect(e.description.hasPrefix("bad.mid: offset "))
        #expect(e.description.contains(", track 0: "))
        let t = try #require(error(Fixture.file(format: 1, Fixture.endOfTrack, Fixture.endOfTrack, Fixture.endOfTrack),
                                   limits: .init(maxTracks: 2)))
        #expect(t.track == 2 && t.message.contains("more than 2 tracks"))
    }
}
