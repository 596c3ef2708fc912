import DLS
import SMF

/// One merged event of a song, as `dmus info --events` lists it.
public struct EventListingEntry: Sendable, Equatable {
    public var track: Int
    public var tick: UInt64
    /// Presentation time from the song's start (100-ns units).
    public var time100ns: Int64
    public var group: UInt16
    /// 0…15 for channel messages.
    public var channel: UInt8?
    /// A readable description ("note on 60 vel 100", "tempo 500000 µs/quarter (120 BPM)", …).
    public var text: String
    /// Channel messages: the message (2–3 bytes, running status expanded). SysEx, escapes and
    /// meta events: the event as stored after the delta time (`F0 len …`, `F7 len …`, `FF type len …`).
    public var bytes: [UInt8]
    public init(track: Int, tick: UInt64, time100ns: Int64, group: UInt16, channel: UInt8?, text: String, bytes: [UInt8]) {
        self.track = track; self.tick = tick; self.time100ns = time100ns; self.group = group
        self.channel = channel; self.text = text; self.bytes = bytes
    }

    /// The time in seconds with exactly six decimals ("12.011944"), rounded half up from the
    /// 100-ns value without going through floating point.
    public var secondsText: String {
        let negative = time100ns < 0
        let magnitude = time100ns.magnitude
        let micro = (magnitude + 5) / 10
        let whole = micro / 1_000_000
        let frac = String(micro % 1_000_000)
        return (negative ? "-" : "") + "\(whole)." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    /// Seconds as a Double (for JSON).
    public var seconds: Double { Double(time100ns) / 10_000_000 }
}

/// Every event of a song after merging — channel messages, SysEx and escape packets, meta
/// events — in playback order, with its presentation time. The same merge as `SongEvents`
/// (order of simultaneous events, channel groups, format 2, SMPTE offset, tempo scale).
public enum EventListing {
    public static func entries(file: MIDIFile, tempoScale: Double = 1) -> [EventListingEntry] {
        entries(file: file, options: SongOptions(tempoScale: TempoScale(approximating: tempoScale) ?? .normal))
    }

    public static func entries(file: MIDIFile, options: SongOptions) -> [EventListingEntry] {
        SongMerge.merge(file: file, options: options).events.map { e in
            EventListingEntry(track: e.track, tick: e.tick, time100ns: e.time100ns, group: e.group,
                              channel: e.kind.channel, text: e.kind.summary, bytes: e.kind.fileBytes)
        }
    }

    /// One line per entry: "seconds  tick  track  group  channel  text" (tab-separated), the
    /// text form of `dmus info --events`.
    public static func textLine(_ e: EventListingEntry) -> String {
        let ch = e.channel.map { String(Int($0) + 1) } ?? "-"
        return "\(e.secondsText)\t\(e.tick)\t\(e.track)\t\(e.group)\t\(ch)\t\(e.text)"
    }

    /// One entry as a dump value {track, tick, time100ns, seconds, group, channel (0…15 or
    /// null), text, bytes}: what `dmus info --events --json` prints for each event.
    public static func dumpValue(_ e: EventListingEntry) -> DumpValue {
        .object([
            DumpField("track", .int(e.track)),
            DumpField("tick", .int(Int(clamping: e.tick))),
            DumpField("time100ns", .int(Int(e.time100ns))),
            DumpField("seconds", .number(Double(e.time100ns) / 10_000_000, decimals: 6)),
            DumpField("group", .int(Int(e.group))),
            DumpField("channel", e.channel.map { .int(Int($0)) } ?? .null),
            DumpField("text", .string(e.text)),
            DumpField("bytes", .array(e.bytes.map { .int(Int($0)) })),
        ])
    }

    /// A JSON array of `dumpValue` objects.
    public static func json(_ entries: [EventListingEntry]) -> String {
        DumpValue.array(entries.map(dumpValue)).json()
    }
}
