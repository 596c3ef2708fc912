extension MIDIEvent.Kind {
    /// The event's bytes as they are stored in a track after the delta time (running status
    /// expanded): `9n kk vv`, `F0 <len> …`, `F7 <len> …`, `FF tt <len> …`.
    public var fileBytes: [UInt8] {
        switch self {
        case .channel(let status, let d1, let d2):
            return (channelMessageLength ?? 3) == 2 ? [status, d1] : [status, d1, d2]
        case .sysEx(let bytes):
            let payload = bytes.first == 0xF0 ? Array(bytes.dropFirst()) : bytes
            return [0xF0] + VariableLengthQuantity.encode(UInt32(clamping: payload.count)) + payload
        case .escape(let bytes):
            return [0xF7] + VariableLengthQuantity.encode(UInt32(clamping: bytes.count)) + bytes
        case .meta(let type, let data):
            return [0xFF, type] + VariableLengthQuantity.encode(UInt32(clamping: data.count)) + data
        }
    }

    /// A one-line readable description: "note on 60 vel 100", "control 7 (volume) = 100",
    /// "tempo 500000 µs/quarter (120 BPM)", "track name \"Piano\"", "sysex F0 7E 7F 09 01 F7".
    public var summary: String {
        switch self {
        case .channel(let status, let d1, let d2):
            switch status & 0xF0 {
            case 0x80: return "note off \(d1) vel \(d2)"
            case 0x90: return d2 == 0 ? "note on \(d1) vel 0 (off)" : "note on \(d1) vel \(d2)"
            case 0xA0: return "poly pressure \(d1) = \(d2)"
            case 0xB0:
                if let name = MIDIEvent.Kind.controllerNames[d1] { return "control \(d1) (\(name)) = \(d2)" }
                return "control \(d1) = \(d2)"
            case 0xC0: return "program \(d1)"
            case 0xD0: return "channel pressure \(d1)"
            default:
                let value = Int(d1) | Int(d2) << 7
                return "pitch bend \(value) (\(value - 8192 >= 0 ? "+" : "")\(value - 8192))"
            }
        case .sysEx(let bytes):
            return (bytes.last == 0xF7 ? "sysex " : "sysex (continued) ") + MIDIEvent.Kind.hex(bytes)
        case .escape(let bytes):
            return "escape " + MIDIEvent.Kind.hex(bytes)
        case .meta(let type, let data):
            return MIDIEvent.Kind.metaSummary(type: type, data: data)
        }
    }

    private static func metaSummary(type: UInt8, data: [UInt8]) -> String {
        func text(_ label: String) -> String { "\(label) \"\(printable(data))\"" }
        switch type {
        case MIDIMetaType.sequenceNumber:
            return data.count >= 2 ? "sequence number \(Int(data[0]) << 8 | Int(data[1]))" : "sequence number"
        case MIDIMetaType.text: return text("text")
        case MIDIMetaType.copyright: return text("copyright")
        case MIDIMetaType.trackName: return text("track name")
        case MIDIMetaType.instrumentName: return text("instrument name")
        case MIDIMetaType.lyric: return text("lyric")
        case MIDIMetaType.marker: return text("marker")
        case MIDIMetaType.cuePoint: return text("cue point")
        case 0x08...0x0F: return text("text (type \(type))")
        case MIDIMetaType.channelPrefix:
            return data.isEmpty ? "channel prefix" : "channel prefix \(data[0])"
        case MIDIMetaType.midiPort:
            return data.isEmpty ? "MIDI port" : "MIDI port \(data[0])"
        case MIDIMetaType.endOfTrack: return "end of track"
        case MIDIMetaType.setTempo:
            guard data.count >= 3 else { return "tempo (short: \(hex(data)))" }
            let us = Int(data[0]) << 16 | Int(data[1]) << 8 | Int(data[2])
            let bpm = us > 0 ? 60_000_000.0 / Double(us) : 0
            return "tempo \(us) µs/quarter (\(fixed(bpm, 3)) BPM)"
        case MIDIMetaType.smpteOffset:
            guard let o = SMPTEOffset(data: data) else { return "SMPTE offset (short: \(hex(data)))" }
            return "SMPTE offset \(o)"
        case MIDIMetaType.timeSignature:
            guard data.count >= 4 else { return "time signature (short: \(hex(data)))" }
            let denominator = data[1] < 16 ? 1 << Int(data[1]) : 0
            return "time signature \(data[0])/\(denominator), \(data[2]) clocks/click, \(data[3]) 32nds/quarter"
        case MIDIMetaType.keySignature:
            guard data.count >= 2 else { return "key signature (short: \(hex(data)))" }
            let sf = Int(Int8(bitPattern: data[0]))
            let accidentals = sf == 0 ? "no accidentals" : sf > 0 ? "\(sf) sharp\(sf == 1 ? "" : "s")" : "\(-sf) flat\(sf == -1 ? "" : "s")"
            return "key signature \(accidentals), \(data[1] == 1 ? "minor" : "major")"
        case MIDIMetaType.sequencerSpecific:
            return "sequencer-specific " + hex(data)
        default:
            return "meta \(hexByte(type)) " + hex(data)
        }
    }

    /// Text of a text meta event: printable ASCII kept, UTF-8 decoded when valid, other bytes
    /// shown as \xNN.
    private static func printable(_ data: [UInt8]) -> String {
        var out = ""
        var utf8 = UTF8()
        var it = data.makeIterator()
        var valid = true
        var decoded = ""
        loop: while true {
            switch utf8.decode(&it) {
            case .scalarValue(let s): decoded.unicodeScalars.append(s)
            case .emptyInput: break loop
            case .error: valid = false; break loop
            }
        }
        if valid {
            for s in decoded.unicodeScalars {
                if s.value < 0x20 || s.value == 0x7F {
                    out += s == "\n" ? "\\n" : s == "\r" ? "\\r" : "\\x" + hexDigits(UInt8(s.value))
                } else if s == "\"" || s == "\\" {
                    out += "\\" + String(s)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
            return out
        }
        for b in data {
            if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += "\\x" + hexDigits(b) }
        }
        return out
    }

    static func hex(_ bytes: [UInt8], limit: Int = 64) -> String {
        var parts = bytes.prefix(limit).map { hexDigits($0) }
        if bytes.count > limit { parts.append("… (\(bytes.count) bytes)") }
        return parts.joined(separator: " ")
    }

    private static func hexDigits(_ b: UInt8) -> String {
        let d: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String(d[Int(b >> 4)]) + String(d[Int(b & 0x0F)])
    }

    private static func fixed(_ v: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = "\(r)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    static let controllerNames: [UInt8: String] = [
        0: "bank select", 1: "modulation", 2: "breath", 4: "foot", 5: "portamento time", 6: "data entry",
        7: "volume", 8: "balance", 10: "pan", 11: "expression", 32: "bank select LSB", 38: "data entry LSB",
        64: "sustain", 65: "portamento", 66: "sostenuto", 67: "soft pedal", 71: "resonance", 72: "release time",
        73: "attack time", 74: "brightness", 84: "portamento control", 91: "reverb", 93: "chorus",
        96: "data increment", 97: "data decrement", 98: "NRPN LSB", 99: "NRPN MSB", 100: "RPN LSB", 101: "RPN MSB",
        120: "all sound off", 121: "reset all controllers", 122: "local control", 123: "all notes off",
        124: "omni off", 125: "omni on", 126: "mono on", 127: "poly on",
    ]
}
