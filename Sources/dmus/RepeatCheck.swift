import DMusPort
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hashes every Float32 sample the wave sink writes (FNV-1a over the bits), counts NaN/Inf,
/// and passes the samples on to `next` when there is one (the sound file of the first loop).
final class HashingOutput: WaveOutput {
    let next: (any WaveOutput)?
    let sampleRate: Int
    let channels: Int
    let maxFramesPerWrite: Int
    private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    private(set) var nonFinite = 0

    init(passingTo next: (any WaveOutput)?, sampleRate: Int, channels: Int = 2, maxFramesPerWrite: Int) {
        self.next = next
        self.sampleRate = next?.sampleRate ?? sampleRate
        self.channels = next?.channels ?? channels
        self.maxFramesPerWrite = next?.maxFramesPerWrite ?? maxFramesPerWrite
    }

    func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        let written = next?.write(samples, frameCount: frameCount) ?? frameCount
        guard written > 0 else { return written }
        var h = hash
        for i in 0..<(written * channels) {
            let v = samples[i]
            if !v.isFinite { nonFinite += 1 }
            var bits = v.bitPattern
            for _ in 0..<4 {
                h = (h ^ UInt64(bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        hash = h
        return written
    }

    func delayFrames() -> Int { next?.delayFrames() ?? 0 }
    func close() throws { try next?.close() }
}
