/// A file that cannot be read as DLS (or RMID): names the file, the chunk path, the byte
/// offset and what was wrong, so a user can find the damage with a hex editor.
public struct DLSError: Error, Sendable, CustomStringConvertible {
    /// The file the bytes came from (whatever the caller passed as `name`).
    public var name: String
    /// File offset of the offending chunk header or field.
    public var offset: Int
    /// Chunk path from the top level, e.g. `LIST lins > LIST ins  > LIST lrgn > LIST rgn2 > wsmp`.
    public var chunkPath: String
    public var message: String

    public init(name: String, offset: Int, chunkPath: String, message: String) {
        self.name = name
        self.offset = offset
        self.chunkPath = chunkPath
        self.message = message
    }

    public var description: String {
        let place = chunkPath.isEmpty ? "" : "\(chunkPath), "
        return "\(name): \(place)byte \(offset) (0x\(String(offset, radix: 16))): \(message)"
    }
}

/// Damage the reader worked around (a wrong size, a missing pad byte, a bad pool table...).
public struct DLSWarning: Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var chunkPath: String
    public var message: String

    public init(offset: Int, chunkPath: String = "", message: String) {
        self.offset = offset
        self.chunkPath = chunkPath
        self.message = message
    }

    public var description: String {
        let place = chunkPath.isEmpty ? "" : "\(chunkPath), "
        return "\(place)byte \(offset) (0x\(String(offset, radix: 16))): \(message)"
    }
}
