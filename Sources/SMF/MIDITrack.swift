/// One `MTrk` chunk: its events in file order, each with an absolute tick.
public struct MIDITrack: Sendable, Equatable, Hashable {
    public var events: [MIDIEvent]

    public init(events: [MIDIEvent]) {
        self.events = events
    }

    /// Tick of the last event (normally the end-of-track), 0 for an empty track.
    public var lengthTicks: UInt64 {
        events.reduce(0) { max($0, $1.tick) }
    }
}
