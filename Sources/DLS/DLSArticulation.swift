/// One `art1` or `art2` chunk: a list of connection blocks.
public struct DLSArticulation: Sendable, Equatable {
    /// `art2` (bit-field transforms) rather than `art1`; decides `lar2` vs `lart` when writing.
    public var isDLS2: Bool
    public var connections: [DLSConnection]

    public init(isDLS2: Bool = true, connections: [DLSConnection] = []) {
        self.isDLS2 = isDLS2
        self.connections = connections
    }
}

/// A 12-byte CONNECTION block: source × control × scale → destination.
public struct DLSConnection: Sendable, Equatable {
    public var source: UInt16
    public var control: UInt16
    public var destination: UInt16
    public var transform: UInt16
    /// `lScale`, 16.16 fixed point in the destination's units.
    public var scale: Int32

    public init(source: UInt16, control: UInt16 = 0, destination: UInt16, transform: UInt16 = 0, scale: Int32) {
        self.source = source
        self.control = control
        self.destination = destination
        self.transform = transform
        self.scale = scale
    }

    /// Size of one block on disk.
    static let byteCount = 12
}
