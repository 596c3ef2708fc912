import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes (documented in the README): 0 ok, 1 runtime failure, 2 usage, 3 bad input file.
enum ExitStatus {
    static let runtimeFailure: Int32 = 1
    static let usage: Int32 = 2
    static let badInput: Int32 = 3
}

@main
struct DMusCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dmus",
        abstract: "A real-time DLS synthesizer: play and render MIDI and RMID files through a DirectMusic-style port and synth.",
        discussion: """
            Examples:
              dmus play song.mid                   play through ALSA's default PCM
              dmus render song.mid -o song.wav     render offline, deterministically
              dmus play song.mid --dls bank.dls    use a DLS collection (repeatable)
            """,
        version: version,
        subcommands: [PlayCommand.self, RenderCommand.self, InfoCommand.self] + moreSubcommands,
        defaultSubcommand: nil)

    static let moreSubcommands: [any ParsableCommand.Type] = [DownloadCommand.self, DevicesCommand.self, BenchCommand.self]

    /// Runs the command with DMus's exit codes: usage errors exit 2, unreadable or invalid input
    /// files exit 3, other failures exit 1 — always with one line on standard error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            printError("dmus: \(error.description)")
            Glibc.exit(error.isBadInput ? ExitStatus.badInput : ExitStatus.runtimeFailure)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 { exit(withError: error) }
            if error is ExitCode { exit(withError: error) }
            // swift-argument-parser reports usage problems as EX_USAGE (64); DMus documents 2.
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(message) }
            Glibc.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}

/// A failure worth one clear line and a non-zero exit. `isBadInput` marks problems with a
/// file the user gave (unreadable, malformed), which exit with status 3.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var isBadInput: Bool
    init(_ d: String, badInput: Bool = false) { description = d; isBadInput = badInput }
}
