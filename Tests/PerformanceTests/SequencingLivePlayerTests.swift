import AudioOutput
import DMusPort
import DMusSynth
import Foundation
import Performance
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real live play path — `LivePlayer` feeding a port whose wave sink runs on its own
/// thread into an `ALSAOutput` — over a fake ALSA driver that takes FLOAT_LE frames (keeping
/// them) and fails on chosen `snd_pcm_writei` calls. The fake never blocks, so the player paces
/// itself to real time: each test lasts about as long as its song.
///
/// The bank is `ClickBank`: every note is exactly one nonzero frame, its onset, so the
/// captured output says which notes played and on which frame.
@Suite("LivePlayer", .serialized)
struct SequencingLivePlayerTests {
    static let rate = 48_000

    /// Everything the fake device received, and its `writei` faults.
    final class FakeDevice: Sendable {
        struct State {
            var samples: [Float] = []
            var writeCalls = 0
            var faults: [Int: Int32] = [:]
            /// From this call on, every writei fails with this error (a device gone).
            var goneFrom: (call: Int, error: Int32)?
            var recovered: [Int32] = []
        }
        let state: Mutex<State>
        init(faults: [Int: Int32] = [:], goneFrom: (Int, Int32)? = nil) {
            state = Mutex(State(faults: faults, goneFrom: goneFrom))
        }
        var snapshot: State { state.withLock { $0 } }

        var driver: ALSAPCMDriver {
            ALSAPCMDriver(
                open: { _, _ in .success(OpaquePointer(bitPattern: 0x1000)!) },
                openFromConfig: { _, _, _ in .success(OpaquePointer(bitPattern: 0x1000)!) },
                setNonblocking: { _, _ in 0 },
                configure: { _, req in
                    .success(ALSAHardwareGrant(format: req.formats[0], channels: req.channels, sampleRate: req.sampleRate,
                                               periodFrames: req.periodFrames, bufferFrames: req.periodFrames * req.periods))
                },
                writei: { [self] _, data, frames in
                    state.withLock { s -> Int in
                        s.writeCalls += 1
                        if let gone = s.goneFrom, s.writeCalls >= gone.call { return Int(gone.error) }
                        if let f = s.faults[s.writeCalls] { return Int(f) }
                        s.samples += UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: frames * 2)
                        return frames
                    }
                },
                recover: { [self] _, err, _ in
                    state.withLock { $0.recovered.append(err) }
                    return 0
                },
                delay: { _ in (0, 0) },
                drain: { _ in 0 },
                drop: { _ in 0 },
                close: { _ in 0 },
                strerror: { ALSAPCMDriver.system.strerror($0) })
        }

        /// Frames (from the stream's start) holding a nonzero sample.
        var onsets: [Int64] {
            let s = snapshot.samples
            return stride(from: 0, to: s.count, by: 2).compactMap { i in s[i] != 0 || s[i + 1] != 0 ? Int64(i / 2) : nil }
        }
    }

    /// `count` notes (cycling programs and keys on channels 1–3) every `spacing100ns`.
    static func clicks(count: Int, spacing100ns: Int64, start100ns: Int64 = 500_000) -> SongEvents {
        var m: [ScheduledMessage] = []
        for i in 0..<count {
            let t = start100ns + Int64(i) * spacing100ns
            let ch = UInt8(i % 3)
            m.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0x90 | ch, UInt8(48 + i % 24), 100]))
            m.append(ScheduledMessage(time100ns: t + spacing100ns / 2, group: 1, bytes: [0x80 | ch, UInt8(48 + i % 24), 0]))
        }
        return SongEvents(messages: m, length100ns: start100ns + Int64(count) * spacing100ns)
    }

    /// The frame a presentation time (from the stream's start) plays on: the nearest.
    static func frame(_ t: Int64) -> Int64 { (t * Int64(rate) + 5_000_000) / 10_000_000 }

    static func expectedOnsets(_ song: SongEvents) -> [Int64] {
        song.messages.filter { $0.bytes[0] & 0xF0 == 0x90 }.map { frame($0.time100ns) }
    }

    static func player(song: SongEvents, device: FakeDevice, maxRecoveries: Int = 16) throws -> (LivePlayer, ALSAOutput) {
        let output = try ALSAOutput(device: "dmus_fake", configuration: .init(sampleRate: rate, formats: [.floatLE],
                                                                          maxRecoveriesPerWrite: maxRecoveries),
                                    driver: device.driver)
        let port = try ClickBank.port(rate: rate, groups: 1)
        let player = LivePlayer(port: port, song: song, output: output, framesPerPeriod: output.periodFrames)
        return (player, output)
    }

    @Test("underruns, suspends and a not-ready device mid-song are recovered and counted; every note still lands on its frame")
    func underrunAndSuspendMidSong() throws {
        let song = Self.clicks(count: 30, spacing100ns: 400_000)        // 40 ms apart: 1.25 s
        // writei calls are 256 frames (5.3 ms): faults at about 0.4 s, 0.6 s and 0.8 s.
        let device = FakeDevice(faults: [75: -EPIPE, 76: -EPIPE, 110: -ESTRPIPE, 130: -EAGAIN, 150: -EPIPE])
        let (player, output) = try Self.player(song: song, device: device)
        let report = try player.play(scheduling: .normal)
        #expect(output.underruns == 3)
        #expect(output.suspends == 1)
        #expect(output.notReady == 1)
        #expect(device.snapshot.recovered == [-EPIPE, -EPIPE, -ESTRPIPE, -EPIPE])
        #expect(report.outputErrors == 0)
        #expect(report.statistics.lateEvents == 0)
        #expect(device.onsets == Self.expectedOnsets(song), "every note, on its exact frame, to the end")
        #expect(report.framesRendered >= Self.frame(song.length100ns))
        #expect(player.pacedBySoftware)
        #expect(player.feederStatistics.maxLead100ns < player.window100ns)
    }

    @Test("a device lost mid-song: play throws one clear error, the sink stops, nothing hangs")
    func deviceLostMidSong() throws {
        let song = Self.clicks(count: 100, spacing100ns: 400_000)       // 4 s, lost after about 0.5 s
        let device = FakeDevice(goneFrom: (95, -ENODEV))
        let (player, output) = try Self.player(song: song, device: device)
        let began = Date()
        do {
            _ = try player.play(scheduling: .normal)
            Issue.record("play should throw when the device is gone")
        } catch {
            #expect(error.description.hasPrefix("the output failed after 0."), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
        #expect(Date().timeIntervalSince(began) < 3, "stopped at the loss, not at the song's end")
        #expect(output.lastWriteError == -ENODEV)
        #expect(output.lastWriteErrorReason == "No such device")
        #expect(device.snapshot.recovered.isEmpty, "-ENODEV is not something to recover from")
        let onsets = device.onsets
        #expect(!onsets.isEmpty && onsets == Array(Self.expectedOnsets(song).prefix(onsets.count)))
        try output.close(discardPending: true)
        #expect(output.isClosed)
    }

    @Test("pause holds the song position and releases the voices; resume carries on where it stopped")
    func pauseAndResume() throws {
        let song = Self.clicks(count: 40, spacing100ns: 300_000)        // 30 ms apart: 1.25 s
        let device = FakeDevice()
        let (player, _) = try Self.player(song: song, device: device)
        player.window100ns = 1_000_000
        var first: Int64?
        var pausedPositions: [Int64] = []
        var sawPause = false
        let report = try player.play(scheduling: .normal, status: { s in
            if s.isPaused { pausedPositions.append(s.position100ns); sawPause = true }
        }, tick: { now in
            if first == nil { first = now }
            let t = now - first!
            if t >= 4_000_000 && t < 8_000_000 { player.control.pause() }   // 0.4 s … 0.8 s
            if t >= 8_000_000 { player.control.resume() }
        })
        #expect(player.pauses == 1)
        #expect(sawPause)
        #expect(pausedPositions.count >= 2 && Set(pausedPositions).count == 1, "the position stands still: \(pausedPositions)")
        let expected = Self.expectedOnsets(song)
        let got = device.onsets
        #expect(got.count == expected.count, "every note plays once")
        guard got.count == expected.count else { return }
        // Before the pause: on their frames. After: all shifted by one constant (the pause).
        let shifts = zip(got, expected).map { $0 - $1 }
        let split = try #require(shifts.firstIndex { $0 != 0 })
        #expect(split > 5 && split < expected.count - 5, "the pause came mid-song")
        #expect(shifts[split...].allSatisfy { $0 == shifts[split] }, "the song resumed where it stopped")
        #expect(shifts[split] > Int64(Self.rate) / 5, "the gap is the pause (\(shifts[split]) frames)")
        #expect(report.statistics.lateEvents == 0)
        // The paused position is where the song stopped: between the last note before and the first after.
        let held = pausedPositions[0]
        #expect(held > song.messages.filter { $0.bytes[0] & 0xF0 == 0x90 }[split - 1].time100ns)
        #expect(held <= song.messages.filter { $0.bytes[0] & 0xF0 == 0x90 }[split].time100ns)
    }

    @Test("seek: the notes before the target are skipped, the song carries on from it on exact frames")
    func seekMidSong() throws {
        let song = Self.clicks(count: 60, spacing100ns: 300_000)        // 30 ms apart: 1.85 s
        let device = FakeDevice()
        let (player, _) = try Self.player(song: song, device: device)
        player.window100ns = 1_000_000
        let notes = song.messages.filter { $0.bytes[0] & 0xF0 == 0x90 }
        var first: Int64?
        var asked = false
        let report = try player.play(scheduling: .normal, tick: { now in
            if first == nil { first = now }
            if !asked && now - first! >= 3_000_000 {                     // at 0.3 s: on to note 45
                player.control.seek(to: notes[45].time100ns)
                asked = true
            }
        })
        #expect(player.seeks == 1)
        #expect(report.statistics.lateEvents == 0)
        let got = device.onsets, expected = Self.expectedOnsets(song)
        // A prefix of the song on its frames, then notes 45… with one constant shift.
        let kept = try #require(got.indices.first { $0 >= expected.count || got[$0] != expected[$0] })
        #expect(kept >= 10 && kept < 45, "notes before the seek: \(kept)")
        let after = Array(got[kept...])
        #expect(after.count == expected.count - 45, "the song from the target on, once")
        guard after.count == expected.count - 45 else { return }
        let shift = after[0] - expected[45]
        #expect(zip(after, expected[45...]).allSatisfy { $0 - $1 == shift })
        #expect(after[0] > got[kept - 1])
    }

    @Test("looping: the song again at each loop point after the resets, within the window, until stopped")
    func loopsUntilStopped() throws {
        let song = Self.clicks(count: 5, spacing100ns: 600_000)         // 0.35 s a pass
        let device = FakeDevice()
        let (player, _) = try Self.player(song: song, device: device)
        player.loops = true
        player.window100ns = 500_000
        var loopsSeen = 0
        _ = try player.play(scheduling: .normal, status: { s in loopsSeen = max(loopsSeen, s.loopsCompleted) },
                            tick: { _ in if loopsSeen >= 3 { player.control.stop() } })
        let onsets = device.onsets
        let pass = Self.frame(song.length100ns)
        let one = Self.expectedOnsets(song)
        #expect(onsets.count >= 3 * one.count)
        for (i, f) in onsets.enumerated() {
            let k = Int64(i / one.count)
            #expect(f == one[i % one.count] + k * pass, "onset \(i)")
        }
        #expect(player.feederStatistics.maxLead100ns < 500_000)
    }

    @Test("the feeder never queues beyond its window: at every step all before now + window is queued, nothing after")
    func feederStaysWithinItsWindow() throws {
        let port = try ClickBank.port(rate: Self.rate, groups: 1)
        let song = Self.clicks(count: 200, spacing100ns: 37_000)
        let window: Int64 = 1_000_000
        let feeder = EventFeeder(port: port, song: song, songStart100ns: 5_000_000, window100ns: window)
        var now: Int64 = 4_000_000
        let times = song.messages.map { 5_000_000 + $0.time100ns }
        while !feeder.isFinished {
            #expect(feeder.feed(now: now))
            let queued = feeder.statistics.messagesQueued
            #expect(queued == times.filter { $0 < now + window }.count, "at \(now)")
            #expect(feeder.lastQueuedTime100ns < now + window)
            now += 123_457
        }
        #expect(feeder.statistics.maxLead100ns < window)
        #expect(feeder.statistics.maxLead100ns > window - 123_457 - 37_000)
    }

    @Test("a looping feeder queues as many messages as SongEvents.looped holds, up to the same time")
    func loopingFeederMatchesLooped() throws {
        let song = Self.clicks(count: 4, spacing100ns: 100_000, start100ns: 0)
        let looped = song.looped(count: 3)
        // Up to just before the fourth pass: three passes and two loop points.
        let horizon = looped.length100ns
        let a = EventFeeder(port: try ClickBank.port(rate: Self.rate, groups: 1), song: song, songStart100ns: 0, loops: true)
        let b = EventFeeder(port: try ClickBank.port(rate: Self.rate, groups: 1), song: looped, songStart100ns: 0)
        #expect(a.feed(until: horizon) && b.feed(until: horizon))
        #expect(a.statistics.messagesQueued == looped.messages.filter { $0.time100ns < horizon }.count)
        #expect(a.statistics.messagesQueued == b.statistics.messagesQueued)
        #expect(a.statistics.eventsQueued == b.statistics.eventsQueued)
        #expect(a.lastQueuedTime100ns == b.lastQueuedTime100ns)
        #expect(a.passesQueued == 2)
        #expect(!a.isFinished && b.isFinished)
    }
}

