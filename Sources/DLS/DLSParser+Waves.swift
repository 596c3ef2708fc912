/// The wave pool: `LIST wvpl` → `LIST wave` → `fmt `, `data`, `wsmp`.
extension DLSParser {
    /// The waves in pool order and, for each, its `ptbl`-style offset (from the first byte
    /// after the `wvpl` list type to the wave's `LIST` header).
    mutating func readWavePool(_ pool: RIFFChunk, path: String) throws(DLSError) -> (waves: [DLSWave], offsets: [Int]) {
        let base = pool.childRange.lowerBound
        var waves: [DLSWave] = []
        var offsets: [Int] = []
        for c in try activeChildren(of: pool, path: path, depth: 2) where c.isList(.wave) {
            waves.append(try readWave(c, path: path.appendingChunk(c.label), depth: 3))
            offsets.append(c.offset - base)
        }
        return (waves, offsets)
    }

    mutating func readWave(_ list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> DLSWave {
        var format: RIFFChunk?, data: RIFFChunk?
        var waveSample: DLSWaveSample?
        var info = DLSInfo()
        var dlid: [UInt8]?
        for c in try activeChildren(of: list, path: path, depth: depth) {
            let childPath = path.appendingChunk(c.label)
            switch c.id {
            case .fmt: if format == nil { format = c }
            case .data: if data == nil { data = c }
            case .wsmp: if waveSample == nil { waveSample = try readWaveSample(c, path: childPath) }
            case .dlid: dlid = readDLID(c, path: childPath)
            case .list: if c.listType == .info { info = try readInfo(c, path: childPath, depth: depth + 1) }
            default: break
            }
        }
        guard let format else { throw ctx.error("wave has no 'fmt ' chunk", at: list.offset, path: path) }
        guard let data else { throw ctx.error("wave has no 'data' chunk", at: list.offset, path: path) }

        let fmtPath = path.appendingChunk("fmt ")
        let n = format.payload.count
        guard n >= 14 else { throw ctx.error("'fmt ' is \(n) bytes, needs at least 14", at: format.offset, path: fmtPath) }
        let b = ctx.bytes
        let p = format.payload.lowerBound
        let channels = b.le16(p + 2)
        let blockAlign = b.le16(p + 12)
        var bits: UInt16
        if n >= 16 {
            bits = b.le16(p + 14)
        } else {
            // A bare 14-byte WAVEFORMAT has no bit depth; derive it from the frame size.
            bits = channels == 0 ? 0 : UInt16(truncatingIfNeeded: Int(blockAlign) * 8 / Int(channels))
            ctx.warn("14-byte 'fmt ' without a bit depth; \(bits) bits assumed", at: format.offset, path: fmtPath)
        }
        var formatExtension: [UInt8] = []
        if n >= 18 {
            let declared = Int(b.le16(p + 16))
            let present = min(declared, n - 18)
            if declared > present {
                ctx.warn("'fmt ' extension declares \(declared) bytes but holds \(present)", at: format.offset, path: fmtPath)
            }
            formatExtension = Array(b[(p + 18)..<(p + 18 + present)])
        }
        if blockAlign == 0 || channels == 0 {
            ctx.warn("'fmt ' has \(channels) channels and block align \(blockAlign)", at: format.offset, path: fmtPath)
        }
        return DLSWave(
            formatTag: b.le16(p), channels: channels, sampleRate: b.le32(p + 4), averageBytesPerSecond: b.le32(p + 8),
            blockAlign: blockAlign, bitsPerSample: bits, formatExtension: formatExtension, data: Array(b[data.payload]),
            waveSample: waveSample, info: info, dlid: dlid)
    }
}
