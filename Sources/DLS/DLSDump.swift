/// The readable structure of a collection, as `dmus info` prints it: text lines or a
/// `DumpValue` for JSON. `bankOffset` (an RMID's `DBNK`) adds the song-facing bank of each
/// melodic instrument (MSB + offset; drum kits are not shifted).
public enum DLSDump {
    // MARK: JSON

    public static func value(_ c: DLSCollection, bankOffset: Int? = nil) -> DumpValue {
        var fields: [DumpField] = [
            DumpField("name", .string(c.info.name)),
            DumpField("level", .int(c.level.rawValue)),
            DumpField("version", .string(c.version.map(versionText))),
            DumpField("counts", .object([
                DumpField("instruments", .int(c.instruments.count)),
                DumpField("drumKits", .int(c.instruments.filter(\.isDrum).count)),
                DumpField("regions", .int(c.instruments.reduce(0) { $0 + $1.regions.count })),
                DumpField("waves", .int(c.waves.count)),
                DumpField("connections", .int(connectionCount(c))),
            ])),
            DumpField("info", info(c.info)),
        ]
        if let bankOffset { fields.append(DumpField("bankOffset", .int(bankOffset))) }
        fields.append(DumpField("instruments", .array(c.instruments.enumerated().map { instrument($1, index: $0, in: c, bankOffset: bankOffset) })))
        fields.append(DumpField("waves", .array(c.waves.enumerated().map { wave($1, index: $0) })))
        if !c.unknownChunks.isEmpty { fields.append(DumpField("unknownChunks", unknown(c.unknownChunks))) }
        return .object(fields)
    }

    public static func value(_ warnings: [DLSWarning]) -> DumpValue {
        .array(warnings.map { .string($0.description) })
    }

    static func info(_ info: DLSInfo) -> DumpValue {
        var seen: [String: Int] = [:]
        return .object(info.entries.map { e in
            seen[e.id, default: 0] += 1
            let n = seen[e.id]!
            return DumpField(n == 1 ? e.id : "\(e.id) (\(n))", .string(e.text))
        })
    }

    static func unknown(_ chunks: [DLSRawChunk]) -> DumpValue {
        .array(chunks.map { .object([DumpField("id", .string($0.id)), DumpField("bytes", .int($0.payload.count))]) })
    }

    static func instrument(_ i: DLSInstrument, index: Int, in c: DLSCollection, bankOffset: Int?) -> DumpValue {
        var fields: [DumpField] = [
            DumpField("index", .int(index)),
            DumpField("name", .string(i.info.name)),
            DumpField("bankMSB", .int(Int(i.bankMSB))),
            DumpField("bankLSB", .int(Int(i.bankLSB))),
            DumpField("program", .int(Int(i.program))),
            DumpField("drum", .bool(i.isDrum)),
        ]
        if let bankOffset {
            fields.append(DumpField("songBankMSB", .int(songBankMSB(i, offset: bankOffset))))
        }
        fields.append(DumpField("articulation", articulations(i.articulations)))
        fields.append(DumpField("regions", .array(i.regions.enumerated().map { region($1, index: $0, in: c) })))
        if i.info.entries.count > 1 || (i.info.entries.count == 1 && i.info.name == nil) {
            fields.append(DumpField("info", info(i.info)))
        }
        if !i.unknownChunks.isEmpty { fields.append(DumpField("unknownChunks", unknown(i.unknownChunks))) }
        return .object(fields)
    }

    /// The bank MSB a song selects to reach this instrument when the bank sits in an RMID
    /// with `DBNK` = `offset` (SF2-RMIDI: every bank but the drum bank is shifted).
    public static func songBankMSB(_ i: DLSInstrument, offset: Int) -> Int {
        i.isDrum ? Int(i.bankMSB) : Int(i.bankMSB) + offset
    }

    static func region(_ r: DLSRegion, index: Int, in c: DLSCollection) -> DumpValue {
        let waveIndex = Int(r.waveLink.tableIndex)
        let wave = waveIndex < c.waves.count ? c.waves[waveIndex] : nil
        let sample = r.waveSample ?? wave?.waveSample
        var fields: [DumpField] = [
            DumpField("index", .int(index)),
            DumpField("form", .string(r.isDLS2Region ? "rgn2" : "rgn")),
            DumpField("keyLow", .int(Int(r.keyLow))),
            DumpField("keyHigh", .int(Int(r.keyHigh))),
            DumpField("velocityLow", .int(Int(r.velocityLow))),
            DumpField("velocityHigh", .int(Int(r.velocityHigh))),
            DumpField("keyGroup", .int(Int(r.keyGroup))),
            DumpField("layer", .int(Int(r.layer))),
            DumpField("selfNonExclusive", .bool(r.options & DLSRegion.selfNonExclusiveFlag != 0)),
            DumpField("wave", .int(waveIndex)),
            DumpField("waveName", .string(wave?.info.name)),
            DumpField("sampleFrom", .string(r.waveSample != nil ? "region" : (wave?.waveSample != nil ? "wave" : "default"))),
        ]
        fields += sampleFields(sample)
        fields += [
            DumpField("phaseGroup", .int(Int(r.waveLink.phaseGroup))),
            DumpField("phaseMaster", .bool(r.waveLink.options & DLSWaveLink.phaseMasterFlag != 0)),
            DumpField("channel", .int(Int(r.waveLink.channel))),
            DumpField("articulation", articulations(r.articulations)),
        ]
        if !r.info.isEmpty { fields.append(DumpField("info", info(r.info))) }
        if !r.unknownChunks.isEmpty { fields.append(DumpField("unknownChunks", unknown(r.unknownChunks))) }
        return .object(fields)
    }

    static func sampleFields(_ s: DLSWaveSample?) -> [DumpField] {
        let s = s ?? DLSWaveSample()
        return [
            DumpField("unityNote", .int(Int(s.unityNote))),
            DumpField("fineTune", .int(Int(s.fineTuneCents))),
            DumpField("gainDB", .number(Double(s.gain) / 655_360, decimals: 2)),
            DumpField("sampleOptions", .int(Int(s.options))),
            DumpField("loops", .array(s.loops.map { l in
                .object([DumpField("type", .string(loopTypeName(l.type))), DumpField("start", .int(Int(l.startFrames))),
                         DumpField("length", .int(Int(l.lengthFrames)))])
            })),
        ]
    }

    static func articulations(_ arts: [DLSArticulation]) -> DumpValue {
        .array(arts.map { a in
            .object([
                DumpField("chunk", .string(a.isDLS2 ? "art2" : "art1")),
                DumpField("connections", .array(a.connections.map { connection($0, isDLS2: a.isDLS2) })),
            ])
        })
    }

    static func connection(_ k: DLSConnection, isDLS2: Bool) -> DumpValue {
        .object([
            DumpField("source", .string(DLSConnection.sourceName(k.source))),
            DumpField("control", .string(DLSConnection.sourceName(k.control))),
            DumpField("destination", .string(DLSConnection.destinationName(k.destination))),
            DumpField("transform", .string(DLSConnection.transformDescription(k.transform, isDLS2: isDLS2))),
            DumpField("raw", .array([.int(Int(k.source)), .int(Int(k.control)), .int(Int(k.destination)), .int(Int(k.transform)),
                                     .int(Int(k.scale))])),
            DumpField("value", .string(k.formattedValue())),
            DumpField("text", .string(k.summary(isDLS2: isDLS2))),
        ])
    }

    static func wave(_ w: DLSWave, index: Int) -> DumpValue {
        var fields: [DumpField] = [
            DumpField("index", .int(index)),
            DumpField("name", .string(w.info.name)),
            DumpField("format", .string(w.formatDescription)),
            DumpField("formatTag", .int(Int(w.formatTag))),
            DumpField("channels", .int(Int(w.channels))),
            DumpField("sampleRate", .int(Int(w.sampleRate))),
            DumpField("bitsPerSample", .int(Int(w.bitsPerSample))),
            DumpField("blockAlign", .int(Int(w.blockAlign))),
            DumpField("frames", .int(w.frameCount)),
            DumpField("seconds", .number(w.sampleRate == 0 ? 0 : Double(w.frameCount) / Double(w.sampleRate), decimals: 3)),
            DumpField("hasSample", .bool(w.waveSample != nil)),
        ]
        if w.waveSample != nil { fields += sampleFields(w.waveSample) }
        if w.info.entries.count > 1 || (w.info.entries.count == 1 && w.info.name == nil) {
            fields.append(DumpField("info", info(w.info)))
        }
        if !w.unknownChunks.isEmpty { fields.append(DumpField("unknownChunks", unknown(w.unknownChunks))) }
        return .object(fields)
    }

    // MARK: Text

    /// The collection as indented text lines (no trailing newlines).
    public static func lines(_ c: DLSCollection, bankOffset: Int? = nil, indent: String = "") -> [String] {
        var out: [String] = []
        let drums = c.instruments.filter(\.isDrum).count
        let regions = c.instruments.reduce(0) { $0 + $1.regions.count }
        out.append(indent + "collection \(quoted(c.info.name)), \(c.level)" + (c.version.map { ", version \(versionText($0))" } ?? ""))
        out.append(indent + "\(count(c.instruments.count, "instrument")) (\(count(drums, "drum kit"))), \(count(regions, "region")), "
                   + "\(count(c.waves.count, "wave")), \(count(connectionCount(c), "connection"))")
        if let bankOffset {
            out.append(indent + "bank offset (DBNK) \(bankOffset): melodic instruments answer to bank MSB + \(bankOffset)")
        }
        if !c.info.isEmpty {
            out.append(indent + "INFO")
            out += infoLines(c.info, indent: indent + "  ")
        }
        for chunk in c.unknownChunks { out.append(indent + "unknown chunk '\(chunk.id)', \(chunk.payload.count) bytes (kept)") }
        for (index, i) in c.instruments.enumerated() {
            var head = "instrument \(index) \(quoted(i.info.name)): bank \(i.bankMSB):\(i.bankLSB) program \(i.program)"
            if i.isDrum { head += " drums" }
            if let bankOffset, bankOffset != 0, !i.isDrum {
                head += " (song bank \(songBankMSB(i, offset: bankOffset)):\(i.bankLSB))"
            }
            head += ", " + count(i.regions.count, "region")
            out.append(indent + head)
            for e in i.info.entries where e.id != "INAM" { out.append(indent + "    \(e.id) \(e.text)") }
            out += articulationLines(i.articulations, label: "instrument articulation", indent: indent + "    ")
            for (ri, r) in i.regions.enumerated() {
                out += regionLines(r, index: ri, in: c, indent: indent + "    ")
            }
            for chunk in i.unknownChunks { out.append(indent + "    unknown chunk '\(chunk.id)', \(chunk.payload.count) bytes (kept)") }
        }
        out.append(indent + "waves")
        for (index, w) in c.waves.enumerated() {
            var line = "wave \(index) \(quoted(w.info.name)): \(w.formatDescription), "
            line += w.channels == 1 ? "mono" : (w.channels == 2 ? "stereo" : "\(w.channels) channels")
            line += ", \(w.sampleRate) Hz, \(w.frameCount) frames"
            if w.sampleRate > 0 {
                line += " (\(DLSConnection.fixed(Double(w.frameCount) / Double(w.sampleRate), decimals: 3)) s)"
            }
            if let s = w.waveSample { line += ", " + sampleText(s) }
            out.append(indent + "  " + line)
        }
        return out
    }

    static func regionLines(_ r: DLSRegion, index: Int, in c: DLSCollection, indent: String) -> [String] {
        let waveIndex = Int(r.waveLink.tableIndex)
        let wave = waveIndex < c.waves.count ? c.waves[waveIndex] : nil
        var line = "region \(index): keys \(r.keyLow)–\(r.keyHigh), velocities \(r.velocityLow)–\(r.velocityHigh)"
        if r.keyGroup != 0 { line += ", key group \(r.keyGroup)" }
        if r.layer != 0 { line += ", layer \(r.layer)" }
        if r.options & DLSRegion.selfNonExclusiveFlag != 0 { line += ", self non-exclusive" }
        line += ", wave \(waveIndex) \(quoted(wave?.info.name))"
        if let s = r.waveSample ?? wave?.waveSample {
            line += ", " + sampleText(s) + (r.waveSample == nil ? " (from the wave)" : "")
        } else {
            line += ", unity 60 (default)"
        }
        let link = r.waveLink
        if link.phaseGroup != 0 || link.channel != DLSWaveLink.leftChannel || link.options != 0 {
            line += ", channel \(channelText(link.channel))"
            if link.phaseGroup != 0 { line += ", phase group \(link.phaseGroup)" + (link.options & DLSWaveLink.phaseMasterFlag != 0 ? " (master)" : "") }
        }
        var out = [indent + line]
        for e in r.info.entries { out.append(indent + "    \(e.id) \(e.text)") }
        out += articulationLines(r.articulations, label: "region articulation", indent: indent + "    ")
        for chunk in r.unknownChunks { out.append(indent + "    unknown chunk '\(chunk.id)', \(chunk.payload.count) bytes (kept)") }
        return out
    }

    static func articulationLines(_ arts: [DLSArticulation], label: String, indent: String) -> [String] {
        var out: [String] = []
        for a in arts {
            out.append(indent + "\(label) (\(a.isDLS2 ? "art2" : "art1"), \(count(a.connections.count, "connection")))")
            for k in a.connections { out.append(indent + "  " + k.summary(isDLS2: a.isDLS2)) }
        }
        return out
    }

    static func sampleText(_ s: DLSWaveSample) -> String {
        var t = "unity \(s.unityNote)"
        if s.fineTuneCents != 0 { t += ", fine tune \(s.fineTuneCents) cents" }
        if s.gain != 0 { t += ", gain \(DLSConnection.signed(Double(s.gain) / 655_360, decimals: 2)) dB" }
        if s.options & DLSWaveSample.noTruncationFlag != 0 { t += ", no truncation" }
        if s.options & DLSWaveSample.noCompressionFlag != 0 { t += ", no compression" }
        if s.loops.isEmpty {
            t += ", no loop"
        } else {
            t += ", " + s.loops.map { "\(loopTypeName($0.type)) loop \($0.startFrames)+\($0.lengthFrames)" }.joined(separator: ", ")
        }
        return t
    }

    static func infoLines(_ info: DLSInfo, indent: String) -> [String] {
        info.entries.map { indent + "\($0.id) \($0.text)" }
    }

    static func channelText(_ mask: UInt32) -> String {
        let names = ["left", "right", "center", "LFE", "surround left", "surround right", "left of center", "right of center",
                     "surround center", "side left", "side right", "top"]
        var parts: [String] = []
        for bit in 0..<32 where mask & (1 << UInt32(bit)) != 0 {
            parts.append(bit < names.count ? names[bit] : "bit \(bit)")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: "+")
    }

    static func loopTypeName(_ type: UInt32) -> String {
        switch type {
        case DLSLoop.forward: return "forward"
        case DLSLoop.release: return "release"
        case DLSLoop.legacyRelease: return "release (legacy 2)"
        default: return "type \(type)"
        }
    }

    static func versionText(_ v: DLSVersion) -> String { "\(v.major).\(v.minor).\(v.release).\(v.build)" }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }

    static func quoted(_ s: String?) -> String { s.map { "\"\($0)\"" } ?? "(unnamed)" }

    static func connectionCount(_ c: DLSCollection) -> Int {
        c.instruments.reduce(0) { sum, i in
            sum + i.articulations.reduce(0) { $0 + $1.connections.count }
                + i.regions.reduce(0) { s, r in s + r.articulations.reduce(0) { $0 + $1.connections.count } }
        }
    }
}
