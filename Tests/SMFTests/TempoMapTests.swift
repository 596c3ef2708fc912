import Testing
import SMF

@Suite("Tempo map: tick → 100-ns reference time")
struct TempoMapTests {
    static func file(ppq: UInt16 = 480, format: UInt16 = 0, _ tracks: [MIDIEvent]...) -> MIDIFile {
        MIDIFile(format: format, division: .ticksPerQuarter(ppq), tracks: tracks.map { MIDITrack(events: $0) })
    }

    static func tempo(_ tick: UInt64, _ usPerQuarter: UInt32) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .meta(type: 0x51, data: [UInt8(usPerQuarter >> 16 & 0xFF),
                                                              UInt8(usPerQuarter >> 8 & 0xFF),
                                                              UInt8(usPerQuarter & 0xFF)]))
    }

    @Test("PPQ 480 at 500000 µs/quarter: tick 480 is 5,000,000 × 100 ns (default and explicit tempo)")
    func oneQuarter() {
        let implicit = TempoMap(file: Self.file([Fixture.eot(960)]))
        #expect(implicit.refTime100ns(atTick: 0) == 0)
        #expect(implicit.refTime100ns(atTick: 480) == 5_000_000)
        #expect(implicit.refTime100ns(atTick: 960) == 10_000_000)
        #expect(implicit.tempoChanges.isEmpty)
        #expect(implicit.microsecondsPerQuarter(atTick: 0) == 500_000)
        let explicit = TempoMap(file: Self.file([Self.tempo(0, 500_000), Fixture.eot(960)]))
        #expect(explicit.refTime100ns(atTick: 480) == 5_000_000)
        #expect(explicit.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 500_000)])
    }

    @Test("a tempo change mid-way applies from its tick on")
    func changeMidway() {
        let map = TempoMap(file: Self.file([Self.tempo(0, 500_000), Self.tempo(960, 250_000), Fixture.eot(1920)]))
        #expect(map.refTime100ns(atTick: 480) == 5_000_000)
        #expect(map.refTime100ns(atTick: 960) == 10_000_000)
        #expect(map.refTime100ns(atTick: 1440) == 12_500_000)
        #expect(map.refTime100ns(atTick: 1920) == 15_000_000)
        #expect(map.microsecondsPerQuarter(atTick: 959) == 500_000)
        #expect(map.microsecondsPerQuarter(atTick: 960) == 250_000)
    }

    @Test("the default tempo holds until the first change")
    func defaultBeforeFirstChange() {
        let map = TempoMap(file: Self.file(ppq: 96, [Self.tempo(192, 1_000_000), Fixture.eot(288)]))
        #expect(map.refTime100ns(atTick: 192) == 10_000_000)      // 2 quarters at 0.5 s
        #expect(map.refTime100ns(atTick: 288) == 20_000_000)      // + 1 quarter at 1 s
    }

    @Test("format 1: tempo changes in any track apply to all; the last at one tick wins")
    func mergedTracks() {
        let f = Self.file(format: 1,
                          [Self.tempo(0, 400_000), Self.tempo(480, 800_000), Fixture.eot(480)],
                          [Fixture.channel(0, 0x90, 60, 100), Self.tempo(480, 1_000_000), Fixture.eot(960)])
        let map = TempoMap(file: f)
        #expect(map.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 400_000),
                                     TempoChange(tick: 480, microsecondsPerQuarter: 1_000_000)])
        #expect(map.refTime100ns(atTick: 480) == 4_000_000)
        #expect(map.refTime100ns(atTick: 960) == 14_000_000)
    }

    @Test("format 2: each track has its own map; init(file:) uses track 0")
    func format2() {
        let f = Self.file(format: 2, [Self.tempo(0, 250_000), Fixture.eot(480)], [Self.tempo(0, 1_000_000), Fixture.eot(480)])
        #expect(TempoMap(file: f).refTime100ns(atTick: 480) == 2_500_000)
        #expect(TempoMap(file: f, track: 0).refTime100ns(atTick: 480) == 2_500_000)
        #expect(TempoMap(file: f, track: 1).refTime100ns(atTick: 480) == 10_000_000)
        #expect(TempoMap(file: f, track: 7).refTime100ns(atTick: 480) == 5_000_000)
    }

    @Test("SMPTE 25 fps × 40 ticks: 1 ms per tick, tempo events ignored")
    func smpte25() {
        let f = MIDIFile(format: 0, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40),
                         tracks: [MIDITrack(events: [Self.tempo(0, 1_000_000), Self.tempo(10, 250_000), Fixture.eot(1000)])])
        let map = TempoMap(file: f)
        #expect(map.refTime100ns(atTick: 1) == 10_000)
        #expect(map.refTime100ns(atTick: 10) == 100_000)
        #expect(map.refTime100ns(atTick: 1000) == 10_000_000)
        #expect(map.tick(atRefTime100ns: 10_000_000) == 1000)
        #expect(map.tick(atRefTime100ns: 9_999) == 0)
    }

    @Test("SMPTE 24 and 30 fps")
    func smpteOtherRates() {
        let m24 = TempoMap(division: .smpte(framesPerSecond: 24, ticksPerFrame: 4), tempoChanges: [])
        #expect(m24.refTime100ns(atTick: 96) == 10_000_000)
        #expect(m24.refTime100ns(atTick: 1) == 104_167)         // 1/96 s = 104166.67
        let m30 = TempoMap(division: .smpte(framesPerSecond: 30, ticksPerFrame: 120), tempoChanges: [])
        #expect(m30.refTime100ns(atTick: 3600) == 10_000_000)
    }

    /// Choice written down: rate code −29 ("30 drop-frame") runs at 30000/1001 frames per
    /// second exactly (the NTSC rate), not at 29.97 (which tools/midi_events.py uses).
    @Test("SMPTE −29 is 30000/1001 frames per second")
    func smpte2997() {
        let map = TempoMap(division: .smpte(framesPerSecond: 29, ticksPerFrame: 80), tempoChanges: [])
        // 30000 × 80 ticks take 1001 s.
        #expect(map.refTime100ns(atTick: 2_400_000) == 10_010_000_000)
        // One tick: 1e7 × 1001 / 2,400,000 = 4170.83 → 4171.
        #expect(map.refTime100ns(atTick: 1) == 4171)
    }

    @Test("rounds to the nearest 100 ns, halves up")
    func rounding() {
        let thirds = TempoMap(division: .ticksPerQuarter(3), tempoChanges: [])
        #expect(thirds.refTime100ns(atTick: 1) == 1_666_667)     // 1666666.67
        #expect(thirds.refTime100ns(atTick: 2) == 3_333_333)     // 3333333.33
        let halves = TempoMap(division: .ticksPerQuarter(4), tempoChanges: [TempoChange(tick: 0, microsecondsPerQuarter: 1)])
        #expect(halves.refTime100ns(atTick: 1) == 3)             // 2.5 → 3
        #expect(halves.refTime100ns(atTick: 2) == 5)
    }

    @Test("tick(atRefTime100ns:) is the last tick that has started")
    func inverse() {
        let map = TempoMap(file: Self.file(ppq: 7, [Self.tempo(0, 333_333), Self.tempo(50, 1_000_001),
                                                     Self.tempo(51, 17), Self.tempo(90, 2_000_000), Fixture.eot(200)]))
        for tick in UInt64(0)...220 {
            let t = map.refTime100ns(atTick: tick)
            let back = map.tick(atRefTime100ns: t)
            #expect(back >= tick)
            if map.refTime100ns(atTick: tick + 1) > t { #expect(back == tick, "tick \(tick)") }
            // Definition: refTime(back) ≤ t < refTime(back + 1).
            #expect(map.refTime100ns(atTick: back) <= t)
            #expect(map.refTime100ns(atTick: back + 1) > t)
        }
        // Times between ticks fall back to the tick that started before them.
        let t10 = map.refTime100ns(atTick: 10)
        #expect(map.tick(atRefTime100ns: t10 + 1) == 10)
        #expect(map.tick(atRefTime100ns: t10 - 1) == 9)
        #expect(map.tick(atRefTime100ns: -5) == 0)
    }

    @Test("tempo 0 is treated as 1 µs per quarter; huge values clamp instead of trapping")
    func extremes() {
        let zero = TempoMap(division: .ticksPerQuarter(1), tempoChanges: [TempoChange(tick: 0, microsecondsPerQuarter: 0)])
        #expect(zero.refTime100ns(atTick: 3) == 30)
        let slow = TempoMap(division: .ticksPerQuarter(1), tempoChanges: [TempoChange(tick: 0, microsecondsPerQuarter: 0xFF_FFFF)])
        #expect(slow.refTime100ns(atTick: UInt64.max) == Int64.max)
        #expect(slow.tick(atRefTime100ns: Int64.max) == UInt64(Int64.max) / (0xFF_FFFF * 10))
        let fast = TempoMap(division: .ticksPerQuarter(0x7FFF), tempoChanges: [TempoChange(tick: 0, microsecondsPerQuarter: 1)])
        #expect(fast.tick(atRefTime100ns: Int64.max) == UInt64.max)
    }
}
