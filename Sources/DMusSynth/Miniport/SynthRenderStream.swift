import DMusPort

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
    /// Client-side sample memory in use (downloads run on the client thread only).

    // Client-side download bookkeeping.
    private var assembly: [UInt8] = []
    private var assembling = false
    private var waveSlotsByDownloadId: [UInt32: Int32] = [:]
    private var waveCount: Int32 = 0
    private var instrumentCount: Int32 = 0
    private var handles: [UInt32: (isWave: Bool, slot: Int32)] = [:]
    private var nextHandle: UInt32 = 1
    private var sampleMemoryUsed = 0

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
        for i in 0..<Int(instrumentCount) { e.instruments[i].free() }
        for i in 0..<Int(waveCount) { e.waves[i].free() }
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
    }

    private(set) var state: StreamState = .stop

    private func pushCommand(_ c: SynthCommand) {
        while !commands.push(c) { sched_yield_compat() }
    }

    func connectOutput(_ sink: any MXF) throws(PortError) {}
    func disconnectOutput(_ sink: any MXF) throws(PortError) {}

    /// Converts each event to a queued message at its exact frame, then returns the chain.
    func putMessage(_ chain: EventIndex) {
        consume(chain)
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
        while let c = commands.pop() {
            switch c.kind {
            case .addInstrument: engine.pointee.publishInstrument(slot: c.slot)
            case .removeInstrument: engine.pointee.unpublishInstrument(slot: c.slot, patch: c.patch)
            case .resetStatistics: engine.pointee.resetStatistics()
            case .stop: engine.pointee.stopAll()
            }
        }
        engine.pointee.render(buffer, frames: frames, position: position)
        published.publish(engine.pointee.stats)
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
        s.freeSampleMemoryBytes = max(0, parameters.sampleMemoryBytes - sampleMemoryUsed)
        return s
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
            guard waveSlotsByDownloadId[wave.downloadId] == nil else {
                throw DownloadError(.alreadyDownloaded, "wave download id \(wave.downloadId) is already downloaded")
            }
            guard Int(waveCount) < SynthEngine.maxWaves else { throw DownloadError(.outOfMemory, "more than \(SynthEngine.maxWaves) waves") }
            let record = try WaveRecord.make(from: wave)
            guard sampleMemoryUsed + record.memoryBytes <= parameters.sampleMemoryBytes else {
                record.free()
                throw DownloadError(.outOfMemory, "wave \(wave.downloadId) needs \(record.memoryBytes) bytes; \(parameters.sampleMemoryBytes - sampleMemoryUsed) of \(parameters.sampleMemoryBytes) left")
            }
            sampleMemoryUsed += record.memoryBytes
            let slot = waveCount
            (engine.pointee.waves + Int(slot)).initialize(to: record)
            waveCount += 1
            waveSlotsByDownloadId[wave.downloadId] = slot
            return makeHandle(isWave: true, slot: slot)
        case .instrument(let instrument):
            guard Int(instrumentCount) < SynthEngine.maxInstruments else {
                throw DownloadError(.outOfMemory, "more than \(SynthEngine.maxInstruments) instruments")
            }
            let waves = engine.pointee.waves
            let record = try InstrumentCompiler.compile(instrument) { id in
                guard let slot = self.waveSlotsByDownloadId[id] else { return nil }
                return (slot, waves[Int(slot)])
            }
            let slot = instrumentCount
            (engine.pointee.instruments + Int(slot)).initialize(to: record)
            instrumentCount += 1
            while !commands.push(SynthCommand(kind: .addInstrument, slot: slot, patch: record.patch)) {
                // The render thread drains this ring every period; a full ring means thousands
                // of downloads in one period. Yield until it catches up.
                sched_yield_compat()
            }
            return makeHandle(isWave: false, slot: slot)
        }
    }

    private func makeHandle(isWave: Bool, slot: Int32) -> DownloadHandle {
        let h = nextHandle
        nextHandle += 1
        handles[h] = (isWave, slot)
        return DownloadHandle(h)
    }

    /// Unload: an instrument stops being found at once; its memory (and a wave's) is kept
    /// until the stream closes, because voices may still be playing it.
    func unload(_ handle: DownloadHandle) throws(DownloadError) {
        guard let (isWave, slot) = handles.removeValue(forKey: handle.raw) else {
            throw DownloadError(.badHandle, "download handle \(handle.raw) is not downloaded")
        }
        if !isWave {
            let patch = engine.pointee.instruments[Int(slot)].patch
            while !commands.push(SynthCommand(kind: .removeInstrument, slot: slot, patch: patch)) { sched_yield_compat() }
        }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func sched_yield_compat() { sched_yield() }
#else
@inline(__always) func sched_yield_compat() {}
#endif
