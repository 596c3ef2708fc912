/// The contents of a `RIFF 'RMID'` file.
public struct RMIDContainer: Sendable {
    /// The Standard MIDI File from the `data` chunk.
    public var midi: [UInt8]
    /// The embedded `RIFF 'DLS '` chunk as a complete DLS file, if there is one.
    public var dls: [UInt8]?
    /// File offset of the embedded `RIFF 'DLS '` header.
    public var dlsOffset: Int?
    /// File offset of the SMF (the `data` chunk's payload).
    public var midiOffset: Int
    /// The song's `LIST INFO` (without `DBNK`, which is binary).
    public var info: DLSInfo
    /// `DBNK`: how far the embedded bank's bank numbers are shifted from the song's bank selects.
    public var bankOffset: UInt16?
    public var warnings: [DLSWarning]
}

/// Reads RIFF MIDI (`.rmi`) files: an SMF in `data`, optionally a DLS collection beside it
/// (MMA RP-029). Chunks are found by walking, never at fixed offsets.
public enum RMIDReader {
    public static func isRMID(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && FourCC(rawValue: bytes.le32(0)) == .riff && FourCC(rawValue: bytes.le32(8)) == .rmid
    }

    public static func read(_ bytes: [UInt8], name: String) throws(DLSError) -> (midi: [UInt8], dls: [UInt8]?, warnings: [DLSWarning]) {
        let c = try readContainer(bytes, name: name)
        return (c.midi, c.dls, c.warnings)
    }

    public static func readContainer(_ bytes: [UInt8], name: String) throws(DLSError) -> RMIDContainer {
        var ctx = RIFFReadContext(bytes: bytes, name: name, maxDepth: DLSReader.maxNestingDepth, maxChunks: DLSReader.maxChunkCount)
        let top = try ctx.formChildren(form: .rmid, strandedIDs: [.data], strandedListTypes: [.info, .dls])
        var midi: [UInt8]?
        var dls: [UInt8]?
        var dlsOffset: Int?
        var midiOffset = 0
        var info = DLSInfo()
        var bankOffset: UInt16?
        for c in top {
            switch c.id {
            case .data where midi == nil:
                midi = Array(bytes[c.payload])
                midiOffset = c.payload.lowerBound
                if c.payload.count < 4 || FourCC(rawValue: bytes.le32(c.payload.lowerBound)) != "MThd" {
                    ctx.warn("'data' does not start with 'MThd'", at: c.offset, path: "data")
                }
            case .riff where c.listType == .dls && dls == nil:
                dls = Array(bytes[c.offset..<c.payload.upperBound])
                dlsOffset = c.offset
            case .list where c.listType == .info:
                let path = c.label
                for e in try ctx.children(in: c.childRange, path: path, depth: 2).chunks where e.id != .list && e.id != .riff {
                    if e.id == .dbnk {
                        if e.payload.count >= 2 {
                            bankOffset = bytes.le16(e.payload.lowerBound)
                        } else {
                            ctx.warn("'DBNK' is \(e.payload.count) bytes, needs 2", at: e.offset, path: path.appendingChunk("DBNK"))
                        }
                    } else {
                        info.entries.append(DLSInfoEntry(id: e.id.text, text: DLSParser.decodeText(bytes[e.payload])))
                    }
                }
            default:
                break
            }
        }
        guard let midi else { throw ctx.error("RMID file has no 'data' chunk", at: 12, path: "RIFF RMID") }
        return RMIDContainer(midi: midi, dls: dls, dlsOffset: dlsOffset, midiOffset: midiOffset, info: info, bankOffset: bankOffset,
                             warnings: ctx.finalWarnings())
    }
}
