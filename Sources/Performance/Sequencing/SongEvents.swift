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

/// A song flattened for playback: every channel message and SysEx in playback order, stamped
/// by the exact tempo map. The merge rules (order of simultaneous events, channel groups,
/// format 2, SMPTE offset) are those of `SongMerge`.
public struct SongEvents: Sendable {
    public let messages: [ScheduledMessage]
    /// Time of the end of the song (the latest end-of-track; the last sequence's for format 2).
    public let length100ns: Int64
    /// The highest channel group any message uses (at least 1).
    public let channelGroupsUsed: Int
    /// The song's SMPTE offset (`FF 54`), if it has one. Song time 0 is this SMPTE time (see
    /// `SMPTEOffsetMode`).
    public let smpteOffset: SMPTEOffset?
    /// When each played sequence starts (format 2 plays several; formats 0 and 1 one, at 0).
    public let sequenceStarts100ns: [Int64]
    /// SysEx packets that could not be assembled into a whole message (an F0 packet without
    /// F7 that no continuation completed, or an escape continuing nothing that is not a whole
    /// message itself): left out.
    public let droppedSysExPackets: Int

    /// A song made of messages directly (tests, generated material). Sorted by time, stably.
    public init(messages: [ScheduledMessage], length100ns: Int64? = nil) {
        var isSorted = true
        for i in messages.indices.dropFirst() where messages[i].time100ns < messages[i - 1].time100ns {
            isSorted = false
            break
        }
        let sorted = isSorted ? messages
            : messages.enumerated().sorted { ($0.element.time100ns, $0.offset) < ($1.element.time100ns, $1.offset) }.map(\.element)
        self.init(sorted: sorted, length100ns: length100ns ?? (sorted.last?.time100ns ?? 0))
    }

    /// Messages already in playback order.
    init(sorted: [ScheduledMessage], length100ns: Int64, smpteOffset: SMPTEOffset? = nil,
         sequenceStarts100ns: [Int64] = [0], droppedSysExPackets: Int = 0) {
        messages = sorted
        self.length100ns = length100ns
        channelGroupsUsed = Int(sorted.lazy.map(\.group).max() ?? 1)
        self.smpteOffset = smpteOffset
        self.sequenceStarts100ns = sequenceStarts100ns
        self.droppedSysExPackets = droppedSysExPackets
    }

    /// `tempoScale` 2 plays twice as fast; it is turned into an exact fraction (1.1 → 11/10).
    public init(file: MIDIFile, tempoScale: Double = 1) {
        self.init(file: file, options: SongOptions(tempoScale: TempoScale(approximating: tempoScale) ?? .normal))
    }

    /// Format 2: `trackSequence` (0-based track index) plays that sequence alone; nil plays
    /// them all one after another.
    public init(file: MIDIFile, tempoScale: Double = 1, trackSequence: Int?) {
        self.init(file: file, options: SongOptions(tempoScale: TempoScale(approximating: tempoScale) ?? .normal,
                                                   trackSequence: trackSequence))
    }

    public init(file: MIDIFile, options: SongOptions) {
        let merged = SongMerge.merge(file: file, options: options)
        var out: [ScheduledMessage] = []
        out.reserveCapacity(merged.events.count)
        // SysEx split into an F0 packet and F7 continuations, per track.
        var pending: [Int: (group: UInt16, bytes: [UInt8])] = [:]
        var dropped = 0
        for e in merged.events {
            switch e.kind {
            case .channel(let status, let d1, let d2):
                let n = MIDIEvent.Kind.channelMessageLength(status: status) ?? 3
                out.append(ScheduledMessage(time100ns: e.time100ns, group: e.group, bytes: n == 2 ? [status, d1] : [status, d1, d2]))
            case .sysEx(let bytes):
                if pending.removeValue(forKey: e.track) != nil { dropped += 1 }   // never completed
                if bytes.last == 0xF7 {
                    out.append(ScheduledMessage(time100ns: e.time100ns, group: e.group, bytes: bytes))
                } else {
                    pending[e.track] = (e.group, bytes)
                }
            case .escape(let bytes):
                if var p = pending[e.track] {
                    // A continuation: the message is sent when its last packet (ending F7) is due.
                    p.bytes.append(contentsOf: bytes)
                    if bytes.last == 0xF7 {
                        out.append(ScheduledMessage(time100ns: e.time100ns, group: p.group, bytes: p.bytes))
                        pending[e.track] = nil
                    } else {
                        pending[e.track] = p
                    }
                } else if bytes.first == 0xF0 && bytes.last == 0xF7 && bytes.count >= 2 {
                    // An escape carrying a whole SysEx message.
                    out.append(ScheduledMessage(time100ns: e.time100ns, group: e.group, bytes: bytes))
                } else if let first = bytes.first, let n = MIDIEvent.Kind.channelMessageLength(status: first),
                          bytes.count == n, bytes.dropFirst().allSatisfy({ $0 < 0x80 }) {
                    // An escape carrying one channel message.
                    out.append(ScheduledMessage(time100ns: e.time100ns, group: e.group, bytes: bytes))
                } else if !bytes.isEmpty {
                    dropped += 1
                }
            case .meta:
                break
            }
        }
        dropped += pending.count
        self.init(sorted: out, length100ns: merged.length100ns, smpteOffset: merged.smpteOffset,
                  sequenceStarts100ns: merged.sequenceStarts100ns, droppedSysExPackets: dropped)
    }
}
