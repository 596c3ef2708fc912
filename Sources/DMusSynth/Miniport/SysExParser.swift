/// Recognises the universal and GS/XG System Exclusive messages a GM synth acts on
/// (reference/dls-synthesis.md §4.10) and turns them into queued actions.
enum SysExParser {
    static func parse(_ m: UnsafeBufferPointer<UInt8>, frame: Int64, group: UInt16) -> QueuedEvent? {
        guard m.count >= 5, m[0] == 0xF0 else { return nil }
        func event(_ kind: QueuedEvent.Kind, _ d1: UInt8 = 0, _ d2: UInt8 = 0) -> QueuedEvent {
            QueuedEvent(frame: frame, group: group, kind: kind, status: 0, data1: d1, data2: d2)
        }
        // Universal non-real-time GM System On / GM2 On (7E dev 09 01|03).
        if m[1] == 0x7E && m[3] == 0x09 && (m[4] == 0x01 || m[4] == 0x03) { return event(.gmReset) }
        // Universal real-time Master Volume (7F dev 04 01 ll mm).
        if m[1] == 0x7F && m.count >= 8 && m[3] == 0x04 && m[4] == 0x01 { return event(.masterVolume, m[5] & 0x7F, m[6] & 0x7F) }
        // Roland GS (41 dev 42 12 addr… data checksum).
        if m[1] == 0x41 && m.count >= 10 && m[3] == 0x42 && m[4] == 0x12 {
            if m[5] == 0x40 && m[6] == 0x00 && m[7] == 0x7F { return event(.gsReset) }
            if m[5] == 0x40 && m[6] == 0x01 && (0x30...0x3F).contains(m[7]) {
                return event(.gsEffect, m[7], m[8] & 0x7F)
            }
            if m[5] == 0x40 && (m[6] & 0xF0) == 0x10 && m[7] == 0x15 {
                // Block 0 is channel 10, 1–9 channels 1–9, A–F channels 11–16.
                let block = Int(m[6] & 0x0F)
                let channel = block == 0 ? 9 : (block <= 9 ? block - 1 : block)
                return event(.gsDrumPart, UInt8(channel), m[8])
            }
        }
        // Yamaha XG System On (43 1n 4C 00 00 7E 00).
        if m[1] == 0x43 && m.count >= 8 && (m[2] & 0xF0) == 0x10 && m[3] == 0x4C && m[4] == 0 && m[5] == 0 && m[6] == 0x7E {
            return event(.xgReset)
        }
        return nil
    }
}
