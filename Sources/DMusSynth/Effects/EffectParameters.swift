#if canImport(Glibc)
import Glibc
#endif

/// The eight GS reverb macros (SysEx 40 01 30, values 0…7). Selecting a macro sets every other
/// reverb parameter to the macro's preset (`ReverbParameters.gs(_:)`).
public enum GSReverbMacro: Int, CaseIterable, Sendable {
    case room1, room2, room3, hall1, hall2, plate, delay, panningDelay

    /// Lower-case CLI spelling (`room1`, `hall2`, `panning-delay`, …).
    public var name: String {
        switch self {
        case .room1: "room1"
        case .room2: "room2"
        case .room3: "room3"
        case .hall1: "hall1"
        case .hall2: "hall2"
        case .plate: "plate"
        case .delay: "delay"
        case .panningDelay: "panning-delay"
        }
    }

    /// Parses the CLI spelling; also accepts the macro number and a few common variants
    /// ("room-1", "panningdelay", "pan-delay").
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        if let n = Int(key), let m = GSReverbMacro(rawValue: n) { self = m; return }
        switch key {
        case "room1": self = .room1
        case "room2": self = .room2
        case "room3": self = .room3
        case "hall1": self = .hall1
        case "hall2": self = .hall2
        case "plate": self = .plate
        case "delay": self = .delay
        case "panningdelay", "pandelay": self = .panningDelay
        default: return nil
        }
    }
}

/// The eight GS chorus macros (SysEx 40 01 38, values 0…7).
public enum GSChorusMacro: Int, CaseIterable, Sendable {
    case chorus1, chorus2, chorus3, chorus4, feedbackChorus, flanger, shortDelay, shortDelayFeedback

    public var name: String {
        switch self {
        case .chorus1: "chorus1"
        case .chorus2: "chorus2"
        case .chorus3: "chorus3"
        case .chorus4: "chorus4"
        case .feedbackChorus: "feedback-chorus"
        case .flanger: "flanger"
        case .shortDelay: "short-delay"
        case .shortDelayFeedback: "short-delay-feedback"
        }
    }

    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        if let n = Int(key), let m = GSChorusMacro(rawValue: n) { self = m; return }
        switch key {
        case "chorus1": self = .chorus1
        case "chorus2": self = .chorus2
        case "chorus3": self = .chorus3
        case "chorus4": self = .chorus4
        case "feedbackchorus", "fbchorus": self = .feedbackChorus
        case "flanger": self = .flanger
        case "shortdelay": self = .shortDelay
        case "shortdelayfeedback", "shortdelayfb": self = .shortDelayFeedback
        default: return nil
        }
    }
}

/// GS reverb parameters (SysEx 40 01 30…37). Integer fields use the GS 0…127 (or 0…7) scales
/// so SysEx values can be stored as they arrive; the effect clamps anything out of range.
///
/// What the numbers mean in this implementation:
/// - `character` 0…5 select a feedback-delay-network reverb (Room 1–3, Hall 1–2, Plate);
///   6 and 7 select an echo (Delay) and a ping-pong echo (Panning Delay).
/// - `time`: for reverb characters RT60 = base(character) · 2^((time − 64)/32), clamped to
///   0.1…10 s. RT60 is the mid-frequency reverberation time (500 Hz and 1 kHz octave bands);
///   high frequencies decay faster by a per-character ratio. For the echo characters `time`
///   sets the echo period: (time + 1) · 3.1 ms (3.1…397 ms).
/// - `delayFeedback` (echo characters only): gain per repeat 0.95·√(fb/127), limited so the echo
///   train's RT60 never exceeds 10 s.
/// - `level`: wet output gain level/127.
/// - `preLowpass` 0…7: input low-pass, 0 off, −0.6 octave per step from 16 kHz.
/// - `preDelayMilliseconds` 0…127 ms (SC-88 "Pre Delay Time").
///
/// Documented RT60 targets of the macro presets (what the tests measure):
///
/// | macro | time | RT60 |
/// |---|---|---|
/// | Room 1 | 80 | 0.80 s |
/// | Room 2 | 56 | 1.00 s |
/// | Room 3 | 64 | 1.30 s |
/// | Hall 1 | 72 | 1.80 s |
/// | Hall 2 | 64 | 2.40 s |
/// | Plate | 88 | 2.00 s |
/// | Delay | 32, fb 40 | 102 ms echoes, −5.5 dB each → 1.12 s |
/// | Panning Delay | 64, fb 32 | 202 ms L/R echoes, −6.4 dB each → 1.88 s |
public struct ReverbParameters: Sendable, Equatable {
    /// The macro these parameters came from (informational; `character` selects the algorithm).
    public var macro: GSReverbMacro
    public var character: Int
    public var preLowpass: Int
    public var level: Int
    public var time: Int
    public var delayFeedback: Int
    public var preDelayMilliseconds: Double

    public init(macro: GSReverbMacro, character: Int, preLowpass: Int, level: Int, time: Int,
                delayFeedback: Int, preDelayMilliseconds: Double) {
        self.macro = macro; self.character = character; self.preLowpass = preLowpass
        self.level = level; self.time = time; self.delayFeedback = delayFeedback
        self.preDelayMilliseconds = preDelayMilliseconds
    }

    /// The GS macro presets (SC-55/SC-88 owner's manual table: character, pre-LPF, level, time,
    /// delay feedback; pre-delay 0).
    public static func gs(_ macro: GSReverbMacro) -> ReverbParameters {
        let t: (lpf: Int, time: Int, fb: Int) = switch macro {
        case .room1: (3, 80, 0)
        case .room2: (4, 56, 0)
        case .room3: (0, 64, 0)
        case .hall1: (4, 72, 0)
        case .hall2: (0, 64, 0)
        case .plate: (0, 88, 0)
        case .delay: (0, 32, 40)
        case .panningDelay: (0, 64, 32)
        }
        return ReverbParameters(macro: macro, character: macro.rawValue, preLowpass: t.lpf, level: 64,
                                time: t.time, delayFeedback: t.fb, preDelayMilliseconds: 0)
    }

    /// The GS default (Hall 2).
    public static let gsDefault = ReverbParameters.gs(.hall2)

    /// Applies one GS reverb SysEx parameter (address 40 01 `parameter.rawValue`). Setting the
    /// macro resets every other field to that macro's preset, as on a Sound Canvas.
    public mutating func setGS(_ parameter: GSReverbParameter, _ value: Int) {
        let v = min(max(value, 0), 127)
        switch parameter {
        case .macro: self = .gs(GSReverbMacro(rawValue: min(v, 7)) ?? .hall2)
        case .character: character = min(v, 7)
        case .preLowpass: preLowpass = min(v, 7)
        case .level: level = v
        case .time: time = v
        case .delayFeedback: delayFeedback = v
        case .preDelay: preDelayMilliseconds = Double(v)
        }
    }

    /// Clamped character (0…7).
    var clampedCharacter: Int { min(max(character, 0), 7) }
    var isEcho: Bool { clampedCharacter >= 6 }
    var clampedTime: Int { min(max(time, 0), 127) }
    var clampedPreDelayMs: Double {
        preDelayMilliseconds.isFinite ? min(max(preDelayMilliseconds, 0), 127) : 0
    }

    /// RT60 at `time` 64 per reverb character, chosen so the macro presets land on the table above.
    static func baseRT60(character c: Int) -> Double {
        switch c {
        case 0: 0.80 / pow(2, 16.0 / 32)     // Room 1 preset time 80
        case 1: 1.00 / pow(2, -8.0 / 32)     // Room 2 preset time 56
        case 2: 1.30                         // Room 3 preset time 64
        case 3: 1.80 / pow(2, 8.0 / 32)      // Hall 1 preset time 72
        case 4: 2.40                         // Hall 2 preset time 64
        default: 2.00 / pow(2, 24.0 / 32)    // Plate preset time 88
        }
    }

    /// Echo period of the echo characters, seconds.
    public var echoPeriodSeconds: Double { Double(clampedTime + 1) * 0.0031 }

    /// Gain per echo repeat (at mid frequencies) of the echo characters.
    public var echoGain: Double {
        let fb = Double(min(max(delayFeedback, 0), 127))
        let g = 0.95 * (fb / 127).squareRoot()
        // Limit the echo train's RT60 to 10 s: g ≤ 10^(−3·period/10 s).
        let gMax = pow(10, -3 * echoPeriodSeconds / 10)
        return min(g, gMax)
    }

    /// The documented target RT60 (seconds, mid frequencies) of these parameters. For the echo
    /// characters it is the decay of the echo train, 60 dB · period / (−20·log10 gain); 0 when
    /// the echo does not repeat.
    public var targetRT60Seconds: Double {
        if isEcho {
            let g = echoGain
            guard g > 1e-6 else { return 0 }
            return 60 * echoPeriodSeconds / (-20 * log10(g))
        }
        let rt = ReverbParameters.baseRT60(character: clampedCharacter) * pow(2, Double(clampedTime - 64) / 32)
        return min(max(rt, 0.1), 10)
    }

    /// True when the two parameter sets need different delay-line layouts (switching between
    /// them crossfades two reverb instances instead of changing coefficients in place).
    func isStructurallyDifferent(from o: ReverbParameters) -> Bool {
        if clampedCharacter != o.clampedCharacter { return true }
        if clampedPreDelayMs != o.clampedPreDelayMs { return true }
        if isEcho && clampedTime != o.clampedTime { return true }
        return false
    }
}

/// GS reverb SysEx parameters; raw values are the low address byte (40 01 xx).
public enum GSReverbParameter: Int, CaseIterable, Sendable {
    case macro = 0x30, character = 0x31, preLowpass = 0x32, level = 0x33, time = 0x34,
         delayFeedback = 0x35, preDelay = 0x37
}

/// GS chorus SysEx parameters; raw values are the low address byte (40 01 xx).
public enum GSChorusParameter: Int, CaseIterable, Sendable {
    case macro = 0x38, preLowpass = 0x39, level = 0x3A, feedback = 0x3B, delay = 0x3C,
         rate = 0x3D, depth = 0x3E, sendToReverb = 0x3F
}

/// Chorus parameters. Level, feedback and send use the GS 0…127 scales; delay, rate and depth
/// are stored in physical units (the GS 0…127 values convert with the `gs…` functions, which
/// follow the Sound Canvas tables as measured by TiMidity++).
///
/// The chorus is a stereo pair of modulated delay lines fed by the mono sum of the chorus send:
/// each tap's delay is `delayMilliseconds ± depthMilliseconds/2`, swept by a sine LFO at
/// `rateHz` (the right tap 90° after the left); each line feeds its tap back to its own input
/// with gain `feedback`·0.763/100 (0.97 at most). With `rateHz` 0 (Short Delay macros) the taps
/// are static at `delayMilliseconds` and depth is ignored.
///
/// Macro presets (GS table) and what they mean here:
///
/// | macro | delay | rate | depth p-p | feedback |
/// |---|---|---|---|---|
/// | Chorus 1 | 16.7 ms | 0.37 Hz | 1.9 ms | 0 |
/// | Chorus 2 | 6.3 ms | 1.10 Hz | 6.3 ms | 0.038 |
/// | Chorus 3 | 6.3 ms | 0.37 Hz | 6.3 ms | 0.061 |
/// | Chorus 4 | 5.0 ms | 1.10 Hz | 5.3 ms | 0.122 |
/// | Feedback Chorus | 25 ms | 0.24 Hz | 7.8 ms | 0.488 |
/// | Flanger | 25 ms | 0.12 Hz | 1.9 ms | 0.855 |
/// | Short Delay | 25 ms | 0 | – | 0 |
/// | Short Delay (FB) | 25 ms | 0 | – | 0.610 |
public struct ChorusParameters: Sendable, Equatable {
    public var macro: GSChorusMacro
    public var preLowpass: Int
    public var level: Int
    public var feedback: Int
    /// Centre delay of the taps (GS "Chorus Delay").
    public var delayMilliseconds: Double
    public var rateHz: Double
    /// Peak-to-peak sweep of the tap delay.
    public var depthMilliseconds: Double
    /// GS "Chorus Send Level To Reverb" 0…127: the chorus output (before `level`) goes to the
    /// reverb bus with gain value·0.787/100.
    public var sendToReverb: Int

    public init(macro: GSChorusMacro, preLowpass: Int, level: Int, feedback: Int, delayMilliseconds: Double,
                rateHz: Double, depthMilliseconds: Double, sendToReverb: Int) {
        self.macro = macro; self.preLowpass = preLowpass; self.level = level; self.feedback = feedback
        self.delayMilliseconds = delayMilliseconds; self.rateHz = rateHz
        self.depthMilliseconds = depthMilliseconds; self.sendToReverb = sendToReverb
    }

    /// The GS macro presets (pre-LPF, level, feedback, delay, rate, depth, send to reverb).
    public static func gs(_ macro: GSChorusMacro) -> ChorusParameters {
        let t: (fb: Int, delay: Int, rate: Int, depth: Int) = switch macro {
        case .chorus1: (0, 112, 3, 5)
        case .chorus2: (5, 80, 9, 19)
        case .chorus3: (8, 80, 3, 19)
        case .chorus4: (16, 64, 9, 16)
        case .feedbackChorus: (64, 127, 2, 24)
        case .flanger: (112, 127, 1, 5)
        case .shortDelay: (0, 127, 0, 127)
        case .shortDelayFeedback: (80, 127, 0, 127)
        }
        return ChorusParameters(macro: macro, preLowpass: 0, level: 64, feedback: t.fb,
                                delayMilliseconds: gsDelayMilliseconds(t.delay), rateHz: gsRateHz(t.rate),
                                depthMilliseconds: gsDepthMilliseconds(t.depth), sendToReverb: 0)
    }

    /// The GS default (Chorus 3).
    public static let gsDefault = ChorusParameters.gs(.chorus3)

    /// GS chorus delay 0…127 → ms: 0…99 step 10/127 ms (0…7.8 ms), 100…127 from 10 to 25 ms.
    public static func gsDelayMilliseconds(_ value: Int) -> Double {
        let v = min(max(value, 0), 127)
        return v < 100 ? Double(v) * 10 / 127 : 10 + Double(v - 100) * 15 / 27
    }
    /// GS chorus rate 0…127 → Hz (0.122 Hz per step).
    public static func gsRateHz(_ value: Int) -> Double { Double(min(max(value, 0), 127)) * 0.122 }
    /// GS chorus depth 0…127 → peak-to-peak ms ((value + 1)/3.2).
    public static func gsDepthMilliseconds(_ value: Int) -> Double { Double(min(max(value, 0), 127) + 1) / 3.2 }

    /// Applies one GS chorus SysEx parameter (address 40 01 `parameter.rawValue`). Setting the
    /// macro resets every other field to that macro's preset.
    public mutating func setGS(_ parameter: GSChorusParameter, _ value: Int) {
        let v = min(max(value, 0), 127)
        switch parameter {
        case .macro: self = .gs(GSChorusMacro(rawValue: min(v, 7)) ?? .chorus3)
        case .preLowpass: preLowpass = min(v, 7)
        case .level: level = v
        case .feedback: feedback = v
        case .delay: delayMilliseconds = ChorusParameters.gsDelayMilliseconds(v)
        case .rate: rateHz = ChorusParameters.gsRateHz(v)
        case .depth: depthMilliseconds = ChorusParameters.gsDepthMilliseconds(v)
        case .sendToReverb: sendToReverb = v
        }
    }

    /// Feedback gain actually used (0…0.97).
    public var feedbackGain: Double { min(Double(min(max(feedback, 0), 127)) * 0.763 / 100, 0.97) }

    /// Sanitised physical values the processor uses.
    var safeRateHz: Double { rateHz.isFinite ? min(max(rateHz, 0), 20) : 0 }
    var safeDepthMs: Double { safeRateHz > 0 && depthMilliseconds.isFinite ? min(max(depthMilliseconds, 0), 40) : 0 }
    var safeDelayMs: Double { delayMilliseconds.isFinite ? min(max(delayMilliseconds, 0), 40) : 0 }
}
