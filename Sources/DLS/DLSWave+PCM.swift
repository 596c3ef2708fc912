extension DLSWave {
    /// The first channel of 8-bit unsigned or 16-bit signed PCM as 16-bit samples (8-bit
    /// values become `(b − 128) << 8`, the FluidSynth/Wine scale). Nil for any other coding
    /// or a block alignment too small for the sample size.
    public func pcm16Frames() -> [Int16]? {
        guard effectiveFormatTag == Self.pcmFormatTag, channels >= 1 else { return nil }
        let step = Int(blockAlign)
        let frames = frameCount
        switch bitsPerSample {
        case 8:
            guard step >= 1 else { return nil }
            var out = [Int16](repeating: 0, count: frames)
            for i in 0..<frames { out[i] = Int16(Int(data[i * step]) - 128) << 8 }
            return out
        case 16:
            guard step >= 2 else { return nil }
            var out = [Int16](repeating: 0, count: frames)
            for i in 0..<frames { out[i] = data.le16s(i * step) }
            return out
        default:
            return nil
        }
    }
}
