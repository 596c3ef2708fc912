/// SYNTH_PORTPARAMS / DMUS_PORTPARAMS as a request: a nil field is one whose ValidParams bit
/// is clear, which the miniport fills with its default.
public struct PortParameterRequest: Sendable, Equatable {
    public var voices: Int?
    public var channelGroups: Int?
    public var audioChannels: Int?
    public var sampleRate: Int?
    public var effects: SynthEffects?
    /// fShare: DMus streams are never shared, so a request for sharing is always modified.
    public var share: Bool?
    /// DMus additions (not in SYNTH_PORTPARAMS), never modified when given.
    public var maxFramesPerRender: Int?
    public var sampleMemoryBytes: Int?

    public init(voices: Int? = nil, channelGroups: Int? = nil, audioChannels: Int? = nil, sampleRate: Int? = nil,
                effects: SynthEffects? = nil, share: Bool? = nil, maxFramesPerRender: Int? = nil, sampleMemoryBytes: Int? = nil) {
        self.voices = voices; self.channelGroups = channelGroups; self.audioChannels = audioChannels
        self.sampleRate = sampleRate; self.effects = effects; self.share = share
        self.maxFramesPerRender = maxFramesPerRender; self.sampleMemoryBytes = sampleMemoryBytes
    }
}

/// The answer to KSPROPERTY_SYNTH_PORTPARAMETERS: what was granted, and whether any field the
/// client set was changed (DMUS_PORTPARAMS' S_FALSE, STATUS_NOT_ALL_ASSIGNED in the kernel).
public struct GrantedParameters: Sendable, Equatable {
    public var granted: PortParameters
    public var modified: Bool
    /// The names of the fields that were set and changed ("voices", "channelGroups", …).
    public var modifiedFields: [String]
}

public extension MiniportDMus {
    /// The default grant, as the user-mode Microsoft synth does it: voices and channel groups
    /// clamped to 1…max, the sample rate clamped to `caps.sampleRates`, audio channels forced
    /// to `caps.maxAudioChannels`, effects masked to `caps.effects`, sharing off. Unset fields
    /// take `PortParameters()`'s defaults (within the same limits).
    func grant(_ r: PortParameterRequest) -> PortParameters {
        let c = caps
        let d = PortParameters()
        var p = PortParameters()
        p.voices = min(max(r.voices ?? d.voices, 1), c.maxVoices)
        p.channelGroups = min(max(r.channelGroups ?? d.channelGroups, 1), c.maxChannelGroups)
        p.audioChannels = c.maxAudioChannels
        p.sampleRate = min(max(r.sampleRate ?? d.sampleRate, c.sampleRates.lowerBound), c.sampleRates.upperBound)
        p.effects = (r.effects ?? d.effects).intersection(c.effects)
        p.maxFramesPerRender = max(1, r.maxFramesPerRender ?? d.maxFramesPerRender)
        let memoryLimit = c.sampleMemoryBytes == SynthCaps.systemMemory ? Int.max : c.sampleMemoryBytes
        p.sampleMemoryBytes = min(max(0, r.sampleMemoryBytes ?? min(d.sampleMemoryBytes, memoryLimit)), memoryLimit)
        return p
    }
}

/// The property items a DMus port answers (reference §9.1–9.4), Swift-shaped: one case per
/// KSPROPERTY item, the instance data (if any) as associated values.
public enum PortProperty: Sendable, Equatable {
    /// KSPROPERTY_SYNTH_CAPS (get; filter level, no stream needed).
    case caps
    /// KSPROPERTY_SYNTH_PORTPARAMETERS (get): the parameters the stream was opened with.
    /// Negotiation with a request is `PortDMus.negotiate` / `newStream(requesting:)`.
    case portParameters
    /// KSPROPERTY_SYNTH_CHANNELGROUPS (get; set only to the opened count).
    case channelGroups
    /// KSPROPERTY_SYNTH_VOICEPRIORITY with SYNTHVOICEPRIORITY_INSTANCE (get/set).
    case voicePriority(group: Int, channel: Int)
    /// A whole channel group's DAUD level (set; get answers channel 0's high nibble).
    case channelGroupPriority(group: Int)
    /// KSPROPERTY_SYNTH_VOLUME and _VOLUMEBOOST, 1/100 dB (get/set).
    case volume, volumeBoost
    /// KSPROPERTY_SYNTH_LATENCYCLOCK (get).
    case latencyClock
    /// KSPROPERTY_SYNTH_RUNNINGSTATS (get).
    case runningStats
    /// KSPROPERTY_SYNTHCLOCK_MASTERCLOCK (get; answered by the port).
    case masterClock
    /// KSPROPERTY_SYNTH_DLS_APPEND (get).
    case dlsAppend
    /// KSPROPERTY_SYNTH_DLS_WAVEFORMAT (get).
    case waveFormat
}

/// A property value.
public enum PortPropertyValue: Sendable, Equatable {
    case caps(SynthCaps)
    case parameters(PortParameters)
    case count(Int)
    case priority(UInt32)
    case level(Int)
    case time(ReferenceTime100ns)
    case statistics(SynthStatistics)
    case waveFormat(WaveFormat)
}

/// KSPROPERTY_TYPE_GET / SET bits, the answer to a BASICSUPPORT request.
public struct PropertyVerbs: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let get = PropertyVerbs(rawValue: 0x1)
    public static let set = PropertyVerbs(rawValue: 0x2)
}

/// DAUD voice priorities (reference §11.1): larger survives stealing longer.
public enum VoicePriority {
    public static let critical: UInt32 = 0xF000_0000
    public static let high: UInt32 = 0xC000_0000
    public static let standard: UInt32 = 0x8000_0000
    public static let low: UInt32 = 0x4000_0000
    public static let persist: UInt32 = 0x1000_0000
    /// DAUD_CHANn_VOICE_PRIORITY_OFFSET for MIDI channel 0…15 (channel 10, index 9, is 0xF).
    public static func channelOffset(_ channel: Int) -> UInt32 {
        channel == 9 ? 0xF : (channel < 9 ? UInt32(14 - channel) : UInt32(15 - channel))
    }
    /// DAUD_CHANn_DEF_VOICE_PRIORITY.
    public static func defaultPriority(channel: Int) -> UInt32 { standard | channelOffset(channel) }
}

extension PortDMus {
    /// KSPROPERTY_SYNTH_PORTPARAMETERS as a query: what the miniport grants for `request`.
    public func negotiate(_ request: PortParameterRequest) -> GrantedParameters {
        let granted = miniport.grant(request)
        var changed: [String] = []
        if let v = request.voices, v != granted.voices { changed.append("voices") }
        if let g = request.channelGroups, g != granted.channelGroups { changed.append("channelGroups") }
        if let a = request.audioChannels, a != granted.audioChannels { changed.append("audioChannels") }
        if let r = request.sampleRate, r != granted.sampleRate { changed.append("sampleRate") }
        if let e = request.effects, e != granted.effects { changed.append("effects") }
        if request.share == true { changed.append("share") }
        if let m = request.sampleMemoryBytes, m != granted.sampleMemoryBytes { changed.append("sampleMemoryBytes") }
        return GrantedParameters(granted: granted, modified: !changed.isEmpty, modifiedFields: changed)
    }

    /// Opens the stream with what the miniport grants for `request` (the PORTPARAMETERS
    /// exchange that follows pin creation). The answer says whether anything was changed.
    @discardableResult
    public func newStream(requesting request: PortParameterRequest) throws(PortError) -> GrantedParameters {
        let answer = negotiate(request)
        try newStream(parameters: answer.granted)
        return answer
    }

    /// BASICSUPPORT: the verbs an item accepts.
    public func supportedVerbs(_ item: PortProperty) -> PropertyVerbs {
        switch item {
        case .caps, .portParameters, .latencyClock, .runningStats, .masterClock, .dlsAppend, .waveFormat: return .get
        case .channelGroups, .voicePriority, .channelGroupPriority, .volume, .volumeBoost: return [.get, .set]
        }
    }

    /// A property GET. Items that target the pin need the stream.
    public func getProperty(_ item: PortProperty) throws(PortError) -> PortPropertyValue {
        if case .caps = item { return .caps(miniport.caps) }
        if case .masterClock = item { return .time(clock.time100ns()) }
        guard let stream else { throw PortError("STATUS_INVALID_DEVICE_REQUEST: no stream (pin) yet") }
        switch item {
        case .caps, .masterClock: fatalError("answered above")
        case .portParameters: return .parameters(parameters)
        case .channelGroups: return .count(parameters.channelGroups)
        case .voicePriority(let group, let channel):
            return .priority(try stream.voicePriority(group: group, channel: channel))
        case .channelGroupPriority(let group):
            return .priority(try stream.voicePriority(group: group, channel: 0) & 0xF000_0000)
        case .volume: return .level(volume)
        case .volumeBoost: return .level(volumeBoost)
        case .latencyClock: return .time(stream.latencyClock())
        case .runningStats: return .statistics(stream.statistics())
        case .dlsAppend: return .count(stream.dlsAppendFrames)
        case .waveFormat: return .waveFormat(waveFormat)
        }
    }

    /// A property SET.
    public func setProperty(_ item: PortProperty, _ value: PortPropertyValue) throws(PortError) {
        guard supportedVerbs(item).contains(.set) else {
            throw PortError("STATUS_INVALID_DEVICE_REQUEST: \(item) is read-only")
        }
        guard let stream else { throw PortError("STATUS_INVALID_DEVICE_REQUEST: no stream (pin) yet") }
        switch (item, value) {
        case (.channelGroups, .count(let n)):
            guard n == parameters.channelGroups else {
                throw PortError("STATUS_INVALID_PARAMETER: the stream was opened with \(parameters.channelGroups) channel groups; reopen it for \(n)")
            }
        case (.voicePriority(let group, let channel), .priority(let p)):
            try stream.setVoicePriority(p, group: group, channel: channel)
        case (.channelGroupPriority(let group), .priority(let p)):
            try stream.setChannelGroupPriority(p, group: group)
        case (.volume, .level(let v)):
            try setVolume(v, boost: volumeBoost)
        case (.volumeBoost, .level(let b)):
            try setVolume(volume, boost: b)
        default:
            throw PortError("STATUS_INVALID_PARAMETER: \(value) is not a value for \(item)")
        }
    }

    /// DMUS_VOLUME_MIN…MAX, 1/100 dB.
    public static let volumeRange = -20_000...2_000

    /// Sets KSPROPERTY_SYNTH_VOLUME and _VOLUMEBOOST (each clamped to `volumeRange`); the
    /// stream applies their sum on its render thread.
    public func setVolume(_ hundredthsOfDB: Int, boost: Int) throws(PortError) {
        guard let stream else { throw PortError("STATUS_INVALID_DEVICE_REQUEST: no stream (pin) yet") }
        let v = min(max(hundredthsOfDB, Self.volumeRange.lowerBound), Self.volumeRange.upperBound)
        let b = min(max(boost, Self.volumeRange.lowerBound), Self.volumeRange.upperBound)
        try stream.setVolume(v, boost: b)
        volume = v
        volumeBoost = b
    }

    /// KSPROPERTY_SYNTH_DLS_WAVEFORMAT: the stream's output, interleaved 32-bit float.
    public var waveFormat: WaveFormat {
        let channels = UInt16(parameters.audioChannels)
        return WaveFormat(formatTag: DownloadLayout.waveFormatIEEEFloat, channels: channels,
                          samplesPerSecond: UInt32(parameters.sampleRate), bitsPerSample: 32)
    }
}
