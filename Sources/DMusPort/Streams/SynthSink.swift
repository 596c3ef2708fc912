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
    /// KSPROPERTY_SYNTH_DLS_UNLOAD. Client thread only.
    func unload(_ handle: DownloadHandle) throws(DownloadError)
    /// KSPROPERTY_SYNTH_RUNNINGSTATS / DMUS_SYNTHSTATS (approximate while rendering).
    func statistics() -> SynthStatistics
    /// How far ahead (100 ns) of presentation time events should be handed over.
    var schedulePreFetch100ns: Int64 { get }
}

/// DMUS_STREAM_TYPE.
public enum StreamType: Sendable {
    case midiRender, midiCapture, waveSink
}

/// IMiniportDMus.
public protocol MiniportDMus: AnyObject {
    /// SYNTHCAPS.
    var caps: SynthCaps { get }
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
    public var sampleMemoryBytes: Int
    public var supportsDLS1: Bool
    public var supportsDLS2: Bool
    public init(description: String, maxVoices: Int, maxChannelGroups: Int, maxAudioChannels: Int,
                sampleMemoryBytes: Int, supportsDLS1: Bool = true, supportsDLS2: Bool = true) {
        self.description = description; self.maxVoices = maxVoices; self.maxChannelGroups = maxChannelGroups
        self.maxAudioChannels = maxAudioChannels; self.sampleMemoryBytes = sampleMemoryBytes
        self.supportsDLS1 = supportsDLS1; self.supportsDLS2 = supportsDLS2
    }
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

    public init(sampleRate: Int = 48_000, audioChannels: Int = 2, voices: Int = 256, channelGroups: Int = 16,
                maxFramesPerRender: Int = 4096, sampleMemoryBytes: Int = 512 << 20) {
        self.sampleRate = sampleRate; self.audioChannels = audioChannels; self.voices = voices
        self.channelGroups = channelGroups; self.maxFramesPerRender = maxFramesPerRender
        self.sampleMemoryBytes = sampleMemoryBytes
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
    public init() {}
}
