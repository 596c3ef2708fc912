import Testing
import SMF

@Suite("Merged timeline")
struct TimelineTests {
    @Test("events of all tracks sorted by tick; ties keep (track, event order)")
    func mergeOrder() {
        let t0 = [Fixture.meta(0, 0x51, [0x07, 0xA1, 0x20]), Fixture.meta(96, 0x01, [0x41]), Fixture.eot(96)]
        let t1 = [Fixture.channel(0, 0x90, 60, 100), Fixture.channel(48, 0x80, 60, 0),
                  Fixture.channel(96, 0x90, 62, 100), Fixture.channel(96, 0x80, 62, 0), Fixture.eot(192)]
        let t2 = [Fixture.channel(0, 0x99, 36, 100), Fixture.channel(96, 0x89, 36, 0), Fixture.eot(96)]
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(96),
                            tracks: [MIDITrack(events: t0), MIDITrack(events: t1), MIDITrack(events: t2)])
        let timeline = MIDITimeline(file: file)
        #expect(timeline.events.map(\.track) == [0, 1, 2, 1, 0, 0, 1, 1, 2, 2, 1])
        #expect(timeline.events.map(\.tick) == [0, 0, 0, 48, 96, 96, 96, 96, 96, 96, 192])
        #expect(timeline.events[6].event == t1[2])
        #expect(timeline.events[7].event == t1[3])
        #expect(timeline.events.allSatisfy { $0.tick == $0.event.tick })
        #expect(timeline.lengthTicks == 192)
        #expect(timeline.events.count == 11)
    }

    @Test("a single track's timeline, and an empty file")
    func singleTrack() {
        let file = MIDIFile(format: 2, division: .ticksPerQuarter(96),
                            tracks: [MIDITrack(events: [Fixture.eot(10)]), MIDITrack(events: [Fixture.channel(5, 0x90, 1, 1), Fixture.eot(20)])])
        let one = MIDITimeline(file: file, track: 1)
        #expect(one.events.map(\.track) == [1, 1])
        #expect(one.lengthTicks == 20)
        #expect(MIDITimeline(file: file, track: 9).events.isEmpty)
        let empty = MIDITimeline(file: MIDIFile(format: 1, division: .ticksPerQuarter(96), tracks: []))
        #expect(empty.events.isEmpty && empty.lengthTicks == 0)
    }

    @Test("a track built out of order is sorted stably by tick")
    func unsortedTrack() {
        let events = [Fixture.channel(50, 0x90, 1, 1), Fixture.channel(10, 0x90, 2, 1),
                      Fixture.channel(50, 0x90, 3, 1), Fixture.channel(10, 0x90, 4, 1)]
        let timeline = MIDITimeline(file: MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [MIDITrack(events: events)]))
        #expect(timeline.events.map(\.event) == [events[1], events[3], events[0], events[2]])
    }
}
