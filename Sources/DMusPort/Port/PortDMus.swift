import Synchronization

/// IPortDMus: the port driver. It owns the stream's allocator, the master clock, the
/// software sequencer and the wave sink, and drives the miniport's stream each period.
///
/// Threads: the client (`putMessage`, `download`, `newStream`, `start`/`stop`) and the wave
/// sink (`WaveSink.runPeriod`). Chains cross from client to wave sink through a lock-free
/// ring; the allocator's free lists carry events back.
public final class PortDMus: @unchecked Sendable {
    public let miniport: any MiniportDMus
    public let clock: any MasterClock
    public let allocator: AllocatorMXF
    public private(set) var stream: (any SynthStream)?
    public private(set) var parameters = PortParameters()
    /// Chains queued by the client, drained by the wave sink into the sequencer.
    let inbound: SPSCRing<EventIndex>
    var sequencer = EventSequencer()
    public private(set) var state: StreamState = .stop

    public init(miniport: any MiniportDMus, clock: any MasterClock, allocator: AllocatorMXF = AllocatorMXF()) {
        self.miniport = miniport
        self.clock = clock
        self.allocator = allocator
        inbound = SPSCRing(capacity: allocator.eventCapacity)
    }

    /// NewStream for the synth (MIDI render + wave sink on one object).
    @discardableResult
    public func newStream(parameters: PortParameters) throws(PortError) -> any SynthStream {
        guard stream == nil else { throw PortError("this port already has a render stream") }
        guard parameters.channelGroups >= 1, parameters.channelGroups <= miniport.caps.maxChannelGroups else {
            throw PortError("channel groups must be 1…\(miniport.caps.maxChannelGroups), not \(parameters.channelGroups)")
        }
        let s = try miniport.newStream(type: .midiRender, parameters: parameters, allocator: allocator, clock: clock)
        self.parameters = parameters
        stream = s
        return s
    }

    /// Steps the stream's state one KSSTATE at a time to `target`.
    public func setState(_ target: StreamState) throws(PortError) {
        guard let stream else { throw PortError("no stream") }
        while state != target {
            let next = StreamState(rawValue: state.rawValue + (target > state ? 1 : -1))!
            try stream.setState(next)
            state = next
        }
    }

    /// Queues a time-stamped chain for the wave sink (client thread). False when the queue is
    /// full: the caller keeps the chain and retries later.
    public func putMessage(_ chain: EventIndex) -> Bool {
        inbound.push(chain)
    }

    /// A DLS download carried in allocator buffers (client thread). Returns the chain to the
    /// allocator whatever happens.
    public func download(_ chain: EventIndex) throws(DownloadError) -> DownloadResult {
        defer { allocator.putMessage(chain) }
        guard let stream else { throw DownloadError(.notDownloaded, "the port has no stream yet") }
        return try stream.download(chain)
    }

    public func unload(_ handle: DownloadHandle) throws(DownloadError) {
        guard let stream else { throw DownloadError(.notDownloaded, "the port has no stream yet") }
        try stream.unload(handle)
    }

    /// Wave-sink side: moves queued chains into the sequencer and hands the stream everything
    /// due before `end` (plus its prefetch).
    func deliverDue(before end: ReferenceTime100ns, to stream: any SynthStream) {
        let events = allocator.events
        while let chain = inbound.pop() {
            var e = chain
            while !e.isNone {
                let next = events[Int(e.raw)].next
                sequencer.insert(e, events: events)
                e = next
            }
        }
        let prefetch = stream.schedulePreFetch100ns
        let limit = end > Int64.max - prefetch ? Int64.max : end + prefetch
        let due = sequencer.takeDue(before: limit, events: events)
        if !due.isNone { stream.putMessage(due) }
    }

    /// Returns every queued event to the allocator (after the wave sink stopped).
    func flushPending() {
        while let chain = inbound.pop() { allocator.putMessage(chain) }
        allocator.putMessage(sequencer.takeAll())
    }

    /// Events waiting in the port (queued or sequenced).
    public var pendingEventCount: Int { sequencer.count + inbound.count }
}
