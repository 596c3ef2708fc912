/// Damage the reader tolerated (a missing end-of-track, running status after a meta event,
/// junk between chunks …): where it was and what was done about it.
public struct SMFWarning: Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the input.
    public var offset: Int
    /// Index of the `MTrk` chunk (0-based, in file order), when the damage is inside a track.
    public var track: Int?
    public var message: String

    public init(offset: Int, track: Int? = nil, message: String) {
        self.offset = offset
        self.track = track
        self.message = message
    }

    public var description: String {
        var s = "offset \(offset)"
        if let track { s += ", track \(track)" }
        return s + ": " + message
    }
}
