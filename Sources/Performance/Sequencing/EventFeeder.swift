import DMusPort

/// Feeds a song's messages into a port as kernel events stamped with presentation times
/// (song start + message time), staying a bounded distance ahead: `feed(until:)` queues only
/// what falls before the horizon, `feed(now:)` only what falls within `window100ns` of now,
/// and both stop early when the allocator's pool or the port's queue is full (call again
/// after the wave sink recycled some).
///
/// A message of at most 8 bytes travels inline in one event. A longer one (SysEx) is split
/// over allocator buffers of `getBufferSize()` bytes: a chain of events, every one but the
/// last flagged INCOMPLETE, all with the same time and group.
public final class EventFeeder {
    public struct Statistics: Sendable, Equatable {
        /// Messages queued (one per song message).
        public var messagesQueued = 0
        /// Kernel events queued (a long SysEx takes several).
        public var eventsQueued = 0
        /// Messages that could never be queued (more buffers or events than the whole pool
        /// holds) and were skipped.
        public var messagesDropped = 0
        /// Times a feed stopped early because the pool or the port's queue was full.
        public var stalls = 0
        /// The most events seen waiting in the port right after a feed.
        public var maxQueueDepth = 0
        /// The furthest ahead of `now` an event was queued by `feed(now:)` (100-ns units);
        /// always below `window100ns`.
        public var maxLead100ns: Int64 = 0
        public init() {}
    }

    public let port: PortDMus
    /// Presentation time of the song's time 0 for the pass being queued: moves on by the
    /// song's length at each loop point (`loops`) and by the pause length at `shift(by:)`.
    public private(set) var songStart100ns: Int64
    /// How far ahead of now `feed(now:)` queues (the look-ahead window).
    public var window100ns: Int64
    private let messages: [ScheduledMessage]
    private let length100ns: Int64
    private let groups: Int
    /// Play the song again and again: at each loop point (song start + length) every channel
    /// of every group the song uses gets All Notes Off and Reset All Controllers, then the
    /// song's messages follow again — the stream `SongEvents.looped(count:)` describes,
    /// without end. The loop resets count as messages queued.
    public let loops: Bool
    /// Passes completed (loop points queued).
    public private(set) var passesQueued = 0
    /// Index of the next message of the current pass; with `loops`, the loop-point resets of
    /// the next pass come first (`pendingResets`).
    public private(set) var nextIndex = 0
    private var pendingResets: [ScheduledMessage] = []
    private var pendingResetIndex = 0
    public private(set) var statistics = Statistics()
    /// The latest horizon a feed reached: every message before it is queued, none at or
    /// after it (unless a feed stopped early on a full pool).
    public private(set) var horizon100ns: Int64 = Int64.min
    /// Presentation time of the latest message queued (Int64.min before the first).
    public private(set) var lastQueuedTime100ns: Int64 = Int64.min

    /// Messages skipped because they could never fit (kept for existing callers).
    public var dropped: Int { statistics.messagesDropped }

    public static let defaultWindow100ns: Int64 = 1_000_000   // 100 ms

    public init(port: PortDMus, song: SongEvents, songStart100ns: Int64, window100ns: Int64 = EventFeeder.defaultWindow100ns,
                loops: Bool = false) {
        self.port = port
        self.messages = song.messages
        self.songStart100ns = songStart100ns
        self.window100ns = max(0, window100ns)
        self.length100ns = song.length100ns
        self.groups = song.channelGroupsUsed
        // A song without length cannot loop (it would queue its passes all at once).
        self.loops = loops && song.length100ns > 0
    }

    /// Every message queued (never, when looping).
    public var isFinished: Bool { !loops && nextIndex >= messages.count }

    /// Presentation time of the next message to queue, nil when all are queued.
    public var nextTime100ns: Int64? {
        if pendingResetIndex < pendingResets.count { return songStart100ns + pendingResets[pendingResetIndex].time100ns }
        if nextIndex < messages.count { return songStart100ns + messages[nextIndex].time100ns }
        return loops ? songStart100ns + length100ns : nil
    }

    /// Moves everything not yet queued `delta100ns` later (a pause: the song's clock stood
    /// still for that long). Call only when what is queued must stay where it is.
    public func shift(by delta100ns: Int64) {
        songStart100ns += delta100ns
    }

    /// Carries on from message `index` of the song with its time 0 at `songStart100ns` (a seek;
    /// the caller has dealt with what was sounding). Loop-point resets not yet queued are
    /// dropped: the pass restarts at `index`.
    public func reposition(toIndex index: Int, songStart100ns start: Int64) {
        nextIndex = max(0, min(index, messages.count))
        songStart100ns = start
        pendingResets = []
        pendingResetIndex = 0
    }

    /// Index of the first message at or after song time `time100ns`.
    public func firstIndex(atOrAfter time100ns: Int64) -> Int {
        var lo = 0, hi = messages.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if messages[mid].time100ns < time100ns { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The song position (100-ns units from the song's start, within the current pass) of
    /// presentation time `time100ns`, for a status line; clamped to 0…length.
    public func songPosition(at time100ns: Int64) -> Int64 {
        var p = time100ns - songStart100ns
        if loops && p < 0 && passesQueued > 0 { p += length100ns }   // the resets of the next pass are queued already
        return max(0, min(length100ns, p))
    }

    /// Queues every message with presentation time < `now + window100ns`.
    @discardableResult
    public func feed(now: Int64) -> Bool {
        let horizon = now > Int64.max - window100ns ? Int64.max : now + window100ns
        return feed(until: horizon, now: now)
    }

    /// Queues every message with presentation time < `horizon`. Returns false if the pool or
    /// the port's queue ran out first (call again after the wave sink recycled some).
    @discardableResult
    public func feed(until horizon: Int64) -> Bool {
        feed(until: horizon, now: nil)
    }

    private func feed(until horizon: Int64, now: Int64?) -> Bool {
        let allocator = port.allocator
        defer { statistics.maxQueueDepth = max(statistics.maxQueueDepth, port.pendingEventCount) }
        while true {
            if pendingResetIndex >= pendingResets.count && nextIndex >= messages.count {
                // End of a pass: with `loops`, the next pass starts at songStart + length.
                guard loops, songStart100ns + length100ns < horizon else { break }
                songStart100ns += length100ns
                passesQueued += 1
                nextIndex = 0
                pendingResets = SongEvents.loopResetMessages(groups: groups, time100ns: 0)
                pendingResetIndex = 0
            }
            let fromResets = pendingResetIndex < pendingResets.count
            let m = fromResets ? pendingResets[pendingResetIndex] : messages[nextIndex]
            let t = songStart100ns + m.time100ns
            if t >= horizon { break }
            if !EventFeeder.canEverFit(m.bytes.count, allocator: allocator) {
                statistics.messagesDropped += 1
                if fromResets { pendingResetIndex += 1 } else { nextIndex += 1 }
                continue
            }
            guard let (chain, count) = EventFeeder.makeChain(bytes: m.bytes, group: m.group, time: t, allocator: allocator) else {
                statistics.stalls += 1
                return false
            }
            if !port.putMessage(chain) {
                allocator.putMessage(chain)
                statistics.stalls += 1
                return false
            }
            statistics.messagesQueued += 1
            statistics.eventsQueued += count
            lastQueuedTime100ns = t
            if let now { statistics.maxLead100ns = max(statistics.maxLead100ns, t - now) }
            if fromResets { pendingResetIndex += 1 } else { nextIndex += 1 }
        }
        horizon100ns = max(horizon100ns, horizon)
        return true
    }

    /// Events needed for a message of `byteCount` bytes with buffers of `bufferBytes`.
    public static func eventCount(forBytes byteCount: Int, bufferBytes: Int) -> Int {
        byteCount <= KernelEvent.inlineCapacity ? 1 : (byteCount + bufferBytes - 1) / bufferBytes
    }

    private static func canEverFit(_ byteCount: Int, allocator: AllocatorMXF) -> Bool {
        if byteCount <= KernelEvent.inlineCapacity { return true }
        let chunk = allocator.getBufferSize()
        let events = eventCount(forBytes: byteCount, bufferBytes: chunk)
        let lastChunk = byteCount - (events - 1) * chunk
        let buffers = chunk <= KernelEvent.inlineCapacity ? 0 : events - (lastChunk <= KernelEvent.inlineCapacity ? 1 : 0)
        return events <= allocator.eventCapacity && buffers <= allocator.bufferCapacity
    }

    /// The chain of kernel events carrying `bytes` at `time` on `group`, and its length; nil
    /// (nothing taken) when the pool cannot supply it now. Up to 8 bytes: one inline event.
    /// Longer: one event per `getBufferSize()` bytes, in order, INCOMPLETE on all but the
    /// last; a last piece of at most 8 bytes goes inline.
    public static func makeChain(bytes: [UInt8], group: UInt16, time: Int64, allocator: AllocatorMXF) -> (EventIndex, Int)? {
        bytes.withUnsafeBytes { allocator.makeChain(payload: $0, time: time, group: group) }.map { ($0.head, $0.count) }
    }
}
