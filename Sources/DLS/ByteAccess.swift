/// Little-endian field reads. Out-of-range reads give 0 instead of trapping: every caller
/// checks the chunk size first, so this is only a last line of defence against a bad check.
extension Array where Element == UInt8 {
    func le16(_ offset: Int) -> UInt16 {
        guard offset >= 0, offset <= count - 2 else { return 0 }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func le32(_ offset: Int) -> UInt32 {
        guard offset >= 0, offset <= count - 4 else { return 0 }
        return UInt32(self[offset]) | UInt32(self[offset + 1]) << 8
            | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }

    func le16s(_ offset: Int) -> Int16 { Int16(bitPattern: le16(offset)) }
    func le32s(_ offset: Int) -> Int32 { Int32(bitPattern: le32(offset)) }

    mutating func appendLE16(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v))
        append(UInt8(truncatingIfNeeded: v >> 8))
    }

    mutating func appendLE32(_ v: UInt32) {
        append(UInt8(truncatingIfNeeded: v))
        append(UInt8(truncatingIfNeeded: v >> 8))
        append(UInt8(truncatingIfNeeded: v >> 16))
        append(UInt8(truncatingIfNeeded: v >> 24))
    }

    mutating func appendLE16s(_ v: Int16) { appendLE16(UInt16(bitPattern: v)) }
    mutating func appendLE32s(_ v: Int32) { appendLE32(UInt32(bitPattern: v)) }
}
