import SMF
import Testing

@Suite("Tempo scale: exact fractions")
struct TempoScaleTests {
    @Test("decimal and fraction input become exact fractions")
    func fractions() {
        #expect(TempoScale(approximating: 1.5) == TempoScale(numerator: 3, denominator: 2))
        #expect(TempoScale(approximating: 1.1) == TempoScale(numerator: 11, denominator: 10))
        #expect(TempoScale(approximating: 0.75) == TempoScale(numerator: 3, denominator: 4))
        #expect(TempoScale(approximating: 1) == .normal)
        #expect(TempoScale(approximating: 2.0 / 3.0) == TempoScale(numerator: 2, denominator: 3))
        #expect(TempoScale(approximating: 0) == nil)
        #expect(TempoScale(approximating: -1) == nil)
        #expect(TempoScale(approximating: .nan) == nil)
        #expect(TempoScale(parsing: "3/2") == TempoScale(numerator: 3, denominator: 2))
        #expect(TempoScale(parsing: " 150% ") == TempoScale(numerator: 3, denominator: 2))
        #expect(TempoScale(parsing: "0.9") == TempoScale(numerator: 9, denominator: 10))
        #expect(TempoScale(parsing: "x") == nil)
        #expect(TempoScale(parsing: "1/0") == nil)
        #expect(TempoScale(numerator: 6, denominator: 4).description == "3/2")
        #expect(TempoScale(numerator: 0, denominator: 4) == .normal)
        // Within the term limit every approximation is close.
        for v in [0.3333333, 1.2345678, 3.14159265, 0.01, 97.5] {
            let s = TempoScale(approximating: v)!
            #expect(abs(s.value - v) / v < 1e-6, "\(v) → \(s)")
            #expect(s.numerator <= TempoScale.maxTerm && s.denominator <= TempoScale.maxTerm)
        }
    }

    @Test("apply rounds time × denominator / numerator to the nearest unit")
    func apply() {
        let s = TempoScale(numerator: 3, denominator: 2)
        #expect(s.apply(3) == 2)
        #expect(s.apply(1) == 1)      // 0.666… → 1
        #expect(s.apply(4) == 3)      // 2.666… → 3
        #expect(TempoScale.normal.apply(12345) == 12345)
        #expect(TempoScale(numerator: 2, denominator: 1).apply(5) == 3)   // 2.5 rounds up
    }

    @Test("a scaled tempo map equals the exact rational time at every change: no drift")
    func scaledMapIsExact() {
        var changes: [TempoChange] = []
        var tick: UInt64 = 0
        var seed: UInt64 = 7
        for _ in 0..<850 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            tick += 1 + (seed >> 33) % 997
            changes.append(TempoChange(tick: tick, microsecondsPerQuarter: UInt32(200_001 + (seed >> 40) % 1_300_000) | 1))
        }
        let ppq: UInt64 = 384
        let map = TempoMap(division: .ticksPerQuarter(UInt16(ppq)), tempoChanges: changes)
        let scale = TempoScale(numerator: 11, denominator: 10)
        var numerator: UInt64 = 0, previous: UInt64 = 0, tempo: UInt64 = 500_000
        for change in changes {
            numerator += (change.tick - previous) * tempo * 10
            previous = change.tick
            tempo = UInt64(change.microsecondsPerQuarter)
            // round(numerator / ppq × 10 / 11)
            let n = numerator * 10, d = ppq * 11
            #expect(map.refTime100ns(atTick: change.tick, scale: scale) == Int64((2 * n + d) / (2 * d)))
        }
        #expect(map.refTime100ns(atTick: 1000, scale: .normal) == map.refTime100ns(atTick: 1000))
    }

    @Test("SMPTE division scales too")
    func smpteScaled() {
        let map = TempoMap(division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tempoChanges: [])
        // 1000 ticks = 1 s; at 3/2 speed 2/3 s.
        #expect(map.refTime100ns(atTick: 1000, scale: TempoScale(numerator: 3, denominator: 2)) == 6_666_667)
    }
}

@Suite("SMPTE offset meta event")
struct SMPTEOffsetTests {
    @Test("rate bits, fields and real time")
    func decode() throws {
        // music21 files: 0x21 = 25 fps, 1 hour.
        let hour = try #require(SMPTEOffset(data: [0x21, 0, 0, 0, 0]))
        #expect(hour.rate == .fps25 && hour.hours == 1)
        #expect(hour.time100ns == 36_000_000_000)
        // jazz-soft test-smpte-offset.mid: 00:01:00:00 at 24 fps.
        let minute = try #require(SMPTEOffset(data: [0x00, 1, 0, 0, 0]))
        #expect(minute.rate == .fps24 && minute.time100ns == 600_000_000)
        // Frames and hundredths: 30 fps, 15 frames 50/100 = 15.5 / 30 s.
        #expect(SMPTEOffset(data: [0x60, 0, 0, 15, 50])!.time100ns == 5_166_667)
        #expect(SMPTEOffset(data: [0x60, 0, 0, 15, 50])!.rate == .fps30)
        // Drop-frame: 00:10:00;00 is frame 17982, at 30000/1001 fps = 599.9994 s.
        let df = SMPTEOffset(rate: .fps30DropFrame, hours: 0, minutes: 10, seconds: 0, frames: 0)
        #expect(df.time100ns == 5_999_994_000)
        // 00:01:00;02 is the first label of minute 1: frame 1800.
        #expect(SMPTEOffset(rate: .fps30DropFrame, hours: 0, minutes: 1, seconds: 0, frames: 2).time100ns == 600_600_000)
        #expect(SMPTEOffset(data: [0, 0, 0, 0]) == nil)
        #expect(SMPTEOffset(data: df.data) == df)
        #expect(hour.description == "01:00:00:00.00 @25 fps")
        #expect(MIDIEvent.Kind.meta(type: 0x54, data: [0x21, 0, 0, 0, 0]).smpteOffset == hour)
        #expect(MIDIEvent.Kind.meta(type: 0x51, data: [0x21, 0, 0, 0, 0]).smpteOffset == nil)
    }
}

@Suite("Event descriptions")
struct EventDescriptionTests {
    @Test("summaries of channel, SysEx and meta events")
    func summaries() {
        typealias K = MIDIEvent.Kind
        #expect(K.channel(status: 0x90, data1: 60, data2: 100).summary == "note on 60 vel 100")
        #expect(K.channel(status: 0x93, data1: 60, data2: 0).summary == "note on 60 vel 0 (off)")
        #expect(K.channel(status: 0x80, data1: 60, data2: 64).summary == "note off 60 vel 64")
        #expect(K.channel(status: 0xB0, data1: 7, data2: 100).summary == "control 7 (volume) = 100")
        #expect(K.channel(status: 0xB0, data1: 3, data2: 1).summary == "control 3 = 1")
        #expect(K.channel(status: 0xC5, data1: 19, data2: 0).summary == "program 19")
        #expect(K.channel(status: 0xE0, data1: 0, data2: 0x40).summary == "pitch bend 8192 (+0)")
        #expect(K.channel(status: 0xE0, data1: 0, data2: 0).summary == "pitch bend 0 (-8192)")
        #expect(K.channel(status: 0xD0, data1: 5, data2: 0).summary == "channel pressure 5")
        #expect(K.sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]).summary == "sysex F0 7E 7F 09 01 F7")
        #expect(K.sysEx([0xF0, 0x43]).summary == "sysex (continued) F0 43")
        #expect(K.escape([0x12, 0xF7]).summary == "escape 12 F7")
        #expect(K.meta(type: 0x51, data: [0x07, 0xA1, 0x20]).summary == "tempo 500000 µs/quarter (120 BPM)")
        #expect(K.meta(type: 0x03, data: Array("Piano \"1\"".utf8)).summary == "track name \"Piano \\\"1\\\"\"")
        #expect(K.meta(type: 0x05, data: [0x41, 0xFF]).summary == "lyric \"A\\xFF\"")
        #expect(K.meta(type: 0x58, data: [6, 3, 24, 8]).summary == "time signature 6/8, 24 clocks/click, 8 32nds/quarter")
        #expect(K.meta(type: 0x59, data: [0xFD, 1]).summary == "key signature 3 flats, minor")
        #expect(K.meta(type: 0x21, data: [2]).summary == "MIDI port 2")
        #expect(K.meta(type: 0x2F, data: []).summary == "end of track")
        #expect(K.meta(type: 0x54, data: [0x60, 1, 2, 3, 4]).summary == "SMPTE offset 00:01:02:03.04 @30 fps")
        #expect(K.meta(type: 0x7F, data: [0, 0, 0x41]).summary == "sequencer-specific 00 00 41")
        #expect(K.meta(type: 0x60, data: [1]).summary == "meta 0x60 01")
    }

    @Test("file bytes of each kind")
    func fileBytes() {
        typealias K = MIDIEvent.Kind
        #expect(K.channel(status: 0xC1, data1: 5, data2: 0).fileBytes == [0xC1, 5])
        #expect(K.channel(status: 0x91, data1: 5, data2: 6).fileBytes == [0x91, 5, 6])
        #expect(K.sysEx([0xF0, 1, 2, 0xF7]).fileBytes == [0xF0, 3, 1, 2, 0xF7])
        #expect(K.escape([0xF8]).fileBytes == [0xF7, 1, 0xF8])
        #expect(K.meta(type: 0x51, data: [7, 0xA1, 0x20]).fileBytes == [0xFF, 0x51, 3, 7, 0xA1, 0x20])
    }

    @Test("a timeline of selected tracks")
    func timelineOfTracks() {
        let file = MIDIFile(format: 2, division: .ticksPerQuarter(96), tracks: [
            MIDITrack(events: [Fixture.channel(0, 0x90, 1, 1), Fixture.eot(10)]),
            MIDITrack(events: [Fixture.channel(0, 0x90, 2, 1), Fixture.eot(20)]),
            MIDITrack(events: [Fixture.channel(0, 0x90, 3, 1), Fixture.eot(30)]),
        ])
        let t = MIDITimeline(file: file, tracks: [2, 0, 7])
        #expect(t.events.map(\.track) == [2, 0, 0, 2])
        #expect(t.lengthTicks == 30)
    }
}
