/// Why a Standard MIDI File could not be read: the file, the byte offset, the track (when the
/// problem is inside one) and what was wrong.
public struct SMFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name the caller gave the input (normally its path).
    public var name: String
    /// Byte offset in the input where the problem was found.
    public var offset: Int
    /// Index of the `MTrk` chunk (0-based, in file order), when the problem is inside a track.
    public var track: Int?
    public var message: String

    public init(name: String, offset: Int, track: Int? = nil, message: String) {
        self.name = name
        self.offset = offset
        self.track = track
        self.message = message
    }

    public var description: String {
        var s = "\(name): offset \(offset)"
        if let track { s += ", track \(track)" }
        return s + ": " + message
    }
}
