/// A Standard MIDI File: header fields and tracks.
public struct MIDIFile: Sendable, Equatable, Hashable {
    /// 0 (one track), 1 (simultaneous tracks) or 2 (independent sequences). The reader keeps
    /// other values (with a warning) and treats them like format 1.
    public var format: UInt16
    public var division: MIDIDivision
    public var tracks: [MIDITrack]

    public init(format: UInt16, division: MIDIDivision, tracks: [MIDITrack]) {
        self.format = format
        self.division = division
        self.tracks = tracks
    }
}
