/// One resource (file node) of an XMF file.
public struct XMFResource: Sendable, Equatable {
    public enum Format: Sendable, Equatable, CustomStringConvertible {
        /// Standard MIDI File of type 0 or 1.
        case smf(type: Int)
        /// A DLS collection: `level` is "DLS 1", "DLS 2", "DLS 2.1" or "Mobile DLS".
        case dls(variant: String)
        /// Something else (or a resource format this reader does not know).
        case other(formatType: Int?, id: Int?)

        public var description: String {
            switch self {
            case .smf(let type): return "SMF type \(type)"
            case .dls(let variant): return variant
            case .other(let formatType, let id):
                return "unknown resource format" + (id.map { " \(formatType ?? 0):\($0)" } ?? "")
            }
        }

        public var isSMF: Bool { if case .smf = self { return true } else { return false } }
        public var isDLS: Bool { if case .dls = self { return true } else { return false } }
    }

    public var format: Format
    /// The node's name (`nodeName`, else `filenameOnDisk`), if it has one.
    public var name: String?
    /// Where the node is in the tree, e.g. "root > node 1".
    public var nodePath: String
    /// File offset of the node header.
    public var nodeOffset: Int
    /// File offset of the content (of the packed bytes when `packed`).
    public var contentOffset: Int
    /// The content, unpacked.
    public var bytes: [UInt8]
    /// The content was stored compressed (zlib) and has been unpacked.
    public var packed: Bool
    /// Text metadata of the node (name, title, copyright, …) as (field, text).
    public var metadata: [DLSInfoEntry]
}

/// The contents of an XMF (eXtensible Music Format) file, e.g. Mobile XMF (`.mxmf`).
public struct XMFFile: Sendable {
    /// "1.00" or "2.00".
    public var version: String
    /// XMF 2.00 file type (2 = Mobile XMF) and revision.
    public var fileTypeID: UInt32?
    public var fileTypeRevision: UInt32?
    /// Every file node, in tree order.
    public var resources: [XMFResource]
    public var warnings: [DLSWarning]

    /// The first Standard MIDI File resource.
    public var midi: XMFResource? { resources.first { $0.format.isSMF } }
    /// The first DLS resource.
    public var dls: XMFResource? { resources.first { $0.format.isDLS } }
}

/// Reads XMF 1.00/2.00 files (Mobile XMF: an SMF plus a Mobile DLS) the way Sonivox and
/// SpessaSynth do: file header, variable-length quantities, the node tree with metadata and
/// unpackers, in-line and in-file resources, zlib-packed content. The input is hostile: every
/// read is bounds-checked, nesting and node counts are limited, in-file references cannot
/// loop, and unpacked content is limited to the size its unpacker declares.
public enum XMFReader {
    public static let maxDepth = 32
    public static let maxNodes = 100_000
    /// Most bytes one packed resource may unpack to.
    public static let maxUnpackedBytes = 256 << 20

    public static func isXMF(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[0..<4].elementsEqual("XMF_".utf8)
    }

    public static func read(_ bytes: [UInt8], name: String) throws(DLSError) -> XMFFile {
        var parser = XMFParser(bytes: bytes, name: name)
        return try parser.readFile()
    }

    /// Metadata field specifier names of XMF 2.00.
    static let fieldNames = [
        "XMFFileType", "nodeName", "nodeIDNumber", "resourceFormat", "filenameOnDisk", "filenameExtensionOnDisk",
        "macOSFileTypeAndCreator", "mimeType", "title", "copyrightNotice", "comment", "autoStart", "preload",
        "contentDescription", "ID3Metadata",
    ]
}

struct XMFParser {
    let bytes: [UInt8]
    let name: String
    var warnings: [DLSWarning] = []
    var resources: [XMFResource] = []
    var nodeCount = 0
    /// Every node read so far (in-file references may not loop or repeat).
    var visited: Set<Int> = []
    /// Content offsets already taken as resources, and the bytes taken so far, so that many
    /// nodes pointing at the same bytes cannot multiply the memory used.
    var contentOffsets: Set<Int> = []
    var resourceBytes = 0
    var unpackedBytes = 0

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    func error(_ message: String, at offset: Int, path: String = "") -> DLSError {
        DLSError(name: name, offset: offset, chunkPath: path, message: message)
    }

    mutating func warn(_ message: String, at offset: Int, path: String = "") {
        if warnings.count < RIFFReadContext.maxWarnings {
            warnings.append(DLSWarning(offset: offset, chunkPath: path, message: message))
        }
    }

    /// A variable-length quantity (7 bits per byte, high bit = more), at most 4 bytes as in
    /// SMF; nil when it runs past `end` or is longer.
    func vlq(_ pos: inout Int, end: Int) -> Int? {
        var value = 0
        for _ in 0..<4 {
            guard pos < end, pos < bytes.count else { return nil }
            let b = bytes[pos]
            pos += 1
            value = value << 7 | Int(b & 0x7F)
            if b & 0x80 == 0 { return value }
        }
        return nil
    }

    mutating func readFile() throws(DLSError) -> XMFFile {
        guard XMFReader.isXMF(bytes) else {
            throw error(bytes.count < 8 ? "\(bytes.count) bytes is too short for an XMF header" : "not an XMF file (no 'XMF_' id)", at: 0)
        }
        let version = String(decoding: bytes[4..<8], as: UTF8.self)
        var pos = 8
        var typeID: UInt32?, revision: UInt32?
        switch version {
        case "1.00":
            break
        case "2.00":
            guard bytes.count >= 16 else { throw error("XMF 2.00 header cut off", at: 8) }
            typeID = be32(8)
            revision = be32(12)
            pos = 16
        default:
            throw error("XMF version '\(version)' is not supported (1.00, 2.00)", at: 4)
        }
        let end = bytes.count
        guard let fileLength = vlq(&pos, end: end) else { throw error("bad file length VLQ", at: pos) }
        if fileLength != bytes.count {
            warn("header says the file is \(fileLength) bytes, it is \(bytes.count)", at: 8)
        }
        let tableAt = pos
        guard let tableLength = vlq(&pos, end: end) else { throw error("bad metadata types table length", at: tableAt) }
        guard pos + tableLength <= end else {
            throw error("metadata types table (\(tableLength) bytes) runs past the end of the file", at: tableAt)
        }
        pos += tableLength
        let treeAt = pos
        guard let treeStart = vlq(&pos, end: end) else { throw error("bad tree start VLQ", at: treeAt) }
        let treeEndAt = pos
        guard let treeEnd = vlq(&pos, end: end) else { throw error("bad tree end VLQ", at: treeEndAt) }
        guard treeStart >= pos, treeStart < end else {
            throw error("tree start \(treeStart) is outside the file (\(end) bytes)", at: treeAt)
        }
        if treeEnd < treeStart || treeEnd > end {
            warn("tree end \(treeEnd) is outside the file; the tree is read to the end", at: treeEndAt)
        }
        try readNode(at: treeStart, limit: end, path: "root", depth: 0)
        if resources.isEmpty {
            warn("the node tree holds no resources", at: treeStart, path: "root")
        }
        return XMFFile(version: version, fileTypeID: typeID, fileTypeRevision: revision, resources: resources, warnings: warnings)
    }

    func be32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// Reads one node and everything under it. A damaged node is skipped with a warning;
    /// only the limits (depth, node count) throw. Returns the node's end.
    @discardableResult
    mutating func readNode(at start: Int, limit: Int, path: String, depth: Int) throws(DLSError) -> Int? {
        guard depth <= XMFReader.maxDepth else {
            throw error("nodes nested more than \(XMFReader.maxDepth) levels deep", at: start, path: path)
        }
        nodeCount += 1
        guard nodeCount <= XMFReader.maxNodes else { throw error("more than \(XMFReader.maxNodes) nodes", at: start, path: path) }
        guard !visited.contains(start) else {
            warn("node already read (a reference loop or a shared node); skipped", at: start, path: path)
            return nil
        }
        visited.insert(start)

        var pos = start
        guard let declaredLength = vlq(&pos, end: limit), let itemCount = vlq(&pos, end: limit),
              let headerLength = vlq(&pos, end: limit)
        else {
            warn("node header cut off or unreadable; node skipped", at: start, path: path)
            return nil
        }
        var nodeEnd = start + declaredLength
        if nodeEnd > limit {
            warn("node length \(declaredLength) runs \(nodeEnd - limit) bytes past its parent; truncated", at: start, path: path)
            nodeEnd = limit
        }
        let headerEnd = start + headerLength
        guard headerEnd >= pos, headerEnd <= nodeEnd else {
            warn("node header length \(headerLength) does not fit the node (\(nodeEnd - start) bytes); node skipped", at: start, path: path)
            return nodeEnd > start ? nodeEnd : nil
        }

        // Metadata.
        var metadata: [DLSInfoEntry] = []
        var resourceFormat: (type: Int, id: Int)?
        let metaAt = pos
        if let metaLength = vlq(&pos, end: headerEnd), pos + metaLength <= headerEnd {
            let metaEnd = pos + metaLength
            readMetadata(pos..<metaEnd, path: path, into: &metadata, format: &resourceFormat)
            pos = metaEnd
        } else {
            warn("node metadata length does not fit the header; metadata ignored", at: metaAt, path: path)
            pos = headerEnd
        }

        // Unpackers.
        var unpackers: [(id: Int, decodedSize: Int)] = []
        var unpackersOK = true
        if pos < headerEnd {
            let unpackAt = pos
            if let unpackLength = vlq(&pos, end: headerEnd), pos + unpackLength <= headerEnd {
                let unpackEnd = pos + unpackLength
                while pos < unpackEnd {
                    guard let entry = readUnpacker(&pos, end: unpackEnd) else {
                        warn("unpacker entry not understood (registered or non-registered unpackers are not supported)",
                             at: unpackAt, path: path)
                        unpackersOK = false
                        break
                    }
                    unpackers.append(entry)
                }
            } else {
                warn("node unpackers length does not fit the header", at: unpackAt, path: path)
                unpackersOK = false
            }
        }

        // Reference to the content.
        pos = headerEnd
        let refAt = pos
        guard let referenceType = vlq(&pos, end: nodeEnd) else {
            warn("node has no reference type; skipped", at: refAt, path: path)
            return nodeEnd
        }

        if itemCount > 0 {
            try readFolder(itemCount: itemCount, referenceType: referenceType, data: pos..<nodeEnd, path: path, depth: depth, at: refAt)
            return nodeEnd
        }

        let name = metadata.first { $0.id == "nodeName" }?.text ?? metadata.first { $0.id == "filenameOnDisk" }?.text
        var contentOffset: Int
        var content: ArraySlice<UInt8>
        switch referenceType {
        case 1:  // in-line resource
            contentOffset = pos
            content = bytes[pos..<nodeEnd]
        case 2:  // in-file resource
            guard let offset = vlq(&pos, end: nodeEnd), offset < bytes.count else {
                warn("in-file resource offset is outside the file; node skipped", at: refAt, path: path)
                return nodeEnd
            }
            contentOffset = offset
            content = bytes[offset..<selfDelimitedEnd(from: offset)]
        case 3:  // in-file node
            guard let offset = vlq(&pos, end: nodeEnd), offset < bytes.count else {
                warn("in-file node offset is outside the file; node skipped", at: refAt, path: path)
                return nodeEnd
            }
            try readNode(at: offset, limit: bytes.count, path: path + " > node@\(offset)", depth: depth + 1)
            return nodeEnd
        default:
            let kinds = [4: "an external file", 5: "an external XMF file", 6: "an XMF file URI and node id"]
            warn("the node refers to \(kinds[referenceType] ?? "reference type \(referenceType)"), which cannot be followed; skipped",
                 at: refAt, path: path)
            return nodeEnd
        }

        guard !contentOffsets.contains(contentOffset) else {
            warn("resource at byte \(contentOffset) already read through another node; skipped", at: refAt, path: path)
            return nodeEnd
        }
        contentOffsets.insert(contentOffset)
        var packed = false
        var unpacked: [UInt8]
        if !unpackers.isEmpty || !unpackersOK {
            guard unpackersOK else { return nodeEnd }
            packed = true
            let declared = unpackers.last?.decodedSize ?? 0
            // Deflate cannot expand more than 1032:1; the whole file may unpack to at most
            // `maxUnpackedBytes` together.
            var cap = min(XMFReader.maxUnpackedBytes - unpackedBytes, max(content.count, 1) * 1032)
            if declared > 0 { cap = min(cap, declared) }
            do {
                unpacked = try Inflate.zlib(content, maxOutput: cap)
            } catch {
                do { unpacked = try Inflate.raw(content, maxOutput: cap) } catch {
                    warn("packed content could not be unpacked (\(error.message)); node skipped", at: contentOffset, path: path)
                    return nodeEnd
                }
            }
            if declared > 0 && unpacked.count != declared {
                warn("unpacked \(unpacked.count) bytes, the unpacker declared \(declared)", at: contentOffset, path: path)
            }
            unpackedBytes += unpacked.count
        } else {
            // Trim an in-line RIFF to its own size when that fits (the node may be padded).
            if content.count >= 8, content.prefix(4).elementsEqual("RIFF".utf8) {
                let riffEnd = 8 + Int(le32(content.startIndex + 4))
                if riffEnd <= content.count { content = content.prefix(riffEnd + (riffEnd & 1 == 1 && riffEnd < content.count ? 1 : 0)) }
            }
            guard resourceBytes + content.count <= bytes.count else {
                warn("resources overlap by more than the file holds; node skipped", at: contentOffset, path: path)
                return nodeEnd
            }
            resourceBytes += content.count
            unpacked = Array(content)
        }
        let format = classify(unpacked, declared: resourceFormat, at: contentOffset, path: path)
        resources.append(XMFResource(format: format, name: name, nodePath: path, nodeOffset: start, contentOffset: contentOffset,
                                     bytes: unpacked, packed: packed, metadata: metadata))
        return nodeEnd
    }

    mutating func readFolder(itemCount: Int, referenceType: Int, data: Range<Int>, path: String, depth: Int, at refAt: Int) throws(DLSError) {
        var pos = data.lowerBound
        var limit = data.upperBound
        switch referenceType {
        case 1:
            break
        case 2, 3:
            // The children are somewhere else in the file.
            guard let offset = vlq(&pos, end: data.upperBound), offset < bytes.count else {
                warn("folder children offset is outside the file; folder skipped", at: refAt, path: path)
                return
            }
            pos = offset
            limit = bytes.count
        default:
            warn("folder refers to reference type \(referenceType), which cannot be followed; skipped", at: refAt, path: path)
            return
        }
        var read = 0
        while read < itemCount && pos < limit {
            guard let end = try readNode(at: pos, limit: limit, path: path + " > node \(read)", depth: depth + 1), end > pos else { break }
            pos = end
            read += 1
        }
        if read != itemCount {
            warn("folder declares \(itemCount) items but \(read) were read", at: refAt, path: path)
        }
    }

    func le32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// Where a resource that starts at `offset` ends by its own framing: a RIFF by its size, an
    /// SMF by walking its chunks; anything else runs to the end of the file.
    func selfDelimitedEnd(from offset: Int) -> Int {
        let end = bytes.count
        guard offset + 8 <= end else { return end }
        if bytes[offset..<offset + 4].elementsEqual("RIFF".utf8) {
            return min(end, offset + 8 + Int(le32(offset + 4)))
        }
        if bytes[offset..<offset + 4].elementsEqual("MThd".utf8) {
            var pos = offset
            while pos + 8 <= end, bytes[pos..<pos + 4].allSatisfy({ (0x20...0x7E).contains($0) }) {
                let size = Int(be32(pos + 4))
                guard pos + 8 + size <= end else { return end }
                pos += 8 + size
            }
            return pos
        }
        return end
    }

    mutating func readUnpacker(_ pos: inout Int, end: Int) -> (id: Int, decodedSize: Int)? {
        guard let id = vlq(&pos, end: end) else { return nil }
        switch id {
        case 0:  // standard unpacker
            guard vlq(&pos, end: end) != nil else { return nil }
        case 1:  // MMA manufacturer unpacker: 1- or 3-byte manufacturer id, then its own id
            guard pos < end else { return nil }
            if bytes[pos] == 0 { pos += 3 } else { pos += 1 }
            guard pos <= end, vlq(&pos, end: end) != nil else { return nil }
        default:
            return nil
        }
        guard let size = vlq(&pos, end: end) else { return nil }
        return (id, size)
    }

    mutating func readMetadata(_ range: Range<Int>, path: String, into items: inout [DLSInfoEntry], format: inout (type: Int, id: Int)?) {
        var pos = range.lowerBound
        let end = range.upperBound
        while pos < end {
            let itemAt = pos
            var key: String
            if bytes[pos] == 0 {
                pos += 1
                guard let field = vlq(&pos, end: end) else { break }
                key = field < XMFReader.fieldNames.count ? XMFReader.fieldNames[field] : "field \(field)"
            } else {
                guard let length = vlq(&pos, end: end), pos + length <= end else { break }
                key = DLSParser.decodeText(bytes[pos..<pos + length])
                pos += length
            }
            guard let versions = vlq(&pos, end: end) else { break }
            guard let length = vlq(&pos, end: end), pos + length <= end else { break }
            let contents = pos..<pos + length
            pos += length
            guard versions == 0 else {
                warn("international metadata '\(key)' (\(versions) versions) skipped", at: itemAt, path: path)
                continue
            }
            var q = contents.lowerBound
            guard let dataFormat = vlq(&q, end: contents.upperBound) else { continue }
            if key == "resourceFormat" {
                if let type = vlq(&q, end: contents.upperBound), let id = vlq(&q, end: contents.upperBound) { format = (type, id) }
            } else if dataFormat < 4 {
                items.append(DLSInfoEntry(id: key, text: DLSParser.decodeText(bytes[q..<contents.upperBound])))
            }
        }
        if pos < end {
            warn("node metadata could not be read to its end", at: pos, path: path)
        }
    }

    /// The resource's format from its metadata, checked against what the bytes look like.
    mutating func classify(_ content: [UInt8], declared: (type: Int, id: Int)?, at offset: Int, path: String) -> XMFResource.Format {
        let looksSMF = content.count >= 4 && content[0..<4].elementsEqual("MThd".utf8)
        let looksDLS = DLSReader.isDLS(content)
        let variants = [2: "DLS 1", 3: "DLS 2", 4: "DLS 2.1", 5: "Mobile DLS"]
        if let declared, declared.type == 0 {
            switch declared.id {
            case 0, 1:
                if !looksSMF { warn("declared a Standard MIDI File but does not start with 'MThd'", at: offset, path: path) }
                return .smf(type: declared.id)
            case 2...5:
                if !looksDLS { warn("declared a DLS collection but is not a RIFF 'DLS ' file", at: offset, path: path) }
                return .dls(variant: variants[declared.id]!)
            default:
                break
            }
        }
        if looksSMF {
            if declared == nil { warn("resource without a resource format; recognised as a Standard MIDI File", at: offset, path: path) }
            return .smf(type: content.count >= 10 ? Int(content[8]) << 8 | Int(content[9]) : 0)
        }
        if looksDLS {
            if declared == nil { warn("resource without a resource format; recognised as DLS", at: offset, path: path) }
            return .dls(variant: "DLS")
        }
        return .other(formatType: declared?.type, id: declared?.id)
    }
}
