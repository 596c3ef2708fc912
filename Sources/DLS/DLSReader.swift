/// Reads DLS Level 1/2 collections from memory. Hostile input gives a `DLSError`, never a
/// crash, hang or unbounded allocation; known real-world damage gives warnings instead.
public enum DLSReader {
    /// Deepest chunk nesting accepted (DLS itself needs 6).
    public static let maxNestingDepth = 16
    /// Most chunks accepted in one file (a full GM set has about 20,000).
    public static let maxChunkCount = 1 << 20

    /// `name` is used in error messages (a file path).
    public static func read(_ bytes: [UInt8], name: String) throws(DLSError) -> (collection: DLSCollection, warnings: [DLSWarning]) {
        try read(bytes, name: name, device: DLSDeviceQueries())
    }

    /// As `read(_:name:)`, answering `cdl ` queries with `device`.
    public static func read(
        _ bytes: [UInt8], name: String, device: DLSDeviceQueries
    ) throws(DLSError) -> (collection: DLSCollection, warnings: [DLSWarning]) {
        var parser = DLSParser(
            ctx: RIFFReadContext(bytes: bytes, name: name, maxDepth: maxNestingDepth, maxChunks: maxChunkCount),
            device: device)
        let collection = try parser.readCollection()
        return (collection, parser.ctx.finalWarnings())
    }

    /// True when the bytes start like a `RIFF 'DLS '` file.
    public static func isDLS(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && FourCC(rawValue: bytes.le32(0)) == .riff && FourCC(rawValue: bytes.le32(8)) == .dls
    }
}

/// Where a region's `wlnk` sits, kept until wave links can be resolved (the pool comes last).
struct WaveLinkSite {
    let offset: Int
    let path: String
    /// Where the region's own `wsmp` is, if it has one (for loop checks after linking).
    var sampleOffset: Int? = nil
    var samplePath: String = ""
}

/// One read of one file: the walker, the `cdl ` device answers and pending wave links.
struct DLSParser {
    var ctx: RIFFReadContext
    let device: DLSDeviceQueries
    /// Per instrument, per region: where its `wlnk` is, for messages while linking.
    var linkSites: [[WaveLinkSite]] = []

    init(ctx: RIFFReadContext, device: DLSDeviceQueries) {
        self.ctx = ctx
        self.device = device
    }

    mutating func readCollection() throws(DLSError) -> DLSCollection {
        let top = try ctx.formChildren(
            form: .dls, strandedIDs: [.colh, .ptbl, .vers, .dlid], strandedListTypes: [.lins, .wvpl, .dwpl, .info])
        var collection = DLSCollection()
        var declaredInstruments: (count: UInt32, offset: Int)?
        var lins: RIFFChunk?, pool: RIFFChunk?, ptbl: RIFFChunk?
        for c in gate(top, path: "") {
            let path = c.label
            switch c.id {
            case .vers:
                expectSize(c, [8], path: path)
                if c.payload.count >= 8 {
                    collection.version = DLSVersion(ms: ctx.bytes.le32(c.payload.lowerBound), ls: ctx.bytes.le32(c.payload.lowerBound + 4))
                } else {
                    ctx.warn("'vers' is \(c.payload.count) bytes, needs 8; ignored", at: c.offset, path: path)
                }
            case .dlid:
                collection.dlid = readDLID(c, path: path)
            case .colh:
                expectSize(c, [4], path: path)
                if c.payload.count >= 4 {
                    declaredInstruments = (ctx.bytes.le32(c.payload.lowerBound), c.offset)
                } else {
                    ctx.warn("'colh' is \(c.payload.count) bytes, needs 4; ignored", at: c.offset, path: path)
                }
            case .ptbl:
                if ptbl == nil { ptbl = c } else { ctx.warn("second 'ptbl' ignored", at: c.offset, path: path) }
            case .list:
                switch c.listType {
                case .lins?:
                    if lins == nil { lins = c } else { ctx.warn("second 'LIST lins' ignored", at: c.offset, path: path) }
                case .wvpl?, .dwpl?:
                    if c.listType == .dwpl { ctx.warn("wave pool spelled 'dwpl' instead of 'wvpl'", at: c.offset, path: path) }
                    if pool == nil { pool = c } else { ctx.warn("second wave pool ignored", at: c.offset, path: path) }
                case .info?:
                    collection.info = try readInfo(c, path: path, depth: 2)
                default:
                    collection.unknownChunks.append(keep(c))
                }
            default:
                collection.unknownChunks.append(keep(c))  // vendor chunks (crs1, pgal, msyn, ...)
            }
        }

        // A false top-level `cdl ` may have hidden both; that is a valid (empty) collection.
        let hasContent = top.contains { $0.isList(.lins) || $0.isList(.wvpl) || $0.isList(.dwpl) }
        guard lins != nil || pool != nil || hasContent else {
            throw ctx.error("neither 'LIST lins' nor a wave pool: nothing here is a DLS collection", at: 12, path: "RIFF DLS ")
        }
        if let lins {
            collection.instruments = try readInstruments(lins, path: lins.label)
        } else {
            ctx.warn("no 'LIST lins': the collection has no instruments", at: 12, path: "")
        }
        if let declaredInstruments, Int(declaredInstruments.count) != collection.instruments.count {
            ctx.warn("'colh' says \(declaredInstruments.count) instruments but the list holds \(collection.instruments.count)",
                     at: declaredInstruments.offset, path: "colh")
        }

        var waveOffsets: [Int] = []
        if let pool {
            (collection.waves, waveOffsets) = try readWavePool(pool, path: pool.label)
        } else {
            ctx.warn("no wave pool ('LIST wvpl')", at: 12, path: "")
        }
        let cues = ptbl.flatMap { readPoolTable($0, path: $0.label) }
        linkWaves(&collection.instruments, waveOffsets: waveOffsets, cues: cues, ptblOffset: ptbl?.offset ?? 12)
        checkRegionSamples(collection)
        return collection
    }

    /// Drops the chunks a `cdl ` turns off: a `cdl ` governs the chunks after it in its list
    /// (until the next `cdl `). An unreadable `cdl ` keeps its chunks, so damage loses nothing.
    mutating func gate(_ chunks: [RIFFChunk], path: String) -> [RIFFChunk] {
        var enabled = true
        var out: [RIFFChunk] = []
        out.reserveCapacity(chunks.count)
        for c in chunks {
            guard c.id == .cdl else {
                if enabled { out.append(c) }
                continue
            }
            switch DLSCondition.evaluate(ctx.bytes, program: c.payload, device: device) {
            case .value(let v):
                enabled = v
                if !v && path.isEmpty {
                    ctx.warn("the collection's 'cdl ' says it is not meant for this device; the chunks it governs are skipped",
                             at: c.offset, path: "cdl ")
                }
            case .malformed(let why):
                ctx.warn("unreadable 'cdl ' (\(why)); the chunks it governs are kept", at: c.offset, path: path.appendingChunk("cdl "))
                enabled = true
            }
        }
        return out
    }

    /// Children of a list with `cdl ` applied.
    mutating func activeChildren(of list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> [RIFFChunk] {
        gate(try ctx.children(in: list.childRange, path: path, depth: depth).chunks, path: path)
    }
}
