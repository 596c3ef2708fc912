/// A RIFF four-character code kept as the little-endian `u32` of its four bytes, so comparing
/// chunk ids is one integer compare.
struct FourCC: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(stringLiteral value: String) {
        let b = Array(value.utf8)
        precondition(b.count == 4, "a FourCC literal has exactly four ASCII characters")
        rawValue = UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    /// From a text id such as an INFO key: characters above U+00FF become `?`, short ids are
    /// padded with spaces and long ones cut, because a chunk id is always four bytes.
    init(text: String) {
        var b: [UInt8] = text.unicodeScalars.prefix(4).map { $0.value <= 0xFF ? UInt8($0.value) : 0x3F }
        while b.count < 4 { b.append(0x20) }
        rawValue = UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue), UInt8(truncatingIfNeeded: rawValue >> 8),
         UInt8(truncatingIfNeeded: rawValue >> 16), UInt8(truncatingIfNeeded: rawValue >> 24)]
    }

    /// Every real chunk id is printable ASCII; anything else means we are reading garbage.
    var isPrintable: Bool { bytes.allSatisfy { (0x20...0x7E).contains($0) } }

    /// The four bytes as Latin-1 text (what INFO keys are stored as).
    var text: String { String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })) }

    var description: String {
        isPrintable ? text : bytes.map { (0x20...0x7E).contains($0) ? String(Unicode.Scalar($0)) : "\\x" + hex2($0) }.joined()
    }

    private func hex2(_ v: UInt8) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    static let riff: FourCC = "RIFF"
    static let list: FourCC = "LIST"
    static let dls: FourCC = "DLS "
    static let rmid: FourCC = "RMID"
    static let data: FourCC = "data"
    static let cdl: FourCC = "cdl "
    static let vers: FourCC = "vers"
    static let dlid: FourCC = "dlid"
    static let colh: FourCC = "colh"
    static let lins: FourCC = "lins"
    static let ins: FourCC = "ins "
    static let insh: FourCC = "insh"
    static let lrgn: FourCC = "lrgn"
    static let rgn: FourCC = "rgn "
    static let rgn2: FourCC = "rgn2"
    static let rgnh: FourCC = "rgnh"
    static let wsmp: FourCC = "wsmp"
    static let wlnk: FourCC = "wlnk"
    static let lart: FourCC = "lart"
    static let lar2: FourCC = "lar2"
    static let art1: FourCC = "art1"
    static let art2: FourCC = "art2"
    static let ptbl: FourCC = "ptbl"
    static let wvpl: FourCC = "wvpl"
    static let dwpl: FourCC = "dwpl"  // non-standard spelling of wvpl seen in the wild
    static let wave: FourCC = "wave"
    static let fmt: FourCC = "fmt "
    static let info: FourCC = "INFO"
    static let inam: FourCC = "INAM"
    static let dbnk: FourCC = "DBNK"
}
