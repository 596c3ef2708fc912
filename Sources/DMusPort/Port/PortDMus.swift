import Synchronization
#if canImport(Glibc)
import Glibc
#endif

final class InFlightCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// The port's member of its stream's service group: runs the stream's `service` (frees
/// retired downloads, delivers unload completions) on the service thread.
final class StreamService: ServiceSink, @unchecked Sendable {
    /// Weak: the stream holds its notifier, the notifier the group, the group this member —
    /// a strong reference here would keep every closed stream (and its synth) alive.
    weak var stream: (any SynthStream)?
    init(stream: any SynthStream) { self.stream = stream }
    func requestService() { stream?.service() }
}

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
    private let publishedPending = Atomic<Int>(0)
    private let nextDownloadId = Atomic<UInt32>(1)
    /// Service groups registered with `registerServiceGroup`, run by the service thread.
    public let services = ServiceThread()
    /// KSPROPERTY_SYNTH_VOLUME / _VOLUMEBOOST as last set (1/100 dB).
    public internal(set) var volume = 0
    public internal(set) var volumeBoost = 0
    /// Unloads asked for and not yet completed.
    private let unloadsInFlight = InFlightCounter()

    public init(miniport: any MiniportDMus, clock: any MasterClock, allocator: AllocatorMXF = AllocatorMXF()) {
        self.miniport = miniport
        self.clock = clock
        self.allocator = allocator
        inbound = SPSCRing(capacity: allocator.eventCapacity)
    }

    deinit { services.stop() }

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
        // The miniport's service group: the stream notifies it from the wave sink when it has
        // retired downloads for the service thread to free.
        let group = ServiceGroup()
        group.addMember(StreamService(stream: s))
        s.attachService(ServiceNotifier(group: group, thread: services))
        registerServiceGroup(group)
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

    /// GetDLId: `count` consecutive download ids unique within this port, so every client
    /// (and every collection) names its waves and instruments without clashing.
    public func getDownloadIds(_ count: Int = 1) -> UInt32 {
        nextDownloadId.add(UInt32(count), ordering: .relaxed).oldValue
    }

    /// KSPROPERTY_SYNTH_DLS_UNLOAD. The object stops being found at once; the synth frees it
    /// once no voice uses it and then `completion` runs on the port's service thread. A wave
    /// cannot be unloaded while a loaded instrument still uses it.
    public func unload(_ handle: DownloadHandle, completion: UnloadCompletion? = nil) throws(DownloadError) {
        guard let stream else { throw DownloadError(.notDownloaded, "the port has no stream yet") }
        let counter = unloadsInFlight
        counter.value.add(1, ordering: .relaxed)
        do {
            try stream.unload(handle) { h in
                completion?(h)
                counter.value.subtract(1, ordering: .releasing)
            }
        } catch {
            counter.value.subtract(1, ordering: .relaxed)
            throw error
        }
    }

    /// Unloads whose completion has not run yet (any thread).
    public var pendingUnloadCount: Int { unloadsInFlight.value.load(ordering: .acquiring) }

    /// Client thread: waits (sleeping 1 ms at a time) until every unload has completed. False
    /// after `timeoutSeconds`, e.g. when a voice still plays an unloaded object and nothing
    /// renders.
    public func waitForUnloads(timeoutSeconds: Double = 5) -> Bool {
        let deadline = monotonicNanoseconds() + Int64(timeoutSeconds * 1e9)
        while pendingUnloadCount > 0 {
            if monotonicNanoseconds() > deadline { return false }
            var ts = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&ts, nil)
        }
        return true
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
        publishedPending.store(sequencer.count, ordering: .relaxed)
        if !due.isNone { stream.putMessage(due) }
    }

    /// Returns every queued event to the allocator (after the wave sink stopped).
    func flushPending() {
        while let chain = inbound.pop() { allocator.putMessage(chain) }
        allocator.putMessage(sequencer.takeAll())
    }

    /// Chains queued by the client and not yet seen by the wave sink, plus events the
    /// sequencer holds (as of the last period). Any thread.
    public var pendingEventCount: Int { publishedPending.load(ordering: .relaxed) + inbound.count }

    // MARK: Service groups (IPortDMus::RegisterServiceGroup / Notify)

    /// Adds a group whose sinks run on the port's service thread when notified.
    public func registerServiceGroup(_ group: ServiceGroup) { services.register(group) }

    /// Notify: requests service for `group`, or for every registered group when nil. Safe on
    /// any thread, the wave sink's included (no allocation, no lock).
    public func notify(_ group: ServiceGroup? = nil) {
        if let group { group.requestService() } else { services.requestAll() }
        services.wake()
    }
}
