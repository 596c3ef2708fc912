#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// IServiceSink: something that wants to run off the real-time thread when notified.
public protocol ServiceSink: AnyObject, Sendable {
    /// Runs on the port's service thread: may allocate, block and log.
    func requestService()
}

/// IServiceGroup: sinks serviced together. `requestService` only raises a flag, so the wave
/// sink can call it; the port's service thread later calls every member.
public final class ServiceGroup: @unchecked Sendable {
    private let pending = Atomic<Bool>(false)
    private var members: [any ServiceSink] = []
    private let lock = Mutex<Void>(())

    public init() {}

    /// AddMember (client threads).
    public func addMember(_ sink: any ServiceSink) { lock.withLock { _ in members.append(sink) } }

    /// RemoveMember.
    public func removeMember(_ sink: any ServiceSink) {
        lock.withLock { _ in members.removeAll { $0 === sink } }
    }

    /// RequestService: lock-free, allocation-free.
    public func requestService() { pending.store(true, ordering: .releasing) }

    /// Service thread: runs the members if service was requested.
    func serviceIfRequested() -> Bool {
        guard pending.exchange(false, ordering: .acquiringAndReleasing) else { return false }
        let current = lock.withLock { _ in members }
        for m in current { m.requestService() }
        return true
    }
}

/// The port's service thread (the DPC of the Windows port): sleeps on a semaphore that
/// `notify` posts (sem_post is async-signal-safe and never blocks), then services every group
/// whose flag is up. Started lazily with the first registered group.
public final class ServiceThread: @unchecked Sendable {
    private var groups: [ServiceGroup] = []
    private let lock = Mutex<Void>(())
    /// Heap-allocated: a semaphore must not move, and a Swift property has no stable address.
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private let running = Atomic<Bool>(false)
    private var thread: pthread_t?
    private let passes = Atomic<Int>(0)
    /// Times the thread woke and serviced its groups.
    public var servicePasses: Int { passes.load(ordering: .relaxed) }

    init() { sem_init(semaphore, 0, 0) }

    deinit {
        stop()
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func register(_ group: ServiceGroup) {
        lock.withLock { _ in groups.append(group) }
        if !running.exchange(true, ordering: .acquiringAndReleasing) { start() }
    }

    func requestAll() {
        let current = lock.withLock { _ in groups }
        for g in current { g.requestService() }
    }

    func wake() { sem_post(semaphore) }

    private func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var t = pthread_t()
        if pthread_create(&t, nil, { arg in
            let me = Unmanaged<ServiceThread>.fromOpaque(arg!).takeRetainedValue()
            me.loop()
            return nil
        }, box) == 0 { thread = t } else { Unmanaged<ServiceThread>.fromOpaque(box).release(); running.store(false, ordering: .relaxed) }
    }

    private func loop() {
        while running.load(ordering: .acquiring) {
            sem_wait(semaphore)
            let current = lock.withLock { _ in groups }
            for g in current { _ = g.serviceIfRequested() }
            passes.add(1, ordering: .relaxed)
        }
    }

    /// Stops and joins the thread (port teardown).
    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        sem_post(semaphore)
        if let t = thread { pthread_join(t, nil); thread = nil }
    }
}
