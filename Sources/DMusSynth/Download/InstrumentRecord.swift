import DMusPort

/// How a region's wave loops.
enum LoopMode: UInt8 {
    case oneShot, forward, release
}

/// A compiled region: everything a voice needs, resolved at download time.
struct RegionRecord {
    var keyLow: UInt8, keyHigh: UInt8, velocityLow: UInt8, velocityHigh: UInt8
    var selfNonExclusive: Bool
    var keyGroup: UInt16
    var waveSlot: Int32
    var unityNote: Double
    var fineTuneCents: Double
    var sampleGainCentibels: Double
    /// A side of a stereo pair (phase-locked regions on the LEFT or RIGHT channel) is panned
    /// hard to its side; the channel's pan then acts as balance. 0 for mono regions.
    var channelPanPermille: Double = 0
    var loopMode: LoopMode
    var loopStart: Int
    var loopEnd: Int
    var connections: UnsafeMutablePointer<CompiledConnection>
    var connectionCount: Int
}

/// A compiled instrument; its regions live in one allocation owned by the record.
struct InstrumentRecord {
    var patch: UInt32
    var isGM: Bool
    var regions: UnsafeMutablePointer<RegionRecord>
    var regionCount: Int
    var downloadId: UInt32

    func free() {
        for i in 0..<regionCount {
            regions[i].connections.deinitialize(count: regions[i].connectionCount)
            regions[i].connections.deallocate()
        }
        regions.deallocate()
    }
}
