import ArgumentParser
import AudioOutput
import DMusPort
import Performance

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a MIDI or RMID file to a sound file, faster than real time and deterministically.")

    @Argument(help: "The song (.mid, .rmi). Without one, the embedded demo song.")
    var song: String?

    @Option(name: [.short, .customLong("output")], help: "The sound file to write (.wav or .flac).")
    var output: String

    @Option(help: "File format: wav16, wav24, wavfloat, flac16, flac24 (default: from the extension, 16-bit).")
    var format: String?

    @Option(name: .customLong("period-frames"), help: "Frames per wave-sink period.")
    var periodFrames: Int = 512

    @OptionGroup var synth: SynthOptions

    func run() throws {
        let fileFormat = try RenderCommand.parseFormat(format, path: output)
        let session = try Session.make(songPath: song, options: synth, clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                                       maxFramesPerRender: max(periodFrames, 4096))
        for w in session.warnings { printError("warning: \(w)") }
        let out: SoundFileOutput
        do {
            out = try SoundFileOutput(path: output, format: fileFormat, sampleRate: synth.rate, channels: 2,
                                      maxFramesPerWrite: max(periodFrames, 4096))
        } catch { throw CLIError("\(error)") }
        let report: RenderReport
        do { report = try OfflineRenderer.render(port: session.port, song: session.song, output: out, framesPerPeriod: periodFrames) }
        catch { throw CLIError("render: \(error)") }
        do { try out.close() } catch { throw CLIError("\(error)") }
        let s = report.statistics
        print("rendered \(session.songName) → \(output): \(String(format: "%.2f", report.seconds)) s at \(synth.rate) Hz, peak voices \(s.peakVoices), peak level \(String(format: "%.3f", s.peakLevel))" +
              (s.missingInstruments > 0 ? ", \(s.missingInstruments) notes without an instrument" : "") +
              (s.lateEvents > 0 ? ", \(s.lateEvents) late events" : ""))
    }

    static func parseFormat(_ name: String?, path: String) throws -> SoundFileFormat? {
        guard let name else { return nil }
        switch name.lowercased() {
        case "wav16", "wav": return .wav16
        case "wav24": return .wav24
        case "wavfloat", "float": return .wavFloat
        case "flac16", "flac": return .flac16
        case "flac24": return .flac24
        default: throw ValidationError("unknown --format \(name) (wav16, wav24, wavfloat, flac16, flac24)")
        }
    }
}

import Foundation
