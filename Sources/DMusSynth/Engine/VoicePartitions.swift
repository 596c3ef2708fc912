/// Voices mix into a fixed number of partitions (chosen by voice slot), each with its own dry
/// and send buses and scratch memory; at the end of a render the partitions are added in
/// partition order. The partitioning is the same whatever the thread count, so the floating-
/// point sums — and the output — are bit-identical with one thread or several: threads only
/// decide who mixes which partition.
struct VoicePartitions {
    static let count = 4

    let maxFrames: Int
    /// Per partition: dry, reverb-send and chorus-send buses (interleaved stereo, `maxFrames`).
    let buses: UnsafeMutablePointer<Float>
    /// Per partition: the voice mixer's scratch.
    let scratch: UnsafeMutablePointer<Float>
    /// Per partition: sounding voices that finished in the last mix (for the sounding count).
    let finishedSounding: UnsafeMutablePointer<Int>

    init(maxFrames: Int) {
        self.maxFrames = maxFrames
        let busFloats = VoicePartitions.count * 3 * 2 * maxFrames
        buses = .allocate(capacity: busFloats); buses.initialize(repeating: 0, count: busFloats)
        let scratchFloats = VoicePartitions.count * MixTargets.scratchCapacity
        scratch = .allocate(capacity: scratchFloats); scratch.initialize(repeating: 0, count: scratchFloats)
        finishedSounding = .allocate(capacity: VoicePartitions.count)
        finishedSounding.initialize(repeating: 0, count: VoicePartitions.count)
    }

    func free() { buses.deallocate(); scratch.deallocate(); finishedSounding.deallocate() }

    @inline(__always) func bus(_ partition: Int, _ which: Int) -> UnsafeMutablePointer<Float> {
        buses + (partition * 3 + which) * 2 * maxFrames
    }

    func targets(_ partition: Int, sinc: UnsafeMutablePointer<Float>, interpolation: Interpolation, sampleRate: Float,
                 reverbOn: Bool, chorusOn: Bool) -> MixTargets {
        MixTargets(out: bus(partition, 0), reverb: bus(partition, 1), chorus: bus(partition, 2),
                   scratch: scratch + partition * MixTargets.scratchCapacity, sinc: sinc,
                   interpolation: interpolation, sampleRate: sampleRate, reverbOn: reverbOn, chorusOn: chorusOn)
    }

    /// Adds every partition's buses, in partition order, to the output and the effect sends.
    func sum(frames: Int, out: UnsafeMutablePointer<Float>, reverb: UnsafeMutablePointer<Float>,
             chorus: UnsafeMutablePointer<Float>, sends: Bool) {
        let n = 2 * frames
        for p in 0..<VoicePartitions.count {
            let d = bus(p, 0)
            for i in 0..<n { out[i] += d[i] }
            guard sends else { continue }
            let r = bus(p, 1), c = bus(p, 2)
            for i in 0..<n { reverb[i] += r[i]; chorus[i] += c[i] }
        }
    }

    /// Clears what the last render wrote.
    func clear(frames: Int, sends: Bool) {
        for p in 0..<VoicePartitions.count {
            bus(p, 0).update(repeating: 0, count: 2 * frames)
            if sends { bus(p, 1).update(repeating: 0, count: 2 * frames); bus(p, 2).update(repeating: 0, count: 2 * frames) }
        }
    }
}

/// Mixes the active voices that belong to `partition` for `count` frames at `offset`. Voices
/// that finish are marked inactive (the render thread compacts the active list afterwards);
/// returns how many of them were sounding before.
func mixPartition(_ partition: Int, voices: UnsafeMutablePointer<Voice>, active: UnsafeMutablePointer<Int32>,
                  activeCount: Int, targets: MixTargets, offset: Int, count: Int) -> Int {
    var finishedSounding = 0
    for i in 0..<activeCount {
        let slot = Int(active[i])
        guard slot % VoicePartitions.count == partition else { continue }
        let v = voices + slot
        let wasSounding = v.pointee.isSounding
        if !mixVoice(v, targets, offset: offset, count: count) {
            if wasSounding { finishedSounding += 1 }
            v.pointee.active = false
        }
    }
    return finishedSounding
}
