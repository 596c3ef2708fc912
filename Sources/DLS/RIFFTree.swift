/// One chunk of a RIFF file's outline.
public struct RIFFNode: Sendable, Equatable {
    /// Four-character id, e.g. `LIST` or `wsmp`.
    public var id: String
    /// Form or list type of `RIFF`/`LIST` chunks.
    public var listType: String?
    /// File offset of the chunk header.
    public var offset: Int
    /// Payload bytes actually present (after clamping to the parent).
    public var size: Int
    public var children: [RIFFNode]
}

/// A generic outline of any RIFF file (for `info` style dumps and for debugging damaged
/// files), with the same nesting, chunk-count and size limits as the DLS reader.
/// `maxDepth` is capped at 64.
public enum RIFFTree {
    public static func parse(
        _ bytes: [UInt8], name: String, maxDepth: Int = DLSReader.maxNestingDepth
    ) throws(DLSError) -> (nodes: [RIFFNode], warnings: [DLSWarning]) {
        // The outline recurses once per level, so the depth is capped whatever the caller asks.
        let depthLimit = min(max(maxDepth, 1), 64)
        var ctx = RIFFReadContext(bytes: bytes, name: name, maxDepth: depthLimit, maxChunks: DLSReader.maxChunkCount)
        let nodes = try outline(0..<bytes.count, path: "", depth: 0, ctx: &ctx)
        return (nodes, ctx.finalWarnings())
    }

    private static func outline(
        _ range: Range<Int>, path: String, depth: Int, ctx: inout RIFFReadContext
    ) throws(DLSError) -> [RIFFNode] {
        var nodes: [RIFFNode] = []
        for c in try ctx.children(in: range, path: path, depth: depth).chunks {
            var node = RIFFNode(id: c.id.text, listType: c.listType?.text, offset: c.offset, size: c.payload.count, children: [])
            if c.listType != nil {
                node.children = try outline(c.childRange, path: path.appendingChunk(c.label), depth: depth + 1, ctx: &ctx)
            }
            nodes.append(node)
        }
        return nodes
    }
}
