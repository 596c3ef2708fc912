import DMusPort

/// A downloaded wave in the synth's own format: mono Float32 at full scale ±1, with guard
/// frames on both sides so the interpolator never reads outside the allocation.
struct WaveRecord {
    static let guardFrames = 8
    /// Frame 0 (the allocation starts `guardFrames` earlier).
    var frames: UnsafeMutablePointer<Float>
    var frameCount: Int
    var sampleRate: Double

    /// Decodes PCM (8-bit unsigned, 16/24/32-bit signed) and IEEE float into a new allocation.
    static func make(from wave: DownloadWave) throws(DownloadError) -> WaveRecord {
        let f = wave.format
        guard f.formatTag == DownloadLayout.waveFormatPCM || f.formatTag == DownloadLayout.waveFormatIEEEFloat else {
            throw DownloadError(.notPCM, "wave \(wave.downloadId): format tag \(f.formatTag) is not PCM (1) or IEEE float (3)")
        }
        guard f.channels == 1 else {
            throw DownloadError(.notMono, "wave \(wave.downloadId) has \(f.channels) channels; downloads carry mono waves (a stereo DLS wave is split by the client)")
        }
        guard f.samplesPerSecond >= 1, f.samplesPerSecond <= 1_536_000 else {
            throw DownloadError(.badWave, "wave \(wave.downloadId): sample rate \(f.samplesPerSecond) Hz is out of range")
        }
        let bytesPerSample: Int
        switch (f.formatTag, f.bitsPerSample) {
        case (DownloadLayout.waveFormatPCM, 8): bytesPerSample = 1
        case (DownloadLayout.waveFormatPCM, 16): bytesPerSample = 2
        case (DownloadLayout.waveFormatPCM, 24): bytesPerSample = 3
        case (DownloadLayout.waveFormatPCM, 32), (DownloadLayout.waveFormatIEEEFloat, 32): bytesPerSample = 4
        default:
            throw DownloadError(.badWave, "wave \(wave.downloadId): \(f.bitsPerSample)-bit samples are not supported")
        }
        let stride = max(Int(f.blockAlign), bytesPerSample)
        let count = wave.data.count / stride
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: count + 2 * guardFrames)
        storage.initialize(repeating: 0, count: count + 2 * guardFrames)
        let out = storage + guardFrames
        wave.data.withUnsafeBytes { raw in
            for i in 0..<count {
                let o = i * stride
                let v: Float
                switch bytesPerSample {
                case 1: v = (Float(raw[o]) - 128) / 128
                case 2: v = Float(Int16(bitPattern: UInt16(raw[o]) | UInt16(raw[o + 1]) << 8)) / 32768
                case 3:
                    let u = Int32(bitPattern: UInt32(raw[o]) << 8 | UInt32(raw[o + 1]) << 16 | UInt32(raw[o + 2]) << 24)
                    v = Float(u >> 8) / 8_388_608
                default:
                    let u = UInt32(raw[o]) | UInt32(raw[o + 1]) << 8 | UInt32(raw[o + 2]) << 16 | UInt32(raw[o + 3]) << 24
                    if f.formatTag == DownloadLayout.waveFormatIEEEFloat {
                        let x = Float(bitPattern: u)
                        v = x.isFinite ? max(-4, min(4, x)) : 0
                    } else {
                        v = Float(Int32(bitPattern: u)) / 2_147_483_648
                    }
                }
                out[i] = v
            }
        }
        return WaveRecord(frames: out, frameCount: count, sampleRate: Double(f.samplesPerSecond))
    }

    var memoryBytes: Int { (frameCount + 2 * WaveRecord.guardFrames) * MemoryLayout<Float>.stride }

    func free() { (frames - WaveRecord.guardFrames).deallocate() }
}
