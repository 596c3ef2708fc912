/// The time base of a Standard MIDI File (the `division` word of `MThd`).
///
/// - `ticksPerQuarter`: bit 15 clear; ticks per quarter note (1…32767). The length of a tick
///   then follows the tempo map.
/// - `smpte`: bit 15 set; the high byte is the negative frame rate (−24, −25, −29 meaning
///   30 drop-frame, −30) and the low byte the ticks per frame. A tick then has a fixed length
///   and Set Tempo events do not change it.
public enum MIDIDivision: Sendable, Equatable, Hashable {
    case ticksPerQuarter(UInt16)
    /// `framesPerSecond` is 24, 25, 29 (30 drop-frame, 30000/1001 frames per second) or 30 in
    /// conforming files; the reader keeps other values with a warning.
    case smpte(framesPerSecond: UInt8, ticksPerFrame: UInt8)

    /// Decodes the raw 16-bit `division` word. Never fails; validity is checked separately.
    public init(rawValue: UInt16) {
        if rawValue & 0x8000 == 0 {
            self = .ticksPerQuarter(rawValue)
        } else {
            let high = UInt8(truncatingIfNeeded: rawValue >> 8)
            // The high byte is a two's-complement negative number: 0xE8 = −24 → 24 fps.
            let fps = UInt8(truncatingIfNeeded: 256 - Int(high))
            self = .smpte(framesPerSecond: fps, ticksPerFrame: UInt8(truncatingIfNeeded: rawValue))
        }
    }

    /// The 16-bit `division` word as stored in `MThd`.
    /// A PPQ value above 0x7FFF or an SMPTE rate of 0 or above 128 cannot be represented and is
    /// clamped (0x7FFF, resp. 128 fps).
    public var rawValue: UInt16 {
        switch self {
        case .ticksPerQuarter(let ppq):
            return min(ppq, 0x7FFF)
        case .smpte(let fps, let tpf):
            let rate = Int(min(max(fps, 1), 128))
            let high = UInt16(truncatingIfNeeded: 256 - rate) | 0x80
            return high << 8 | UInt16(tpf)
        }
    }

    /// True when ticks have a fixed length in real time (SMPTE division).
    public var isSMPTE: Bool {
        if case .smpte = self { return true }
        return false
    }
}
