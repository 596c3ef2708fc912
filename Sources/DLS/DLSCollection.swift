/// A DLS Level 1/2 collection as stored in the file: instruments, the wave pool and metadata.
/// Wave links in regions are already resolved to positions in `waves`.
public struct DLSCollection: Sendable, Equatable {
    /// `vers` chunk, if the file has one.
    public var version: DLSVersion?
    /// `dlid` of the collection: 16 bytes (a GUID) if present.
    public var dlid: [UInt8]?
    public var instruments: [DLSInstrument]
    /// The wave pool in file order; `DLSWaveLink.tableIndex` indexes this array.
    public var waves: [DLSWave]
    /// Collection `LIST INFO`.
    public var info: DLSInfo
    /// Top-level chunks this reader does not interpret (`msyn`, `pgal`, `crs1`, …), kept in
    /// file order and written back unchanged.
    public var unknownChunks: [DLSRawChunk]

    public init(
        version: DLSVersion? = nil, dlid: [UInt8]? = nil, instruments: [DLSInstrument] = [],
        waves: [DLSWave] = [], info: DLSInfo = DLSInfo(), unknownChunks: [DLSRawChunk] = []
    ) {
        self.version = version
        self.dlid = dlid
        self.instruments = instruments
        self.waves = waves
        self.info = info
        self.unknownChunks = unknownChunks
    }
}
