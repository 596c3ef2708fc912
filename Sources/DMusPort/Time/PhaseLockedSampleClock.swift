/// The miniport's sample clock, phase-locked to the master clock the way ddksynth does it
/// (reference/dmus-interfaces.md §7.3): frame 0 of the stream maps to the master time read at
/// the starting `syncToMaster`, and every later call moves the mapping 1 % of the measured
/// drift toward the master, smoothing jitter. All integer math; no allocation.
public struct PhaseLockedSampleClock: Sendable {
    public private(set) var sampleRate: Int64
    /// Stream frame of the `start` call, in the master time base (ddksynth `startPosition`).
    private var startPosition: Int64 = 0
    private var llStart: Int64 = 0
    private var rfStart: Int64 = 0
    /// Master time of frame 0, corrected by the phase lock (ddksynth `offset`).
    public private(set) var offset100ns: Int64 = 0

    public init(sampleRate: Int) {
        precondition(sampleRate > 0)
        self.sampleRate = Int64(sampleRate)
    }

    /// SyncToMaster with fStart = TRUE: the sample clock restarts at frame 0 "at" `refTime`.
    public mutating func start(refTime: ReferenceTime100ns, masterNow: ReferenceTime100ns) {
        startPosition = (refTime / 1000) * sampleRate / 10_000
        llStart = startPosition
        rfStart = startPosition * ReferenceTime.unitsPerSecond / sampleRate
        offset100ns = masterNow
    }

    /// SyncToMaster with fStart = FALSE. `refTime` is the sink's own sample-derived time in
    /// the base it used for `start`.
    public mutating func sync(refTime: ReferenceTime100ns, masterNow: ReferenceTime100ns) {
        let slave = refTime - rfStart
        let error = (slave + offset100ns) - masterNow
        offset100ns -= error / 100
    }

    /// SampleToRefTime.
    @inlinable public func sampleToRefTime(_ frame: Int64) -> ReferenceTime100ns {
        let s = frame + startPositionValue
        return (s - llStartValue) * ReferenceTime.unitsPerSecond / sampleRate + offset100ns
    }

    /// RefTimeToSample, rounded to the nearest frame. ddksynth truncates; but 100 ns is
    /// coarser than a frame at 48 kHz (208⅓ units), so a time stamped for frame n (itself
    /// rounded to 100 ns) can fall just short of n and truncation would play it a frame early.
    @inlinable public func refTimeToSample(_ t: ReferenceTime100ns) -> Int64 {
        let scaled = (t - offset100ns) * sampleRate
        let half = ReferenceTime.unitsPerSecond / 2
        let frames = scaled >= 0 ? (scaled + half) / ReferenceTime.unitsPerSecond
                                 : -((-scaled + half) / ReferenceTime.unitsPerSecond)
        return (frames + llStartValue) - startPositionValue
    }

    @usableFromInline var startPositionValue: Int64 { startPosition }
    @usableFromInline var llStartValue: Int64 { llStart }
}
