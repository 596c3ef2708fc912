#if canImport(Glibc)
import Glibc
#endif

/// A dedicated pthread for the wave sink. It asks for SCHED_FIFO and, when the system refuses
/// (EPERM without CAP_SYS_NICE or RLIMIT_RTPRIO), creates the same thread with normal
/// scheduling and reports that — pthread_create fails outright rather than downgrading.
public final class RealtimeThread: @unchecked Sendable {
    public enum Scheduling: Sendable, Equatable {
        case fifo(priority: Int32)
        case normal
    }

    /// What the thread actually got.
    public private(set) var granted: Scheduling = .normal
    /// Why SCHED_FIFO was refused, when it was.
    public private(set) var fallbackReason: String?
    private var thread: pthread_t?
    private let body: @Sendable () -> Void

    private final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }

    public init(requested: Scheduling, name: String = "dmus-wavesink", body: @escaping @Sendable () -> Void) throws(PortError) {
        self.body = body
        if case .fifo(let priority) = requested {
            let rc = create(fifoPriority: priority)
            if rc == 0 { granted = requested; return }
            fallbackReason = "SCHED_FIFO refused (\(String(cString: strerror(rc)))); using normal scheduling"
        }
        let rc = create(fifoPriority: nil)
        guard rc == 0 else { throw PortError("cannot create the wave-sink thread: \(String(cString: strerror(rc)))") }
        granted = .normal
    }

    private func create(fifoPriority: Int32?) -> Int32 {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, 512 * 1024)
        if let fifoPriority {
            pthread_attr_setinheritsched(&attr, Int32(PTHREAD_EXPLICIT_SCHED))
            pthread_attr_setschedpolicy(&attr, SCHED_FIFO)
            var param = sched_param()
            param.sched_priority = fifoPriority
            pthread_attr_setschedparam(&attr, &param)
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, &attr, { arg in
            let b = Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue()
            b.body()
            return nil
        }, box)
        if rc != 0 { Unmanaged<Box>.fromOpaque(box).release(); return rc }
        thread = t
        return 0
    }

    /// Waits for the body to return.
    public func join() {
        if let t = thread { pthread_join(t, nil); thread = nil }
    }
}
