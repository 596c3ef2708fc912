#if canImport(Glibc)
import Glibc
#endif

/// DLS connection-block constants (CONN_SRC_*, CONN_DST_*, CONN_TRN_*), DLS1 + DLS2.
public enum ConnectionSource {
    public static let none: UInt16 = 0x0000
    public static let lfo: UInt16 = 0x0001
    public static let keyOnVelocity: UInt16 = 0x0002
    public static let keyNumber: UInt16 = 0x0003
    public static let eg1: UInt16 = 0x0004
    public static let eg2: UInt16 = 0x0005
    public static let pitchWheel: UInt16 = 0x0006
    public static let polyPressure: UInt16 = 0x0007
    public static let channelPressure: UInt16 = 0x0008
    public static let vibrato: UInt16 = 0x0009
    public static let monoPressure: UInt16 = 0x000A
    /// MIDI controller n is 0x80 + n.
    public static func cc(_ n: UInt8) -> UInt16 { 0x0080 + UInt16(n & 0x7F) }
    public static let cc1: UInt16 = 0x0081
    public static let cc7: UInt16 = 0x0087
    public static let cc10: UInt16 = 0x008A
    public static let cc11: UInt16 = 0x008B
    public static let cc91: UInt16 = 0x00DB
    public static let cc93: UInt16 = 0x00DD
    public static let rpn0: UInt16 = 0x0100
    public static let rpn1: UInt16 = 0x0101
    public static let rpn2: UInt16 = 0x0102
}

public enum ConnectionDestination {
    public static let none: UInt16 = 0x0000
    public static let gain: UInt16 = 0x0001          // CONN_DST_ATTENUATION in DLS1
    public static let pitch: UInt16 = 0x0003
    public static let pan: UInt16 = 0x0004
    public static let keyNumber: UInt16 = 0x0005
    public static let left: UInt16 = 0x0010
    public static let right: UInt16 = 0x0011
    public static let center: UInt16 = 0x0012
    public static let leftRear: UInt16 = 0x0013
    public static let rightRear: UInt16 = 0x0014
    public static let lfeChannel: UInt16 = 0x0015
    public static let chorus: UInt16 = 0x0080
    public static let reverb: UInt16 = 0x0081
    public static let lfoFrequency: UInt16 = 0x0104
    public static let lfoStartDelay: UInt16 = 0x0105
    public static let vibratoFrequency: UInt16 = 0x0114
    public static let vibratoStartDelay: UInt16 = 0x0115
    public static let eg1AttackTime: UInt16 = 0x0206
    public static let eg1DecayTime: UInt16 = 0x0207
    public static let eg1ReleaseTime: UInt16 = 0x0209
    public static let eg1SustainLevel: UInt16 = 0x020A
    public static let eg1DelayTime: UInt16 = 0x020B
    public static let eg1HoldTime: UInt16 = 0x020C
    public static let eg1ShutdownTime: UInt16 = 0x020D
    public static let eg2AttackTime: UInt16 = 0x030A
    public static let eg2DecayTime: UInt16 = 0x030B
    public static let eg2ReleaseTime: UInt16 = 0x030D
    public static let eg2SustainLevel: UInt16 = 0x030E
    public static let eg2DelayTime: UInt16 = 0x030F
    public static let eg2HoldTime: UInt16 = 0x0310
    public static let filterCutoff: UInt16 = 0x0500
    public static let filterQ: UInt16 = 0x0501
}

/// CONN_TRN_* curves and the DLS2 usTransform bit layout: bits 0–3 output, 4–7 control curve,
/// 8 control bipolar, 9 control invert, 10–13 source curve, 14 source bipolar, 15 source invert.
public enum ConnectionTransform {
    public static let none: UInt16 = 0
    public static let concave: UInt16 = 1
    public static let convex: UInt16 = 2
    public static let `switch`: UInt16 = 3

    public static let controlBipolar: UInt16 = 1 << 8
    public static let controlInvert: UInt16 = 1 << 9
    public static let sourceBipolar: UInt16 = 1 << 14
    public static let sourceInvert: UInt16 = 1 << 15

    public static func source(_ curve: UInt16, bipolar: Bool = false, invert: Bool = false) -> UInt16 {
        (curve & 0xF) << 10 | (bipolar ? sourceBipolar : 0) | (invert ? sourceInvert : 0)
    }
    public static func control(_ curve: UInt16, bipolar: Bool = false, invert: Bool = false) -> UInt16 {
        (curve & 0xF) << 4 | (bipolar ? controlBipolar : 0) | (invert ? controlInvert : 0)
    }
}

/// Helpers for 16.16 lScale values.
public enum ConnectionScale {
    /// "Zero time" / "minus infinity" marker.
    public static let absoluteZero: Int32 = Int32(bitPattern: 0x8000_0000)
    public static func fixed(_ v: Double) -> Int32 { Int32(clamping: Int64((v * 65536).rounded())) }
    /// Seconds → time cents (16.16).
    public static func timecents(seconds: Double) -> Int32 {
        seconds <= 0 ? absoluteZero : fixed(1200 * log2(seconds))
    }
}
