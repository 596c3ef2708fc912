import SMF

/// One MIDI message of a song at its exact time from the song's start.
public struct ScheduledMessage: Sendable, Equatable {
    public var time100ns: Int64
    /// 1-based channel group (DESIGN §5: an SMF uses group 1; MIDI-port meta n → group n + 1).
    public var group: UInt16
    /// A channel message (2–3 bytes) or a whole SysEx message starting with F0.
    public var bytes: [UInt8]
    public init(time100ns: Int64, group: UInt16, bytes: [UInt8]) {
        self.time100ns = time100ns; self.group = group; self.bytes = bytes
    }
}

/// A song flattened for playback: every channel message and SysEx in time order, stamped by
/// the exact tempo map.
public struct SongEvents: Sendable {
    public let messages: [ScheduledMessage]
    /// Time of the last event (end of track included).
    public let length100ns: Int64
    public let channelGroupsUsed: Int

    /// A song made of messages directly (tests, generated material). Sorted by time, stably.
    public init(messages: [ScheduledMessage], length100ns: Int64? = nil) {
        let sorted = messages.enumerated().sorted { ($0.element.time100ns, $0.offset) < ($1.element.time100ns, $1.offset) }.map(\.element)
        self.messages = sorted
        self.length100ns = length100ns ?? (sorted.last?.time100ns ?? 0)
        channelGroupsUsed = Int(sorted.map(\.group).max() ?? 1)
    }

    public init(file: MIDIFile, tempoScale: Double = 1) {
        let timeline = MIDITimeline(file: file)
        let tempo = TempoMap(file: file)
        var portByTrack: [Int: UInt8] = [:]
        var out: [ScheduledMessage] = []
        out.reserveCapacity(timeline.events.count)
        var maxGroup: UInt16 = 1
        var pendingSysEx: [UInt8]? = nil
        func scaled(_ t: Int64) -> Int64 { tempoScale == 1 ? t : Int64((Double(t) / tempoScale).rounded()) }
        for te in timeline.events {
            let group = UInt16(portByTrack[te.track] ?? 0) + 1
            let time = scaled(tempo.refTime100ns(atTick: te.tick))
            switch te.event.kind {
            case .channel(let status, let d1, let d2):
                let n = MIDIEvent.Kind.channelMessageLength(status: status) ?? 3
                out.append(ScheduledMessage(time100ns: time, group: group, bytes: n == 2 ? [status, d1] : [status, d1, d2]))
                maxGroup = max(maxGroup, group)
            case .sysEx(let bytes):
                if bytes.last == 0xF7 {
                    out.append(ScheduledMessage(time100ns: time, group: group, bytes: bytes))
                } else {
                    pendingSysEx = bytes   // continued in F7 packets
                }
            case .escape(let bytes):
                if var p = pendingSysEx {
                    p.append(contentsOf: bytes)
                    if bytes.last == 0xF7 {
                        out.append(ScheduledMessage(time100ns: time, group: group, bytes: p))
                        pendingSysEx = nil
                    } else {
                        pendingSysEx = p
                    }
                }
            case .meta(let type, let data):
                if type == 0x21, let port = data.first { portByTrack[te.track] = port & 0x7F }
            }
        }
        messages = out
        length100ns = scaled(tempo.refTime100ns(atTick: timeline.lengthTicks))
        channelGroupsUsed = Int(maxGroup)
    }
}
