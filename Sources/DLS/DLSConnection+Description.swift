#if canImport(Glibc)
import Glibc  // pow
#elseif canImport(Darwin)
import Darwin
#endif

/// Names and units of connection blocks (dls-synthesis.md §2.2–2.6), for `dmus info` and
/// other readable dumps.
extension DLSConnection {
    /// What a source or control number means, e.g. "velocity", "CC7 (volume)".
    public static func sourceName(_ source: UInt16) -> String {
        switch source {
        case 0x0000: return "none"
        case 0x0001: return "LFO"
        case 0x0002: return "velocity"
        case 0x0003: return "key number"
        case 0x0004: return "EG1"
        case 0x0005: return "EG2"
        case 0x0006: return "pitch wheel"
        case 0x0007: return "poly pressure"
        case 0x0008: return "channel pressure"
        case 0x0009: return "vibrato LFO"
        case 0x000A: return "mono pressure"
        case 0x0081: return "CC1 (mod wheel)"
        case 0x0087: return "CC7 (volume)"
        case 0x008A: return "CC10 (pan)"
        case 0x008B: return "CC11 (expression)"
        case 0x00DB: return "CC91 (reverb send)"
        case 0x00DD: return "CC93 (chorus send)"
        case 0x0080...0x00FF: return "CC\(source - 0x80)"
        case 0x0100: return "RPN0 (pitch-bend range)"
        case 0x0101: return "RPN1 (fine tuning)"
        case 0x0102: return "RPN2 (coarse tuning)"
        default: return "source 0x\(hex4(source))"
        }
    }

    /// What a destination number means, e.g. "EG1 release time".
    public static func destinationName(_ destination: UInt16) -> String {
        switch destination {
        case 0x0000: return "none"
        case 0x0001: return "gain"
        case 0x0002: return "reserved"
        case 0x0003: return "pitch"
        case 0x0004: return "pan"
        case 0x0005: return "key number"
        case 0x0010: return "left send"
        case 0x0011: return "right send"
        case 0x0012: return "center send"
        case 0x0013: return "LFE send"
        case 0x0014: return "left rear send"
        case 0x0015: return "right rear send"
        case 0x0080: return "chorus send"
        case 0x0081: return "reverb send"
        case 0x0104: return "LFO frequency"
        case 0x0105: return "LFO delay"
        case 0x0114: return "vibrato frequency"
        case 0x0115: return "vibrato delay"
        case 0x0206: return "EG1 attack time"
        case 0x0207: return "EG1 decay time"
        case 0x0208: return "EG1 reserved"
        case 0x0209: return "EG1 release time"
        case 0x020A: return "EG1 sustain level"
        case 0x020B: return "EG1 delay time"
        case 0x020C: return "EG1 hold time"
        case 0x020D: return "EG1 shutdown time"
        case 0x030A: return "EG2 attack time"
        case 0x030B: return "EG2 decay time"
        case 0x030C: return "EG2 reserved"
        case 0x030D: return "EG2 release time"
        case 0x030E: return "EG2 sustain level"
        case 0x030F: return "EG2 delay time"
        case 0x0310: return "EG2 hold time"
        case 0x0500: return "filter cutoff"
        case 0x0501: return "filter resonance"
        default: return "destination 0x\(hex4(destination))"
        }
    }

    /// The kind of quantity a destination takes.
    public enum DestinationUnit: String, Sendable {
        case decibels, cents, absolutePitch, timecents, percent, keys, none
    }

    public static func destinationUnit(_ destination: UInt16) -> DestinationUnit {
        switch destination {
        case 0x0001, 0x0501: return .decibels
        case 0x0003: return .cents
        case 0x0004, 0x0010...0x0015, 0x0080, 0x0081, 0x020A, 0x030E: return .percent
        case 0x0005: return .keys
        case 0x0104, 0x0114, 0x0500: return .absolutePitch
        case 0x0105, 0x0115, 0x0206, 0x0207, 0x0209, 0x020B...0x020D, 0x030A, 0x030B, 0x030D, 0x030F, 0x0310: return .timecents
        default: return .none
        }
    }

    /// The transform in words: "inverted concave", "bipolar", "control switch"; empty for
    /// plain linear. `art1` transforms are a single curve (0 none, 1 concave).
    public static func transformDescription(_ transform: UInt16, isDLS2: Bool) -> String {
        guard isDLS2 else {
            switch transform {
            case 0: return ""
            case 1: return "concave"
            default: return "transform \(transform)"
            }
        }
        func curve(_ c: UInt16) -> String? {
            switch c {
            case 0: return nil
            case 1: return "concave"
            case 2: return "convex"
            case 3: return "switch"
            default: return "curve \(c)"
            }
        }
        func part(curve c: UInt16, bipolar: Bool, invert: Bool) -> [String] {
            var words: [String] = []
            if invert { words.append("inverted") }
            if bipolar { words.append("bipolar") }
            if let name = curve(c) { words.append(name) }
            return words
        }
        var out: [String] = []
        let source = part(curve: (transform >> 10) & 0xF, bipolar: transform & 0x4000 != 0, invert: transform & 0x8000 != 0)
        if !source.isEmpty { out.append(source.joined(separator: " ")) }
        let control = part(curve: (transform >> 4) & 0xF, bipolar: transform & 0x0100 != 0, invert: transform & 0x0200 != 0)
        if !control.isEmpty { out.append("control " + control.joined(separator: " ")) }
        if transform & 0xF != 0 { out.append("output " + (curve(transform & 0xF) ?? "")) }
        return out.joined(separator: ", ")
    }

    /// `lScale` in the destination's unit, with the unit: "0.500 s", "−96.0 dB", "5.00 Hz",
    /// "+1200.0 cents". A constant (source none) time or pitch is shown as seconds or hertz;
    /// a modulation amount (any other source) stays in timecents or cents, because it scales.
    public func formattedValue() -> String {
        let v = Double(scale) / 65536
        let constant = source == 0
        switch Self.destinationUnit(destination) {
        case .decibels:
            if scale == Int32.min { return "−∞ dB" }
            return Self.signed(v / 10, decimals: 1) + " dB"
        case .cents:
            return Self.signed(v, decimals: 1) + " cents"
        case .percent:
            return Self.signed(v / 10, decimals: 1) + " %"
        case .keys:
            return Self.signed(v / 100, decimals: 2) + " keys"
        case .absolutePitch:
            guard constant else { return Self.signed(v, decimals: 1) + " cents" }
            let hz = 440 * pow(2, (v - 6900) / 1200)
            return Self.fixed(hz, decimals: hz < 100 ? 3 : 1) + " Hz (\(Self.fixed(v, decimals: 0)) abs. cents)"
        case .timecents:
            guard constant else { return Self.signed(v, decimals: 1) + " tc" }
            if scale == Int32.min { return "0 s" }
            let seconds = pow(2, v / 1200)
            return Self.fixed(seconds, decimals: seconds < 0.01 ? 4 : 3) + " s"
        case .none:
            return "scale \(scale)"
        }
    }

    /// One readable line: "EG1 release time = 0.500 s", or for a modulation
    /// "velocity → gain, inverted concave, −96.0 dB" (with "× control" when there is one).
    public func summary(isDLS2: Bool) -> String {
        let dest = Self.destinationName(destination)
        let shape = Self.transformDescription(transform, isDLS2: isDLS2)
        if source == 0 && control == 0 {
            return "\(dest) = \(formattedValue())" + (shape.isEmpty ? "" : " (\(shape))")
        }
        var s = Self.sourceName(source)
        if control != 0 { s += " × " + Self.sourceName(control) }
        s += " → \(dest)"
        if !shape.isEmpty { s += ", \(shape)" }
        return s + ", " + formattedValue()
    }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// `v` rounded to `decimals` places, with a real minus sign ("−1.50").
    static func fixed(_ v: Double, decimals: Int, asciiMinus: Bool = false) -> String {
        let minus = asciiMinus ? "-" : "−"
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? minus + "∞" : "∞") }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(v) * factor).rounded()
        guard scaled < 9e18 else { return (v < 0 ? minus : "") + "\(abs(v))" }
        let n = Int64(scaled)
        var digits = String(n)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (v < 0 && n != 0 ? minus : "") + digits
    }

    static func signed(_ v: Double, decimals: Int) -> String {
        let s = fixed(v, decimals: decimals)
        return v > 0 && !s.allSatisfy({ $0 == "0" || $0 == "." }) ? "+" + s : s
    }
}
