import DMusPort
import Synchronization

/// One synth stream (pin instance): IMXF for the MIDI render pin, ISynthSinkDMus for the wave
/// pin, and the owner of its DLS downloads.
///
/// Threads: `download`/`unload`/`setState` run on the client thread; `putMessage`, `render`,
/// `syncToMaster` and the clock conversions run on the wave-sink thread. The render state
/// sits behind `engine` (one pointer); downloads reach it through `commands`.
final class SynthRenderStream: SynthStream, @unchecked Sendable {
    let allocator: AllocatorMXF
    let masterClock: any MasterClock
    let parameters: PortParameters
    private let engine: UnsafeMutablePointer<SynthEngine>
    private let commands: SPSCRing<SynthCommand>
    private let published = PublishedStatistics()
    /// Unloaded objects the render thread is done with, for the service thread to free.
    private let retired: SPSCRing<RetiredObject>
    /// Render-thread side of unloading (touched only by whoever owns the engine, see `owner`).
    private var retiring = RetireTracker()
    /// Who drives the engine: 0 nobody, 1 the wave sink (render/putMessage), 2 the client
    /// doing a stopped stream's housekeeping. The wave sink only ever tries (never waits):
    /// while the client holds a stopped engine, a period renders silence.
    private let owner = Atomic<Int>(0)
    /// Render time and frames since RUN, for the CPU share (render thread).
    private var renderNanosecondsSinceRun: Int64 = 0
    private var framesSinceRun: Int64 = 0
    @inline(__always) static func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
    /// IPortDMus::Notify for this stream's service group (set once, before rendering).
    private var notifier: ServiceNotifier?

    // Client/service-thread download bookkeeping, behind `books` (never taken by the wave sink).
    private let books = BooksLock()
    private var assembly: [UInt8] = []
    private var assembling = false
    private var waveSlotsByDownloadId: [UInt32: Int32] = [:]
    private var waveIdBySlot: [Int32: UInt32] = [:]
    /// Loaded (not unloaded) instruments using each wave slot.
    private var waveUsers: [Int32: Int] = [:]
    private var instrumentWaves: [Int32: [Int32]] = [:]
    private var liveWaves: Set<Int32> = []
    private var liveInstruments: Set<Int32> = []
    private var freeWaveSlots: [Int32] = []
    private var freeInstrumentSlots: [Int32] = []
    private var waveHighWater: Int32 = 0
    private var instrumentHighWater: Int32 = 0
    private var handles: [UInt32: (isWave: Bool, slot: Int32)] = [:]
    private var completions: [UInt32: UnloadCompletion] = [:]
    private var nextHandle: UInt32 = 1
    private var sampleMemoryUsed = 0
    /// Client mirror of the DAUD priority of every channel (group × 16 + channel).
    private var priorities: [UInt32]

    // Wave-sink-side SysEx reassembly for INCOMPLETE fragments.
    private let sysExBuffer: UnsafeMutablePointer<UInt8>
    private var sysExCount = 0
    private static let sysExCapacity = 512

    init(parameters: PortParameters, allocator: AllocatorMXF, clock: any MasterClock, interpolation: Interpolation,
         reverb: ReverbParameters?, chorus: ChorusParameters?, threads: Int = 1,
         helperScheduling: RealtimeThread.Scheduling = .normal) {
        self.parameters = parameters
        self.allocator = allocator
        masterClock = clock
        engine = .allocate(capacity: 1)
        engine.initialize(to: SynthEngine(parameters: parameters, interpolation: interpolation, reverb: reverb, chorus: chorus))
        if threads > 1 {
            let e = engine.pointee
            engine.pointee.workers = VoiceWorkers(
                threads: threads, voices: e.voices, active: e.active, partitions: e.partitions,
                initialTargets: e.partitions.targets(0, sinc: e.sinc.coefficients, interpolation: interpolation,
                                                     sampleRate: Float(e.sampleRate), reverbOn: false, chorusOn: false),
                scheduling: helperScheduling)
        }
        commands = SPSCRing(capacity: 4096)
        retired = SPSCRing(capacity: 4096)
        priorities = (0..<parameters.channelGroups * 16).map { VoicePriority.defaultPriority(channel: $0 % 16) }
        sysExBuffer = .allocate(capacity: SynthRenderStream.sysExCapacity)
        EngineWarmUp.run(parameters: parameters)
        warmUpEventPath()
    }

    /// Exercises `putMessage`'s conversion path once (inline and buffered payloads) so its
    /// first real use on the wave-sink thread finds the runtime's caches filled.
    private func warmUpEventPath() {
        // A channel message (inline) and a SysEx in a buffer (when buffers are big enough).
        let payloads: [[UInt8]] = [[0xB0, 0, 0], [0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0, 0, 0, 0]]
        for bytes in payloads where bytes.count <= max(KernelEvent.inlineCapacity, allocator.bufferBytes) {
            guard let e = bytes.withUnsafeBytes({ allocator.makeEvent(payload: $0, time: 1) }) else { continue }
            consume(e)
            allocator.putMessage(e)
        }
        engine.pointee.queue.removeAll()
        published.publish(engine.pointee.stats)
        _ = published.snapshot()
    }

    deinit {
        engine.pointee.workers?.shutDown()
        engine.pointee.workers = nil
        let e = engine.pointee
        for i in liveInstruments { e.instruments[Int(i)].free() }
        for i in liveWaves { e.waves[Int(i)].free() }
        retiring.free()
        e.free()
        engine.deinitialize(count: 1)
        engine.deallocate()
        sysExBuffer.deallocate()
    }

    var schedulePreFetch100ns: Int64 { 0 }

    // MARK: IMXF

    /// KSSTATE steps. RUN resets the running statistics; STOP silences every voice and drops
    /// queued events (they come back to the allocator through the port's flush). The
    /// change reaches the render thread through the command ring.
    func setState(_ state: StreamState) throws(PortError) {
        switch state {
        case .run: pushCommand(SynthCommand(kind: .resetStatistics, slot: 0, patch: 0))
        case .stop: pushCommand(SynthCommand(kind: .stop, slot: 0, patch: 0))
        case .acquire, .pause: break
        }
        self.state = state
        if state == .stop { maintainIfStopped() }
    }

    private(set) var state: StreamState = .stop

    private func pushCommand(_ c: SynthCommand) {
        while !commands.push(c) { sched_yield_compat() }
    }

    func connectOutput(_ sink: any MXF) throws(PortError) {}
    func disconnectOutput(_ sink: any MXF) throws(PortError) {}

    /// Converts each event to a queued message at its exact frame, then returns the chain.
    func putMessage(_ chain: EventIndex) {
        if owner.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
            consume(chain)
            owner.store(0, ordering: .releasing)
        }
        allocator.putMessage(chain)
    }

    private func consume(_ chain: EventIndex) {
        var e = chain
        var budget = allocator.eventCapacity
        while !e.isNone && budget > 0 {
            budget -= 1
            let p = allocator.event(e)
            if p.pointee.isPackage {
                consume(p.pointee.packageHead)
            } else {
                let frame = p.pointee.presentationTime100ns == 0
                    ? engine.pointee.framesRendered
                    : engine.pointee.clock.refTimeToSample(p.pointee.presentationTime100ns)
                let group = p.pointee.channelGroup
                let incomplete = p.pointee.isIncomplete
                allocator.withPayload(of: e) { bytes in
                    ingest(bytes, frame: frame, group: group, incomplete: incomplete)
                }
            }
            e = p.pointee.next
        }
    }

    private func ingest(_ bytes: UnsafeRawBufferPointer, frame: Int64, group: UInt16, incomplete: Bool) {
        guard !bytes.isEmpty else { return }
        if sysExCount > 0 || bytes[0] == 0xF0 {
            for b in bytes where sysExCount < SynthRenderStream.sysExCapacity {
                sysExBuffer[sysExCount] = b; sysExCount += 1
            }
            if !incomplete {
                if let e = SysExParser.parse(UnsafeBufferPointer(start: sysExBuffer, count: sysExCount), frame: frame, group: group) {
                    enqueue(e)
                }
                sysExCount = 0
            }
            return
        }
        let status = bytes[0]
        guard status >= 0x80, status < 0xF0 else { return }
        let needed = (status & 0xE0) == 0xC0 ? 2 : 3
        guard bytes.count >= needed else { return }
        enqueue(QueuedEvent(frame: frame, group: group, kind: .channelMessage, status: status,
                            data1: bytes[1] & 0x7F, data2: needed == 3 ? bytes[2] & 0x7F : 0))
    }

    private func enqueue(_ e: QueuedEvent) {
        if !engine.pointee.queue.push(e) { engine.pointee.stats.droppedEvents += 1 }
    }

    // MARK: ISynthSinkDMus

    func render(_ buffer: UnsafeMutablePointer<Float>, frames: Int, position: Int64) {
        // Only a stopped stream's client housekeeping can hold the engine; the port zeroed
        // the buffer, so this period is silence.
        guard owner.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged else { return }
        let t0 = Self.nanoseconds()
        drainCommands()
        engine.pointee.render(buffer, frames: frames, position: position)
        renderNanosecondsSinceRun += Self.nanoseconds() - t0
        framesSinceRun += Int64(frames)
        published.publishCPUShare(Double(renderNanosecondsSinceRun) * Double(parameters.sampleRate) / (Double(framesSinceRun) * 1e9))
        published.publish(engine.pointee.stats)
        published.publishLatency(engine.pointee.clock.sampleToRefTime(position + Int64(frames)))
        if retiring.sweep(engine, into: retired) > 0 { notifier?.notify() }
        owner.store(0, ordering: .releasing)
    }

    /// Applies the client's commands (whoever owns the engine).
    private func drainCommands() {
        while let c = commands.pop() {
            switch c.kind {
            case .addInstrument: engine.pointee.publishInstrument(slot: c.slot)
            case .retireInstrument:
                engine.pointee.unpublishInstrument(slot: c.slot, patch: engine.pointee.instruments[Int(c.slot)].patch)
                retiring.add(RetiredObject(isWave: false, slot: c.slot, handle: c.patch))
            case .retireWave: retiring.add(RetiredObject(isWave: true, slot: c.slot, handle: c.patch))
            case .resetStatistics:
                engine.pointee.resetStatistics()
                renderNanosecondsSinceRun = 0
                framesSinceRun = 0
            case .stop: engine.pointee.stopAll()
            case .setMasterGain: engine.pointee.setMasterGain(Float(bitPattern: c.patch))
            case .setPriority: engine.pointee.channelPriority[Int(c.slot)] = SynthEngine.rank(c.patch)
            }
        }
    }

    /// Client thread, stream stopped: nothing renders, so the client applies the queued
    /// commands itself and retires what no voice uses (after STOP, everything), instead of
    /// leaving unloads pending until the stream runs again.
    private func maintainIfStopped() {
        guard state == .stop, owner.compareExchange(expected: 0, desired: 2, ordering: .acquiring).exchanged else { return }
        drainCommands()
        let moved = retiring.sweep(engine, into: retired)
        owner.store(0, ordering: .releasing)
        if moved > 0 {
            if let notifier { notifier.notify() } else { service() }
        }
    }

    func attachService(_ notifier: ServiceNotifier) { self.notifier = notifier }

    /// Service thread: frees what the render thread retired, gives the slots and the sample
    /// memory back, then runs the unload completions (outside the lock).
    func service() {
        var done: [(UInt32, UnloadCompletion)] = []
        // Only the tables' base pointers (constants) are read from the engine: the render
        // thread is writing its other fields right now.
        let waves = engine.pointee.waves
        let instruments = engine.pointee.instruments
        books.withLock {
            while let r = retired.pop() {
                if r.isWave {
                    let record = waves[Int(r.slot)]
                    sampleMemoryUsed -= record.memoryBytes
                    record.free()
                    (waves + Int(r.slot)).deinitialize(count: 1)
                    liveWaves.remove(r.slot)
                    freeWaveSlots.append(r.slot)
                } else {
                    instruments[Int(r.slot)].free()
                    (instruments + Int(r.slot)).deinitialize(count: 1)
                    liveInstruments.remove(r.slot)
                    freeInstrumentSlots.append(r.slot)
                }
                if let c = completions.removeValue(forKey: r.handle) { done.append((r.handle, c)) }
            }
        }
        for (h, c) in done { c(DownloadHandle(h)) }
    }

    func syncToMaster(_ refTime: ReferenceTime100ns, start: Bool) {
        let now = masterClock.time100ns()
        if start { engine.pointee.clock.start(refTime: refTime, masterNow: now) }
        else { engine.pointee.clock.sync(refTime: refTime, masterNow: now) }
    }

    func sampleToRefTime(_ frame: Int64) -> ReferenceTime100ns { engine.pointee.clock.sampleToRefTime(frame) }
    func refTimeToSample(_ refTime: ReferenceTime100ns) -> Int64 { engine.pointee.clock.refTimeToSample(refTime) }

    func statistics() -> SynthStatistics {
        var s = published.snapshot()
        let used = books.withLock { sampleMemoryUsed }
        s.freeSampleMemoryBytes = max(0, parameters.sampleMemoryBytes - used)
        return s
    }

    func latencyClock() -> ReferenceTime100ns { published.latencyClock() }

    /// The synth copies each wave into its own storage with guard frames on both sides, so the
    /// client appends nothing.
    var dlsAppendFrames: Int { 0 }

    // MARK: Properties (client thread)

    func setVolume(_ hundredthsOfDB: Int, boost: Int) throws(PortError) {
        // The engine keeps 6 dB of headroom (gain 0.5) at 0 dB.
        let gain = Float(0.5 * pow(10, Double(hundredthsOfDB + boost) / 2000))
        pushCommand(SynthCommand(kind: .setMasterGain, slot: 0, patch: gain.bitPattern))
    }

    private func channelIndices(group: Int, channel: Int?) throws(PortError) -> [Int] {
        guard group >= 0, group <= parameters.channelGroups else {
            throw PortError("STATUS_INVALID_PARAMETER: channel group \(group) is outside 0…\(parameters.channelGroups)")
        }
        if let channel, !(0..<16).contains(channel) {
            throw PortError("STATUS_INVALID_PARAMETER: channel \(channel) is outside 0…15")
        }
        let groups = group == 0 ? Array(0..<parameters.channelGroups) : [group - 1]
        let channels = channel.map { [$0] } ?? Array(0..<16)
        return groups.flatMap { g in channels.map { g * 16 + $0 } }
    }

    func voicePriority(group: Int, channel: Int) throws(PortError) -> UInt32 {
        guard group >= 1 else { throw PortError("STATUS_INVALID_PARAMETER: a priority is read from one group (1…\(parameters.channelGroups))") }
        let i = try channelIndices(group: group, channel: channel)[0]
        return books.withLock { priorities[i] }
    }

    func setVoicePriority(_ priority: UInt32, group: Int, channel: Int) throws(PortError) {
        for i in try channelIndices(group: group, channel: channel) { setPriority(priority, index: i) }
    }

    func setChannelGroupPriority(_ level: UInt32, group: Int) throws(PortError) {
        for i in try channelIndices(group: group, channel: nil) {
            let old = books.withLock { priorities[i] }
            setPriority((level & 0xF000_0000) | (old & 0x0FFF_FFFF), index: i)
        }
    }

    private func setPriority(_ p: UInt32, index: Int) {
        books.withLock { priorities[index] = p }
        pushCommand(SynthCommand(kind: .setPriority, slot: Int32(index), patch: p))
        maintainIfStopped()
    }

    // MARK: Downloads (client thread)

    func download(_ chain: EventIndex) throws(DownloadError) -> DownloadResult {
        var e = chain
        var budget = allocator.eventCapacity
        while !e.isNone && budget > 0 {
            budget -= 1
            let p = allocator.event(e)
            guard !p.pointee.isPackage else { throw DownloadError(.unknownDownload, "a download chain cannot hold package events") }
            let incomplete = p.pointee.isIncomplete
            allocator.withPayload(of: e) { assembly.append(contentsOf: $0) }
            assembling = true
            if !incomplete {
                defer { assembly.removeAll(keepingCapacity: false); assembling = false }
                let handle = try complete(assembly)
                return .complete(handle: handle, free: true)
            }
            e = p.pointee.next
        }
        return .incomplete
    }

    private func complete(_ bytes: [UInt8]) throws(DownloadError) -> DownloadHandle {
        switch try DownloadDecoder.decode(bytes) {
        case .wave(let wave):
            let record = try WaveRecord.make(from: wave)
            return try books.withLock { () throws(DownloadError) -> DownloadHandle in
                guard waveSlotsByDownloadId[wave.downloadId] == nil else {
                    record.free()
                    throw DownloadError(.alreadyDownloaded, "wave download id \(wave.downloadId) is already downloaded")
                }
                guard !freeWaveSlots.isEmpty || Int(waveHighWater) < SynthEngine.maxWaves else {
                    record.free()
                    throw DownloadError(.outOfMemory, "more than \(SynthEngine.maxWaves) waves")
                }
                guard sampleMemoryUsed + record.memoryBytes <= parameters.sampleMemoryBytes else {
                    record.free()
                    throw DownloadError(.outOfMemory, "wave \(wave.downloadId) needs \(record.memoryBytes) bytes; \(parameters.sampleMemoryBytes - sampleMemoryUsed) of \(parameters.sampleMemoryBytes) left")
                }
                sampleMemoryUsed += record.memoryBytes
                let slot: Int32
                if let s = freeWaveSlots.popLast() { slot = s } else { slot = waveHighWater; waveHighWater += 1 }
                (engine.pointee.waves + Int(slot)).initialize(to: record)
                liveWaves.insert(slot)
                waveSlotsByDownloadId[wave.downloadId] = slot
                waveIdBySlot[slot] = wave.downloadId
                return makeHandle(isWave: true, slot: slot)
            }
        case .instrument(let instrument):
            let (handle, slot, patch) = try books.withLock { () throws(DownloadError) -> (DownloadHandle, Int32, UInt32) in
                guard !freeInstrumentSlots.isEmpty || Int(instrumentHighWater) < SynthEngine.maxInstruments else {
                    throw DownloadError(.outOfMemory, "more than \(SynthEngine.maxInstruments) instruments")
                }
                let waves = engine.pointee.waves
                let record = try InstrumentCompiler.compile(instrument) { id in
                    guard let slot = self.waveSlotsByDownloadId[id] else { return nil }
                    return (slot, waves[Int(slot)])
                }
                let slot: Int32
                if let s = freeInstrumentSlots.popLast() { slot = s } else { slot = instrumentHighWater; instrumentHighWater += 1 }
                (engine.pointee.instruments + Int(slot)).initialize(to: record)
                liveInstruments.insert(slot)
                var used = Set<Int32>()
                for r in 0..<record.regionCount { used.insert(record.regions[r].waveSlot) }
                instrumentWaves[slot] = Array(used)
                for w in used { waveUsers[w, default: 0] += 1 }
                return (makeHandle(isWave: false, slot: slot), slot, record.patch)
            }
            // The render thread drains this ring every period; a full ring means thousands of
            // downloads in one period: `pushCommand` yields until it catches up.
            pushCommand(SynthCommand(kind: .addInstrument, slot: slot, patch: patch))
            maintainIfStopped()
            return handle
        }
    }

    /// Books held.
    private func makeHandle(isWave: Bool, slot: Int32) -> DownloadHandle {
        let h = nextHandle
        nextHandle += 1
        handles[h] = (isWave, slot)
        return DownloadHandle(h)
    }

    func unload(_ handle: DownloadHandle) throws(DownloadError) {
        try unload(handle, completion: nil)
    }

    /// Unload: an instrument stops being found at once (the render thread unpublishes it
    /// before its next period). The render thread keeps a wave or instrument until no voice
    /// uses it, then hands it to the service thread, which frees it, returns its sample
    /// memory and runs `completion`. A wave that a loaded instrument still uses is refused.
    func unload(_ handle: DownloadHandle, completion: UnloadCompletion?) throws(DownloadError) {
        let command = try books.withLock { () throws(DownloadError) -> SynthCommand in
            guard let (isWave, slot) = handles[handle.raw] else {
                throw DownloadError(.badHandle, "download handle \(handle.raw) is not downloaded")
            }
            if isWave {
                let users = waveUsers[slot] ?? 0
                guard users == 0 else {
                    throw DownloadError(.waveInUse, "wave download id \(waveIdBySlot[slot] ?? 0) is used by \(users) loaded instrument\(users == 1 ? "" : "s"); unload them first")
                }
                if let id = waveIdBySlot.removeValue(forKey: slot) { waveSlotsByDownloadId[id] = nil }
            } else {
                for w in instrumentWaves.removeValue(forKey: slot) ?? [] {
                    let n = (waveUsers[w] ?? 1) - 1
                    waveUsers[w] = n > 0 ? n : nil
                }
            }
            handles[handle.raw] = nil
            if let completion { completions[handle.raw] = completion }
            return SynthCommand(kind: isWave ? .retireWave : .retireInstrument, slot: slot, patch: handle.raw)
        }
        pushCommand(command)
        maintainIfStopped()
    }
}

/// A pthread mutex for the client/service-thread bookkeeping (never taken on the wave sink).
/// pthread rather than `Mutex` so ThreadSanitizer sees the ordering it provides.
final class BooksLock: @unchecked Sendable {
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(m, nil) }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return try body()
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func sched_yield_compat() { sched_yield() }
#else
@inline(__always) func sched_yield_compat() {}
#endif
