/// Appends little-endian integers to a byte array (client side: allocates freely).
struct LittleEndianWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func i16(_ v: Int16) { u16(UInt16(bitPattern: v)) }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func zeros(_ n: Int) { bytes.append(contentsOf: repeatElement(0, count: n)) }
    mutating func patch32(at offset: Int, _ v: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: v >> UInt32(8 * i)) }
    }
}

/// Bounds-checked little-endian reads from a download buffer; every failure names the offset.
struct LittleEndianReader {
    let bytes: UnsafeRawBufferPointer
    let limit: Int

    func check(_ offset: Int, _ count: Int, _ what: String) throws(DownloadError) {
        guard offset >= 0, count >= 0, offset <= limit - count else {
            throw DownloadError(.badOffsetTable, offset: offset, "\(what) (\(count) bytes) runs past the end of the \(limit)-byte buffer")
        }
    }
    func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
    func u32(_ o: Int) -> UInt32 {
        UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
    }
    func i16(_ o: Int) -> Int16 { Int16(bitPattern: u16(o)) }
    func i32(_ o: Int) -> Int32 { Int32(bitPattern: u32(o)) }
}
