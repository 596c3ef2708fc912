import ArgumentParser
import AudioOutput
import DMusPort
import Foundation
import Performance

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render MIDI, RMID or Mobile XMF files to sound files, faster than real time and deterministically.",
        discussion: """
            Release tails are rendered until every voice is silent (at most 10 s), then the file ends.
            With several songs, -o names a directory and each song becomes <name>.<ext> in it.
            Examples:
              dmus render song.mid -o song.wav
              dmus render song.rmi -o song.flac --bits 24 --rate 44100
              dmus render a.mid b.mid c.mid -o renders/ --format ogg --jobs 2
              dmus render song.mid -o song.wav --repeat 360
            With --repeat N each song is rendered N times through the same port and stream: the banks
            are unloaded (and the unloads awaited) and downloaded again between loops, every loop
            starts with a GM System On, only the first loop is written to the file, and each loop
            must give the same samples, no NaN/Inf and no late events (exit status 1 otherwise).
            Resident memory is printed after every loop.
            """)

    @Argument(help: "The songs (.mid, .rmi, .mxmf). Without one, the embedded demo song.")
    var songs: [String] = []

    @Option(name: [.short, .customLong("output")], help: "The sound file to write (.wav, .flac, .ogg, .raw), or a directory for several songs.")
    var output: String

    @Option(help: "File format: wav, flac, ogg, raw (default: from the extension, else wav).")
    var format: String?

    @Option(help: "Sample format: 16, 24, 32 or float (default 16; Ogg is always float inside).")
    var bits: String = "16"

    @Flag(inversion: .prefixedNo, help: "TPDF dither when writing 16-bit samples.")
    var dither = true

    @Option(name: .customLong("period-frames"), help: "Frames per wave-sink period.")
    var periodFrames: Int = 512

    @Option(help: "Songs rendered at once (each on its own thread).")
    var jobs: Int = 1

    @Option(name: .customLong("repeat"), help: "Render each song N times through one port (soak check, see below).")
    var repeatCount: Int = 1

    @OptionGroup var synth: SynthOptions

    func validate() throws {
        guard ["16", "24", "32", "float"].contains(bits) else { throw ValidationError("--bits must be 16, 24, 32 or float") }
        guard jobs >= 1 && jobs <= 64 else { throw ValidationError("--jobs must be 1…64") }
        guard periodFrames >= 16 && periodFrames <= 8192 else { throw ValidationError("--period-frames must be 16…8192") }
        guard repeatCount >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let list: [String?] = songs.isEmpty ? [nil] : songs
        var targets: [(song: String?, path: String)] = []
        if list.count == 1 {
            targets = [(list[0], output)]
        } else {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let ext = RenderCommand.fileExtension(format: format)
            for s in list {
                let name = ((s ?? "demo") as NSString).lastPathComponent
                targets.append((s, (output as NSString).appendingPathComponent((name as NSString).deletingPathExtension + "." + ext)))
            }
        }
        if jobs == 1 || targets.count == 1 {
            for t in targets { try renderOne(song: t.song, to: t.path, progress: targets.count == 1) }
            return
        }
        // Parallel: each song has its own port, synth and file; nothing is shared.
        let failures = Failures()
        let work = targets
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            var i = worker
            while i < work.count {
                do { try renderOne(song: work[i].song, to: work[i].path, progress: false) } catch {
                    failures.append("\(error)")
                }
                i += jobs
            }
        }
        if let first = failures.first { throw CLIError(first) }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var first: String? { lock.lock(); defer { lock.unlock() }; return items.first }
    }

    static func fileExtension(format: String?) -> String {
        switch format?.lowercased() {
        case "flac"?, "flac16"?, "flac24"?: return "flac"
        case "ogg"?, "vorbis"?: return "ogg"
        case "raw"?: return "raw"
        default: return "wav"
        }
    }

    func fileFormat(for path: String) throws -> SoundFileFormat {
        let container = format?.lowercased() ?? SoundFileFormat.inferred(fromPath: path).map { f -> String in
            switch f {
            case .flac16, .flac24: return "flac"
            case .oggVorbis: return "ogg"
            case .raw16: return "raw"
            default: return "wav"
            }
        } ?? "wav"
        switch (container, bits) {
        case ("wav", "16"), ("wav16", _): return .wav16
        case ("wav", "24"), ("wav24", _): return .wav24
        case ("wav", "32"): return .wav32
        case ("wav", "float"), ("wavfloat", _), ("float", _): return .wavFloat
        case ("flac", "16"), ("flac16", _): return .flac16
        case ("flac", "24"), ("flac24", _): return .flac24
        case ("ogg", _), ("vorbis", _): return .oggVorbis
        case ("raw", "16"): return .raw16
        default: throw ValidationError("cannot write \(bits)-bit samples as \(container) (wav: 16/24/32/float, flac: 16/24, ogg, raw: 16)")
        }
    }

    func renderOne(song: String?, to path: String, progress: Bool) throws {
        if repeatCount > 1 { return try renderRepeated(song: song, to: path) }
        let fileFormat = try fileFormat(for: path)
        let session = try Session.make(songPath: song, options: synth, clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                                       maxFramesPerRender: max(periodFrames, 4096))
        for w in session.warnings { printError("warning: \(w)") }
        let out: SoundFileOutput
        do {
            out = try SoundFileOutput(path: path, format: fileFormat, sampleRate: synth.rate, channels: 2,
                                      maxFramesPerWrite: max(periodFrames, 4096), dither: dither)
        } catch { throw CLIError("\(error)") }
        let bar = progress && isatty(STDERR_FILENO) == 1 ? ProgressBar(total: session.song.length100ns) : nil
        let started = DispatchTime.now().uptimeNanoseconds
        let report: RenderReport
        do {
            report = try OfflineRenderer.render(port: session.port, song: session.song, output: out, framesPerPeriod: periodFrames,
                                                progress: bar.map { b in { b.update($0) } })
        } catch { throw CLIError("render: \(error)") }
        bar?.finish()
        do { try out.close() } catch { throw CLIError("\(error)") }
        let s = report.statistics
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print("rendered \(session.songName) → \(path): \(String(format: "%.2f", report.seconds)) s at \(synth.rate) Hz (\(String(format: "%.0f", report.seconds / max(wall, 1e-6)))× real time), peak voices \(s.peakVoices), peak level \(String(format: "%.3f", s.peakLevel))" +
              (s.missingInstruments > 0 ? ", \(s.missingInstruments) notes without an instrument" : "") +
              (s.lateEvents > 0 ? ", \(s.lateEvents) late events" : ""))
    }
}

extension RenderCommand {
    /// `--repeat N`: the song N times through one port, banks unloaded and downloaded again
    /// between loops; every loop must hash the same, with no NaN/Inf and no late events.
    func renderRepeated(song: String?, to path: String) throws {
        ProcessMemory.fixMallocThresholds()
        let fileFormat = try fileFormat(for: path)
        let clock = VirtualClock(start: ReferenceTime.unitsPerSecond)
        let session = try Session.make(songPath: song, options: synth, clock: clock, maxFramesPerRender: max(periodFrames, 4096))
        for w in session.warnings { printError("warning: \(w)") }
        // A GM System On first, so every loop starts from the same channel state.
        let gmOn = ScheduledMessage(time100ns: 0, group: 1, bytes: [0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])
        let loopSong = SongEvents(messages: [gmOn] + session.song.messages, length100ns: session.song.length100ns)
        let started = DispatchTime.now().uptimeNanoseconds
        var failures: [String] = []
        var firstHash: UInt64?
        var residents: [Int] = []
        var audioSeconds = 0.0
        for loop in 0..<repeatCount {
            if loop > 0 { try session.downloadAgain() }
            clock.advanceToWholeSecond()   // every loop on the sample grid: same frames for the same times
            var file: SoundFileOutput?
            if loop == 0 {
                do {
                    file = try SoundFileOutput(path: path, format: fileFormat, sampleRate: synth.rate, channels: 2,
                                               maxFramesPerWrite: max(periodFrames, 4096), dither: dither)
                } catch { throw CLIError("\(error)") }
            }
            let out = HashingOutput(passingTo: file, sampleRate: synth.rate, maxFramesPerWrite: max(periodFrames, 4096))
            let report: RenderReport
            do {
                report = try OfflineRenderer.render(port: session.port, song: loopSong, output: out, framesPerPeriod: periodFrames)
            } catch { throw CLIError("render (loop \(loop + 1)): \(error)") }
            do { try out.close() } catch { throw CLIError("\(error)") }
            try session.unloadAll()
            let s = report.statistics
            let resident = ProcessMemory.residentBytes()
            residents.append(resident)
            audioSeconds += report.seconds
            let hashText = String(out.hash, radix: 16)
            print("loop \(loop + 1)/\(repeatCount): \(String(format: "%.2f", report.seconds)) s, hash \(hashText), peak voices \(s.peakVoices), "
                  + "late events \(s.lateEvents), NaN/Inf \(out.nonFinite), free sample memory \(s.freeSampleMemoryBytes) → "
                  + "\(session.port.stream?.statistics().freeSampleMemoryBytes ?? 0) bytes, resident \(String(format: "%.2f", Double(resident) / 1_048_576)) MB")
            if let firstHash, firstHash != out.hash { failures.append("loop \(loop + 1): output differs from loop 1 (hash \(hashText))") }
            if firstHash == nil { firstHash = out.hash }
            if out.nonFinite > 0 { failures.append("loop \(loop + 1): \(out.nonFinite) NaN/Inf samples") }
            if s.lateEvents > 0 { failures.append("loop \(loop + 1): \(s.lateEvents) late events") }
            if report.outputErrors > 0 { failures.append("loop \(loop + 1): \(report.outputErrors) output errors") }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let growth = residents.count > 1 ? (residents.dropFirst().max() ?? residents[0]) - residents[0] : 0
        print("repeat: \(repeatCount) loops of \(session.songName), \(String(format: "%.1f", audioSeconds)) s of audio in \(String(format: "%.1f", wall)) s; "
              + "loop 1 written to \(path); resident after loop 1 \(String(format: "%.2f", Double(residents[0]) / 1_048_576)) MB, "
              + "largest growth after it \(String(format: "%.3f", Double(growth) / 1_048_576)) MB; "
              + (failures.isEmpty ? "every loop identical, no NaN/Inf, no late events" : "\(failures.count) check(s) failed"))
        if !failures.isEmpty { throw CLIError(failures.joined(separator: "; ")) }
    }
}

/// A one-line progress bar on standard error with the speed in × real time.
final class ProgressBar {
    let total: Int64
    let start = DispatchTime.now().uptimeNanoseconds
    var lastDrawn: UInt64 = 0
    init(total: Int64) { self.total = max(1, total) }

    func update(_ position100ns: Int64) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDrawn > 100_000_000 else { return }
        lastDrawn = now
        draw(position100ns)
    }

    func draw(_ position100ns: Int64) {
        let fraction = min(1, Double(position100ns) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let speed = Double(position100ns) / 1e7 / max(elapsed, 1e-6)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(format: "%3.0f%%  %.0f× real time ", fraction * 100, speed)
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    func finish() {
        draw(total)
        FileHandle.standardError.write("\n".data(using: .utf8)!)
    }
}
