/// Converts ticks to reference time (100-ns units) and back, exactly.
///
/// PPQ division: the time of tick `T` is the sum over tempo segments of
/// `ticks × microsecondsPerQuarter × 10 / ppq`. The map keeps, for every tempo change, the
/// exact numerator of that sum (in units of 1/ppq × 100 ns, as a 128-bit integer), so the
/// time of any tick is one integer division from the last change: no floating point and no
/// accumulated rounding, however many changes there are. The result is rounded to the nearest
/// 100 ns (halves round up).
///
/// SMPTE division: a tick lasts 1 / (framesPerSecond × ticksPerFrame) s and Set Tempo does not
/// change it. Rate 29 means 30 drop-frame, i.e. 30000/1001 frames per second exactly.
///
/// The default tempo before the first change is 500000 µs per quarter note (120 BPM). A tempo
/// of 0 (invalid) is treated as 1 µs per quarter note so that time always advances.
/// Results that do not fit are clamped (`Int64.max`, `UInt64.max`).
public struct TempoMap: Sendable {
    public static let defaultMicrosecondsPerQuarter: UInt32 = 500_000

    public let division: MIDIDivision
    /// The tempo changes in effect: sorted by tick, one per tick (where a file has several at the
    /// same tick the last one in merged order wins). The default tempo applies before the first.
    public let tempoChanges: [TempoChange]

    /// One segment of constant tick length.
    private struct Segment: Sendable {
        var startTick: UInt64
        /// Exact time of `startTick` × `divisor`, in 100 ns.
        var startNumerator: Int128
        /// Increase of the numerator per tick.
        var numeratorPerTick: Int128
    }

    /// Times are `numerator / divisor` in 100-ns units.
    private let divisor: Int128
    private let segments: [Segment]

    /// The tempo map of a whole file: Set Tempo events of every track, merged (format 0 and 1).
    /// For format 2, whose tracks are independent sequences, this is the map of track 0; use
    /// `init(file:track:)` for the others.
    public init(file: MIDIFile) {
        if file.format == 2 {
            self.init(file: file, track: 0)
            return
        }
        var changes: [TempoChange] = []
        // Merged order (tick, track, event index) decides which of several changes at one tick
        // wins: collect in track order, then a stable sort by tick.
        for track in file.tracks {
            for event in track.events {
                if let tempo = event.kind.tempoMicrosecondsPerQuarter {
                    changes.append(TempoChange(tick: event.tick, microsecondsPerQuarter: tempo))
                }
            }
        }
        self.init(division: file.division, tempoChanges: changes)
    }

    /// The tempo map of one track alone (format 2 sequences). An index out of range gives the
    /// default tempo only.
    public init(file: MIDIFile, track: Int) {
        var changes: [TempoChange] = []
        if file.tracks.indices.contains(track) {
            for event in file.tracks[track].events {
                if let tempo = event.kind.tempoMicrosecondsPerQuarter {
                    changes.append(TempoChange(tick: event.tick, microsecondsPerQuarter: tempo))
                }
            }
        }
        self.init(division: file.division, tempoChanges: changes)
    }

    /// A map from explicit changes, in any order (a stable sort by tick is applied; of several
    /// changes at one tick the last wins).
    public init(division: MIDIDivision, tempoChanges: [TempoChange]) {
        self.division = division
        let sorted = TempoMap.stableSortedByTick(tempoChanges)
        var unique: [TempoChange] = []
        unique.reserveCapacity(sorted.count)
        for change in sorted {
            if let last = unique.last, last.tick == change.tick {
                unique[unique.count - 1] = change
            } else {
                unique.append(change)
            }
        }
        self.tempoChanges = unique

        switch division {
        case .smpte(let fps, let tpf):
            // 100 ns per tick = 1e7 / (fps × tpf); for 29: 1e7 × 1001 / (30000 × tpf).
            let rate = Int128(max(fps, 1))
            let ticksPerFrame = Int128(max(tpf, 1))
            if fps == 29 {
                divisor = 30000 * ticksPerFrame
                segments = [Segment(startTick: 0, startNumerator: 0, numeratorPerTick: 10_000_000 * 1001)]
            } else {
                divisor = rate * ticksPerFrame
                segments = [Segment(startTick: 0, startNumerator: 0, numeratorPerTick: 10_000_000)]
            }
        case .ticksPerQuarter(let ppq):
            divisor = Int128(max(ppq, 1))
            var segs: [Segment] = []
            segs.reserveCapacity(unique.count + 1)
            var current = Segment(startTick: 0, startNumerator: 0,
                                  numeratorPerTick: Int128(TempoMap.defaultMicrosecondsPerQuarter) * 10)
            for change in unique {
                let perTick = Int128(max(change.microsecondsPerQuarter, 1)) * 10
                if change.tick == 0 {
                    current.numeratorPerTick = perTick
                    continue
                }
                segs.append(current)
                let start = current.startNumerator + Int128(change.tick - current.startTick) * current.numeratorPerTick
                current = Segment(startTick: change.tick, startNumerator: start, numeratorPerTick: perTick)
            }
            segs.append(current)
            segments = segs
        }
    }

    /// Tempo (µs per quarter note) in effect at `tick`.
    public func microsecondsPerQuarter(atTick tick: UInt64) -> UInt32 {
        // Last change with change.tick <= tick.
        var lo = 0, hi = tempoChanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tempoChanges[mid].tick <= tick { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? TempoMap.defaultMicrosecondsPerQuarter : tempoChanges[lo - 1].microsecondsPerQuarter
    }

    /// Exact time of `tick` × divisor (100-ns units).
    private func numerator(atTick tick: UInt64) -> Int128 {
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].startTick <= tick { lo = mid + 1 } else { hi = mid }
        }
        let seg = segments[max(lo - 1, 0)]
        return seg.startNumerator + Int128(tick - seg.startTick) * seg.numeratorPerTick
    }

    /// Reference time of `tick` in 100-ns units from tick 0, rounded to the nearest unit.
    public func refTime100ns(atTick tick: UInt64) -> Int64 {
        let n = numerator(atTick: tick)
        let rounded = (2 * n + divisor) / (2 * divisor)
        return rounded > Int128(Int64.max) ? Int64.max : Int64(rounded)
    }

    /// Reference time of `tick` played at `scale` (2 = twice as fast), computed from the exact
    /// numerator in one integer division: round(time × scale.denominator / scale.numerator),
    /// so a scaled song drifts no more than an unscaled one.
    public func refTime100ns(atTick tick: UInt64, scale: TempoScale) -> Int64 {
        if scale.isNormal { return refTime100ns(atTick: tick) }
        let n = numerator(atTick: tick)
        let (scaled, overflow) = n.multipliedReportingOverflow(by: Int128(scale.denominator))
        if overflow { return Int64.max }
        let d = divisor * Int128(scale.numerator)
        let rounded = (2 * scaled + d) / (2 * d)
        return rounded > Int128(Int64.max) ? Int64.max : Int64(rounded)
    }

    /// The last tick that has started by reference time `t`: the largest tick whose
    /// `refTime100ns(atTick:)` is ≤ `t` (0 for `t` < 0). For every tick `T`,
    /// `tick(atRefTime100ns: refTime100ns(atTick: T)) >= T`, with equality whenever the next
    /// tick starts at a later 100-ns unit.
    public func tick(atRefTime100ns t: Int64) -> UInt64 {
        guard t >= 0 else { return 0 }
        // Last segment whose start time (rounded) is ≤ t.
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if roundedTime(segments[mid].startNumerator) <= Int128(t) { lo = mid + 1 } else { hi = mid }
        }
        return lastTick(inSegmentAt: max(lo - 1, 0), time: t)
    }

    private func roundedTime(_ numerator: Int128) -> Int128 {
        (2 * numerator + divisor) / (2 * divisor)
    }

    /// Largest tick T in segment `index` with round(num(T) / divisor) ≤ t, i.e.
    /// 2·num(T) < divisor·(2t + 1).
    private func lastTick(inSegmentAt index: Int, time t: Int64) -> UInt64 {
        let seg = segments[index]
        let bound = divisor * (2 * Int128(t) + 1) - 2 * seg.startNumerator  // > 0 by the choice of segment
        guard bound > 0 else { return seg.startTick }
        let steps = (bound - 1) / (2 * seg.numeratorPerTick)
        let result = Int128(seg.startTick) + steps
        return result > Int128(UInt64.max) ? UInt64.max : UInt64(result)
    }

    private static func stableSortedByTick(_ changes: [TempoChange]) -> [TempoChange] {
        var isSorted = true
        for i in changes.indices.dropFirst() where changes[i].tick < changes[i - 1].tick {
            isSorted = false
            break
        }
        if isSorted { return changes }
        return changes.enumerated()
            .sorted { a, b in a.element.tick != b.element.tick ? a.element.tick < b.element.tick : a.offset < b.offset }
            .map(\.element)
    }
}
