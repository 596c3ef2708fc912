/// One event of a track, stamped with its absolute position in ticks from the track start.
public struct MIDIEvent: Sendable, Equatable, Hashable {
    /// Absolute ticks from the start of the track (delta times already summed).
    public var tick: UInt64
    public var kind: Kind

    public enum Kind: Sendable, Equatable, Hashable {
        /// A channel message (status 0x80…0xEF). The status is always explicit: running status
        /// is expanded by the reader. `data2` is 0 for the 2-byte messages (program change,
        /// channel pressure).
        case channel(status: UInt8, data1: UInt8, data2: UInt8)
        /// An `F0` SysEx packet: the bytes **including** the leading 0xF0 and whatever follows
        /// it in the file (normally ending in 0xF7).
        case sysEx([UInt8])
        /// An `F7` packet: the raw bytes as stored, without the F7 introducer (continuation of a
        /// split SysEx, or arbitrary bytes to transmit).
        case escape([UInt8])
        /// A meta event `FF type len data`.
        case meta(type: UInt8, data: [UInt8])
    }

    public init(tick: UInt64, kind: Kind) {
        self.tick = tick
        self.kind = kind
    }
}

extension MIDIEvent.Kind {
    /// Number of bytes of a channel message including its status (2 for program change and
    /// channel pressure, 3 otherwise); nil for anything that is not a channel message.
    public var channelMessageLength: Int? {
        guard case .channel(let status, _, _) = self else { return nil }
        return MIDIEvent.Kind.channelMessageLength(status: status)
    }

    /// Message length for a channel status byte 0x80…0xEF (2 or 3), nil for any other byte.
    public static func channelMessageLength(status: UInt8) -> Int? {
        switch status {
        case 0x80...0xBF, 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return nil
        }
    }

    /// The MIDI channel (0…15) of a channel message.
    public var channel: UInt8? {
        guard case .channel(let status, _, _) = self else { return nil }
        return status & 0x0F
    }

    /// True for the end-of-track meta event (`FF 2F`).
    public var isEndOfTrack: Bool {
        if case .meta(MIDIMetaType.endOfTrack, _) = self { return true }
        return false
    }

    /// The tempo of a Set Tempo meta event (`FF 51`, 3 bytes big-endian, µs per quarter note).
    /// Nil for other events and for a Set Tempo with fewer than 3 data bytes (extra bytes are
    /// ignored).
    public var tempoMicrosecondsPerQuarter: UInt32? {
        guard case .meta(MIDIMetaType.setTempo, let data) = self, data.count >= 3 else { return nil }
        return UInt32(data[0]) << 16 | UInt32(data[1]) << 8 | UInt32(data[2])
    }

    /// The port of a MIDI Port meta event (`FF 21`, 1 byte), nil otherwise.
    public var midiPort: UInt8? {
        guard case .meta(MIDIMetaType.midiPort, let data) = self, let port = data.first else { return nil }
        return port
    }
}
