/// How the samples of a wave are stored, as far as this module can decode them.
public enum DLSSampleCoding: Sendable, Equatable {
    /// 8-bit PCM, unsigned: 0x80 is silence.
    case unsignedPCM8
    /// Signed little-endian PCM in containers of 2, 3 or 4 bytes (left-justified, so a 20-bit
    /// sample in 3 bytes decodes like a 24-bit one).
    case signedPCM(bytes: Int)
    /// IEEE float, 4 or 8 bytes.
    case float(bytes: Int)
    /// G.711 A-law, one byte per sample.
    case aLaw
    /// G.711 µ-law, one byte per sample.
    case muLaw
}

extension DLSWave {
    public static let adpcmFormatTag: UInt16 = 0x0002
    public static let aLawFormatTag: UInt16 = 0x0006
    public static let muLawFormatTag: UInt16 = 0x0007

    /// Bytes one sample of one channel occupies (`blockAlign / channels`), 0 if undefined.
    public var containerBytes: Int { channels == 0 ? 0 : Int(blockAlign) / Int(channels) }

    /// For WAVE_FORMAT_EXTENSIBLE: `wValidBitsPerSample`, else nil.
    public var validBitsPerSample: UInt16? {
        guard formatTag == Self.extensibleFormatTag, formatExtension.count >= 2 else { return nil }
        return formatExtension.le16(0)
    }

    /// For WAVE_FORMAT_EXTENSIBLE: `dwChannelMask`, else nil.
    public var channelMask: UInt32? {
        guard formatTag == Self.extensibleFormatTag, formatExtension.count >= 6 else { return nil }
        return formatExtension.le32(2)
    }

    /// The speaker bit of each channel (`wlnk` channel bits use the same order: left, right,
    /// centre, LFE, surround left, surround right, …): the set bits of an extensible wave's
    /// channel mask, else channel *i* → bit *i*.
    public var channelSpeakerBits: [UInt32] {
        let n = Int(channels)
        var out: [UInt32] = []
        out.reserveCapacity(n)
        if let mask = channelMask, mask != 0 {
            var bit: UInt32 = 0
            while out.count < n && bit < 32 {
                if mask & (1 << bit) != 0 { out.append(1 << bit) }
                bit += 1
            }
        }
        while out.count < n { out.append(out.count < 32 ? 1 << UInt32(out.count) : 0) }
        return out
    }

    /// The KSDATAFORMAT_SUBTYPE GUIDs all end in these 14 bytes; the first two are the tag.
    private static let subtypeGUIDTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// A readable name of the coding: "PCM 16-bit", "A-law", "IEEE float 32-bit",
    /// "MS ADPCM (tag 2)", with "extensible" added for WAVE_FORMAT_EXTENSIBLE.
    public var formatDescription: String {
        let tag = effectiveFormatTag
        var s: String
        switch tag {
        case Self.pcmFormatTag: s = "PCM \(bitsPerSample)-bit"
        case Self.ieeeFloatFormatTag: s = "IEEE float \(bitsPerSample)-bit"
        case Self.aLawFormatTag: s = "A-law"
        case Self.muLawFormatTag: s = "µ-law"
        case Self.adpcmFormatTag: s = "MS ADPCM (tag 2)"
        case 0x0011: s = "IMA ADPCM (tag 17)"
        case 0x0055: s = "MP3 (tag 85)"
        default: s = "format tag \(tag)"
        }
        if formatTag == Self.extensibleFormatTag {
            s += " (extensible"
            if let valid = validBitsPerSample, valid != bitsPerSample, valid != 0 { s += ", \(valid) valid bits" }
            s += ")"
        }
        return s
    }

    private func decodeError(_ message: String) -> DLSError {
        DLSError(name: info.name.map { "wave '\($0)'" } ?? "wave", offset: 0, chunkPath: "LIST wave > fmt ", message: message)
    }

    /// How `data` is coded, or an error saying why this module cannot decode it.
    public func sampleCoding() throws(DLSError) -> DLSSampleCoding {
        guard channels > 0 else { throw decodeError("the format has 0 channels") }
        guard blockAlign > 0 else { throw decodeError("the format has a block align of 0") }
        guard Int(blockAlign) % Int(channels) == 0 else {
            throw decodeError("block align \(blockAlign) is not a multiple of \(channels) channels")
        }
        if formatTag == Self.extensibleFormatTag {
            guard formatExtension.count >= 22 else {
                throw decodeError("WAVE_FORMAT_EXTENSIBLE with a \(formatExtension.count)-byte extension (needs 22)")
            }
            guard formatExtension[8..<22].elementsEqual(Self.subtypeGUIDTail) else {
                throw decodeError("WAVE_FORMAT_EXTENSIBLE with an unknown SubFormat GUID")
            }
        }
        let container = containerBytes
        let bits = bitsPerSample == 0 ? container * 8 : Int(bitsPerSample)
        guard (bits + 7) / 8 <= container else {
            throw decodeError("\(bits)-bit samples do not fit the \(container)-byte frame slot (block align \(blockAlign))")
        }
        switch effectiveFormatTag {
        case Self.pcmFormatTag:
            switch container {
            case 1: return .unsignedPCM8
            case 2, 3, 4: return .signedPCM(bytes: container)
            default: throw decodeError("\(container)-byte PCM samples are not supported")
            }
        case Self.ieeeFloatFormatTag:
            guard container == 4 || container == 8 else { throw decodeError("\(container)-byte float samples are not supported") }
            return .float(bytes: container)
        case Self.aLawFormatTag, Self.muLawFormatTag:
            guard container == 1 else { throw decodeError("G.711 samples must be 1 byte, not \(container)") }
            return effectiveFormatTag == Self.aLawFormatTag ? .aLaw : .muLaw
        default:
            throw decodeError("\(formatDescription) cannot be decoded")
        }
    }

    /// Every sample as Float in −1…1 (interleaved when the wave has several channels):
    /// 8-bit `(b − 128) / 128`, n-byte PCM `v / 2^(8n−1)`, G.711 through the 16-bit linear
    /// value `/ 32768`, float as stored.
    public func decodedFrames() throws(DLSError) -> [Float] {
        let coding = try sampleCoding()
        let frames = frameCount
        let n = Int(channels)
        let step = Int(blockAlign)
        let size = containerBytes
        var out = [Float](repeating: 0, count: frames * n)
        data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                var k = 0
                for f in 0..<frames {
                    var p = f * step
                    for _ in 0..<n {
                        o[k] = Self.decodeSample(d, at: p, coding)
                        k += 1
                        p += size
                    }
                }
            }
        }
        return out
    }

    @inline(__always)
    private static func decodeSample(_ d: UnsafeBufferPointer<UInt8>, at p: Int, _ coding: DLSSampleCoding) -> Float {
        switch coding {
        case .unsignedPCM8:
            return Float(Int(d[p]) - 128) / 128
        case .signedPCM(let bytes):
            // Build the value in the top bytes of an Int32 so the sign comes for free.
            var v: UInt32 = 0
            for i in 0..<bytes { v |= UInt32(d[p + i]) << UInt32(8 * (4 - bytes + i)) }
            return Float(Int32(bitPattern: v)) / 2_147_483_648
        case .float(let bytes):
            if bytes == 4 {
                var v: UInt32 = 0
                for i in 0..<4 { v |= UInt32(d[p + i]) << UInt32(8 * i) }
                return Float(bitPattern: v)
            }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(d[p + i]) << UInt64(8 * i) }
            return Float(Double(bitPattern: v))
        case .aLaw:
            return Float(G711.aLawToLinear(d[p])) / 32768
        case .muLaw:
            return Float(G711.muLawToLinear(d[p])) / 32768
        }
    }

    /// One mono wave per channel (just `[self]` for a mono wave), each with the same coding,
    /// rate, `wsmp` and INFO (the name gets " (L)", " (R)" or " (ch n)"). The `dlid` and kept
    /// vendor chunks stay with the first channel. For WAVE_FORMAT_EXTENSIBLE the channel
    /// mask of each part is its own speaker bit.
    public func monoChannels() throws(DLSError) -> [DLSWave] {
        guard channels != 1 else { return [self] }
        _ = try sampleCoding()  // validates channels, block align and sample size
        let n = Int(channels)
        let size = containerBytes
        let frames = frameCount
        let step = Int(blockAlign)
        let speakers = channelSpeakerBits
        var out: [DLSWave] = []
        out.reserveCapacity(n)
        for c in 0..<n {
            var bytes = [UInt8](repeating: 0, count: frames * size)
            for f in 0..<frames {
                let from = f * step + c * size
                for i in 0..<size { bytes[f * size + i] = data[from + i] }
            }
            var ext = formatExtension
            if formatTag == Self.extensibleFormatTag && ext.count >= 6 {
                let m = speakers[c]
                for i in 0..<4 { ext[2 + i] = UInt8(truncatingIfNeeded: m >> UInt32(8 * i)) }
            }
            var part = DLSWave(
                formatTag: formatTag, channels: 1, sampleRate: sampleRate,
                averageBytesPerSecond: sampleRate &* UInt32(size), blockAlign: UInt16(size), bitsPerSample: bitsPerSample,
                formatExtension: ext, data: bytes, waveSample: waveSample, info: info,
                dlid: c == 0 ? dlid : nil, unknownChunks: c == 0 ? unknownChunks : [])
            if let name = info.name {
                let suffix = n == 2 ? (c == 0 ? " (L)" : " (R)") : " (ch \(c + 1))"
                part.info.name = name + suffix
            }
            out.append(part)
        }
        return out
    }
}

/// ITU-T G.711 expansion to 16-bit linear (the classic Sun `g711.c` arithmetic).
public enum G711 {
    /// A-law: even bits are inverted on the wire (XOR 0x55); sign bit set means positive.
    /// Range ±32256.
    public static func aLawToLinear(_ code: UInt8) -> Int16 {
        let a = Int(code ^ 0x55)
        var t = (a & 0x0F) << 4
        let segment = (a & 0x70) >> 4
        switch segment {
        case 0: t += 8
        case 1: t += 0x108
        default: t = (t + 0x108) << (segment - 1)
        }
        return Int16(a & 0x80 != 0 ? t : -t)
    }

    /// µ-law: all bits are inverted on the wire; sign bit set (after inversion) means
    /// negative. Range ±32124.
    public static func muLawToLinear(_ code: UInt8) -> Int16 {
        let u = Int(~code)
        let bias = 0x84
        let t = (((u & 0x0F) << 3) + bias) << ((u & 0x70) >> 4)
        return Int16(u & 0x80 != 0 ? bias - t : t - bias)
    }
}
