/// One event of a merged timeline: where it came from and when.
public struct TimelineEvent: Sendable, Equatable, Hashable {
    public var tick: UInt64
    /// Index of the track in `MIDIFile.tracks`.
    public var track: Int
    public var event: MIDIEvent

    public init(tick: UInt64, track: Int, event: MIDIEvent) {
        self.tick = tick
        self.track = track
        self.event = event
    }
}

/// A merged, time-ordered view of every track: events sorted by tick, ties kept in
/// (track index, event order). Used by the player.
///
/// Format 2 files (independent sequences) are merged the same way, as if the tracks played
/// together; `init(file:track:)` gives one sequence alone.
public struct MIDITimeline: Sendable {
    public let events: [TimelineEvent]
    /// Tick of the last event (normally the latest end-of-track), 0 when there are none.
    public let lengthTicks: UInt64

    public init(file: MIDIFile) {
        self.init(tracks: Array(file.tracks.enumerated()))
    }

    /// The timeline of one track (a format 2 sequence). An index out of range gives an empty
    /// timeline.
    public init(file: MIDIFile, track: Int) {
        guard file.tracks.indices.contains(track) else {
            self.init(tracks: [])
            return
        }
        self.init(tracks: [(track, file.tracks[track])])
    }

    /// The merged timeline of some tracks (indices into `file.tracks`, out-of-range ones
    /// skipped); ties keep the order of `tracks` and the event order within each track.
    public init(file: MIDIFile, tracks indices: [Int]) {
        self.init(tracks: indices.filter { file.tracks.indices.contains($0) }.map { ($0, file.tracks[$0]) })
    }

    private init(tracks: [(offset: Int, element: MIDITrack)]) {
        // Each track is sorted by tick (stably) on its own, then the tracks are merged with a
        // k-way merge on (tick, track index); event order within a track is kept.
        var perTrack: [[MIDIEvent]] = []
        var trackIndex: [Int] = []
        var total = 0
        for (index, track) in tracks where !track.events.isEmpty {
            perTrack.append(MIDITimeline.stableSortedByTick(track.events))
            trackIndex.append(index)
            total += track.events.count
        }
        var merged: [TimelineEvent] = []
        merged.reserveCapacity(total)
        // Min-heap of (tick, slot) where slot indexes perTrack; slot order equals track order.
        var heap = MergeHeap()
        var cursor = [Int](repeating: 0, count: perTrack.count)
        for slot in perTrack.indices { heap.push(tick: perTrack[slot][0].tick, slot: slot) }
        while let (_, slot) = heap.pop() {
            let event = perTrack[slot][cursor[slot]]
            merged.append(TimelineEvent(tick: event.tick, track: trackIndex[slot], event: event))
            cursor[slot] += 1
            if cursor[slot] < perTrack[slot].count {
                heap.push(tick: perTrack[slot][cursor[slot]].tick, slot: slot)
            }
        }
        events = merged
        lengthTicks = merged.last?.tick ?? 0
    }

    private static func stableSortedByTick(_ events: [MIDIEvent]) -> [MIDIEvent] {
        var isSorted = true
        for i in events.indices.dropFirst() where events[i].tick < events[i - 1].tick {
            isSorted = false
            break
        }
        if isSorted { return events }
        return events.enumerated()
            .sorted { a, b in a.element.tick != b.element.tick ? a.element.tick < b.element.tick : a.offset < b.offset }
            .map(\.element)
    }
}

/// A binary min-heap on (tick, slot): equal ticks come out in slot order.
private struct MergeHeap {
    private var items: [(tick: UInt64, slot: Int)] = []

    private static func less(_ a: (tick: UInt64, slot: Int), _ b: (tick: UInt64, slot: Int)) -> Bool {
        a.tick != b.tick ? a.tick < b.tick : a.slot < b.slot
    }

    mutating func push(tick: UInt64, slot: Int) {
        items.append((tick, slot))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard MergeHeap.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (tick: UInt64, slot: Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && MergeHeap.less(items[l], items[m]) { m = l }
                if r < items.count && MergeHeap.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
