import DMusTestSupport
import Foundation
import Testing

/// `dmus play` end to end, without a sound card: ALSA's `type file` PCM over a `null` slave,
/// defined in a configuration file the binary reads through `ALSA_CONFIG_PATH` and chosen with
/// `--device`. Such a PCM never blocks; the player paces itself to real time, so each test
/// lasts as long as its song (a few seconds).
@Suite("dmus play", .serialized)
struct PlayEndToEndTests {
    static func samples(_ path: String) throws -> [Int16] {
        let d = try Data(contentsOf: URL(fileURLWithPath: path))
        return d.withUnsafeBytes { raw in (0..<(d.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) } }
    }

    /// The last 4.9 s of ants.mid (from 13 s, programs and controllers chased), at 44.1 kHz
    /// with sinc interpolation: what the device receives is, sample for sample, the render.
    @Test func playWritesTheSamplesRenderWrites() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let played = CLI.tempPath("played.raw"), rendered = CLI.tempPath("rendered.raw")
        try? FileManager.default.removeItem(atPath: played)
        let config = try CLI.fileDeviceConfig(name: "dmus_e2e", path: played)
        let options = ["--start", "13", "--rate", "44100", "--interp", "sinc", "--period-frames", "256"]
        let p = try CLI.run(["play", song, "--device", "dmus_e2e"] + options, environment: ["ALSA_CONFIG_PATH": config])
        #expect(p.status == 0, "stderr: \(p.stderr)")
        #expect(p.stdout.contains("played \(song) on dmus_e2e"))
        #expect(p.stdout.contains("late events 0"), "\(p.stdout)")
        let r = try CLI.run(["render", song, "-o", rendered, "--format", "raw", "--no-dither"] + options)
        #expect(r.status == 0, "stderr: \(r.stderr)")

        let a = try Self.samples(played), b = try Self.samples(rendered)
        #expect(b.count > 44_100 * 2 * 4)                        // 4.9 s of stereo
        #expect(b.contains { abs(Int($0)) > 1000 }, "the render is not silent")
        // The play path may run on a little after the song's last voice ends (the client
        // notices the end within a few milliseconds); the song's samples must be identical.
        #expect(a.count >= b.count)
        #expect(a.count - b.count <= 44_100 / 2 * 2, "\(a.count - b.count) samples more than the render")
        if a.count >= b.count {
            let mismatch = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(mismatch == nil, "first difference at sample \(mismatch!.offset): played \(mismatch!.element.0), rendered \(mismatch!.element.1)")
        }
    }

    /// A PCM whose writes fail for good (its file is /dev/full): one line naming the PCM and
    /// ALSA's reason, exit status 1, no crash or hang.
    @Test func aFailingDeviceIsOneLineAndExitStatusOne() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let config = try CLI.fileDeviceConfig(name: "dmus_full", path: "/dev/full")
        let r = try CLI.run(["play", song, "--start", "15", "--device", "dmus_full"], environment: ["ALSA_CONFIG_PATH": config])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("dmus: playback on dmus_full failed: "))
        #expect(r.stderr.contains("errno"))
        #expect(!r.stdout.contains("played "))
    }

    /// On a terminal, `play` keeps a status line up to date (\r-rewritten, position / length),
    /// and `render` draws a progress bar that ends at 100 %.
    @Test func onATerminalTheStatusLineMovesAndTheProgressBarReaches100() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let played = CLI.tempPath("tty.raw")
        let config = try CLI.fileDeviceConfig(name: "dmus_tty", path: played)
        let p = try CLI.runInPseudoTerminal(["play", song, "--start", "14", "--device", "dmus_tty"], environment: ["ALSA_CONFIG_PATH": config])
        #expect(p.status == 0, "\(p.output)")
        // "\r   0.3 / 3.9 s  voices …": the positions shown.
        let positions = p.output.split(separator: "\r").compactMap { piece -> Double? in
            let fields = piece.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, fields[1] == "/", fields[3] == "s" else { return nil }
            return Double(fields[0])
        }
        #expect(Set(positions).count >= 5, "positions seen: \(positions)")
        #expect(positions == positions.sorted(), "the position never goes back: \(positions)")
        #expect((positions.last ?? 0) >= 3.0)
        #expect(p.output.contains("voices"))
        #expect(p.output.contains("played \(song) on dmus_tty"))

        let out = CLI.tempPath("tty.wav")
        let r = try CLI.runInPseudoTerminal(["render", song, "--start", "10", "-o", out])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("[##############################] 100%"), "\(r.output)")
        #expect(r.output.contains("× real time"))
    }

    /// On a terminal, space pauses and resumes: the status line says "paused" and its position
    /// stands still meanwhile; the song then plays to its end, later by the pause.
    @Test func spacePausesAndResumesOnATerminal() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let config = try CLI.fileDeviceConfig(name: "dmus_keys", path: CLI.tempPath("keys.raw"))
        let p = try CLI.runInPseudoTerminal(["play", song, "--start", "14", "--device", "dmus_keys"],
                                            environment: ["ALSA_CONFIG_PATH": config],
                                            keys: [(1.0, " "), (2.5, " ")])
        #expect(p.status == 0, "\(p.output)")
        let paused = p.output.split(separator: "\r").filter { $0.contains("paused") }
        #expect(paused.count >= 5, "\(p.output)")
        let positions = Set(paused.compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).first })
        #expect(positions.count == 1, "the position stands still while paused: \(positions)")
        // "played … : 5.4 s": the song's 3.2 s and tails, plus the 1.5 s pause.
        let summary = try #require(p.output.split(separator: "\n").last { $0.contains("played ") })
        let seconds = summary.firstMatch(of: /dmus_keys: ([0-9.]+) s/).flatMap { Double($0.1) } ?? 0
        #expect(seconds > 4.5, "\(summary)")
    }

    /// On a terminal, → seeks 10 s ahead: the status line's position jumps, the song ends sooner.
    @Test func arrowKeySeeksOnATerminal() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let config = try CLI.fileDeviceConfig(name: "dmus_seek", path: CLI.tempPath("seek.raw"))
        let began = Date()
        let p = try CLI.runInPseudoTerminal(["play", song, "--start", "5", "--device", "dmus_seek"],
                                            environment: ["ALSA_CONFIG_PATH": config],
                                            keys: [(1.0, "\u{1B}[C")])
        #expect(p.status == 0, "\(p.output)")
        let positions = p.output.split(separator: "\r").compactMap { piece -> Double? in
            let fields = piece.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, fields[1] == "/", fields[3] == "s" else { return nil }
            return Double(fields[0])
        }
        #expect(positions.contains { $0 < 1.5 }, "\(positions)")
        #expect(positions.contains { $0 >= 10.5 }, "\(positions)")
        #expect(!positions.contains { $0 > 2.5 && $0 < 9.5 }, "jumped over the middle: \(positions)")
        #expect(Date().timeIntervalSince(began) < 9, "the 12 s song ended early")
    }

    /// Ctrl-C (SIGINT) mid-song: voices released, a short tail, the summary, exit status 0.
    @Test func interruptStopsCleanly() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let config = try CLI.fileDeviceConfig(name: "dmus_int", path: CLI.tempPath("int.raw"))
        let p = Process()
        p.environment = ProcessInfo.processInfo.environment.merging(["ALSA_CONFIG_PATH": config]) { $1 }
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["play", song, "--device", "dmus_int"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        let began = Date()
        try p.run()
        Thread.sleep(forTimeInterval: 1.5)
        p.interrupt()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(text)")
        #expect(Date().timeIntervalSince(began) < 6, "stopped within the tail limit, not at the song's end (17 s)")
        #expect(text.contains("played \(song) on dmus_int"))
        #expect(text.contains("late events 0"), "the releases are stamped where they can still play: \(text)")
    }

    /// A missing song, a directory, a text file, a broken MIDI file: exit 3 and one line naming
    /// it, checked before the device is opened.
    @Test func badSongsAreBadInputForPlayToo() throws {
        let text = CLI.tempPath("play-notes.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let broken = CLI.tempPath("play-broken.mid")
        try Data(Array("MThd".utf8) + [0, 0, 0, 6, 0, 1]).write(to: URL(fileURLWithPath: broken))
        let config = try CLI.fileDeviceConfig(name: "dmus_bad", path: CLI.tempPath("bad.raw"))
        for input in ["/nonexistent/song.mid", NSTemporaryDirectory(), text, broken] {
            for device in ["dmus_bad", "dmus_no_such_pcm"] {
                let r = try CLI.run(["play", input, "--device", device], environment: ["ALSA_CONFIG_PATH": config])
                #expect(r.status == 3, "\(input) on \(device): \(r.stderr)")
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
                #expect(r.stderr.contains((input as NSString).standardizingPath) || r.stderr.contains(input), "\(r.stderr)")
            }
        }
    }

    /// --loop plays a song again and again, seamlessly, until Ctrl-C.
    @Test func loopRepeatsUntilInterrupted() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let played = CLI.tempPath("loop.raw")
        try? FileManager.default.removeItem(atPath: played)
        let config = try CLI.fileDeviceConfig(name: "dmus_loop", path: played)
        let p = Process()
        p.environment = ProcessInfo.processInfo.environment.merging(["ALSA_CONFIG_PATH": config]) { $1 }
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        // From 16 s: 1.23 s a pass (the chased state, then the song's end).
        p.arguments = ["play", song, "--start", "16", "--loop", "--device", "dmus_loop", "--reverb", "off", "--chorus", "off"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 3.5)
        p.interrupt()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        let a = try Self.samples(played)
        let pass = Int((17.234 - 16) * 48_000) * 2                      // samples per pass (stereo)
        #expect(a.count > 2 * pass, "more than two passes: \(a.count) samples")
        guard a.count > 2 * pass else { return }
        // Sound in the third pass: the song really started again (alone, it ends in its first
        // pass, and its release tails end within a second).
        let third = a[(2 * pass)..<min(a.count, 3 * pass)]
        #expect(third.contains { abs(Int($0)) > 1000 }, "the third pass sounds")
        #expect(text.contains("played \(song) on dmus_loop"))
    }

    @Test func outOfRangeDeviceSettingsAreUsageErrors() throws {
        for args in [["--period-frames", "0"], ["--period-frames", "100000"], ["--periods", "1"], ["--rate", "5"]] {
            let r = try CLI.run(["play", "--device", "dmus_no_such_pcm"] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("dmus_no_such_pcm"), "refused before any device is opened")
        }
    }

    /// Not a terminal: no status line, only the summary.
    @Test func withoutATerminalOnlyTheSummary() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let config = try CLI.fileDeviceConfig(name: "dmus_pipe", path: CLI.tempPath("pipe.raw"))
        let r = try CLI.run(["play", song, "--start", "16", "--device", "dmus_pipe"], environment: ["ALSA_CONFIG_PATH": config])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stdout.contains("\r"))
        #expect(r.stdout.split(separator: "\n").count == 1, "\(r.stdout)")
    }
}
