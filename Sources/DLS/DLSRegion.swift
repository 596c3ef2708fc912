/// One `LIST rgn ` / `LIST rgn2`: a key and velocity range that plays one wave.
public struct DLSRegion: Sendable, Equatable {
    public var keyLow: UInt16
    public var keyHigh: UInt16
    public var velocityLow: UInt16
    public var velocityHigh: UInt16
    /// `fusOptions`; see `selfNonExclusiveFlag`.
    public var options: UInt16
    /// 0 = none, 1–15 = exclusive key group.
    public var keyGroup: UInt16
    /// Editor-only layer from a 14-byte `rgnh`; 0 otherwise.
    public var layer: UInt16
    /// Region-level `wsmp`; when present it overrides the wave's.
    public var waveSample: DLSWaveSample?
    /// After reading, `waveLink.tableIndex` is a position in `DLSCollection.waves`.
    public var waveLink: DLSWaveLink
    /// Region `lart`/`lar2` contents, one entry per `art1`/`art2` chunk, in file order.
    public var articulations: [DLSArticulation]
    /// The region came from (and is written as) `LIST rgn2` rather than `LIST rgn `.
    public var isDLS2Region: Bool
    /// Region `LIST INFO` (rare, but allowed).
    public var info: DLSInfo
    /// Chunks of the region list this reader does not interpret (vendor data), kept in file
    /// order and written back unchanged.
    public var unknownChunks: [DLSRawChunk]

    public init(
        keyLow: UInt16 = 0, keyHigh: UInt16 = 127, velocityLow: UInt16 = 0, velocityHigh: UInt16 = 127,
        options: UInt16 = 0, keyGroup: UInt16 = 0, layer: UInt16 = 0, waveSample: DLSWaveSample? = nil,
        waveLink: DLSWaveLink = DLSWaveLink(), articulations: [DLSArticulation] = [], isDLS2Region: Bool = false,
        info: DLSInfo = DLSInfo(), unknownChunks: [DLSRawChunk] = []
    ) {
        self.keyLow = keyLow
        self.keyHigh = keyHigh
        self.velocityLow = velocityLow
        self.velocityHigh = velocityHigh
        self.options = options
        self.keyGroup = keyGroup
        self.layer = layer
        self.waveSample = waveSample
        self.waveLink = waveLink
        self.articulations = articulations
        self.isDLS2Region = isDLS2Region
        self.info = info
        self.unknownChunks = unknownChunks
    }

    /// `F_RGN_OPTION_SELFNONEXCLUSIVE`: a repeated note does not cut the previous one.
    public static let selfNonExclusiveFlag: UInt16 = 0x0001
}
