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
        var unknown: [DLSRawChunk] = []
        var sampleChunk: RIFFChunk?
        for c in try activeChildren(of: list, path: path, depth: depth) {
            let childPath = path.appendingChunk(c.label)
            switch c.id {
            case .fmt:
                if format == nil { format = c } else { ctx.warn("second 'fmt ' ignored", at: c.offset, path: childPath) }
            case .data:
                if data == nil { data = c } else { ctx.warn("second 'data' ignored", at: c.offset, path: childPath) }
            case .wsmp:
                if waveSample == nil {
                    waveSample = try readWaveSample(c, path: childPath)
                    sampleChunk = c
                } else {
                    ctx.warn("second 'wsmp' ignored", at: c.offset, path: childPath)
                }
            case .dlid:
                dlid = readDLID(c, path: childPath)
            case .list where c.listType == .info:
                info = try readInfo(c, path: childPath, depth: depth + 1)
            default:
                unknown.append(keep(c))
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
        if n == 15 || n == 17 {
            ctx.warn("'fmt ' is \(n) bytes; the last byte is ignored", at: format.offset, path: fmtPath)
        }
        if n >= 18 {
            let declared = Int(b.le16(p + 16))
            let present = min(declared, n - 18)
            if declared > present {
                ctx.warn("'fmt ' extension declares \(declared) bytes but holds \(present)", at: format.offset, path: fmtPath)
            } else if 18 + declared < n {
                ctx.warn("\(n - 18 - declared) bytes after the 'fmt ' extension ignored", at: format.offset, path: fmtPath)
            }
            formatExtension = Array(b[(p + 18)..<(p + 18 + present)])
        }
        let wave = DLSWave(
            formatTag: b.le16(p), channels: channels, sampleRate: b.le32(p + 4), averageBytesPerSecond: b.le32(p + 8),
            blockAlign: blockAlign, bitsPerSample: bits, formatExtension: formatExtension, data: Array(b[data.payload]),
            waveSample: waveSample, info: info, dlid: dlid, unknownChunks: unknown)
        do {
            _ = try wave.sampleCoding()
        } catch {
            ctx.warn("\(error.message); regions that use this wave cannot sound", at: format.offset, path: fmtPath)
        }
        if wave.sampleRate == 0 {
            ctx.warn("sample rate 0", at: format.offset, path: fmtPath)
        }
        if wave.frameCount == 0 {
            ctx.warn("wave has no sample frames (\(data.payload.count) data bytes)", at: data.offset, path: path.appendingChunk("data"))
        } else if wave.blockAlign > 0 && data.payload.count % Int(wave.blockAlign) != 0 {
            ctx.warn("\(data.payload.count % Int(wave.blockAlign)) bytes of a partial frame at the end of 'data'",
                     at: data.offset, path: path.appendingChunk("data"))
        }
        if let waveSample, let sampleChunk {
            checkSample(waveSample, frames: wave.frameCount, at: sampleChunk.offset, path: path.appendingChunk("wsmp"))
        }
        return wave
    }
}
