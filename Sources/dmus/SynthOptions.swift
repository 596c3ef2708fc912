import ArgumentParser
import DMusSynth

extension Interpolation: ExpressibleByArgument {}

/// `--reverb MACRO|off` and `--chorus MACRO|off`.
struct EffectChoice<Macro: Sendable>: ExpressibleByArgument, Sendable {
    var macro: Macro?
    init?(argument: String) {
        if argument.lowercased() == "off" { macro = nil; return }
        if let m = EffectChoice.parse(argument) { macro = m } else { return nil }
    }
    init(_ m: Macro?) { macro = m }
    static func parse(_ s: String) -> Macro? {
        if Macro.self == GSReverbMacro.self { return GSReverbMacro(name: s) as? Macro }
        if Macro.self == GSChorusMacro.self { return GSChorusMacro(name: s) as? Macro }
        return nil
    }
}

/// Options shared by `play` and `render`.
struct SynthOptions: ParsableArguments {
    @Option(name: .customLong("dls"), help: ArgumentHelp("A DLS collection to download (repeatable; later ones override earlier ones).", valueName: "BANK"))
    var collections: [String] = []

    @Flag(name: .customLong("no-default"), help: "Do not download the embedded default collection underneath.")
    var noDefault = false

    @Option(help: "Output sample rate in Hz.")
    var rate: Int = 48_000

    @Option(help: "Maximum simultaneous voices.")
    var voices: Int = 256

    @Option(name: .customLong("channel-groups"), help: "Channel groups (16 MIDI channels each).")
    var channelGroups: Int = 16

    @Option(name: .customLong("interp"), help: "Sample interpolation: linear, cubic (4-point, default) or sinc (8-point, best).")
    var interpolation: Interpolation = .cubic

    @Option(help: "Threads mixing voices, 1…4 (the output is bit-identical for every count; 2 uses both cores here).")
    var threads: Int = 1

    @Option(help: "Reverb: room1, room2, room3, hall1, hall2 (default), plate, delay, panning-delay, or off.")
    var reverb: EffectChoice<GSReverbMacro> = EffectChoice(.hall2)

    @Option(help: "Chorus: chorus1…chorus4, chorus3 (default), feedback-chorus, flanger, short-delay, short-delay-feedback, or off.")
    var chorus: EffectChoice<GSChorusMacro> = EffectChoice(.chorus3)

    @Option(help: "Start this many seconds into the song, with programs, controllers, pitch bend and RPNs chased.")
    var start: Double = 0

    @Option(name: .customLong("track-sequence"), help: "For a format 2 file: play only this sequence (0-based track).")
    var trackSequence: Int?

    @Option(name: .customLong("tempo-scale"), help: "Playback speed factor (2 = twice as fast).")
    var tempoScale: Double = 1

    func validate() throws {
        guard rate >= 8000 && rate <= 192_000 else { throw ValidationError("--rate must be 8000…192000") }
        guard voices >= 1 && voices <= 4096 else { throw ValidationError("--voices must be 1…4096") }
        guard threads >= 1 && threads <= 4 else { throw ValidationError("--threads must be 1…4") }
        guard channelGroups >= 1 && channelGroups <= 1000 else { throw ValidationError("--channel-groups must be 1…1000") }
        guard tempoScale > 0.01 && tempoScale < 100 else { throw ValidationError("--tempo-scale must be between 0.01 and 100") }
        guard start >= 0 && start < 86_400 else { throw ValidationError("--start must be 0…86400 seconds") }
    }
}
