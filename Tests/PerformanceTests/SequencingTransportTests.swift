import DLS
import DMusPort
import DMusSynth
import DMusTestSupport
import Foundation
import Performance
import SMF
import Testing

@Suite struct SequencingTransportTests {
    static func m(_ t: Int64, _ bytes: [UInt8], group: UInt16 = 1) -> ScheduledMessage {
        ScheduledMessage(time100ns: t, group: group, bytes: bytes)
    }

    @Test func chasingReplaysTheStateWithoutNotes() {
        let gmOn: [UInt8] = [0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]
        let masterVolume: [UInt8] = [0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x60, 0xF7]
        let song = SongEvents(messages: [
            Self.m(0, [0xB0, 7, 10]),                     // before the reset: forgotten
            Self.m(0, gmOn),
            Self.m(0, masterVolume),
            Self.m(1, [0xB0, 0, 121]), Self.m(1, [0xB0, 32, 1]), Self.m(1, [0xC0, 40]),
            Self.m(2, [0xB0, 0, 0]),                      // bank changed after the program
            Self.m(3, [0xB0, 7, 90]), Self.m(3, [0xB0, 10, 30]), Self.m(3, [0xB0, 1, 50]), Self.m(3, [0xB0, 64, 127]),
            Self.m(4, [0xB0, 101, 0]), Self.m(4, [0xB0, 100, 0]), Self.m(4, [0xB0, 6, 12]), Self.m(4, [0xB0, 38, 0]),
            Self.m(5, [0xB0, 99, 1]), Self.m(5, [0xB0, 98, 8]), Self.m(5, [0xB0, 6, 70]),
            Self.m(6, [0xE0, 0, 0x50]), Self.m(6, [0xD0, 33]),
            Self.m(7, [0x90, 60, 100]),                   // a note: not replayed
            Self.m(8, [0xC1, 5], group: 2), Self.m(8, [0xB1, 121, 0], group: 2), Self.m(8, [0xB1, 91, 20], group: 2),
            Self.m(9, [0xB1, 1, 9], group: 2), Self.m(9, [0xB1, 121, 0], group: 2),   // reset: modulation forgotten
            Self.m(10, [0x80, 60, 0]), Self.m(10, [0xB0, 7, 91]), Self.m(12, [0x90, 62, 90]),
        ], length100ns: 20)
        let chased = song.chased(from: 10)
        #expect(chased.length100ns == 10)
        let replay = chased.messages.filter { $0.time100ns == 0 }
        #expect(replay.map(\.bytes) == [
            gmOn, masterVolume,
            [0xB0, 0, 121], [0xB0, 32, 1], [0xC0, 40], [0xB0, 0, 0],
            [0xB0, 1, 50], [0xB0, 7, 90], [0xB0, 10, 30], [0xB0, 64, 127],
            [0xB0, 101, 0], [0xB0, 100, 0], [0xB0, 6, 12], [0xB0, 38, 0],
            [0xB0, 99, 1], [0xB0, 98, 8], [0xB0, 6, 70],
            [0xB0, 101, 0], [0xB0, 100, 0], [0xB0, 99, 1], [0xB0, 98, 8],
            [0xE0, 0, 0x50], [0xD0, 33],
            [0xC1, 5], [0xB1, 91, 20],
            // then the song's own messages at 10
            [0x80, 60, 0], [0xB0, 7, 91],
        ])
        #expect(replay.filter { $0.bytes[0] & 0x0F == 1 }.allSatisfy { $0.group == 2 })
        #expect(chased.messages.last == Self.m(2, [0x90, 62, 90]))
        #expect(!replay.contains { $0.bytes[0] & 0xF0 == 0x90 })
        // Chasing from 0 changes nothing.
        #expect(song.chased(from: 0).messages == song.messages)
    }

    @Test func loopingAddsResetsAtEachLoopPoint() {
        let song = SongEvents(messages: [Self.m(0, [0x90, 60, 100]), Self.m(5, [0x80, 60, 0]), Self.m(6, [0x91, 1, 1], group: 2)], length100ns: 10)
        let looped = song.looped(count: 3)
        #expect(looped.length100ns == 30)
        #expect(looped.messages.filter { $0.bytes[0] & 0xF0 != 0xB0 }.map(\.time100ns) == [0, 5, 6, 10, 15, 16, 20, 25, 26])
        let resets = looped.messages.filter { $0.bytes[0] & 0xF0 == 0xB0 }
        #expect(resets.count == 2 * 2 * 16 * 2)           // 2 loop points × 2 groups × 16 channels × 2
        #expect(Set(resets.map(\.time100ns)) == [10, 20])
        // At a loop point the resets come before the song's first messages.
        let at10 = looped.messages.filter { $0.time100ns == 10 }
        #expect(at10.last?.bytes == [0x90, 60, 100])
        #expect(song.looped(count: 1).messages == song.messages)
        let cut = song.truncated(at: 5)
        #expect(cut.messages.map(\.bytes) == [[0x90, 60, 100], [0xB0, 123, 0]])
        #expect(cut.length100ns == 5)
    }

    @Test func longSysExIsSplitIntoIncompleteEventsAcrossBuffers() throws {
        let allocator = AllocatorMXF(eventCapacity: 16, bufferCapacity: 4, bufferBytes: 16)
        let sysEx: [UInt8] = [0xF0] + (1...38).map { UInt8($0) } + [0xF7]    // 40 bytes: 16 + 16 + 8
        let (head, count) = try #require(EventFeeder.makeChain(bytes: sysEx, group: 3, time: 1234, allocator: allocator))
        #expect(count == 3)
        var e = head
        var payload: [UInt8] = []
        var flags: [Bool] = []
        var sizes: [Int] = []
        while !e.isNone {
            let p = allocator.event(e)
            #expect(p.pointee.presentationTime100ns == 1234 && p.pointee.channelGroup == 3)
            flags.append(p.pointee.isIncomplete)
            sizes.append(Int(p.pointee.eventBytes))
            payload += allocator.withPayload(of: e) { [UInt8]($0) }
            e = p.pointee.next
        }
        #expect(sizes == [16, 16, 8])
        #expect(flags == [true, true, false])
        #expect(payload == sysEx)
        #expect(allocator.freeBufferCount == 2)            // the last 8 bytes travel inline
        allocator.putMessage(head)
        #expect(allocator.freeBufferCount == 4 && allocator.freeEventCount == 16)
        // Short messages: one inline event.
        let (short, n) = try #require(EventFeeder.makeChain(bytes: [0x90, 60, 100], group: 1, time: 0, allocator: allocator))
        #expect(n == 1 && !allocator.event(short).pointee.isIncomplete && allocator.event(short).pointee.eventBytes == 3)
        allocator.putMessage(short)
        // Not enough buffers now: nothing is taken.
        let small = AllocatorMXF(eventCapacity: 16, bufferCapacity: 1, bufferBytes: 16)
        #expect(EventFeeder.makeChain(bytes: sysEx, group: 1, time: 0, allocator: small) == nil)
        #expect(small.freeBufferCount == 1 && small.freeEventCount == 16)
    }

    @Test func theFeederStaysWithinItsWindowAndCountsWhatItQueues() {
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 0),
                            allocator: AllocatorMXF(eventCapacity: 64, bufferCapacity: 2, bufferBytes: 16))
        var messages = (0..<100).map { Self.m(Int64($0) * 100_000, [0x90, 60, 100]) }   // every 10 ms
        messages.insert(Self.m(50_000, [0xF0] + [UInt8](repeating: 1, count: 60) + [0xF7]), at: 1)  // needs 3 buffers: never fits
        messages.insert(Self.m(150_000, [0xF0] + [UInt8](repeating: 2, count: 20) + [0xF7]), at: 3) // 2 events, 1 buffer
        let feeder = EventFeeder(port: port, song: SongEvents(messages: messages), songStart100ns: 1_000_000, window100ns: 500_000)
        #expect(feeder.feed(now: 1_000_000))
        // Presentation times 1.000 s … 1.049 s: notes at 0, 10, 20, 30, 40 ms and the short SysEx.
        #expect(feeder.statistics.messagesQueued == 6)
        #expect(feeder.statistics.eventsQueued == 7)
        #expect(feeder.statistics.messagesDropped == 1)
        #expect(feeder.statistics.maxLead100ns < 500_000)
        #expect(feeder.nextTime100ns == 1_500_000)
        #expect(port.pendingEventCount == 6)           // chains waiting in the port
        #expect(feeder.statistics.maxQueueDepth == 6)
        // The pool (64 events) runs out before the horizon: the feed stops and says so.
        #expect(!feeder.feed(until: 100_000_000))
        #expect(feeder.statistics.stalls == 1)
        #expect(feeder.statistics.eventsQueued == 64)
        #expect(port.allocator.freeEventCount == 0)
        #expect(port.pendingEventCount == 63)
        #expect(!feeder.isFinished)
    }

    /// A GS reset longer than one allocator buffer reaches the synth whole: it undoes the muting
    /// controllers sent before it, so the note after it sounds.
    @Test func splitSysExIsReassembledBySynth() throws {
        let rate = 48_000
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000),
                            allocator: AllocatorMXF(eventCapacity: 1024, bufferCapacity: 256, bufferBytes: 4096))
        try port.newStream(parameters: PortParameters(sampleRate: rate, channelGroups: 1))
        try CollectionDownloader(port: port).download(ClickBank.collection(rate: rate))
        // GS reset, padded to 5000 bytes: two events of 4096 and 904 bytes, the first INCOMPLETE.
        let gsReset: [UInt8] = [0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41] + [UInt8](repeating: 0, count: 4989) + [0xF7]
        let song = SongEvents(messages: [
            Self.m(0, [0xB0, 7, 0]), Self.m(0, [0xB0, 11, 0]),
            Self.m(1_000_000, [0x90, 60, 100]),                 // muted: silent
            Self.m(2_000_000, gsReset),
            Self.m(3_000_000, [0x90, 62, 100]),                 // after the reset: sounds
        ], length100ns: 4_000_000)
        let out = OnsetOutput(sampleRate: rate)
        _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 480, tailLimitSeconds: 0)
        #expect(out.nonzeroFrames == [14_400])
    }
}

/// Seek with chasing: rendering a song from second 30 equals the full render from there on,
/// once the notes sounding at second 30 have ended.
@Suite struct SequencingSeekRenderTests {
    final class Collect: WaveOutput {
        let sampleRate = 48_000, channels = 2, maxFramesPerWrite = 8192
        var left: [Float] = []
        var right: [Float] = []
        func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
            for i in 0..<frameCount { left.append(s[2 * i]); right.append(s[2 * i + 1]) }
            return frameCount
        }
        func delayFrames() -> Int { 0 }
        func close() throws {}
    }

    static func render(_ song: SongEvents, bank: DLSCollection) throws -> Collect {
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 16))
        try CollectionDownloader(port: port).download(bank)
        let out = Collect()
        _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 480, tailLimitSeconds: 0)
        return out
    }

    /// The time after `t` by which every note sounding at `t` (keyed down before `t`, still
    /// down at `t`, or held by the sustain pedal) has been released.
    static func noteBoundary(_ song: SongEvents, at t: Int64) -> Int64 {
        var down: [Int: Int] = [:]      // key → count
        var pedal = Set<Int>()
        var held = Set<Int>()           // channels with pedal-held notes
        var boundary = t
        for m in song.messages {
            guard m.bytes.count >= 2, m.bytes[0] < 0xF0 else { continue }
            let chan = Int(m.group) << 4 | Int(m.bytes[0] & 0x0F)
            let key = chan << 7 | Int(m.bytes[1])
            let status = m.bytes[0] & 0xF0, v = m.bytes.count > 2 ? m.bytes[2] : 0
            if m.time100ns >= t && down.isEmpty && held.isEmpty { break }
            switch status {
            case 0x90 where v > 0:
                if m.time100ns < t { down[key, default: 0] += 1 }
            case 0x80, 0x90:
                if let n = down[key] {
                    down[key] = n > 1 ? n - 1 : nil
                    if pedal.contains(chan) { held.insert(chan) }
                    if m.time100ns >= t { boundary = max(boundary, m.time100ns) }
                }
            case 0xB0 where m.bytes[1] == 64:
                if v >= 64 { pedal.insert(chan) } else {
                    pedal.remove(chan)
                    if held.remove(chan) != nil && m.time100ns >= t { boundary = max(boundary, m.time100ns) }
                }
            case 0xB0 where m.bytes[1] == 123 || m.bytes[1] == 120:
                down = down.filter { $0.key >> 7 != chan }
                if m.time100ns >= t { boundary = max(boundary, m.time100ns) }
            default: break
            }
        }
        return boundary
    }

    /// Worst level difference (dB) over 50-ms windows of `b` against `a` from frame
    /// `offset + from` of `a` (frame `from` of `b`) to `to`, skipping windows below −60 dBFS.
    static func worstLevelDifference(_ a: Collect, _ b: Collect, offset: Int, from: Int, to: Int) -> (worst: Double, compared: Int) {
        let window = 2400
        var compared = 0, worst = 0.0
        var start = from
        while start + window <= to {
            func rms(_ x: [Float], _ o: Int) -> Double {
                var s = 0.0
                for i in o..<min(o + window, x.count) { s += Double(x[i]) * Double(x[i]) }
                return (s / Double(window)).squareRoot()
            }
            for (x, y) in [(a.left, b.left), (a.right, b.right)] {
                let ra = rms(x, offset + start), rb = rms(y, start)
                guard ra > 1e-3 else { continue }
                worst = max(worst, abs(20 * log10(max(rb, 1e-9) / ra)))
                compared += 1
            }
            start += window
        }
        return (worst, compared)
    }

    /// Seconds 30 (a rest follows) and 40 (notes held across the seek point, a dense passage
    /// after) of the Bartók concerto, 15 s each, with TimGM6mb.
    @Test(arguments: [30, 40])
    func seekingWithChasingMatchesTheFullRender(seconds: Int) throws {
        guard let bankBytes = try TestData.bytes("dls/TimGM6mb.dls"),
              let songBytes = try TestData.bytes("midi/bartok/concerto_for_orchestra_1.mid") else { return }
        let bank = try DLSReader.read(bankBytes, name: "TimGM6mb").collection
        let full = SongEvents(file: try MIDIFileReader.read(songBytes, name: "bartok").file)
        let seek = Int64(seconds) * 10_000_000
        let end = seek + 150_000_000
        let whole = full.truncated(at: end)
        let chased = whole.chased(from: seek)

        // Same programs: the program in force on every channel at the seek point is replayed.
        var programs: [Int: UInt8] = [:]
        for m in full.messages where m.time100ns < seek && m.bytes[0] & 0xF0 == 0xC0 { programs[Int(m.group) << 4 | Int(m.bytes[0] & 0x0F)] = m.bytes[1] }
        var replayed: [Int: UInt8] = [:]
        for m in chased.messages where m.time100ns == 0 && m.bytes[0] & 0xF0 == 0xC0 { replayed[Int(m.group) << 4 | Int(m.bytes[0] & 0x0F)] = m.bytes[1] }
        #expect(!programs.isEmpty && replayed == programs)

        let a = try Self.render(whole, bank: bank)
        let b = try Self.render(chased, bank: bank)
        let boundary = Self.noteBoundary(full, at: seek)
        #expect(boundary < end - 60_000_000, "the notes sounding at the seek point last until \(boundary)")
        // From one second after the boundary (release tails) to the end.
        let offset = Int(seek * 48_000 / 10_000_000)
        let from = Int((boundary - seek + 10_000_000) * 48_000 / 10_000_000)
        let to = Int((end - seek) * 48_000 / 10_000_000)
        let (worst, compared) = Self.worstLevelDifference(a, b, offset: offset, from: from, to: to)
        #expect(compared > 100)
        #expect(worst <= 0.5, "worst window differs by \(worst) dB over \(compared) windows")

        // Without chasing the same passage sounds different (the test can see a wrong state).
        let c = try Self.render(SongEvents(messages: whole.messages.filter { $0.time100ns >= seek }.map {
            ScheduledMessage(time100ns: $0.time100ns - seek, group: $0.group, bytes: $0.bytes)
        }, length100ns: end - seek), bank: bank)
        #expect(Self.worstLevelDifference(a, c, offset: offset, from: from, to: to).worst > 1)
    }
}
