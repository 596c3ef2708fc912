/// The SMPTE Offset meta event (`FF 54 05 hr mn se fr ff`): the SMPTE time at which a track
/// (format 1: the whole song, from the tempo track; format 2: one sequence) is to start.
///
/// `hr` carries the frame rate in bits 5–6 (0: 24, 1: 25, 2: 30 drop-frame = 29.97, 3: 30 fps)
/// and the hours in bits 0–4; `ff` counts hundredths of a frame.
public struct SMPTEOffset: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Rate: UInt8, Sendable {
        case fps24 = 0, fps25 = 1, fps30DropFrame = 2, fps30 = 3

        /// Nominal frames per second of the time code (30 for drop-frame).
        public var nominalFramesPerSecond: Int {
            switch self {
            case .fps24: 24
            case .fps25: 25
            case .fps30DropFrame, .fps30: 30
            }
        }
    }

    public var rate: Rate
    public var hours: UInt8
    public var minutes: UInt8
    public var seconds: UInt8
    public var frames: UInt8
    /// Hundredths of a frame (0…99).
    public var fractionalFrames: UInt8

    public init(rate: Rate, hours: UInt8, minutes: UInt8, seconds: UInt8, frames: UInt8, fractionalFrames: UInt8 = 0) {
        self.rate = rate
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
        self.frames = frames
        self.fractionalFrames = fractionalFrames
    }

    /// Decodes the 5 data bytes of `FF 54`; nil when there are fewer than 5 (extra bytes are
    /// ignored). Out-of-range fields are kept as given (the time is still well defined).
    public init?(data: [UInt8]) {
        guard data.count >= 5 else { return nil }
        rate = Rate(rawValue: (data[0] >> 5) & 0x03)!
        hours = data[0] & 0x1F
        minutes = data[1]
        seconds = data[2]
        frames = data[3]
        fractionalFrames = data[4]
    }

    /// The 5 data bytes of the meta event.
    public var data: [UInt8] {
        [rate.rawValue << 5 | (hours & 0x1F), minutes, seconds, frames, fractionalFrames]
    }

    /// The real time of this time code from 00:00:00:00, in 100-ns units, rounded to the
    /// nearest unit. Drop-frame time code skips frame labels 0 and 1 at every minute not
    /// divisible by 10 and runs at exactly 30000/1001 frames per second.
    public var time100ns: Int64 {
        let wholeSeconds = Int128(hours) * 3600 + Int128(minutes) * 60 + Int128(seconds)
        let hundredths: Int128      // frame count × 100
        let numeratorPerHundredth: Int128
        let divisor: Int128
        switch rate {
        case .fps30DropFrame:
            let totalMinutes = Int128(hours) * 60 + Int128(minutes)
            let frameNumber = wholeSeconds * 30 + Int128(frames) - 2 * (totalMinutes - totalMinutes / 10)
            hundredths = frameNumber * 100 + Int128(fractionalFrames)
            numeratorPerHundredth = 10_000_000 * 1001
            divisor = 30_000 * 100
        default:
            let fps = Int128(rate.nominalFramesPerSecond)
            hundredths = (wholeSeconds * fps + Int128(frames)) * 100 + Int128(fractionalFrames)
            numeratorPerHundredth = 10_000_000
            divisor = fps * 100
        }
        let n = max(0, hundredths) * numeratorPerHundredth
        return Int64((2 * n + divisor) / (2 * divisor))
    }

    /// "01:00:00:00.00 @25" style.
    public var description: String {
        func two(_ v: UInt8) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let r: String
        switch rate {
        case .fps24: r = "24"
        case .fps25: r = "25"
        case .fps30DropFrame: r = "29.97df"
        case .fps30: r = "30"
        }
        return "\(two(hours)):\(two(minutes)):\(two(seconds)):\(two(frames)).\(two(fractionalFrames)) @\(r) fps"
    }
}

extension MIDIEvent.Kind {
    /// The SMPTE offset of an `FF 54` meta event with at least 5 data bytes, nil otherwise.
    public var smpteOffset: SMPTEOffset? {
        guard case .meta(MIDIMetaType.smpteOffset, let data) = self else { return nil }
        return SMPTEOffset(data: data)
    }
}
