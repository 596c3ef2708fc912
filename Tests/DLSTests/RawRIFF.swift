/// Hand-assembled RIFF bytes, for files our writer would never produce (damaged, vendor
/// chunks, `cdl `, odd layouts).
enum RawRIFF {
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func id(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func chunk(_ fourCC: String, _ payload: [UInt8], pad: Bool = true) -> [UInt8] {
        id(fourCC) + le32(UInt32(payload.count)) + payload + (pad && payload.count % 2 == 1 ? [0] : [])
    }

    static func list(_ type: String, _ children: [[UInt8]], id listID: String = "LIST") -> [UInt8] {
        let body = id(type) + children.flatMap { $0 }
        return id(listID) + le32(UInt32(body.count)) + body
    }

    static func rgnh(keys: ClosedRange<UInt16> = 0...127, velocities: ClosedRange<UInt16> = 0...127) -> [UInt8] {
        chunk("rgnh", le16(keys.lowerBound) + le16(keys.upperBound) + le16(velocities.lowerBound) + le16(velocities.upperBound)
              + le16(0) + le16(0))
    }

    static func wlnk(_ tableIndex: UInt32) -> [UInt8] { chunk("wlnk", le16(0) + le16(0) + le32(1) + le32(tableIndex)) }

    static func wsmp(unity: UInt16 = 60, headerSize: UInt32 = 20, declaredLoops: UInt32? = nil,
                     loops: [(start: UInt32, length: UInt32)] = []) -> [UInt8] {
        var p = le32(headerSize) + le16(unity) + le16(0) + le32(0) + le32(0) + le32(declaredLoops ?? UInt32(loops.count))
        p += [UInt8](repeating: 0, count: max(0, Int(headerSize) - 20))
        for l in loops { p += le32(16) + le32(0) + le32(l.start) + le32(l.length) }
        return chunk("wsmp", p)
    }

    /// `art1`/`art2` with `(source, destination, scale)` blocks; `declared` overrides the count field.
    static func art(_ kind: String, _ blocks: [(UInt16, UInt16, Int32)], declared: UInt32? = nil) -> [UInt8] {
        var p = le32(8) + le32(declared ?? UInt32(blocks.count))
        for (s, d, scale) in blocks { p += le16(s) + le16(0) + le16(d) + le16(0) + le32(UInt32(bitPattern: scale)) }
        return chunk(kind, p)
    }

    static func region(_ children: [[UInt8]], kind: String = "rgn2") -> [UInt8] { list(kind, children) }

    static func instrument(program: UInt32 = 0, bank: UInt32 = 0, regionCount: UInt32? = nil, regions: [[UInt8]],
                           extra: [[UInt8]] = []) -> [UInt8] {
        list("ins ", [chunk("insh", le32(regionCount ?? UInt32(regions.count)) + le32(bank) + le32(program)),
                      list("lrgn", regions)] + extra)
    }

    static func fmt(bits: UInt16 = 16, rate: UInt32 = 22_050) -> [UInt8] {
        let align = bits / 8
        return chunk("fmt ", le16(1) + le16(1) + le32(rate) + le32(rate * UInt32(align)) + le16(align) + le16(bits))
    }

    static func wave(_ data: [UInt8], bits: UInt16 = 16, name: String? = nil, padData: Bool = true) -> [UInt8] {
        var kids = [fmt(bits: bits), chunk("data", data, pad: padData)]
        if let name { kids.append(list("INFO", [chunk("INAM", Array(name.utf8) + [0])])) }
        return list("wave", kids)
    }

    /// Offsets of each wave list from the start of the pool's children (what `ptbl` stores).
    static func cues(_ waves: [[UInt8]]) -> [UInt32] {
        var out: [UInt32] = []
        var at = 0
        for w in waves {
            out.append(UInt32(at))
            at += w.count
        }
        return out
    }

    static func ptbl(_ cues: [UInt32], declared: UInt32? = nil) -> [UInt8] {
        chunk("ptbl", le32(8) + le32(declared ?? UInt32(cues.count)) + cues.flatMap { le32($0) })
    }

    /// A whole file; `ptbl` defaults to correct cues, pass `.some(nil)` to leave it out.
    static func dls(instruments: [[UInt8]], waves: [[UInt8]], ptbl table: [UInt8]?? = .none, pool: String = "wvpl",
                    top: [[UInt8]] = []) -> [UInt8] {
        var kids = top + [chunk("colh", le32(UInt32(instruments.count))), list("lins", instruments)]
        switch table {
        case .none: kids.append(ptbl(cues(waves)))
        case .some(let t?): kids.append(t)
        case .some(nil): break
        }
        kids.append(list(pool, waves))
        return list("DLS ", kids, id: "RIFF")
    }

    /// Two 16-bit waves (4 and 3 frames) and one instrument whose one region uses `link`.
    static func simple(link: UInt32 = 0, ptbl table: [UInt8]?? = .none, regionExtra: [[UInt8]] = []) -> (bytes: [UInt8], waves: [[UInt8]]) {
        let waves = [wave([1, 0, 2, 0, 3, 0, 4, 0], name: "first"), wave([9, 0, 8, 0, 7, 0], name: "second")]
        let inst = instrument(regions: [region([rgnh(), wlnk(link)] + regionExtra)])
        return (dls(instruments: [inst], waves: waves, ptbl: table), waves)
    }

    /// File offset of the first occurrence of `pattern`.
    static func find(_ pattern: String, in bytes: [UInt8], from: Int = 0) -> Int? {
        let p = Array(pattern.utf8)
        guard bytes.count >= p.count else { return nil }
        for i in from...(bytes.count - p.count) where bytes[i..<i + p.count].elementsEqual(p) { return i }
        return nil
    }
}
