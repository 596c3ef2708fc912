/// Reads a Standard MIDI File from bytes. Input is treated as hostile: every read is bounded,
/// sizes are clamped to the input, and counts are capped (`Limits`). Damage that real files are
/// known to carry is tolerated and reported as warnings (reference/dls-synthesis.md §5.2):
///
/// - junk before `MThd` (up to `Limits.maxLeadingJunkBytes`), an `MThd` length other than 6;
/// - `ntrks` different from the number of `MTrk` chunks (every `MTrk` until EOF is read);
/// - unknown chunks between tracks (skipped), non-chunk junk (resynchronised at the next
///   `MTrk`), trailing garbage, a lower-case `mtrk` tag;
/// - a track length past EOF (clamped), too long (the next `MTrk` follows the end-of-track) or
///   too short (resynchronised at the next `MTrk`);
/// - a missing end-of-track (one is added at the last event's tick), a truncated event, a
///   variable-length quantity longer than 4 bytes (the track stops there);
/// - running status after a meta or SysEx event (the last channel status is kept, as mido does),
///   data bytes where a status is expected with no running status (skipped), data bytes above
///   0x7F in channel messages (clamped to 0x7F), system common / real-time bytes F1–F6, F8–FE
///   (skipped with their data), meta/SysEx lengths past the track end (clamped).
///
/// Errors (`SMFError`): empty input, no `MThd`, a RIFF container (RMID is unwrapped elsewhere),
/// a truncated or too short header, a division of 0 ticks per quarter or 0 ticks per frame,
/// no `MTrk` chunk at all, and the limits.
public enum MIDIFileReader {
    public struct Limits: Sendable, Equatable {
        public var maxTracks: Int
        public var maxEventsPerTrack: Int
        /// Warnings beyond this are counted in one final warning instead of listed.
        public var maxWarnings: Int
        /// How far into the input `MThd` is searched for when it is not at offset 0.
        public var maxLeadingJunkBytes: Int

        public init(maxTracks: Int = 65535, maxEventsPerTrack: Int = 10_000_000,
                    maxWarnings: Int = 1000, maxLeadingJunkBytes: Int = 512) {
            self.maxTracks = maxTracks
            self.maxEventsPerTrack = maxEventsPerTrack
            self.maxWarnings = maxWarnings
            self.maxLeadingJunkBytes = maxLeadingJunkBytes
        }

        public static let `default` = Limits()
    }

    /// Reads `bytes`; `name` (normally the path) is used in errors.
    public static func read(_ bytes: [UInt8], name: String) throws(SMFError) -> (file: MIDIFile, warnings: [SMFWarning]) {
        try read(bytes, name: name, limits: .default)
    }

    public static func read(_ bytes: [UInt8], name: String, limits: Limits) throws(SMFError) -> (file: MIDIFile, warnings: [SMFWarning]) {
        var warnings = SMFWarningLog(maxCount: limits.maxWarnings)

        func fail(_ offset: Int, track: Int? = nil, _ message: String) -> SMFError {
            SMFError(name: name, offset: offset, track: track, message: message)
        }

        // MARK: Header
        guard !bytes.isEmpty else { throw fail(0, "empty input (0 bytes)") }
        var headerOffset = 0
        if !bytes.hasTag("MThd", at: 0) {
            if bytes.hasTag("RIFF", at: 0) {
                throw fail(0, "RIFF container (RMID?), not a bare Standard MIDI File; extract its 'data' chunk first")
            }
            guard let found = bytes.firstOffset(ofTag: "MThd", from: 1, to: limits.maxLeadingJunkBytes + 1) else {
                throw fail(0, "not a Standard MIDI File: no MThd chunk (starts with \(bytes.tagDescription(at: 0)))")
            }
            warnings.add(0, "\(found) bytes before MThd skipped")
            headerOffset = found
        }
        guard bytes.count >= headerOffset + 14,
              let headerLength = bytes.bigEndianUInt32(at: headerOffset + 4),
              let format = bytes.bigEndianUInt16(at: headerOffset + 8),
              let declaredTracks = bytes.bigEndianUInt16(at: headerOffset + 10),
              let divisionWord = bytes.bigEndianUInt16(at: headerOffset + 12)
        else {
            throw fail(headerOffset, "MThd truncated: \(bytes.count - headerOffset) bytes, need 14")
        }
        guard headerLength >= 6 else {
            throw fail(headerOffset + 4, "MThd length \(headerLength) is less than 6")
        }

        let division = MIDIDivision(rawValue: divisionWord)
        switch division {
        case .ticksPerQuarter(let ppq):
            guard ppq > 0 else { throw fail(headerOffset + 12, "division is 0 ticks per quarter note") }
        case .smpte(let fps, let tpf):
            guard tpf > 0 else { throw fail(headerOffset + 12, "SMPTE division with 0 ticks per frame") }
            if ![24, 25, 29, 30].contains(fps) {
                warnings.add(headerOffset + 12, "SMPTE division with \(fps) frames per second (expected 24, 25, 29 or 30); used as given")
            }
        }
        if format > 2 {
            warnings.add(headerOffset + 8, "format \(format) is not 0, 1 or 2; read like format 1")
        }

        var pos = headerOffset + 8 + Int(headerLength)
        if headerLength > 6 {
            if bytes.hasTag("MTrk", at: headerOffset + 14) && !bytes.hasTag("MTrk", at: pos) {
                warnings.add(headerOffset + 4, "MThd length \(headerLength) is wrong: an MTrk follows the 6 header bytes")
                pos = headerOffset + 14
            } else if pos > bytes.count {
                // The chunk walk resynchronises at the first MTrk after the 6 header bytes.
                warnings.add(headerOffset + 4, "MThd length \(headerLength) runs past the end of the input; read on after 6 header bytes")
                pos = headerOffset + 14
            } else {
                warnings.add(headerOffset + 14, "MThd length \(headerLength): \(headerLength - 6) extra header bytes skipped")
            }
        }

        // MARK: Chunks
        var tracks: [MIDITrack] = []
        while pos < bytes.count {
            let remaining = bytes.count - pos
            if remaining < 8 {
                warnings.add(pos, "\(remaining) trailing bytes after the last chunk ignored")
                break
            }
            let isTrack = bytes.hasTag("MTrk", at: pos)
            let isDamagedTrackTag = !isTrack && bytes.hasTagIgnoringCase("MTrk", at: pos)
            let chunkLength = Int(bytes.bigEndianUInt32(at: pos + 4) ?? 0)
            let dataStart = pos + 8
            let declaredEnd = dataStart + chunkLength  // Int is 64-bit: no overflow from a u32

            if isTrack || isDamagedTrackTag {
                let trackIndex = tracks.count
                guard trackIndex < limits.maxTracks else {
                    throw fail(pos, track: trackIndex, "more than \(limits.maxTracks) tracks")
                }
                if isDamagedTrackTag {
                    warnings.add(pos, track: trackIndex, "chunk tag \(bytes.tagDescription(at: pos)) read as \"MTrk\"")
                }
                var end = declaredEnd
                if end > bytes.count {
                    warnings.add(pos + 4, track: trackIndex,
                                 "track length \(chunkLength) runs \(end - bytes.count) bytes past the end of the input; clamped")
                    end = bytes.count
                }
                let parser = MIDITrackParser(bytes: bytes, name: name, trackIndex: trackIndex,
                                             start: dataStart, end: end, maxEvents: limits.maxEventsPerTrack)
                let result = try parser.parse(warnings: &warnings)
                tracks.append(MIDITrack(events: result.events))

                if result.sawEndOfTrack && result.stopOffset < end {
                    if bytes.hasTag("MTrk", at: result.stopOffset) {
                        warnings.add(pos + 4, track: trackIndex,
                                     "track length \(chunkLength) is too long: the next MTrk follows its end-of-track")
                        pos = result.stopOffset
                        continue
                    }
                    warnings.add(result.stopOffset, track: trackIndex,
                                 "\(end - result.stopOffset) bytes after end-of-track ignored")
                }
                pos = end
            } else if bytes.hasPrintableTag(at: pos) {
                warnings.add(pos, "unknown chunk \(bytes.tagDescription(at: pos)) (\(chunkLength) bytes) skipped")
                if declaredEnd > bytes.count {
                    guard let next = bytes.firstOffset(ofTag: "MTrk", from: dataStart, to: bytes.count) else {
                        warnings.add(pos + 4, "unknown chunk runs past the end of the input")
                        break
                    }
                    warnings.add(pos + 4, "unknown chunk runs past the end of the input; resynchronised at the MTrk at offset \(next)")
                    pos = next
                    continue
                }
                pos = declaredEnd
            } else if let next = bytes.firstOffset(ofTag: "MTrk", from: pos + 1, to: bytes.count) {
                warnings.add(pos, "\(next - pos) bytes of junk between chunks skipped (resynchronised at the next MTrk)")
                pos = next
            } else {
                warnings.add(pos, "\(remaining) trailing bytes after the last chunk ignored")
                break
            }
        }

        guard !tracks.isEmpty else {
            throw fail(min(pos, bytes.count), "no MTrk chunk found")
        }
        if Int(declaredTracks) != tracks.count {
            warnings.add(headerOffset + 10, "header declares \(declaredTracks) tracks, found \(tracks.count)")
        }
        if format == 0 && tracks.count > 1 {
            warnings.add(headerOffset + 8, "format 0 file with \(tracks.count) tracks")
        }
        let file = MIDIFile(format: format, division: division, tracks: tracks)
        return (file, warnings.finished(endOffset: bytes.count))
    }
}
