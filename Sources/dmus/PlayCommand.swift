import ArgumentParser
import AudioOutput
import DMusPort
import Foundation
import Performance
import SMF
import Synchronization

/// Set by SIGINT; the play loop stops cleanly when it sees it.
let interruptRequested = Atomic<Bool>(false)

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a MIDI or RMID file through ALSA in real time.",
        discussion: """
            On a terminal a status line shows position, voices, CPU share, late events and xruns; \
            space or p pauses and resumes, → and ← (or ] and [) seek 10 s with programs and \
            controllers chased, q or Ctrl-C stops (voices released, tails rendered). \
            The samples are those `dmus render` writes with the same options. A PCM that never \
            blocks (null, a file PCM over null) is paced to real time.
            Examples:
              dmus play song.mid
              dmus play song.rmi --device hw:1,0 --period-frames 128 --periods 3
              dmus play song.mid --dls bank.dls --loop --interp sinc
              dmus play --midi-in /dev/snd/midiC1D0
            """)

    @Argument(help: "The songs (.mid, .rmi, .mxmf), played in turn. Without one, the embedded demo song.")
    var songs: [String] = []

    @Flag(help: "Play the songs again and again until Ctrl-C.")
    var loop = false

    @Option(name: .customLong("midi-in"), help: ArgumentHelp("Also play raw MIDI bytes from this file, FIFO or raw MIDI device, as they arrive; without songs, play until the input ends or Ctrl-C.", valueName: "PATH"))
    var midiIn: String?

    @Option(help: "The ALSA PCM to play through.")
    var device: String = "default"

    @Option(name: .customLong("period-frames"), help: "Frames per device period.")
    var periodFrames: Int = 256

    @Option(help: "Device periods in the buffer.")
    var periods: Int = 4

    @Option(name: .customLong("fallback-wav"), help: ArgumentHelp("When no playback device can be opened, render to this WAV file instead.", valueName: "PATH"))
    var fallbackWav: String?

    @OptionGroup var synth: SynthOptions

    func validate() throws {
        guard periodFrames >= 16 && periodFrames <= 8192 else { throw ValidationError("--period-frames must be 16…8192") }
        guard periods >= 2 && periods <= 64 else { throw ValidationError("--periods must be 2…64") }
    }

    func run() throws {
        // A song that cannot be read or parsed is the user's file's fault (exit 3), whatever
        // the device does: checked before the device is opened.
        for song in songs {
            let contents = try SongContainer.load(try Session.readFile(song), name: song)
            do { _ = try MIDIFileReader.read(contents.midi, name: song) } catch { throw CLIError("\(error)", badInput: true) }
        }
        let output: ALSAOutput
        do {
            var configuration = ALSAOutput.Configuration()
            configuration.sampleRate = synth.rate
            configuration.periodFrames = periodFrames
            configuration.periods = periods
            output = try ALSAOutput(device: device, configuration: configuration)
        } catch {
            guard let fallbackWav else { throw CLIError("\(error)") }
            print("dmus: no playback device (\(device): \(error.reason)); rendering to \(fallbackWav) instead")
            // The same synth options, every one of them, rendering the first song to the file.
            var render = try RenderCommand.parse(["-o", fallbackWav])
            render.songs = Array(songs.prefix(1))
            render.synth = synth
            try render.run()
            return
        }
        // Ctrl-C must reach us even when the parent started us with SIGINT blocked.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in interruptRequested.store(true, ordering: .relaxed) }
        let isTTY = isatty(STDOUT_FILENO) == 1
        if let midiIn, songs.isEmpty {
            try playInput(midiIn, output: output, isTTY: isTTY)
            try? output.close()
            return
        }
        let list: [String?] = songs.isEmpty ? [nil] : songs
        // Keys on a terminal: space or p pauses and resumes, q stops (as Ctrl-C).
        let keys = isTTY ? Keyboard() : nil
        defer { keys?.restore() }
        do {
            if loop && list.count == 1 {
                // One song: the player loops it seamlessly (resets at each loop point, no new download).
                try play(song: list[0], output: output, isTTY: isTTY, loops: true, keys: keys)
            } else {
                repeat {
                    for song in list where !interruptRequested.load(ordering: .relaxed) {
                        try play(song: song, output: output, isTTY: isTTY, loops: false, keys: keys)
                    }
                } while loop && !interruptRequested.load(ordering: .relaxed)
            }
        } catch {
            try? output.close(discardPending: true)   // a lost device cannot drain
            throw error
        }
        try? output.close()
    }

    /// How far the arrow keys seek.
    static let seekStep100ns: Int64 = 100_000_000

    /// The master clock of a live session: it follows the frames the wave sink renders (the
    /// device's sample clock is the master), so the song lands on the same frames as in
    /// `dmus render`. It starts at 1 s, like render's.
    static func sessionClock() -> VirtualClock { VirtualClock(start: ReferenceTime.unitsPerSecond) }

    /// One line for an output that failed mid-song: the PCM, ALSA's reason and where it stopped.
    static func outputFailureMessage(_ error: any Error, output: ALSAOutput) -> String {
        var line = "playback on \(output.pcmName) failed: "
        if let reason = output.lastWriteErrorReason {
            line += "\(reason) (snd_pcm_writei, errno \(-output.lastWriteError)); \(error)"
            if output.lastWriteError == -ENODEV || output.lastWriteError == -EBADFD || output.lastWriteError == -EIO {
                line += " — was the device unplugged or taken away? Choose another with --device, or use dmus render"
            }
        } else {
            line += "\(error)"
        }
        return line
    }

    /// Live input alone: an endless empty song, stopped when the input ends (after tails) or Ctrl-C.
    private func playInput(_ path: String, output: ALSAOutput, isTTY: Bool) throws {
        var options = synth
        options.rate = output.sampleRate
        let session = try Session.make(songPath: nil, options: options, clock: PlayCommand.sessionClock(),
                                       maxFramesPerRender: max(periodFrames, 4096),
                                       helperScheduling: .fifo(priority: 70))
        let input = try MIDIInput(path: path, port: session.port)
        let player = LivePlayer(port: session.port, song: SongEvents(messages: [], length100ns: Int64.max / 4),
                                output: output, framesPerPeriod: output.periodFrames)
        var endedAt: Int64?
        var latest: Int64 = 0
        let report: RenderReport
        do {
            report = try player.play(shouldStop: {
                guard !interruptRequested.load(ordering: .relaxed) else { return true }
                // After the input ends: stop when every voice is silent, or after 2 s at most
                // (held notes are then released and their tails rendered).
                guard let end = endedAt, latest >= end + 500_000 else { return false }
                return session.port.stream!.statistics().voicesPlaying == 0 || latest >= end + 20_000_000
            }, tick: { now in
                latest = now
                input.poll(at: now)
                if input.reachedEnd && endedAt == nil { endedAt = now }
            })
        } catch { throw CLIError(PlayCommand.outputFailureMessage(error, output: output)) }
        print("played MIDI input \(path) (\(input.bytesRead) bytes) on \(output.pcmName): \(String(format: "%.1f", report.seconds)) s, peak voices \(report.statistics.peakVoices), late events \(report.statistics.lateEvents), underruns \(output.underruns)")
    }

    private func play(song: String?, output: ALSAOutput, isTTY: Bool, loops: Bool, keys: Keyboard?) throws {
        var options = synth
        options.rate = output.sampleRate      // the device may grant a rate near the one asked
        let session = try Session.make(songPath: song, options: options, clock: PlayCommand.sessionClock(),
                                       maxFramesPerRender: max(periodFrames, 4096),
                                       helperScheduling: .fifo(priority: 70))
        for w in session.warnings { printError("warning: \(w)") }
        let player = LivePlayer(port: session.port, song: session.song, output: output, framesPerPeriod: output.periodFrames)
        player.loops = loops
        var position: Int64 = 0
        let report: RenderReport
        do {
            report = try player.play(shouldStop: { interruptRequested.load(ordering: .relaxed) }, status: { status in
                position = status.position100ns
                guard isTTY else { return }
                let pos = Double(status.position100ns) / 1e7, len = Double(status.length100ns) / 1e7
                let s = status.statistics
                let line = String(format: "\r%6.1f / %.1f s  voices %3d  cpu %4.1f%%  late %d  xruns %d", pos, len, s.voicesPlaying,
                                  status.cpuShare * 100, s.lateEvents, output.underruns + output.suspends)
                    + (status.loopsCompleted > 0 ? "  loop \(status.loopsCompleted + 1)" : "")
                    + (status.isPaused ? "  paused" : "") + " "
                FileHandle.standardOutput.write(line.data(using: .utf8)!)
            }, tick: { _ in
                switch keys?.read() {
                case .pause?: player.control.togglePause()
                case .quit?: player.control.stop()
                case .forward?: player.control.seek(to: position + PlayCommand.seekStep100ns)
                case .back?: player.control.seek(to: max(0, position - PlayCommand.seekStep100ns))
                case nil: break
                }
            })
        } catch {
            if isTTY { print("") }
            throw CLIError(PlayCommand.outputFailureMessage(error, output: output))
        }
        if let notice = player.schedulingNotice { printError("note: \(notice)") }
        if isTTY { print("") }
        print("played \(session.songName) on \(output.pcmName): \(String(format: "%.1f", report.seconds)) s, peak voices \(report.statistics.peakVoices), late events \(report.statistics.lateEvents), underruns \(output.underruns), suspends \(output.suspends)" +
              (player.pacedBySoftware ? " (the device does not block: paced to real time)" : ""))
    }
}

/// Standard input as single keys, when it is a terminal: no line buffering, no echo, reads
/// that never wait (VMIN = VTIME = 0). Ctrl-C still interrupts (ISIG stays). `restore()` puts
/// the terminal back as it was.
final class Keyboard: @unchecked Sendable {
    private var saved = termios()
    private var active = false

    init?() {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        active = true
    }

    enum Key { case pause, quit, forward, back }

    /// The next key pressed, if any: space or p, q, → or ], ← or [.
    func read() -> Key? {
        guard active else { return nil }
        func byte() -> UInt8? {
            var b: UInt8 = 0
            return Glibc.read(STDIN_FILENO, &b, 1) == 1 ? b : nil
        }
        switch byte() {
        case UInt8(ascii: " ")?, UInt8(ascii: "p")?: return .pause
        case UInt8(ascii: "q")?: return .quit
        case UInt8(ascii: "]")?: return .forward
        case UInt8(ascii: "[")?: return .back
        case 0x1B?:                                   // ESC [ C / ESC [ D: the arrow keys
            guard byte() == UInt8(ascii: "[") else { return nil }
            switch byte() {
            case UInt8(ascii: "C")?: return .forward
            case UInt8(ascii: "D")?: return .back
            default: return nil
            }
        default: return nil
        }
    }

    func restore() {
        guard active else { return }
        active = false
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    deinit { restore() }
}
