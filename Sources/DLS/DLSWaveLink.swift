/// A `wlnk` chunk. Once read, `tableIndex` indexes `DLSCollection.waves` (pool order), not
/// the file's `ptbl`; the writer emits an identity `ptbl` so the two agree on disk.
public struct DLSWaveLink: Sendable, Equatable {
    /// `fusOptions`; see `phaseMasterFlag`, `multichannelFlag`.
    public var options: UInt16
    /// 0 = none; regions sharing a non-zero group are phase-locked (stereo pairs).
    public var phaseGroup: UInt16
    /// Output channel mask: bit 0 left/mono, bit 1 right, …
    public var channel: UInt32
    public var tableIndex: UInt32

    public init(options: UInt16 = 0, phaseGroup: UInt16 = 0, channel: UInt32 = DLSWaveLink.leftChannel, tableIndex: UInt32 = 0) {
        self.options = options
        self.phaseGroup = phaseGroup
        self.channel = channel
        self.tableIndex = tableIndex
    }

    public static let phaseMasterFlag: UInt16 = 0x0001
    public static let multichannelFlag: UInt16 = 0x0002
    public static let leftChannel: UInt32 = 0x0001
    public static let rightChannel: UInt32 = 0x0002
}
