/// Parses the events of one `MTrk` chunk, tolerating the damage real files carry
/// (reference/dls-synthesis.md §5.2). Every read is bounded by `end`.
struct MIDITrackParser {
    let bytes: [UInt8]
    let name: String
    /// Index of the track, for messages.
    let trackIndex: Int
    /// First byte of the chunk data.
    let start: Int
    /// One past the last byte of the chunk data (already clamped to the input).
    let end: Int
    let maxEvents: Int

    struct Result {
        var events: [MIDIEvent]
        /// Offset just after the end-of-track event, or `end` when there was none.
        var stopOffset: Int
        var sawEndOfTrack: Bool
    }

    func parse(warnings: inout SMFWarningLog) throws(SMFError) -> Result {
        var events: [MIDIEvent] = []
        // Each event takes at least two bytes (delta + one byte), so this is bounded by input.
        events.reserveCapacity(min((end - start) / 3 + 1, maxEvents))
        var pos = start
        var tick: UInt64 = 0
        var runningStatus: UInt8? = nil
        var nonChannelSinceStatus = false
        var warnedRunningAcross = false
        var sawEndOfTrack = false

        func warn(_ offset: Int, _ message: String) {
            warnings.add(offset, track: trackIndex, message)
        }

        func append(_ event: MIDIEvent, at offset: Int) throws(SMFError) {
            guard events.count < maxEvents else {
                throw SMFError(name: name, offset: offset, track: trackIndex,
                               message: "more than \(maxEvents) events in one track")
            }
            events.append(event)
        }

        /// Reads a VLQ length/delta; nil (after a warning) when the track must stop here.
        func readQuantity(_ what: String) -> UInt32? {
            switch VariableLengthQuantity.read(bytes, at: pos, end: end) {
            case .value(let v, let n):
                pos += n
                return v
            case .truncated:
                warn(pos, "track data ends inside a \(what); track truncated here")
                return nil
            case .tooLong:
                warn(pos, "\(what) longer than 4 bytes; rest of track ignored")
                return nil
            }
        }

        /// The payload of a meta/SysEx event of declared `length`, clamped to the track end.
        func readPayload(_ length: UInt32, what: String, at offset: Int) -> [UInt8] {
            let available = end - pos
            var n = Int(length)
            if n > available {
                warn(offset, "\(what) length \(length) runs past the end of the track data; clamped to \(available) bytes")
                n = available
            }
            let payload = Array(bytes[pos..<pos + n])
            pos += n
            return payload
        }

        eventLoop: while pos < end {
            let eventOffset = pos
            guard let delta = readQuantity("delta time") else { break eventLoop }
            tick &+= UInt64(delta)
            guard pos < end else {
                warn(eventOffset, "track data ends after a delta time, without an event")
                break eventLoop
            }
            let first = bytes[pos]

            switch first {
            case 0x00...0xEF:
                let status: UInt8
                if first >= 0x80 {
                    status = first
                    pos += 1
                    runningStatus = status
                    nonChannelSinceStatus = false
                } else if let rs = runningStatus {
                    status = rs
                    if nonChannelSinceStatus && !warnedRunningAcross {
                        warn(pos, "running status \(hexByte(rs)) used after a meta or SysEx event")
                        warnedRunningAcross = true
                    }
                } else {
                    warn(pos, "data byte \(hexByte(first)) where a status byte is expected (no running status); skipped")
                    pos += 1
                    continue eventLoop
                }
                let length = MIDIEvent.Kind.channelMessageLength(status: status) ?? 3
                var data: (UInt8, UInt8) = (0, 0)
                for i in 0..<(length - 1) {
                    guard pos < end else {
                        warn(eventOffset, "track data ends inside a channel message; track truncated here")
                        break eventLoop
                    }
                    var b = bytes[pos]
                    if b >= 0x80 {
                        warn(pos, "data byte \(hexByte(b)) above 0x7F in a channel message; clamped to 0x7F")
                        b = 0x7F
                    }
                    if i == 0 { data.0 = b } else { data.1 = b }
                    pos += 1
                }
                try append(MIDIEvent(tick: tick, kind: .channel(status: status, data1: data.0, data2: data.1)),
                           at: eventOffset)

            case 0xFF:
                pos += 1
                guard pos < end else {
                    warn(eventOffset, "track data ends inside a meta event; track truncated here")
                    break eventLoop
                }
                let type = bytes[pos]
                pos += 1
                if type == MIDIMetaType.endOfTrack && pos >= end {
                    // `FF 2F` cut before its length byte: still clearly the end of the track.
                    warn(eventOffset, "end-of-track without its length byte")
                    try append(MIDIEvent(tick: tick, kind: .meta(type: type, data: [])), at: eventOffset)
                    sawEndOfTrack = true
                    break eventLoop
                }
                guard let length = readQuantity("meta event length") else { break eventLoop }
                let data = readPayload(length, what: "meta event \(hexByte(type))", at: eventOffset)
                nonChannelSinceStatus = true
                try append(MIDIEvent(tick: tick, kind: .meta(type: type, data: data)), at: eventOffset)
                if type == MIDIMetaType.endOfTrack {
                    sawEndOfTrack = true
                    break eventLoop
                }

            case 0xF0, 0xF7:
                pos += 1
                guard let length = readQuantity("SysEx length") else { break eventLoop }
                let data = readPayload(length, what: first == 0xF0 ? "SysEx" : "F7 escape", at: eventOffset)
                nonChannelSinceStatus = true
                let kind: MIDIEvent.Kind = first == 0xF0 ? .sysEx([0xF0] + data) : .escape(data)
                try append(MIDIEvent(tick: tick, kind: kind), at: eventOffset)

            default:
                // System common / real-time bytes are not track events; skip them with their
                // proper data length (F1, F3: 1; F2: 2; others 0), stopping at a status byte.
                let dataLength = first == 0xF2 ? 2 : (first == 0xF1 || first == 0xF3 ? 1 : 0)
                pos += 1
                var skipped = 0
                while skipped < dataLength, pos < end, bytes[pos] < 0x80 {
                    pos += 1
                    skipped += 1
                }
                warn(eventOffset, "system message \(hexByte(first)) is not allowed in a track; skipped")
            }
        }

        if !sawEndOfTrack {
            let lastTick = events.last?.tick ?? 0
            warn(end, "track has no end-of-track event; one is added at tick \(lastTick)")
            try append(MIDIEvent(tick: lastTick, kind: .meta(type: MIDIMetaType.endOfTrack, data: [])), at: end)
        }
        return Result(events: events, stopOffset: sawEndOfTrack ? pos : end, sawEndOfTrack: sawEndOfTrack)
    }
}
