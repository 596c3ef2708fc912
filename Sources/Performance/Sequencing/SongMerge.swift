import SMF

/// How a song's SMPTE Offset meta event (`FF 54`) places it in time.
public enum SMPTEOffsetMode: Sendable, Equatable {
    /// The song's own offset (the first sequence's) is its origin: song time 0 is that SMPTE
    /// time, so playback starts at once. Format 2 sequences whose offsets lie further apart
    /// than the sequences before them last start at their offset (relative to the origin).
    /// What players normally do, and what other readers' times assume.
    case origin
    /// Absolute SMPTE time: every time is delayed by the origin offset as well, so a song
    /// stamped 00:01:00:00 starts after one minute of silence (for time-code-locked playback).
    case absolute
}

/// Everything that shapes the merge of a file into one stream.
public struct SongOptions: Sendable, Equatable {
    public var tempoScale: TempoScale
    /// Format 2 only: play only this sequence (0-based track index); nil plays every sequence
    /// one after another. Ignored for formats 0 and 1.
    public var trackSequence: Int?
    public var smpteOffsetMode: SMPTEOffsetMode

    public init(tempoScale: TempoScale = .normal, trackSequence: Int? = nil, smpteOffsetMode: SMPTEOffsetMode = .origin) {
        self.tempoScale = tempoScale
        self.trackSequence = trackSequence
        self.smpteOffsetMode = smpteOffsetMode
    }
}

/// One event of the merged song, in playback order.
struct MergedEvent {
    var track: Int
    var tick: UInt64
    var time100ns: Int64
    var group: UInt16
    var kind: MIDIEvent.Kind
}

/// Merges a file's tracks into one time-ordered stream with presentation times.
///
/// Order of simultaneous events (same tick of one sequence):
/// 1. meta events first (in track order, then file order), so a tempo, MIDI-port or other
///    meta event at a tick applies to every channel event at that tick;
/// 2. then channel messages, SysEx and escapes in track order and, within a track, file order,
///    except that a note-off (or note-on with velocity 0) that ends a note started *before*
///    this tick is moved ahead of the note-ons of the same key, channel and group at this tick
///    (so a note ending in one track never cuts the same note starting in another, nor a
///    re-struck note written on-before-off). A note-off that ends a note started at this same
///    tick (a zero-length note) stays after its note-on, in file order.
///
/// Channel groups: a track uses group 1 until a MIDI Port meta event (`FF 21`) gives port n,
/// after which its events go to group n + 1 (n = 0…127).
///
/// Format 2: every track is an independent sequence with its own tempo map; the sequences
/// play one after another (each starting at the end-of-track of the one before), or only the
/// one selected.
enum SongMerge {
    struct Result {
        var events: [MergedEvent]
        var length100ns: Int64
        /// The song's SMPTE offset (the first `FF 54` of the first sequence that has one).
        var smpteOffset: SMPTEOffset?
        /// Start time of each sequence played (one for formats 0 and 1).
        var sequenceStarts100ns: [Int64]
    }

    static func merge(file: MIDIFile, options: SongOptions) -> Result {
        // The sequences to play, in order, each a set of tracks sharing one tempo map.
        var sequences: [[Int]] = []
        if file.format == 2 {
            if let only = options.trackSequence {
                if file.tracks.indices.contains(only) { sequences = [[only]] }
            } else {
                sequences = file.tracks.indices.map { [$0] }
            }
        } else {
            sequences = [Array(file.tracks.indices)]
        }

        var out: [MergedEvent] = []
        out.reserveCapacity(file.tracks.reduce(0) { $0 + $1.events.count })
        var portByTrack: [Int: UInt8] = [:]
        var origin: SMPTEOffset? = nil
        var originTime: Int64 = 0
        var cursor: Int64 = 0      // where the next sequence may start
        var starts: [Int64] = []
        let scale = options.tempoScale

        for (sequenceIndex, tracks) in sequences.enumerated() {
            let timeline = MIDITimeline(file: file, tracks: tracks)
            let tempo = file.format == 2 ? TempoMap(file: file, track: tracks[0]) : TempoMap(file: file)
            // This sequence's SMPTE offset: an FF 54 at tick 0.
            let offset = timeline.events.lazy.prefix { $0.tick == 0 }.compactMap { $0.event.kind.smpteOffset }.first
            var start = cursor
            if let offset {
                if origin == nil {
                    origin = offset
                    originTime = offset.time100ns
                    if options.smpteOffsetMode == .absolute { start += scale.apply(originTime) }
                } else if sequenceIndex > 0 {
                    // Later format-2 sequences: no earlier than their own offset.
                    let own = scale.apply(offset.time100ns - originTime)
                        + (options.smpteOffsetMode == .absolute ? scale.apply(originTime) : 0)
                    start = max(start, own)
                }
            }
            starts.append(start)
            appendSequence(timeline, tempo: tempo, scale: scale, start: start, portByTrack: &portByTrack, into: &out)
            cursor = start + tempo.refTime100ns(atTick: timeline.lengthTicks, scale: scale)
        }
        return Result(events: out, length100ns: cursor, smpteOffset: origin, sequenceStarts100ns: starts)
    }

    private static func noteKey(group: UInt16, status: UInt8, key: UInt8) -> Int {
        Int(group) << 11 | Int(status & 0x0F) << 7 | Int(key & 0x7F)
    }

    /// Note-on (velocity > 0): +1; note-off or note-on with velocity 0: −1; otherwise 0.
    private static func noteDirection(_ kind: MIDIEvent.Kind) -> (Int, UInt8)? {
        guard case .channel(let status, let key, let velocity) = kind else { return nil }
        switch status & 0xF0 {
        case 0x90: return (velocity == 0 ? -1 : 1, key)
        case 0x80: return (-1, key)
        default: return nil
        }
    }

    private static func appendSequence(_ timeline: MIDITimeline, tempo: TempoMap, scale: TempoScale, start: Int64,
                                       portByTrack: inout [Int: UInt8], into out: inout [MergedEvent]) {
        let events = timeline.events
        // Notes sounding (started before the current tick and not yet ended), by group/channel/key.
        var sounding: [Int: Int] = [:]
        var bucket: [MergedEvent] = []
        var i = 0
        while i < events.count {
            let tick = events[i].tick
            var j = i
            while j < events.count && events[j].tick == tick { j += 1 }
            let time = start + tempo.refTime100ns(atTick: tick, scale: scale)
            // 1. Meta events, in merged order; MIDI-port changes take effect for this tick.
            for k in i..<j {
                guard case .meta = events[k].event.kind else { continue }
                let te = events[k]
                if let port = te.event.kind.midiPort { portByTrack[te.track] = port & 0x7F }
                out.append(MergedEvent(track: te.track, tick: tick, time100ns: time,
                                       group: UInt16(portByTrack[te.track] ?? 0) + 1, kind: te.event.kind))
            }
            // 2. Everything else, with ending note-offs moved ahead of same-key note-ons.
            bucket.removeAll(keepingCapacity: true)
            var available: [Int: Int] = [:]    // notes from before this tick not yet ended here
            var firstOnIndex: [Int: Int] = [:] // first note-on of a key in `bucket`
            for k in i..<j {
                let te = events[k]
                if case .meta = te.event.kind { continue }
                let group = UInt16(portByTrack[te.track] ?? 0) + 1
                let e = MergedEvent(track: te.track, tick: tick, time100ns: time, group: group, kind: te.event.kind)
                guard let (direction, key) = noteDirection(te.event.kind), case .channel(let status, _, _) = te.event.kind else {
                    bucket.append(e)
                    continue
                }
                let nk = noteKey(group: group, status: status, key: key)
                if direction > 0 {
                    if firstOnIndex[nk] == nil { firstOnIndex[nk] = bucket.count }
                    bucket.append(e)
                    continue
                }
                let left = available[nk] ?? sounding[nk] ?? 0
                if left > 0, let at = firstOnIndex[nk] {
                    // Ends an older note: goes before this tick's note-ons of the key.
                    available[nk] = left - 1
                    bucket.insert(e, at: at)
                    for (key2, index) in firstOnIndex where index >= at { firstOnIndex[key2] = index + 1 }
                } else {
                    if left > 0 { available[nk] = left - 1 }
                    bucket.append(e)
                }
            }
            // Sounding notes after this tick.
            for e in bucket {
                guard let (direction, key) = noteDirection(e.kind), case .channel(let status, _, _) = e.kind else { continue }
                let nk = noteKey(group: e.group, status: status, key: key)
                let n = (sounding[nk] ?? 0) + direction
                sounding[nk] = n > 0 ? n : nil
            }
            out.append(contentsOf: bucket)
            i = j
        }
    }
}
