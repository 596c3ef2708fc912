/// A chunk kept as bytes because the reader does not interpret it (vendor chunks such as
/// Crystal's `crs1`, MobileBAE's `pgal`, DirectMusic's `guid`, or lists nobody defined).
public struct DLSRawChunk: Sendable, Equatable {
    /// The four-character id (`LIST` for a list, whose type is then the first 4 payload bytes).
    public var id: String
    /// The payload as read (without the 8-byte header and pad byte).
    public var payload: [UInt8]

    public init(id: String, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }
}
