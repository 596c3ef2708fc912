import DMusPort

/// Client → render-thread notices, carried by an SPSC ring. The client fills a table slot
/// first; the ring's release/acquire ordering makes the slot visible before the render thread
/// reads the notice.
struct SynthCommand: BitwiseCopyable {
    enum Kind: UInt8 {
        case addInstrument, resetStatistics, stop
        /// Unpublish the instrument in `slot` and retire it (`patch` carries the handle).
        case retireInstrument
        /// Retire the wave in `slot` (`patch` carries the handle).
        case retireWave
        /// Output gain: `patch` carries the Float's bits.
        case setMasterGain
        /// DAUD priority (`patch`) of the channel index `slot` (group × 16 + channel).
        case setPriority
    }
    var kind: Kind
    var slot: Int32
    var patch: UInt32
}

/// An unloaded wave or instrument that no voice uses any more, on its way from the render
/// thread to the service thread, which frees it.
struct RetiredObject: BitwiseCopyable {
    var isWave: Bool
    var slot: Int32
    var handle: UInt32
}

/// Render-thread bookkeeping of unloads waiting for their voices to end. Preallocated with
/// room for every slot, so adding never fails or allocates; `sweep` marks what the active
/// voices use (one pass over them) and hands on everything unmarked.
struct RetireTracker {
    private let pending: UnsafeMutablePointer<RetiredObject>
    private(set) var count = 0
    private let capacity: Int
    private let instrumentMarks: UnsafeMutablePointer<UInt32>
    private let waveMarks: UnsafeMutablePointer<UInt32>
    private var epoch: UInt32 = 0

    init() {
        capacity = SynthEngine.maxWaves + SynthEngine.maxInstruments
        pending = .allocate(capacity: capacity)
        instrumentMarks = .allocate(capacity: SynthEngine.maxInstruments)
        instrumentMarks.initialize(repeating: 0, count: SynthEngine.maxInstruments)
        waveMarks = .allocate(capacity: SynthEngine.maxWaves)
        waveMarks.initialize(repeating: 0, count: SynthEngine.maxWaves)
    }

    func free() {
        pending.deallocate(); instrumentMarks.deallocate(); waveMarks.deallocate()
    }

    mutating func add(_ o: RetiredObject) {
        guard count < capacity else { return }   // cannot happen: one entry per slot at most
        pending[count] = o
        count += 1
    }

    /// Moves every pending object no active voice uses into `out` (what does not fit stays
    /// for the next sweep). Returns how many moved. Render thread (or the client while it owns
    /// a stopped engine); no allocation.
    mutating func sweep(_ engine: UnsafeMutablePointer<SynthEngine>, into out: SPSCRing<RetiredObject>) -> Int {
        guard count > 0 else { return 0 }
        epoch &+= 1
        if epoch == 0 {
            instrumentMarks.update(repeating: 0, count: SynthEngine.maxInstruments)
            waveMarks.update(repeating: 0, count: SynthEngine.maxWaves)
            epoch = 1
        }
        let e = epoch
        let active = engine.pointee.active
        let voices = engine.pointee.voices
        let instruments = engine.pointee.instruments
        for i in 0..<engine.pointee.activeCount {
            let v = voices + Int(active[i])
            let slot = Int(v.pointee.instrumentSlot)
            guard slot >= 0 else { continue }
            instrumentMarks[slot] = e
            let inst = instruments + slot
            let r = Int(v.pointee.regionIndex)
            if r >= 0 && r < inst.pointee.regionCount {
                waveMarks[Int(inst.pointee.regions[r].waveSlot)] = e
            }
        }
        var moved = 0
        var i = 0
        while i < count {
            let o = pending[i]
            let used = o.isWave ? waveMarks[Int(o.slot)] == e : instrumentMarks[Int(o.slot)] == e
            if !used && out.push(o) {
                count -= 1
                pending[i] = pending[count]
                moved += 1
            } else {
                i += 1
            }
        }
        return moved
    }
}
