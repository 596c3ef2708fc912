/// One `LIST ins `: a patch at a MIDI bank/program locale with its regions.
public struct DLSInstrument: Sendable, Equatable {
    /// Bank select MSB (CC 0), 0–127.
    public var bankMSB: UInt8
    /// Bank select LSB (CC 32), 0–127.
    public var bankLSB: UInt8
    /// MIDI program, 0–127.
    public var program: UInt8
    /// `F_INSTRUMENT_DRUMS`: the instrument is a drum kit.
    public var isDrum: Bool
    public var regions: [DLSRegion]
    /// Instrument-level (global) `lart`/`lar2` contents, one entry per `art1`/`art2` chunk, in file order.
    public var articulations: [DLSArticulation]
    public var info: DLSInfo
    public var dlid: [UInt8]?
    /// Chunks of the instrument list this reader does not interpret, kept and written back.
    public var unknownChunks: [DLSRawChunk]

    public init(
        bankMSB: UInt8 = 0, bankLSB: UInt8 = 0, program: UInt8 = 0, isDrum: Bool = false,
        regions: [DLSRegion] = [], articulations: [DLSArticulation] = [], info: DLSInfo = DLSInfo(),
        dlid: [UInt8]? = nil, unknownChunks: [DLSRawChunk] = []
    ) {
        self.bankMSB = bankMSB
        self.bankLSB = bankLSB
        self.program = program
        self.isDrum = isDrum
        self.regions = regions
        self.articulations = articulations
        self.info = info
        self.dlid = dlid
        self.unknownChunks = unknownChunks
    }

    /// `F_INSTRUMENT_DRUMS` in `insh.ulBank`.
    public static let drumBankFlag: UInt32 = 0x8000_0000

    /// The `insh.ulBank` field: `MSB << 8 | LSB`, plus bit 31 for drum kits.
    public var bankField: UInt32 {
        UInt32(bankMSB & 0x7F) << 8 | UInt32(bankLSB & 0x7F) | (isDrum ? Self.drumBankFlag : 0)
    }
}
