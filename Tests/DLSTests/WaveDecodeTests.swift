import DLS
import Testing

/// Every sample coding `decodedFrames()` knows, with values worked out by hand.
@Suite struct WaveDecodeTests {
    static func wave(tag: UInt16 = DLSWave.pcmFormatTag, channels: UInt16 = 1, bits: UInt16, container: Int? = nil,
                     ext: [UInt8] = [], data: [UInt8]) -> DLSWave {
        let size = container ?? Int(bits + 7) / 8
        let align = UInt16(size * Int(channels))
        return DLSWave(formatTag: tag, channels: channels, sampleRate: 8000, averageBytesPerSecond: 8000 * UInt32(align),
                       blockAlign: align, bitsPerSample: bits, formatExtension: ext, data: data)
    }

    /// The 22-byte WAVE_FORMAT_EXTENSIBLE extension for a KSDATAFORMAT_SUBTYPE with `tag`.
    static func extensible(validBits: UInt16, mask: UInt32, tag: UInt16) -> [UInt8] {
        RawRIFF.le16(validBits) + RawRIFF.le32(mask) + RawRIFF.le16(tag)
            + [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
    }

    @Test func unsigned8Bit() throws {
        let w = Self.wave(bits: 8, data: [0x80, 0xFF, 0x00, 0xC0])
        #expect(try w.sampleCoding() == .unsignedPCM8)
        #expect(try w.decodedFrames() == [0, 127.0 / 128, -1, 0.5])
    }

    @Test func signed16Bit() throws {
        let w = Self.wave(bits: 16, data: [0x00, 0x40, 0x00, 0x80, 0xFF, 0x7F, 0x01])  // odd trailing byte ignored
        #expect(w.frameCount == 3)
        #expect(try w.decodedFrames() == [0.5, -1, 32767.0 / 32768])
    }

    @Test func signed24And32Bit() throws {
        let w24 = Self.wave(bits: 24, data: [0x00, 0x00, 0xC0, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x40])
        #expect(try w24.sampleCoding() == .signedPCM(bytes: 3))
        #expect(try w24.decodedFrames() == [-0.5, -1.0 / 8_388_608, 0.5])
        let w32 = Self.wave(bits: 32, data: [0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x20])
        #expect(try w32.decodedFrames() == [-1, 0.25])
    }

    @Test func twentyBitsInThreeBytesAreLeftJustified() throws {
        // 20 valid bits stored MSB-first in a 3-byte slot decode like 24-bit.
        let w = Self.wave(bits: 20, container: 3, data: [0x00, 0x00, 0x40])
        #expect(try w.decodedFrames() == [0.5])
    }

    @Test func float32And64() throws {
        let f: [Float] = [0.25, -0.75, 1.5]
        let bytes = f.flatMap { RawRIFF.le32($0.bitPattern) }
        let w = Self.wave(tag: DLSWave.ieeeFloatFormatTag, bits: 32, data: bytes)
        #expect(try w.decodedFrames() == f)
        let d = (-0.125).bitPattern
        let w64 = Self.wave(tag: DLSWave.ieeeFloatFormatTag, bits: 64, data: (0..<8).map { UInt8(truncatingIfNeeded: d >> (8 * UInt64($0))) })
        #expect(try w64.decodedFrames() == [-0.125])
    }

    /// G.711 µ-law from its defining formula: the complemented code holds sign s, exponent e
    /// and mantissa m; the magnitude is ((2m + 33) · 2^e − 33) in 14-bit units, × 4 for 16-bit.
    static func muLawFormula(_ code: UInt8) -> Int {
        let u = ~code
        let e = Int(u >> 4) & 7, m = Int(u & 0x0F)
        let magnitude = ((2 * m + 33) << e) - 33
        return (u & 0x80 != 0 ? -magnitude : magnitude) * 4
    }

    /// G.711 A-law: even bits inverted; segment e, mantissa m; magnitude in 13-bit units is
    /// 2m + 1 for e = 0, else (2m + 33) · 2^(e−1); × 8 for 16-bit. Sign bit set = positive.
    static func aLawFormula(_ code: UInt8) -> Int {
        let a = code ^ 0x55
        let e = Int(a >> 4) & 7, m = Int(a & 0x0F)
        let magnitude = e == 0 ? 2 * m + 1 : (2 * m + 33) << (e - 1)
        return (a & 0x80 != 0 ? magnitude : -magnitude) * 8
    }

    @Test func muLawMatchesTheG711FormulaForEveryCode() throws {
        for code in 0...255 {
            #expect(Int(G711.muLawToLinear(UInt8(code))) == Self.muLawFormula(UInt8(code)), "code \(code)")
        }
        #expect(G711.muLawToLinear(0xFF) == 0 && G711.muLawToLinear(0x7F) == 0)
        #expect(G711.muLawToLinear(0x80) == 32124 && G711.muLawToLinear(0x00) == -32124)
        let w = Self.wave(tag: DLSWave.muLawFormatTag, bits: 8, data: [0xFF, 0x80, 0x00])
        #expect(try w.decodedFrames() == [0, 32124.0 / 32768, -32124.0 / 32768])
    }

    @Test func aLawMatchesTheG711FormulaForEveryCode() throws {
        for code in 0...255 {
            #expect(Int(G711.aLawToLinear(UInt8(code))) == Self.aLawFormula(UInt8(code)), "code \(code)")
        }
        #expect(G711.aLawToLinear(0xD5) == 8 && G711.aLawToLinear(0x55) == -8)
        #expect(G711.aLawToLinear(0xAA) == 32256 && G711.aLawToLinear(0x2A) == -32256)
        let w = Self.wave(tag: DLSWave.aLawFormatTag, bits: 8, data: [0xD5, 0xAA])
        #expect(try w.decodedFrames() == [8.0 / 32768, 32256.0 / 32768])
    }

    @Test func extensibleFormats() throws {
        // 24 valid bits in 32-bit slots, PCM subtype; and float, A-law subtypes.
        let pcm = Self.wave(tag: DLSWave.extensibleFormatTag, bits: 32, ext: Self.extensible(validBits: 24, mask: 4, tag: 1),
                            data: [0x00, 0x00, 0x00, 0xC0])
        #expect(pcm.effectiveFormatTag == DLSWave.pcmFormatTag && pcm.validBitsPerSample == 24 && pcm.channelMask == 4)
        #expect(try pcm.decodedFrames() == [-0.5])
        #expect(pcm.formatDescription == "PCM 32-bit (extensible, 24 valid bits)")
        let float = Self.wave(tag: DLSWave.extensibleFormatTag, bits: 32, ext: Self.extensible(validBits: 32, mask: 0, tag: 3),
                              data: RawRIFF.le32(Float(0.5).bitPattern))
        #expect(try float.decodedFrames() == [0.5])
        let alaw = Self.wave(tag: DLSWave.extensibleFormatTag, bits: 8, ext: Self.extensible(validBits: 8, mask: 0, tag: 6), data: [0xD5])
        #expect(try alaw.sampleCoding() == .aLaw)
        var badGUID = Self.extensible(validBits: 16, mask: 0, tag: 1)
        badGUID[21] ^= 0xFF
        #expect(throws: DLSError.self) { try Self.wave(tag: DLSWave.extensibleFormatTag, bits: 16, ext: badGUID, data: [0, 0]).decodedFrames() }
    }

    @Test func stereoDecodesInterleavedAndSplits() throws {
        // Frames: (L 0.5, R −0.5), (L 0.25, R 0)
        let data: [UInt8] = [0x00, 0x40, 0x00, 0xC0, 0x00, 0x20, 0x00, 0x00]
        var w = Self.wave(channels: 2, bits: 16, data: data)
        w.info.name = "pair"
        w.waveSample = DLSWaveSample(unityNote: 64, loops: [DLSLoop(startFrames: 0, lengthFrames: 2)])
        #expect(w.frameCount == 2)
        #expect(try w.decodedFrames() == [0.5, -0.5, 0.25, 0])
        let parts = try w.monoChannels()
        #expect(parts.count == 2)
        #expect(try parts[0].decodedFrames() == [0.5, 0.25])
        #expect(try parts[1].decodedFrames() == [-0.5, 0])
        #expect(parts.map(\.info.name) == ["pair (L)", "pair (R)"])
        #expect(parts.allSatisfy { $0.channels == 1 && $0.blockAlign == 2 && $0.averageBytesPerSecond == 16000 && $0.waveSample == w.waveSample })
        #expect(try Self.wave(bits: 16, data: [1, 0]).monoChannels().count == 1)
    }

    @Test func extensibleSurroundSplitKeepsSpeakerBits() throws {
        // 3 channels: front left, front right, LFE (mask 0x0B).
        let w = Self.wave(tag: DLSWave.extensibleFormatTag, channels: 3, bits: 8,
                          ext: Self.extensible(validBits: 8, mask: 0x0B, tag: 1), data: [0x80, 0x90, 0xA0])
        #expect(w.channelSpeakerBits == [1, 2, 8])
        let parts = try w.monoChannels()
        #expect(parts.map(\.channelMask) == [1, 2, 8])
        #expect(try parts.map { try $0.decodedFrames() } == [[0], [0.125], [0.25]])
    }

    @Test func undecodableFormatsAreClearErrors() {
        let cases: [(DLSWave, String)] = [
            (Self.wave(tag: DLSWave.adpcmFormatTag, bits: 4, container: 1, data: [0]), "MS ADPCM"),
            (DLSWave(channels: 2, sampleRate: 1, averageBytesPerSecond: 1, blockAlign: 3, bitsPerSample: 8, data: [0, 0, 0]), "multiple of 2"),
            (DLSWave(channels: 0, sampleRate: 1, averageBytesPerSecond: 1, blockAlign: 2, bitsPerSample: 16, data: [0, 0]), "0 channels"),
            (DLSWave(sampleRate: 1, averageBytesPerSecond: 1, blockAlign: 1, bitsPerSample: 16, data: [0, 0]), "do not fit"),
            (Self.wave(tag: DLSWave.muLawFormatTag, bits: 16, data: [0, 0]), "G.711"),
            (Self.wave(bits: 48, data: [0, 0, 0, 0, 0, 0]), "6-byte PCM"),
        ]
        for (w, text) in cases {
            do {
                _ = try w.decodedFrames()
                Issue.record("must fail: \(text)")
            } catch {
                #expect(error.message.contains(text), "\(error)")
            }
        }
    }

    @Test func zeroLengthWaveDecodesToNothing() throws {
        #expect(try Self.wave(bits: 16, data: []).decodedFrames().isEmpty)
    }
}
