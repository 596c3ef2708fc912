/// SMF variable-length quantities: 7 bits per byte, most significant first, high bit = "more".
/// At most 4 bytes, so the largest value is 0x0FFFFFFF.
public enum VariableLengthQuantity {
    public static let maxValue: UInt32 = 0x0FFF_FFFF
    public static let maxByteCount = 4

    public enum ReadResult: Sendable, Equatable {
        /// The value and how many bytes it took.
        case value(UInt32, byteCount: Int)
        /// The input ended before the last byte (one with the high bit clear).
        case truncated
        /// Four bytes all had the continuation bit set.
        case tooLong
    }

    /// Reads a quantity starting at `offset`, never past `end` (exclusive).
    public static func read(_ bytes: [UInt8], at offset: Int, end: Int) -> ReadResult {
        let limit = min(end, bytes.count)
        var value: UInt32 = 0
        var i = offset
        while i < limit {
            let b = bytes[i]
            value = value << 7 | UInt32(b & 0x7F)
            i += 1
            if b & 0x80 == 0 { return .value(value, byteCount: i - offset) }
            if i - offset == maxByteCount { return .tooLong }
        }
        return .truncated
    }

    /// Appends the encoding of `value` (which must be ≤ `maxValue`; larger values are clamped).
    public static func append(_ value: UInt32, to out: inout [UInt8]) {
        let v = min(value, maxValue)
        if v >= 1 << 21 { out.append(UInt8(truncatingIfNeeded: v >> 21) | 0x80) }
        if v >= 1 << 14 { out.append(UInt8(truncatingIfNeeded: v >> 14) & 0x7F | 0x80) }
        if v >= 1 << 7 { out.append(UInt8(truncatingIfNeeded: v >> 7) & 0x7F | 0x80) }
        out.append(UInt8(truncatingIfNeeded: v) & 0x7F)
    }

    /// The encoding of `value` as bytes.
    public static func encode(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }
}
