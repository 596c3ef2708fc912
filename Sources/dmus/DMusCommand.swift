import ArgumentParser

@main
struct DMusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmus",
        abstract: "A real-time DLS synthesizer: play and render MIDI and RMID files through a DirectMusic-style port and synth.",
        subcommands: [PlayCommand.self, RenderCommand.self],
        defaultSubcommand: nil)
}

/// A failure worth one clear line and a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
