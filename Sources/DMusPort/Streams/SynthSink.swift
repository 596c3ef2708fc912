/// ISynthSinkDMus: the wave-sink side of a software-synth stream. The port's wave sink calls
/// `render` and `syncToMaster` each period on its own thread; the miniport keeps the
/// sample-clock ↔ master-clock mapping (`sampleToRefTime`, `refTimeToSample`).
public protocol SynthSink: MXF {
    /// Render: mixes `frames` frames of interleaved Float32 (channels from the port parameters)
    /// into `buffer`, which the port zeroed. `position` is the stream frame of the first frame;
    /// calls are contiguous. Units are frames (the DDI text says bytes; the in-box synth used
    /// frames, reference §7.4). Real-time: no allocation, lock, or blocking.
    func render(_ buffer: UnsafeMutablePointer<Float>, frames: Int, position: Int64)
    /// SyncToMaster: `start` restarts the sample clock at frame 0 "at" `refTime`.
    func syncToMaster(_ refTime: ReferenceTime100ns, start: Bool)
    func sampleToRefTime(_ frame: Int64) -> ReferenceTime100ns
    func refTimeToSample(_ refTime: ReferenceTime100ns) -> Int64
}

/// The stream object a synth miniport returns from `newStream`: it is both the MIDI render
/// stream (IMXF) and the wave sink (ISynthSinkDMus), as in ddksynth, and it owns the stream's
/// DLS downloads (KSPROPERTY_SYNTH_DLS_DOWNLOAD / UNLOAD are per pin instance).
public protocol SynthStream: SynthSink {
    /// KSPROPERTY_SYNTH_DLS_DOWNLOAD, carried in allocator buffers: `chain` holds one buffer
    /// per event (INCOMPLETE on every event but the last of a download). Client thread only;
    /// the caller returns the chain to the allocator afterwards.
    func download(_ chain: EventIndex) throws(DownloadError) -> DownloadResult
    /// KSPROPERTY_SYNTH_DLS_UNLOAD. Client thread only. The object stops being found at once;
    /// its memory is freed once no voice uses it.
    func unload(_ handle: DownloadHandle) throws(DownloadError)
    /// Unload with a completion (the user-mode synth's free callback; STATUS_PENDING in the
    /// kernel): `completion` runs on the port's service thread after the synth has freed the
    /// object, which for something a voice still plays is after that voice ends.
    func unload(_ handle: DownloadHandle, completion: UnloadCompletion?) throws(DownloadError)
    /// The port hands its stream the notifier of the service group it registered for it
    /// (IPortDMus::Notify with the miniport's group), before anything is rendered.
    func attachService(_ notifier: ServiceNotifier)
    /// IMiniportDMus::Service for this stream: runs on the port's service thread when the
    /// stream notified its group (frees retired downloads, delivers unload completions).
    func service()
    /// KSPROPERTY_SYNTH_RUNNINGSTATS / DMUS_SYNTHSTATS (approximate while rendering).
    func statistics() -> SynthStatistics
    /// How far ahead (100 ns) of presentation time events should be handed over.
    var schedulePreFetch100ns: Int64 { get }

    // Pin-instance properties (reference §9.1–9.2); see `PortDMus.getProperty`.
    /// KSPROPERTY_SYNTH_VOLUME and _VOLUMEBOOST, 1/100 dB each; the effective gain is their sum.
    func setVolume(_ hundredthsOfDB: Int, boost: Int) throws(PortError)
    /// KSPROPERTY_SYNTH_VOICEPRIORITY: the DAUD priority of one channel (group 1…n, channel 0…15).
    func voicePriority(group: Int, channel: Int) throws(PortError) -> UInt32
    /// Sets one channel's priority; group 0 sets that channel in every group.
    func setVoicePriority(_ priority: UInt32, group: Int, channel: Int) throws(PortError)
    /// Moves a whole channel group to a DAUD group level (the high nibble), keeping each
    /// channel's offset; group 0 means every group.
    func setChannelGroupPriority(_ level: UInt32, group: Int) throws(PortError)
    /// KSPROPERTY_SYNTH_LATENCYCLOCK: the reference time of the end of what is rendered.
    func latencyClock() -> ReferenceTime100ns
    /// KSPROPERTY_SYNTH_DLS_APPEND: padding (frames) the client must append to each wave.
    var dlsAppendFrames: Int { get }
}

/// Runs on the port's service thread once the synth freed an unloaded object.
public typealias UnloadCompletion = @Sendable (DownloadHandle) -> Void

/// Defaults for streams that keep nothing back (test doubles, simple miniports): unload
/// completes at once, and the optional properties are not supported.
public extension SynthStream {
    func unload(_ handle: DownloadHandle, completion: UnloadCompletion?) throws(DownloadError) {
        try unload(handle)
        completion?(handle)
    }
    func attachService(_ notifier: ServiceNotifier) {}
    func service() {}
    func setVolume(_ hundredthsOfDB: Int, boost: Int) throws(PortError) {
        throw PortError("STATUS_INVALID_DEVICE_REQUEST: this stream has no volume property")
    }
    func voicePriority(group: Int, channel: Int) throws(PortError) -> UInt32 {
        throw PortError("STATUS_INVALID_DEVICE_REQUEST: this stream has no voice priorities")
    }
    func setVoicePriority(_ priority: UInt32, group: Int, channel: Int) throws(PortError) {
        throw PortError("STATUS_INVALID_DEVICE_REQUEST: this stream has no voice priorities")
    }
    func setChannelGroupPriority(_ level: UInt32, group: Int) throws(PortError) {
        throw PortError("STATUS_INVALID_DEVICE_REQUEST: this stream has no voice priorities")
    }
    func latencyClock() -> ReferenceTime100ns { sampleToRefTime(statistics().framesRendered) }
    var dlsAppendFrames: Int { 0 }
}

/// DMUS_STREAM_TYPE.
public enum StreamType: Sendable {
    case midiRender, midiCapture, waveSink
}

/// IMiniportDMus.
public protocol MiniportDMus: AnyObject {
    /// SYNTHCAPS.
    var caps: SynthCaps { get }
    /// KSPROPERTY_SYNTH_PORTPARAMETERS: what the miniport would grant for `request` (over-limit
    /// values clamped, unsupported ones replaced, unset ones defaulted). A default that follows
    /// `caps` is provided.
    func grant(_ request: PortParameterRequest) -> PortParameters
    /// NewStream. A synth returns one object for the MIDI render pin and the wave sink.
    func newStream(type: StreamType, parameters: PortParameters, allocator: AllocatorMXF,
                   clock: any MasterClock) throws(PortError) -> any SynthStream
}

/// SYNTHCAPS (the parts a user-space synth can answer meaningfully).
public struct SynthCaps: Sendable, Equatable {
    public var description: String
    public var maxVoices: Int
    public var maxChannelGroups: Int
    public var maxAudioChannels: Int
    /// MemorySize: bytes of sample memory (`SynthCaps.systemMemory` = effectively unlimited).
    public var sampleMemoryBytes: Int
    public var supportsDLS1: Bool
    public var supportsDLS2: Bool
    /// EffectFlags: the SYNTH_EFFECT_* the synth can run.
    public var effects: SynthEffects
    /// Output sample rates the synth can render (not a SYNTHCAPS field; the user-mode synth
    /// clamps DMUS_PORTPARAMS.dwSampleRate to its range).
    public var sampleRates: ClosedRange<Int>
    /// The SYNTH_PC_* Flags word: DLS, DLS2, SOFTWARESYNTH, REVERB as they apply.
    public var flags: UInt32 {
        var f: UInt32 = SynthCaps.flagSoftwareSynth
        if supportsDLS1 { f |= SynthCaps.flagDLS }
        if supportsDLS2 { f |= SynthCaps.flagDLS2 }
        if effects.contains(.reverb) { f |= SynthCaps.flagReverb }
        return f
    }
    public static let flagDLS: UInt32 = 0x1, flagExternal: UInt32 = 0x2, flagSoftwareSynth: UInt32 = 0x4
    public static let flagMemorySizeFixed: UInt32 = 0x8, flagDLS2: UInt32 = 0x200, flagReverb: UInt32 = 0x4000_0000
    /// SYNTH_PC_SYSTEMMEMORY as a MemorySize value.
    public static let systemMemory = 0x7FFF_FFFF

    public init(description: String, maxVoices: Int, maxChannelGroups: Int, maxAudioChannels: Int,
                sampleMemoryBytes: Int, supportsDLS1: Bool = true, supportsDLS2: Bool = true,
                effects: SynthEffects = [], sampleRates: ClosedRange<Int> = 8000...192_000) {
        self.description = description; self.maxVoices = maxVoices; self.maxChannelGroups = maxChannelGroups
        self.maxAudioChannels = maxAudioChannels; self.sampleMemoryBytes = sampleMemoryBytes
        self.supportsDLS1 = supportsDLS1; self.supportsDLS2 = supportsDLS2
        self.effects = effects; self.sampleRates = sampleRates
    }
}

/// SYNTH_EFFECT_* / DMUS_EFFECT_*.
public struct SynthEffects: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let reverb = SynthEffects(rawValue: 0x1)
    public static let chorus = SynthEffects(rawValue: 0x2)
    public static let delay = SynthEffects(rawValue: 0x4)
}

/// SYNTH_PORTPARAMS / DMUS_PORTPARAMS: what a stream is opened with.
public struct PortParameters: Sendable, Equatable {
    public var sampleRate: Int
    public var audioChannels: Int
    public var voices: Int
    /// 1-based groups 1…channelGroups exist; group 0 in an event means "all groups".
    public var channelGroups: Int
    /// The largest `frames` a single `render` call may ask for.
    public var maxFramesPerRender: Int
    /// Limit on downloaded sample data (bytes of the synth's own sample format).
    public var sampleMemoryBytes: Int
    /// EffectsFlags: the send effects the stream runs (a synth runs only those it supports).
    public var effects: SynthEffects

    public init(sampleRate: Int = 48_000, audioChannels: Int = 2, voices: Int = 256, channelGroups: Int = 16,
                maxFramesPerRender: Int = 4096, sampleMemoryBytes: Int = 512 << 20,
                effects: SynthEffects = [.reverb, .chorus]) {
        self.sampleRate = sampleRate; self.audioChannels = audioChannels; self.voices = voices
        self.channelGroups = channelGroups; self.maxFramesPerRender = maxFramesPerRender
        self.sampleMemoryBytes = sampleMemoryBytes; self.effects = effects
    }
}

/// DMUS_SYNTHSTATS plus what DMus adds.
public struct SynthStatistics: Sendable, Equatable {
    public var voicesPlaying = 0
    public var peakVoices = 0
    public var lostNotes = 0
    public var lateEvents = 0
    public var droppedEvents = 0
    public var missingInstruments = 0
    public var freeSampleMemoryBytes = 0
    public var framesRendered: Int64 = 0
    /// Peak absolute sample value of the output so far.
    public var peakLevel: Float = 0
    /// Time spent in the synth's render since the stream entered RUN, as a share of the audio
    /// time rendered (SYNTH_STATS TotalCPU / 10,000): 0.05 means 5 % of one core.
    public var cpuShare: Double = 0
    public init() {}
}
