/// What this synthesizer answers to the DLSID queries of `cdl ` chunks (DLS2 §1.12 of
/// dls-synthesis.md). The defaults describe a software DLS1+DLS2 synth with no built-in GM set.
public struct DLSDeviceQueries: Sendable, Equatable {
    public var gmInHardware: Bool = false
    public var gsInHardware: Bool = false
    public var xgInHardware: Bool = false
    public var supportsDLS1: Bool = true
    public var supportsDLS2: Bool = true
    public var sampleMemoryBytes: UInt32 = 0x7FFF_FFFF
    public var manufacturerID: UInt32 = 0
    public var productID: UInt32 = 0
    public var samplePlaybackRateHz: UInt32 = 44_100

    public init() {}

    /// The value for a 16-byte DLSID as stored in the file, or nil if the ID is unknown.
    func value(forID id: ArraySlice<UInt8>) -> UInt32? {
        func flag(_ b: Bool) -> UInt32 { b ? 0xFFFF_FFFF : 0 }
        if id.elementsEqual(Self.gmInHardwareID) { return flag(gmInHardware) }
        if id.elementsEqual(Self.gsInHardwareID) { return flag(gsInHardware) }
        if id.elementsEqual(Self.xgInHardwareID) { return flag(xgInHardware) }
        if id.elementsEqual(Self.supportsDLS1ID) { return flag(supportsDLS1) }
        if id.elementsEqual(Self.supportsDLS2ID) { return flag(supportsDLS2) }
        if id.elementsEqual(Self.sampleMemorySizeID) { return sampleMemoryBytes }
        if id.elementsEqual(Self.manufacturersID) { return manufacturerID }
        if id.elementsEqual(Self.productID) { return productID }
        if id.elementsEqual(Self.samplePlaybackRateID) { return samplePlaybackRateHz }
        return nil
    }

    /// A GUID in its on-disk layout: Data1..Data3 little-endian, then Data4's eight bytes.
    public static func guidBytes(_ d1: UInt32, _ d2: UInt16, _ d3: UInt16, _ d4: [UInt8]) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE32(d1)
        b.appendLE16(d2)
        b.appendLE16(d3)
        return b + d4.prefix(8)
    }

    public static let gmInHardwareID = guidBytes(0x178F_2F24, 0xC364, 0x11D1, [0xA7, 0x60, 0x00, 0x00, 0xF8, 0x75, 0xAC, 0x12])
    public static let gsInHardwareID = guidBytes(0x178F_2F25, 0xC364, 0x11D1, [0xA7, 0x60, 0x00, 0x00, 0xF8, 0x75, 0xAC, 0x12])
    public static let xgInHardwareID = guidBytes(0x178F_2F26, 0xC364, 0x11D1, [0xA7, 0x60, 0x00, 0x00, 0xF8, 0x75, 0xAC, 0x12])
    public static let supportsDLS1ID = guidBytes(0x178F_2F27, 0xC364, 0x11D1, [0xA7, 0x60, 0x00, 0x00, 0xF8, 0x75, 0xAC, 0x12])
    public static let sampleMemorySizeID = guidBytes(0x178F_2F28, 0xC364, 0x11D1, [0xA7, 0x60, 0x00, 0x00, 0xF8, 0x75, 0xAC, 0x12])
    public static let supportsDLS2ID = guidBytes(0xF145_99E5, 0x4689, 0x11D2, [0xAF, 0xA6, 0x00, 0xAA, 0x00, 0x24, 0xD8, 0xB6])
    public static let manufacturersID = guidBytes(0xB03E_1181, 0x8095, 0x11D2, [0xA1, 0xEF, 0x00, 0x60, 0x08, 0x33, 0xDB, 0xD8])
    public static let productID = guidBytes(0xB03E_1182, 0x8095, 0x11D2, [0xA1, 0xEF, 0x00, 0x60, 0x08, 0x33, 0xDB, 0xD8])
    public static let samplePlaybackRateID = guidBytes(0x2A91_F713, 0xA4BF, 0x11D2, [0xBB, 0xDF, 0x00, 0x60, 0x08, 0x33, 0xDB, 0xD8])
}
