/// Writes a `MIDIFile` as a Standard MIDI File.
///
/// - The header carries `file.format`, the track count and `file.division` as given.
/// - Each track is written in tick order (a stable sort, so events at the same tick keep their
///   order; tracks read by `MIDIFileReader` are already in order and come back unchanged).
/// - Exactly one end-of-track ends every track: end-of-track events inside the track are
///   dropped and one is written at the latest of the last event's tick and the latest
///   end-of-track's tick, keeping that end-of-track's data (normally none). A missing one is
///   added.
/// - Running status (optional, default on) is used for consecutive channel messages with the
///   same status; meta and SysEx events cancel it, as RP-001 requires.
/// - Channel data bytes are masked to 7 bits; a `.channel` event whose status is not
///   0x80…0xEF cannot be expressed and is left out. A delta above 0x0FFFFFFF ticks is split
///   with empty text meta events (`FF 01 00`).
/// - A `.sysEx` payload is written after `F0` without its leading 0xF0 byte (if it has one).
///
/// Deterministic: the same file always gives the same bytes.
public enum MIDIFileWriter {
    public static func write(_ file: MIDIFile, runningStatus: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: Array("MThd".utf8))
        appendBigEndian(UInt32(6), to: &out)
        appendBigEndian(file.format, to: &out)
        appendBigEndian(UInt16(clamping: file.tracks.count), to: &out)
        appendBigEndian(file.division.rawValue, to: &out)
        for track in file.tracks.prefix(Int(UInt16.max)) {
            let data = trackData(track, runningStatus: runningStatus)
            out.append(contentsOf: Array("MTrk".utf8))
            appendBigEndian(UInt32(clamping: data.count), to: &out)
            out.append(contentsOf: data)
        }
        return out
    }

    /// The bytes inside one `MTrk` chunk.
    public static func trackData(_ track: MIDITrack, runningStatus useRunningStatus: Bool = true) -> [UInt8] {
        // Stable sort by tick, end-of-track events pulled out.
        var endTick: UInt64 = 0
        var endData: [UInt8] = []
        var indexed: [(offset: Int, event: MIDIEvent)] = []
        indexed.reserveCapacity(track.events.count)
        for (i, e) in track.events.enumerated() {
            if case .meta(MIDIMetaType.endOfTrack, let data) = e.kind {
                if e.tick >= endTick {
                    endTick = e.tick
                    endData = data
                }
            } else {
                indexed.append((i, e))
            }
        }
        var isSorted = true
        for i in indexed.indices.dropFirst() where indexed[i].event.tick < indexed[i - 1].event.tick {
            isSorted = false
            break
        }
        if !isSorted {
            indexed.sort { a, b in a.event.tick != b.event.tick ? a.event.tick < b.event.tick : a.offset < b.offset }
        }
        if let last = indexed.last { endTick = max(endTick, last.event.tick) }

        var out: [UInt8] = []
        out.reserveCapacity(indexed.count * 4 + 4)
        var previousTick: UInt64 = 0
        var runningStatus: UInt8? = nil

        func appendDelta(to tick: UInt64) {
            var delta = tick - previousTick
            previousTick = tick
            let maxDelta = UInt64(VariableLengthQuantity.maxValue)
            while delta > maxDelta {
                VariableLengthQuantity.append(VariableLengthQuantity.maxValue, to: &out)
                out.append(contentsOf: [0xFF, MIDIMetaType.text, 0x00])
                runningStatus = nil
                delta -= maxDelta
            }
            VariableLengthQuantity.append(UInt32(delta), to: &out)
        }

        func appendPayload(_ payload: ArraySlice<UInt8>) {
            VariableLengthQuantity.append(UInt32(clamping: payload.count), to: &out)
            out.append(contentsOf: payload.prefix(Int(VariableLengthQuantity.maxValue)))
        }

        for (_, event) in indexed {
            switch event.kind {
            case .channel(let status, let data1, let data2):
                guard let length = MIDIEvent.Kind.channelMessageLength(status: status) else { continue }
                appendDelta(to: event.tick)
                if !(useRunningStatus && runningStatus == status) { out.append(status) }
                runningStatus = status
                out.append(data1 & 0x7F)
                if length == 3 { out.append(data2 & 0x7F) }
            case .sysEx(let bytes):
                appendDelta(to: event.tick)
                out.append(0xF0)
                appendPayload(bytes.first == 0xF0 ? bytes.dropFirst() : bytes[...])
                runningStatus = nil
            case .escape(let bytes):
                appendDelta(to: event.tick)
                out.append(0xF7)
                appendPayload(bytes[...])
                runningStatus = nil
            case .meta(let type, let data):
                appendDelta(to: event.tick)
                out.append(0xFF)
                out.append(type)
                appendPayload(data[...])
                runningStatus = nil
            }
        }
        appendDelta(to: endTick)
        out.append(contentsOf: [0xFF, MIDIMetaType.endOfTrack])
        appendPayload(endData[...])
        return out
    }

    private static func appendBigEndian(_ v: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(v >> 8))
        out.append(UInt8(v & 0xFF))
    }

    private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(v >> 24))
        out.append(UInt8((v >> 16) & 0xFF))
        out.append(UInt8((v >> 8) & 0xFF))
        out.append(UInt8(v & 0xFF))
    }
}
