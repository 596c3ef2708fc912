/// A chunk located by the walker. `payload` is already clamped to what the parent (and the
/// file) really holds, so slicing with it can never go out of bounds.
struct RIFFChunk: Sendable {
    let id: FourCC
    /// File offset of the 8-byte chunk header.
    let offset: Int
    let payload: Range<Int>
    /// The size field as stored (may exceed `payload.count` when the chunk was clamped).
    let declaredSize: UInt32
    /// Form/list type of a `RIFF`/`LIST` chunk that has room for one; nil otherwise.
    let listType: FourCC?

    /// Where the sub-chunks of a list live (empty for plain chunks).
    var childRange: Range<Int> {
        listType == nil ? payload.upperBound..<payload.upperBound : (payload.lowerBound + 4)..<payload.upperBound
    }

    /// `LIST lins`, `wsmp`: the form used in chunk paths.
    var label: String {
        if let listType { return "\(id) \(listType)" }
        return id.description
    }

    func isList(_ type: FourCC) -> Bool { id == .list && listType == type }
}

extension String {
    /// Appends one step to a chunk path (`a > b`).
    func appendingChunk(_ label: String) -> String { isEmpty ? label : self + " > " + label }
}
