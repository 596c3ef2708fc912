/// The hostile-input guard shared by every RIFF reader here: it walks chunk lists with
/// clamped sizes, limits nesting and the total number of chunks, and collects warnings.
struct RIFFReadContext {
    let bytes: [UInt8]
    let name: String
    let maxDepth: Int
    let maxChunks: Int
    private(set) var warnings: [DLSWarning] = []
    private var suppressedWarnings = 0
    private var chunkCount = 0

    /// Beyond this many warnings only a count is kept, so a file full of damage cannot make
    /// the warning list itself grow without bound.
    static let maxWarnings = 200

    init(bytes: [UInt8], name: String, maxDepth: Int, maxChunks: Int) {
        self.bytes = bytes
        self.name = name
        self.maxDepth = maxDepth
        self.maxChunks = maxChunks
    }

    func error(_ message: String, at offset: Int, path: String) -> DLSError {
        DLSError(name: name, offset: offset, chunkPath: path, message: message)
    }

    mutating func warn(_ message: String, at offset: Int, path: String) {
        guard warnings.count < Self.maxWarnings else {
            suppressedWarnings += 1
            return
        }
        warnings.append(DLSWarning(offset: offset, chunkPath: path, message: message))
    }

    /// The warnings, with a closing note if some were dropped.
    func finalWarnings() -> [DLSWarning] {
        guard suppressedWarnings > 0 else { return warnings }
        return warnings + [DLSWarning(offset: 0, message: "\(suppressedWarnings) further warnings not listed")]
    }

    /// The chunks in `range`. A child may reach past `range` up to `hardEnd` (only for the
    /// top level, whose `RIFF` size is known to be too small in some files).
    /// Returns the position after the last chunk read.
    mutating func children(
        in range: Range<Int>, path: String, depth: Int, hardEnd: Int? = nil
    ) throws(DLSError) -> (chunks: [RIFFChunk], end: Int) {
        guard depth <= maxDepth else {
            throw error("chunks nested more than \(maxDepth) levels deep", at: range.lowerBound, path: path)
        }
        let limit = max(range.upperBound, min(hardEnd ?? range.upperBound, bytes.count))
        var pos = range.lowerBound
        var out: [RIFFChunk] = []
        while pos < range.upperBound {
            if pos + 8 > limit {
                if bytes[pos..<limit].contains(where: { $0 != 0 }) {
                    warn("\(limit - pos) stray bytes at the end of the list ignored", at: pos, path: path)
                }
                pos = limit
                break
            }
            let id = FourCC(rawValue: bytes.le32(pos))
            guard id.isPrintable else {
                warn("unreadable chunk id '\(id)'; the remaining \(range.upperBound - pos) bytes of this list are ignored",
                     at: pos, path: path)
                pos = range.upperBound
                break
            }
            var size = Int(bytes.le32(pos + 4))
            let start = pos + 8
            if let fixed = Self.fixedVendorSizes[id], size != fixed,
               !fitsBefore(next: start + size, in: range, limit: limit), fitsBefore(next: start + fixed, in: range, limit: limit)
            {
                warn("'\(id)' declares \(size) bytes; read as its fixed size \(fixed)", at: pos, path: path)
                size = fixed
            }
            var end = start + size
            if end > limit {
                warn("'\(id)' declares \(size) bytes but only \(limit - start) remain; truncated", at: pos, path: path)
                end = limit
            } else if end > range.upperBound {
                warn("'\(id)' runs \(end - range.upperBound) bytes past the end of its parent (parent size too small)",
                     at: pos, path: path)
            }
            chunkCount += 1
            guard chunkCount <= maxChunks else {
                throw error("more than \(maxChunks) chunks", at: pos, path: path)
            }
            var listType: FourCC?
            if (id == .riff || id == .list) && end - start >= 4 { listType = FourCC(rawValue: bytes.le32(start)) }
            out.append(RIFFChunk(id: id, offset: pos, payload: start..<end, declaredSize: UInt32(size), listType: listType))
            pos = nextChunkPosition(afterPayloadEnd: end, size: size, start: start, limit: limit, id: id, path: path)
        }
        return (out, pos)
    }

    /// Skips the pad byte after an odd-sized chunk, unless the writer forgot it: then the
    /// next header starts right at the end of the payload, and skipping would misalign every
    /// chunk after it.
    private mutating func nextChunkPosition(
        afterPayloadEnd end: Int, size: Int, start: Int, limit: Int, id: FourCC, path: String
    ) -> Int {
        guard size & 1 == 1, end == start + size, end < limit else { return end }
        if end + 1 >= limit || looksLikeChunkHeader(at: end + 1, limit: limit) { return end + 1 }
        if looksLikeChunkHeader(at: end, limit: limit) {
            warn("odd-sized '\(id)' has no pad byte", at: start - 8, path: path)
            return end
        }
        return end + 1
    }

    /// Vendor chunks known to be written with a wrong size field, and their real size
    /// (Crystal `crs1`: FluidSynth reads it as 28 bytes, spessasynth_core #5).
    static let fixedVendorSizes: [FourCC: Int] = [FourCC(stringLiteral: "crs1"): 28]

    /// True when a chunk ending at `next` leaves the list in a sane state: exactly at its
    /// end, or followed (after an optional pad byte) by a plausible chunk header.
    private func fitsBefore(next: Int, in range: Range<Int>, limit: Int) -> Bool {
        if next == range.upperBound || next + 1 == range.upperBound { return next <= limit }
        return looksLikeChunkHeader(at: next, limit: limit) || looksLikeChunkHeader(at: next + 1, limit: limit)
    }

    func looksLikeChunkHeader(at pos: Int, limit: Int) -> Bool {
        guard pos >= 0, pos + 8 <= limit else { return false }
        guard FourCC(rawValue: bytes.le32(pos)).isPrintable else { return false }
        return pos + 8 + Int(bytes.le32(pos + 4)) <= limit
    }

    /// Walks the children of the outer `RIFF` of `form`, tolerating a `RIFF` size that runs
    /// past the end of the file or stops short of chunks that clearly belong to the form.
    /// `strandedIDs` says which chunks found after a too-small `RIFF` size are taken.
    mutating func formChildren(
        form: FourCC, strandedIDs: Set<FourCC>, strandedListTypes: Set<FourCC>
    ) throws(DLSError) -> [RIFFChunk] {
        guard bytes.count >= 12 else {
            throw error("\(bytes.count) bytes is too short for a RIFF header", at: 0, path: "")
        }
        let magic = FourCC(rawValue: bytes.le32(0))
        guard magic == .riff else { throw error("not a RIFF file (starts with '\(magic)')", at: 0, path: "") }
        let found = FourCC(rawValue: bytes.le32(8))
        guard found == form else {
            throw error("RIFF form type is '\(found)', expected '\(form)'", at: 8, path: "RIFF")
        }
        let declaredSize = Int(bytes.le32(4))
        let declaredEnd = 8 + declaredSize
        var bodyEnd = declaredEnd
        if declaredSize < 4 {
            warn("RIFF size \(declaredSize) cannot even hold the form type; reading to the end of the file",
                 at: 4, path: "RIFF")
            bodyEnd = bytes.count
        } else if declaredEnd > bytes.count {
            warn("RIFF size \(declaredSize) runs \(declaredEnd - bytes.count) bytes past the end of the file; reading to the end",
                 at: 4, path: "RIFF")
            bodyEnd = bytes.count
        }
        var (chunks, end) = try children(in: 12..<bodyEnd, path: "", depth: 1, hardEnd: bytes.count)
        guard end < bytes.count else { return chunks }

        // A RIFF size that is too small can strand real chunks after it (Beatnik mobile60.dls).
        var pos = end
        if declaredSize & 1 == 1 && pos == declaredEnd { pos += 1 }
        if pos + 8 <= bytes.count, looksLikeChunkHeader(at: pos, limit: bytes.count),
           isStranded(at: pos, ids: strandedIDs, listTypes: strandedListTypes)
        {
            let more = try children(in: pos..<bytes.count, path: "", depth: 1).chunks
            var taken = 0
            for c in more {
                guard strandedIDs.contains(c.id) || (c.listType.map { strandedListTypes.contains($0) } ?? false) else { break }
                chunks.append(c)
                taken += 1
            }
            warn("RIFF size \(declaredSize) is too small: \(taken) chunks after its end read as part of the file",
                 at: 4, path: "RIFF")
        } else if pos < bytes.count {
            warn("\(bytes.count - pos) bytes after the RIFF chunk ignored", at: pos, path: "")
        }
        return chunks
    }

    private func isStranded(at pos: Int, ids: Set<FourCC>, listTypes: Set<FourCC>) -> Bool {
        let id = FourCC(rawValue: bytes.le32(pos))
        if ids.contains(id) { return true }
        guard id == .list || id == .riff, pos + 12 <= bytes.count else { return false }
        return listTypes.contains(FourCC(rawValue: bytes.le32(pos + 8)))
    }
}
