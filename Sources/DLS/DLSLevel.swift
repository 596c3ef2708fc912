/// DLS Level 1 (MMA RP-016) or Level 2 (RP-025).
public enum DLSLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case dls1 = 1
    case dls2 = 2

    public static func < (a: DLSLevel, b: DLSLevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String { self == .dls1 ? "DLS Level 1" : "DLS Level 2" }
}

extension DLSCollection {
    /// The lowest level that expresses everything in the collection: Level 2 as soon as any
    /// region is `rgn2`, carries a layer or a release loop, any articulation is `art2`, or any
    /// wave is not 8/16-bit mono PCM.
    public var level: DLSLevel {
        func level2(_ s: DLSWaveSample?) -> Bool { s?.loops.contains { $0.type != DLSLoop.forward } ?? false }
        for wave in waves {
            if wave.formatTag != DLSWave.pcmFormatTag || wave.channels != 1 || (wave.bitsPerSample != 8 && wave.bitsPerSample != 16) {
                return .dls2
            }
            if level2(wave.waveSample) { return .dls2 }
        }
        for instrument in instruments {
            if instrument.articulations.contains(where: \.isDLS2) { return .dls2 }
            for region in instrument.regions {
                if region.isDLS2Region || region.layer != 0 || region.articulations.contains(where: \.isDLS2)
                    || level2(region.waveSample) || region.waveLink.options & DLSWaveLink.multichannelFlag != 0
                {
                    return .dls2
                }
            }
        }
        return .dls1
    }
}
