#if canImport(Glibc)
import Glibc
#endif
import DMusPort
import Synchronization

/// Helper threads that mix voice partitions alongside the wave-sink thread (`--threads N`).
/// The render thread publishes one job per mix segment (the frames between two events) and
/// mixes its own share; worker t takes the partitions p with p mod N = t. Hand-off is lock-
/// free: a generation counter published with release ordering, a done counter the render
/// thread spins on. An idle worker (normal scheduling) spins briefly, then sleeps on a
/// semaphore that the render thread posts (sem_post: one futex call, no lock, no allocation)
/// only when it sleeps. Helpers get the wave sink's scheduling: SCHED_FIFO for live play
/// (and then never spin), normal for file rendering.
final class VoiceWorkers: @unchecked Sendable {
    /// What one segment's mix needs; written by the render thread before publishing.
    struct Job {
        var voices: UnsafeMutablePointer<Voice>
        var active: UnsafeMutablePointer<Int32>
        var activeCount = 0
        var offset = 0
        var count = 0
    }

    /// Threads mixing, the render thread included.
    private(set) var threadCount = 1
    private var helperCount = 0
    private let job: UnsafeMutablePointer<Job>
    /// Per partition: where it mixes (refreshed by the render thread before each job).
    let targets: UnsafeMutablePointer<MixTargets>
    private let finishedSounding: UnsafeMutablePointer<Int>
    private let generation = Atomic<Int>(0)
    private let done = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    /// Per helper: whether it is (about to be) asleep on its semaphore.
    private let sleeping: UnsafeMutablePointer<Atomic<Bool>>
    private let semaphores: UnsafeMutablePointer<sem_t>
    private let slots: Int
    private let spinLimit: Int
    private var helperThreads: [RealtimeThread] = []

    /// `threads` counts the render thread; `threads − 1` helpers are started (at most one per
    /// partition). If a helper cannot be started the render thread mixes alone.
    init(threads: Int, voices: UnsafeMutablePointer<Voice>, active: UnsafeMutablePointer<Int32>,
         partitions: VoicePartitions, initialTargets: MixTargets, scheduling: RealtimeThread.Scheduling) {
        // A SCHED_FIFO helper must never spin: on the wave-sink thread's core it would hold
        // that thread off. It sleeps at once; a normal one spins a little for the next job.
        spinLimit = scheduling == .normal ? 20_000 : 0
        let wanted = max(1, min(threads, VoicePartitions.count))
        slots = max(1, wanted - 1)
        job = .allocate(capacity: 1)
        job.initialize(to: Job(voices: voices, active: active))
        targets = .allocate(capacity: VoicePartitions.count)
        targets.initialize(repeating: initialTargets, count: VoicePartitions.count)
        finishedSounding = partitions.finishedSounding
        sleeping = .allocate(capacity: slots)
        for i in 0..<slots { (sleeping + i).initialize(to: Atomic<Bool>(false)) }
        semaphores = .allocate(capacity: slots)
        for i in 0..<slots { sem_init(semaphores + i, 0, 0) }
        for w in 1..<wanted {
            guard let t = try? RealtimeThread(requested: scheduling, name: "dmus-voices",
                                              body: { [unowned self] in self.run(worker: w) }) else {
                shutDown()
                return
            }
            helperThreads.append(t)
        }
        helperCount = helperThreads.count
        threadCount = helperCount + 1
    }

    /// Stops and joins the helpers (client side, at stream close).
    func shutDown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        for i in 0..<slots { sem_post(semaphores + i) }
        for t in helperThreads { t.join() }
        helperThreads.removeAll()
        helperCount = 0
        threadCount = 1
    }

    deinit {
        for i in 0..<slots { sem_destroy(semaphores + i) }
        semaphores.deallocate()
        sleeping.deinitialize(count: slots); sleeping.deallocate()
        job.deallocate()
        targets.deallocate()
    }

    /// Mixes every partition for one segment, sharing the partitions with the helpers; each
    /// partition's finished-sounding count lands in `finishedSounding`. Render thread only.
    func mix(activeCount: Int, offset: Int, count: Int) {
        job.pointee.activeCount = activeCount
        job.pointee.offset = offset
        job.pointee.count = count
        let helpers = helperCount
        if helpers > 0 {
            done.store(0, ordering: .relaxed)
            generation.add(1, ordering: .sequentiallyConsistent)    // publishes the job
            for i in 0..<helpers where sleeping[i].load(ordering: .sequentiallyConsistent) { sem_post(semaphores + i) }
        }
        work(share: 0, of: helpers + 1)
        if helpers > 0 {
            // Spin for the helpers, yielding now and then: under SCHED_FIFO a helper woken on
            // this core could not run while this thread spins.
            var spins = 0
            while done.load(ordering: .acquiring) < helpers {
                spins += 1
                if spins & 1023 == 0 { sched_yield() }
            }
        }
    }

    @inline(__always)
    private func work(share: Int, of shares: Int) {
        let j = job.pointee
        var p = share
        while p < VoicePartitions.count {
            finishedSounding[p] = mixPartition(p, voices: j.voices, active: j.active, activeCount: j.activeCount,
                                               targets: targets[p], offset: j.offset, count: j.count)
            p += shares
        }
    }

    private func run(worker index: Int) {
        var seen = 0
        let asleep = sleeping + (index - 1)
        while true {
            var spins = 0
            var g = generation.load(ordering: .acquiring)
            while g == seen {
                if stopping.load(ordering: .relaxed) { return }
                spins += 1
                if spins < spinLimit { g = generation.load(ordering: .acquiring); continue }
                // Announce the sleep, then look once more: the render thread bumps the
                // generation before it reads `asleep`, so one of the two sees the other.
                asleep.pointee.store(true, ordering: .sequentiallyConsistent)
                g = generation.load(ordering: .sequentiallyConsistent)
                if g == seen && !stopping.load(ordering: .sequentiallyConsistent) { sem_wait(semaphores + (index - 1)) }
                asleep.pointee.store(false, ordering: .relaxed)
                spins = 0
                g = generation.load(ordering: .acquiring)
            }
            if stopping.load(ordering: .relaxed) { return }
            seen = g
            work(share: index, of: helperCount + 1)
            done.add(1, ordering: .releasing)
        }
    }
}
