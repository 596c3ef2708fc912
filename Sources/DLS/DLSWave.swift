/// One `LIST wave` of the wave pool: WAVEFORMATEX fields plus the raw `data` bytes.
public struct DLSWave: Sendable, Equatable {
    public var formatTag: UInt16
    public var channels: UInt16
    public var sampleRate: UInt32
    public var averageBytesPerSecond: UInt32
    public var blockAlign: UInt16
    public var bitsPerSample: UInt16
    /// Bytes after WAVEFORMATEX's `cbSize` field (empty for plain PCM); for
    /// WAVE_FORMAT_EXTENSIBLE this holds valid bits, channel mask and the SubFormat GUID.
    public var formatExtension: [UInt8]
    /// Raw `data` bytes as stored (8-bit PCM unsigned, 16-bit PCM signed little-endian, …).
    public var data: [UInt8]
    /// Wave-level `wsmp` (a region's own `wsmp` overrides it).
    public var waveSample: DLSWaveSample?
    public var info: DLSInfo
    public var dlid: [UInt8]?
    /// Chunks of the wave list this reader does not interpret, kept and written back.
    public var unknownChunks: [DLSRawChunk]

    public init(
        formatTag: UInt16 = DLSWave.pcmFormatTag, channels: UInt16 = 1, sampleRate: UInt32,
        averageBytesPerSecond: UInt32, blockAlign: UInt16, bitsPerSample: UInt16,
        formatExtension: [UInt8] = [], data: [UInt8], waveSample: DLSWaveSample? = nil,
        info: DLSInfo = DLSInfo(), dlid: [UInt8]? = nil, unknownChunks: [DLSRawChunk] = []
    ) {
        self.formatTag = formatTag
        self.channels = channels
        self.sampleRate = sampleRate
        self.averageBytesPerSecond = averageBytesPerSecond
        self.blockAlign = blockAlign
        self.bitsPerSample = bitsPerSample
        self.formatExtension = formatExtension
        self.data = data
        self.waveSample = waveSample
        self.info = info
        self.dlid = dlid
        self.unknownChunks = unknownChunks
    }

    /// A mono PCM wave with the derived fields (block align, byte rate) filled in.
    public static func pcm(
        sampleRate: UInt32, bitsPerSample: UInt16, data: [UInt8], waveSample: DLSWaveSample? = nil,
        name: String? = nil
    ) -> DLSWave {
        let blockAlign = UInt16((Int(bitsPerSample) + 7) / 8)
        return DLSWave(
            sampleRate: sampleRate, averageBytesPerSecond: sampleRate &* UInt32(blockAlign),
            blockAlign: blockAlign, bitsPerSample: bitsPerSample, data: data, waveSample: waveSample,
            info: name.map { DLSInfo(name: $0) } ?? DLSInfo())
    }

    public static let pcmFormatTag: UInt16 = 0x0001
    public static let ieeeFloatFormatTag: UInt16 = 0x0003
    public static let extensibleFormatTag: UInt16 = 0xFFFE

    /// The format tag that says how `data` is coded: for WAVE_FORMAT_EXTENSIBLE, the first
    /// two bytes of the SubFormat GUID, else `formatTag`.
    public var effectiveFormatTag: UInt16 {
        guard formatTag == Self.extensibleFormatTag, formatExtension.count >= 8 else { return formatTag }
        return formatExtension.le16(6)
    }

    /// Whole frames in `data` (0 if `blockAlign` is 0).
    public var frameCount: Int { blockAlign == 0 ? 0 : data.count / Int(blockAlign) }
}
