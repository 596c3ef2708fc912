/// Bounds-checked big-endian reads on the input. Callers check the range first; these return
/// nil instead of trapping when it is not there.
extension Array where Element == UInt8 {
    @inline(__always)
    func bigEndianUInt16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= count - 2 else { return nil }
        return UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inline(__always)
    func bigEndianUInt32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        return UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16
            | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    /// True when the four bytes at `offset` spell `tag` (ASCII).
    func hasTag(_ tag: StaticString, at offset: Int) -> Bool {
        guard offset >= 0, offset <= count - 4, tag.utf8CodeUnitCount == 4 else { return false }
        let t = tag.utf8Start
        return self[offset] == t[0] && self[offset + 1] == t[1]
            && self[offset + 2] == t[2] && self[offset + 3] == t[3]
    }

    /// True when the four bytes at `offset` spell `tag` ignoring ASCII case.
    func hasTagIgnoringCase(_ tag: StaticString, at offset: Int) -> Bool {
        guard offset >= 0, offset <= count - 4, tag.utf8CodeUnitCount == 4 else { return false }
        let t = tag.utf8Start
        for i in 0..<4 where self[offset + i] | 0x20 != t[i] | 0x20 { return false }
        return true
    }

    /// First offset in `from..<min(to, count - 3)` where `tag` starts, or nil.
    func firstOffset(ofTag tag: StaticString, from: Int, to: Int) -> Int? {
        var i = Swift.max(0, from)
        let last = Swift.min(to, count - 3)
        while i < last {
            if hasTag(tag, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Four printable ASCII bytes at `offset` (what an unknown but honest chunk type looks like).
    func hasPrintableTag(at offset: Int) -> Bool {
        guard offset >= 0, offset <= count - 4 else { return false }
        for i in 0..<4 where !(0x20...0x7E).contains(self[offset + i]) { return false }
        return true
    }

    /// Up to four bytes at `offset` as text for messages ("MThd", or hex for non-ASCII bytes).
    func tagDescription(at offset: Int) -> String {
        let end = Swift.min(offset + 4, count)
        guard offset >= 0, offset < end else { return "(nothing)" }
        let slice = self[offset..<end]
        if slice.allSatisfy({ (0x20...0x7E).contains($0) }) {
            return "\"" + String(decoding: slice, as: UTF8.self) + "\""
        }
        return slice.map { hexByte($0) }.joined(separator: " ")
    }
}

/// "0x0A"-style rendering of a byte, for messages.
func hexByte(_ b: UInt8) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
    return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0x0F)])
}
