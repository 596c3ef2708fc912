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

    /// Stops and joins the thread (port teardown), then forgets its groups, so a group whose
    /// sink holds a notifier that points back here does not keep this object alive.
    public func stop() {
        if running.exchange(false, ordering: .acquiringAndReleasing) {
            sem_post(semaphore)
            if let t = thread, pthread_equal(t, pthread_self()) == 0 { pthread_join(t, nil) }
            thread = nil
        }
        let dropped = lock.withLock { _ in let g = groups; groups = []; return g }
        withExtendedLifetime(dropped) {}   // released here, outside the lock
    }
}

/// What a miniport stream keeps to call IPortDMus::Notify(serviceGroup) from its own threads,
/// the wave sink's included: raising the group's flag and posting the service thread's
/// semaphore neither allocates, locks nor blocks. The port hands one to its stream
/// (`SynthStream.attachService`) when it creates the stream.
public final class ServiceNotifier: Sendable {
    let group: ServiceGroup
    let thread: ServiceThread

    init(group: ServiceGroup, thread: ServiceThread) {
        self.group = group
        self.thread = thread
    }

    /// Notify(group): any thread, real-time safe.
    public func notify() {
        group.requestService()
        thread.wake()
    }
}
