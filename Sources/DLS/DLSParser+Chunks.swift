/// Decoders for the small fixed-layout chunks. Counts stored in the file are only ever
/// upper bounds: the number of records read is limited by the bytes actually present.
extension DLSParser {
    mutating func readWaveSample(_ c: RIFFChunk, path: String) throws(DLSError) -> DLSWaveSample {
        let fixed = DLSWaveSample.headerBytes
        guard c.payload.count >= fixed else {
            throw ctx.error("'wsmp' is \(c.payload.count) bytes, needs \(fixed)", at: c.offset, path: path)
        }
        let b = ctx.bytes
        let p = c.payload.lowerBound
        var sample = DLSWaveSample(
            unityNote: b.le16(p + 4), fineTuneCents: b.le16s(p + 6), gain: b.le32s(p + 8), options: b.le32(p + 12))
        let declaredLoops = Int(b.le32(p + 16))
        var pos = p + headerSize(b.le32(p), minimum: fixed, in: c, path: path)
        var loopSizeWarned = false
        while sample.loops.count < declaredLoops && pos + DLSWaveSample.loopBytes <= c.payload.upperBound {
            var size = Int(b.le32(pos))
            if size < DLSWaveSample.loopBytes {
                // FluidSynth clamps short loop records too; the fields are still at the usual places.
                if !loopSizeWarned { ctx.warn("loop record size \(size) read as 16", at: pos, path: path) }
                loopSizeWarned = true
                size = DLSWaveSample.loopBytes
            }
            sample.loops.append(DLSLoop(type: b.le32(pos + 4), startFrames: b.le32(pos + 8), lengthFrames: b.le32(pos + 12)))
            pos += size
        }
        if sample.loops.count < declaredLoops {
            ctx.warn("'wsmp' declares \(declaredLoops) loops but only \(sample.loops.count) fit", at: c.offset, path: path)
        } else if pos < c.payload.upperBound {
            ctx.warn("\(c.payload.upperBound - pos) bytes after the loop records ignored", at: c.offset, path: path)
        }
        return sample
    }

    mutating func readArticulation(_ c: RIFFChunk, path: String) throws(DLSError) -> DLSArticulation {
        guard c.payload.count >= 8 else {
            throw ctx.error("'\(c.id)' is \(c.payload.count) bytes, needs 8", at: c.offset, path: path)
        }
        let b = ctx.bytes
        let p = c.payload.lowerBound
        let declared = Int(b.le32(p + 4))
        let start = p + headerSize(b.le32(p), minimum: 8, in: c, path: path)
        let fit = (c.payload.upperBound - start) / DLSConnection.byteCount
        if declared > fit {
            ctx.warn("'\(c.id)' declares \(declared) connection blocks but only \(fit) fit", at: c.offset, path: path)
        }
        let count = min(declared, fit)
        if declared < fit || (declared == fit && start + fit * DLSConnection.byteCount < c.payload.upperBound) {
            ctx.warn("\(c.payload.upperBound - start - count * DLSConnection.byteCount) bytes after the \(count) connection blocks ignored",
                     at: c.offset, path: path)
        }
        var connections: [DLSConnection] = []
        connections.reserveCapacity(count)
        for i in 0..<count {
            let q = start + i * DLSConnection.byteCount
            connections.append(DLSConnection(
                source: b.le16(q), control: b.le16(q + 2), destination: b.le16(q + 4), transform: b.le16(q + 6),
                scale: b.le32s(q + 8)))
        }
        if c.id == .art2, let k = connections.first(where: { k in
            k.source == 0x0002 && k.control == 0 && k.destination == 0x0001 && (k.transform >> 10) & 0xF == 1 && k.transform & 0x8000 == 0
        }) {
            // Fury.dls, "1 - House.rmi": FluidSynth and SpessaSynth play this as inverted.
            ctx.warn("velocity → gain with a concave curve but no invert bit (transform 0x\(String(k.transform, radix: 16))); "
                     + "players treat it as the inverted curve", at: c.offset, path: path)
        }
        return DLSArticulation(isDLS2: c.id == .art2, connections: connections)
    }

    /// `ptbl` cue offsets, or nil if the table is unusable (linking then uses pool order).
    mutating func readPoolTable(_ c: RIFFChunk, path: String) -> [UInt32]? {
        guard c.payload.count >= 8 else {
            ctx.warn("'ptbl' is \(c.payload.count) bytes, needs 8; wave links use wave-pool order", at: c.offset, path: path)
            return nil
        }
        let b = ctx.bytes
        let p = c.payload.lowerBound
        let declared = Int(b.le32(p + 4))
        let start = p + headerSize(b.le32(p), minimum: 8, in: c, path: path)
        let fit = (c.payload.upperBound - start) / 4
        if declared > fit {
            ctx.warn("'ptbl' declares \(declared) cues but only \(fit) fit", at: c.offset, path: path)
        }
        let count = min(declared, fit)
        if start + 4 * count < c.payload.upperBound {
            ctx.warn("\(c.payload.upperBound - start - 4 * count) bytes after the \(count) cues ignored", at: c.offset, path: path)
        }
        var cues: [UInt32] = []
        cues.reserveCapacity(count)
        for i in 0..<count { cues.append(b.le32(start + 4 * i)) }
        return cues
    }

    /// The `cbSize` of a header that says where its records start, clamped to
    /// [minimum, chunk size] so records are never read from inside the header or past the end.
    mutating func headerSize(_ stored: UInt32, minimum: Int, in c: RIFFChunk, path: String) -> Int {
        var size = Int(stored)
        if size < minimum {
            ctx.warn("'\(c.id)' header size \(size) read as \(minimum)", at: c.offset, path: path)
            size = minimum
        } else if size > c.payload.count {
            ctx.warn("'\(c.id)' header size \(size) exceeds the chunk (\(c.payload.count) bytes)", at: c.offset, path: path)
            size = c.payload.count
        }
        return size
    }

    /// Warns when a fixed-size chunk has another size (the extra bytes are ignored; a chunk
    /// too short for its fields is handled where it is read).
    mutating func expectSize(_ c: RIFFChunk, _ sizes: [Int], path: String) {
        let n = c.payload.count
        guard !sizes.contains(n), let smallest = sizes.min(), n > smallest else { return }
        let expected = sizes.map(String.init).joined(separator: " or ")
        ctx.warn("'\(c.id)' is \(n) bytes (\(expected) expected); the extra bytes are ignored", at: c.offset, path: path)
    }

    mutating func readDLID(_ c: RIFFChunk, path: String) -> [UInt8]? {
        guard c.payload.count >= 16 else {
            ctx.warn("'dlid' is \(c.payload.count) bytes, needs 16; ignored", at: c.offset, path: path)
            return nil
        }
        expectSize(c, [16], path: path)
        return Array(ctx.bytes[c.payload.lowerBound..<c.payload.lowerBound + 16])
    }

    mutating func readInfo(_ list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> DLSInfo {
        var info = DLSInfo()
        // Nested lists (even ones too short to carry a type) are not INFO entries.
        for c in try ctx.children(in: list.childRange, path: path, depth: depth).chunks where c.id != .list && c.id != .riff {
            info.entries.append(DLSInfoEntry(id: c.id.text, text: Self.decodeText(ctx.bytes[c.payload])))
        }
        return info
    }

    /// A ZSTR: up to the first NUL, UTF-8 if valid, else Latin-1 (INFO has no declared code page).
    static func decodeText(_ raw: ArraySlice<UInt8>) -> String {
        let text = raw.prefix { $0 != 0 }
        if let s = String(validating: text, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(text.map { Unicode.Scalar($0) }))
    }
}
