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

    /// A JSON array of objects {track, tick, seconds, time100ns, group, channel, text, bytes}
    /// (channel 0…15 or null; seconds with six decimals), one object per line.
    public static func json(_ entries: [EventListingEntry]) -> String {
        var out = "[\n"
        for (i, e) in entries.enumerated() {
            out += "{\"track\":\(e.track),\"tick\":\(e.tick),\"seconds\":\(e.secondsText),\"time100ns\":\(e.time100ns),"
            out += "\"group\":\(e.group),\"channel\":\(e.channel.map { String($0) } ?? "null"),"
            out += "\"text\":\"\(jsonEscaped(e.text))\",\"bytes\":[\(e.bytes.map { String($0) }.joined(separator: ","))]}"
            out += i + 1 < entries.count ? ",\n" : "\n"
        }
        return out + "]\n"
    }

    static func jsonEscaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
