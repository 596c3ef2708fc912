import DMusPort

/// The DMus miniport: a DLS Level 1/2 wavetable synthesizer (IMiniportDMus). Each
/// `newStream` creates an independent virtual synth — its own channel groups, downloads and
/// voices — that is both the MIDI render stream and the wave sink, as in ddksynth.
public final class DMusSynth: MiniportDMus {
    /// How voices read between sample frames (the CLI's `--interp`).
    public let interpolation: Interpolation

    /// The send effects every stream starts with, and returns to on a GM/GS/XG reset
    /// (GS defaults: Hall 2 and Chorus 3); nil turns an effect off.
    public let reverb: ReverbParameters?
    public let chorus: ChorusParameters?

    /// Threads that mix voices in each render (the wave-sink thread and `threads − 1` helpers;
    /// at most 4). The output is bit-identical whatever the count.
    public let threads: Int
    /// The helpers' scheduling: the wave sink's (SCHED_FIFO for live play, normal for files).
    public let helperScheduling: RealtimeThread.Scheduling

    public init(interpolation: Interpolation = .cubic, reverb: ReverbParameters? = .gsDefault, chorus: ChorusParameters? = .gsDefault,
                threads: Int = 1, helperScheduling: RealtimeThread.Scheduling = .normal) {
        self.helperScheduling = helperScheduling
        self.interpolation = interpolation
        self.threads = max(1, min(threads, VoicePartitions.count))
        self.reverb = reverb
        self.chorus = chorus
    }

    public var caps: SynthCaps {
        SynthCaps(description: "DMus software DLS synthesizer", maxVoices: 4096, maxChannelGroups: 1000,
                  maxAudioChannels: 2, sampleMemoryBytes: 512 << 20, effects: [.reverb, .chorus], sampleRates: 8000...192_000)
    }

    public func newStream(type: StreamType, parameters: PortParameters, allocator: AllocatorMXF,
                          clock: any MasterClock) throws(PortError) -> any SynthStream {
        guard type == .midiRender || type == .waveSink else {
            throw PortError("STATUS_INVALID_DEVICE_REQUEST: a software synth has no capture stream")
        }
        guard parameters.audioChannels == 2 else { throw PortError("DMusSynth renders stereo; asked for \(parameters.audioChannels) channels") }
        guard parameters.sampleRate >= 8000, parameters.sampleRate <= 192_000 else {
            throw PortError("sample rate \(parameters.sampleRate) Hz is outside 8000…192000")
        }
        guard parameters.voices >= 1, parameters.voices <= caps.maxVoices else {
            throw PortError("voices must be 1…\(caps.maxVoices), not \(parameters.voices)")
        }
        // EffectsFlags select which of the miniport's send effects this stream runs.
        return SynthRenderStream(parameters: parameters, allocator: allocator, clock: clock, interpolation: interpolation,
                                 reverb: parameters.effects.contains(.reverb) ? reverb : nil,
                                 chorus: parameters.effects.contains(.chorus) ? chorus : nil,
                                 threads: threads, helperScheduling: helperScheduling)
    }
}
