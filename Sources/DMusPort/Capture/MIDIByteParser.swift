/// Turns a raw MIDI byte stream (a serial port, a sequencer pipe, a file) into complete
/// messages, as a capture miniport does before handing events to the port: running status,
/// real-time bytes (F8–FF) interleaved anywhere, system common messages, and SysEx of any
/// length delivered in bounded chunks. Stray data bytes are counted and dropped. Never
/// allocates; every state is bounded.
public struct MIDIByteParser {
    public enum Message: Equatable {
        /// A channel or system-common message of 1–3 bytes.
        case short(UInt8, UInt8, UInt8, count: Int)
        /// A piece of a SysEx message: `final` on the piece that ends with F7 (or was cut off
        /// by another status byte).
        case sysEx(UnsafeBufferPointer<UInt8>, final: Bool)

        public static func == (a: Message, b: Message) -> Bool {
            switch (a, b) {
            case let (.short(a0, a1, a2, ac), .short(b0, b1, b2, bc)): return a0 == b0 && a1 == b1 && a2 == b2 && ac == bc
            case let (.sysEx(ab, af), .sysEx(bb, bf)): return af == bf && Array(ab) == Array(bb)
            default: return false
            }
        }
    }

    /// Bytes a SysEx chunk holds before it is handed on.
    public static let sysExChunkBytes = 256

    private var status: UInt8 = 0
    private var data: (UInt8, UInt8) = (0, 0)
    private var have = 0
    private var inSysEx = false
    private let sysEx: UnsafeMutablePointer<UInt8>
    private var sysExCount = 0
    /// Data bytes that arrived with no status to give them meaning.
    public private(set) var strayBytes = 0

    public init() {
        sysEx = .allocate(capacity: MIDIByteParser.sysExChunkBytes)
    }

    public func free() { sysEx.deallocate() }

    /// Data bytes a status expects (nil for F0/F7 and undefined statuses).
    static func dataLength(_ s: UInt8) -> Int? {
        switch s {
        case 0x80...0xBF, 0xE0...0xEF, 0xF2: return 2
        case 0xC0...0xDF, 0xF1, 0xF3: return 1
        case 0xF6, 0xF8...0xFF: return 0
        default: return nil
        }
    }

    public mutating func push(_ byte: UInt8, _ emit: (Message) -> Void) {
        if byte >= 0xF8 {                      // real time: passes through, touches nothing
            if byte != 0xF9 && byte != 0xFD { emit(.short(byte, 0, 0, count: 1)) }
            return
        }
        if byte & 0x80 != 0 {
            if inSysEx {                       // any status ends a SysEx (F7 properly, others cut it)
                if byte == 0xF7 { appendSysEx(0xF7, emit) }
                flushSysEx(final: true, emit)
                inSysEx = false
                if byte == 0xF7 { return }
            }
            switch byte {
            case 0xF0:
                inSysEx = true
                sysExCount = 0
                appendSysEx(0xF0, emit)
                status = 0
            case 0xF7:
                strayBytes += 1                // an end with no start
            case 0xF4, 0xF5:
                status = 0                     // undefined system common: ignored
            default:
                if byte >= 0xF0 {
                    if byte == 0xF6 { emit(.short(byte, 0, 0, count: 1)); status = 0; return }
                    status = byte              // F1/F2/F3 take data, but do not set running status
                } else {
                    status = byte
                }
                have = 0
            }
            return
        }
        if inSysEx { appendSysEx(byte, emit); return }
        guard status != 0, let n = MIDIByteParser.dataLength(status) else { strayBytes += 1; return }
        if have == 0 { data.0 = byte } else { data.1 = byte }
        have += 1
        if have == n {
            emit(.short(status, data.0, n == 2 ? data.1 : 0, count: n + 1))
            have = 0
            if status >= 0xF0 { status = 0 }  // system common has no running status
        }
    }

    private mutating func appendSysEx(_ b: UInt8, _ emit: (Message) -> Void) {
        if sysExCount == MIDIByteParser.sysExChunkBytes { flushSysEx(final: false, emit) }
        sysEx[sysExCount] = b
        sysExCount += 1
    }

    private mutating func flushSysEx(final: Bool, _ emit: (Message) -> Void) {
        emit(.sysEx(UnsafeBufferPointer(start: sysEx, count: sysExCount), final: final))
        sysExCount = 0
    }
}
