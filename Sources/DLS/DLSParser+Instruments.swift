/// `LIST lins` → `LIST ins ` → `LIST lrgn` → `LIST rgn `/`rgn2`, plus articulation lists.
extension DLSParser {
    mutating func readInstruments(_ lins: RIFFChunk, path: String) throws(DLSError) -> [DLSInstrument] {
        var out: [DLSInstrument] = []
        /// Locale (drum flag, bank, program) → index of the first instrument there.
        var firstAt: [UInt64: Int] = [:]
        for c in try activeChildren(of: lins, path: path, depth: 2) where c.isList(.ins) {
            let instrumentPath = path.appendingChunk(c.label)
            let instrument = try readInstrument(c, path: instrumentPath, depth: 3)
            let locale = UInt64(instrument.bankField) << 8 | UInt64(instrument.program)
            if let first = firstAt[locale] {
                ctx.warn("instrument \(out.count) has the same locale as instrument \(first) "
                         + "(bank \(instrument.bankMSB):\(instrument.bankLSB) program \(instrument.program)"
                         + (instrument.isDrum ? " drums" : "") + "); the first one wins",
                         at: c.offset, path: instrumentPath)
            } else {
                firstAt[locale] = out.count
            }
            out.append(instrument)
        }
        return out
    }

    mutating func readInstrument(_ list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> DLSInstrument {
        var instrument = DLSInstrument()
        var header: RIFFChunk?
        var sites: [WaveLinkSite] = []
        var regionLists = 0
        for c in try activeChildren(of: list, path: path, depth: depth) {
            let childPath = path.appendingChunk(c.label)
            switch c.id {
            case .insh:
                if header == nil { header = c } else { ctx.warn("second 'insh' ignored", at: c.offset, path: childPath) }
            case .dlid:
                instrument.dlid = readDLID(c, path: childPath)
            case .list where c.listType == .lrgn:
                regionLists += 1
                if regionLists == 2 { ctx.warn("more than one 'LIST lrgn'; regions of all are used", at: c.offset, path: childPath) }
                try readRegions(c, path: childPath, depth: depth + 1, into: &instrument.regions, sites: &sites)
            case .list where c.listType == .lart || c.listType == .lar2:
                instrument.articulations += try readArticulations(c, path: childPath, depth: depth + 1)
            case .list where c.listType == .info:
                instrument.info = try readInfo(c, path: childPath, depth: depth + 1)
            default:
                instrument.unknownChunks.append(keep(c))
            }
        }
        guard let header else { throw ctx.error("instrument has no 'insh' header", at: list.offset, path: path) }
        guard header.payload.count >= 12 else {
            throw ctx.error("'insh' is \(header.payload.count) bytes, needs 12", at: header.offset, path: path.appendingChunk("insh"))
        }
        expectSize(header, [12], path: path.appendingChunk("insh"))
        let p = header.payload.lowerBound
        let declaredRegions = ctx.bytes.le32(p)
        let bank = ctx.bytes.le32(p + 4)
        let program = ctx.bytes.le32(p + 8)
        instrument.bankLSB = UInt8(bank & 0x7F)
        instrument.bankMSB = UInt8((bank >> 8) & 0x7F)
        instrument.isDrum = bank & DLSInstrument.drumBankFlag != 0
        instrument.program = UInt8(program & 0x7F)
        if program > 0x7F {
            ctx.warn("program field 0x\(String(program, radix: 16)) has reserved bits set; using \(program & 0x7F)",
                     at: header.offset, path: path.appendingChunk("insh"))
        }
        if bank & 0x7FFF_8080 != 0 {
            ctx.warn("bank field 0x\(String(bank, radix: 16)) has reserved bits set; using MSB \(instrument.bankMSB) LSB \(instrument.bankLSB)",
                     at: header.offset, path: path.appendingChunk("insh"))
        }
        if Int(declaredRegions) != instrument.regions.count {
            ctx.warn("'insh' says \(declaredRegions) regions but the list holds \(instrument.regions.count)",
                     at: header.offset, path: path.appendingChunk("insh"))
        }
        linkSites.append(sites)
        return instrument
    }

    mutating func readRegions(
        _ lrgn: RIFFChunk, path: String, depth: Int, into regions: inout [DLSRegion], sites: inout [WaveLinkSite]
    ) throws(DLSError) {
        for c in try activeChildren(of: lrgn, path: path, depth: depth) where c.isList(.rgn) || c.isList(.rgn2) {
            let regionPath = path.appendingChunk(c.label)
            let (region, site) = try readRegion(c, path: regionPath, depth: depth + 1)
            regions.append(region)
            sites.append(site)
        }
    }

    mutating func readRegion(_ list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> (DLSRegion, WaveLinkSite) {
        var region = DLSRegion(isDLS2Region: list.listType == .rgn2)
        var header: RIFFChunk?, link: RIFFChunk?, sampleChunk: RIFFChunk?
        for c in try activeChildren(of: list, path: path, depth: depth) {
            let childPath = path.appendingChunk(c.label)
            switch c.id {
            case .rgnh:
                if header == nil { header = c } else { ctx.warn("second 'rgnh' ignored", at: c.offset, path: childPath) }
            case .wlnk:
                if link == nil { link = c } else { ctx.warn("second 'wlnk' ignored", at: c.offset, path: childPath) }
            case .wsmp:
                if region.waveSample == nil {
                    region.waveSample = try readWaveSample(c, path: childPath)
                    sampleChunk = c
                } else {
                    ctx.warn("second 'wsmp' ignored", at: c.offset, path: childPath)
                }
            case .list where c.listType == .lart || c.listType == .lar2:
                region.articulations += try readArticulations(c, path: childPath, depth: depth + 1)
            case .list where c.listType == .info:
                region.info = try readInfo(c, path: childPath, depth: depth + 1)
            default:
                region.unknownChunks.append(keep(c))
            }
        }

        guard let header else { throw ctx.error("region has no 'rgnh' header", at: list.offset, path: path) }
        let headerPath = path.appendingChunk("rgnh")
        guard header.payload.count >= 12 else {
            throw ctx.error("'rgnh' is \(header.payload.count) bytes, needs 12", at: header.offset, path: headerPath)
        }
        if header.payload.count == 13 || header.payload.count > 14 {
            ctx.warn("'rgnh' is \(header.payload.count) bytes (12 or 14 expected)", at: header.offset, path: headerPath)
        }
        let p = header.payload.lowerBound
        let b = ctx.bytes
        region.keyLow = b.le16(p)
        region.keyHigh = b.le16(p + 2)
        region.velocityLow = b.le16(p + 4)
        region.velocityHigh = b.le16(p + 6)
        region.options = b.le16(p + 8)
        region.keyGroup = b.le16(p + 10)
        region.layer = header.payload.count >= 14 ? b.le16(p + 12) : 0
        if region.velocityLow == 0 && region.velocityHigh == 0 {
            // Several real banks store 0–0 meaning "all velocities".
            ctx.warn("velocity range 0–0 read as 0–127", at: header.offset, path: headerPath)
            region.velocityHigh = 127
        }
        if region.keyLow > region.keyHigh || region.keyHigh > 127 {
            ctx.warn("key range \(region.keyLow)–\(region.keyHigh) is not a range of MIDI keys", at: header.offset, path: headerPath)
        }
        if region.velocityLow > region.velocityHigh || region.velocityHigh > 127 {
            ctx.warn("velocity range \(region.velocityLow)–\(region.velocityHigh) is not a range of MIDI velocities",
                     at: header.offset, path: headerPath)
        }
        if region.keyGroup > 15 {
            ctx.warn("key group \(region.keyGroup) is above 15", at: header.offset, path: headerPath)
        }

        guard let link else { throw ctx.error("region has no 'wlnk' wave link", at: list.offset, path: path) }
        let linkPath = path.appendingChunk("wlnk")
        guard link.payload.count >= 12 else {
            throw ctx.error("'wlnk' is \(link.payload.count) bytes, needs 12", at: link.offset, path: linkPath)
        }
        expectSize(link, [12], path: linkPath)
        let q = link.payload.lowerBound
        region.waveLink = DLSWaveLink(options: b.le16(q), phaseGroup: b.le16(q + 2), channel: b.le32(q + 4), tableIndex: b.le32(q + 8))
        let site = WaveLinkSite(offset: link.offset, path: linkPath,
                                sampleOffset: sampleChunk?.offset, samplePath: path.appendingChunk("wsmp"))
        return (region, site)
    }

    /// `LIST lart` / `LIST lar2`. Either art chunk is accepted in either list (FarmGame.dls
    /// puts `art1` in `lar2`); the chunk id, not the list, decides `isDLS2`.
    mutating func readArticulations(_ list: RIFFChunk, path: String, depth: Int) throws(DLSError) -> [DLSArticulation] {
        var out: [DLSArticulation] = []
        for c in try activeChildren(of: list, path: path, depth: depth) where c.id == .art1 || c.id == .art2 {
            let artPath = path.appendingChunk(c.label)
            if (c.id == .art1) != (list.listType == .lart) {
                ctx.warn("'\(c.id)' inside 'LIST \(list.listType.map { "\($0)" } ?? "")'; read as "
                         + (c.id == .art1 ? "DLS1 (art1)" : "DLS2 (art2)") + " articulation", at: c.offset, path: artPath)
            }
            out.append(try readArticulation(c, path: artPath))
        }
        return out
    }

    /// A chunk this reader does not interpret, as bytes to write back.
    func keep(_ c: RIFFChunk) -> DLSRawChunk {
        DLSRawChunk(id: c.id.text, payload: Array(ctx.bytes[c.payload]))
    }
}
