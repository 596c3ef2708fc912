/// Builds RIFF bytes: chunks get their pad byte, lists get their size patched in when closed.
struct RIFFBuilder {
    private(set) var bytes: [UInt8] = []
    /// Positions of the size fields of lists still open.
    private var openLists: [Int] = []

    init() {}

    mutating func chunk(_ id: FourCC, _ payload: [UInt8]) {
        bytes += id.bytes
        bytes.appendLE32(UInt32(payload.count))
        bytes += payload
        if payload.count & 1 == 1 { bytes.append(0) }
    }

    /// Opens `RIFF`/`LIST` of `type`; close with `endList()`.
    mutating func beginList(_ type: FourCC, id: FourCC = .list) {
        bytes += id.bytes
        openLists.append(bytes.count)
        bytes.appendLE32(0)
        bytes += type.bytes
    }

    mutating func endList() {
        guard let sizeAt = openLists.popLast() else { preconditionFailure("endList without beginList") }
        let size = UInt32(bytes.count - sizeAt - 4)
        bytes[sizeAt] = UInt8(truncatingIfNeeded: size)
        bytes[sizeAt + 1] = UInt8(truncatingIfNeeded: size >> 8)
        bytes[sizeAt + 2] = UInt8(truncatingIfNeeded: size >> 16)
        bytes[sizeAt + 3] = UInt8(truncatingIfNeeded: size >> 24)
    }

    /// Raw bytes that are already whole chunks.
    mutating func append(_ raw: [UInt8]) { bytes += raw }
}
