/// Turns each region's `wlnk.ulTableIndex` (an index into `ptbl`, whose cues are byte
/// offsets into the pool) into a position in `DLSCollection.waves`.
extension DLSParser {
    mutating func linkWaves(_ instruments: inout [DLSInstrument], waveOffsets: [Int], cues: [UInt32]?, ptblOffset: Int) {
        let waveCount = waveOffsets.count
        var waveAtOffset: [Int: Int] = [:]
        waveAtOffset.reserveCapacity(waveCount)
        for (i, offset) in waveOffsets.enumerated() { waveAtOffset[offset] = i }

        let hasRegions = instruments.contains { !$0.regions.isEmpty }
        var cueTargets: [Int?] = []
        if let cues {
            cueTargets.reserveCapacity(cues.count)
            for (i, cue) in cues.enumerated() {
                let target = waveAtOffset[Int(cue)]
                if target == nil && cue != 0xFFFF_FFFF {
                    ctx.warn("'ptbl' cue \(i) (offset \(cue)) does not point at a 'LIST wave'", at: ptblOffset, path: "ptbl")
                }
                cueTargets.append(target)
            }
            if cues.count != waveCount {
                ctx.warn("'ptbl' has \(cues.count) cues for \(waveCount) waves", at: ptblOffset, path: "ptbl")
            }
        } else if hasRegions && waveCount > 0 {
            ctx.warn("no usable 'ptbl': wave links read as wave-pool positions", at: ptblOffset, path: "")
        }

        // Gervill and SpessaSynth always use pool order; it is right for nearly every file.
        var fallbacks = 0
        for i in instruments.indices {
            let sites = i < linkSites.count ? linkSites[i] : []
            var kept: [DLSRegion] = []
            var keptSites: [WaveLinkSite] = []
            kept.reserveCapacity(instruments[i].regions.count)
            for (j, region) in instruments[i].regions.enumerated() {
                let index = Int(region.waveLink.tableIndex)
                var target: Int?
                if index < cueTargets.count, let t = cueTargets[index] {
                    target = t
                } else if index < waveCount {
                    target = index
                    if cues != nil { fallbacks += 1 }
                }
                let site = j < sites.count ? sites[j] : WaveLinkSite(offset: 0, path: "")
                if let target {
                    var linked = region
                    linked.waveLink.tableIndex = UInt32(target)
                    kept.append(linked)
                    keptSites.append(site)
                } else {
                    ctx.warn("wave link \(index) points at no wave (the pool has \(waveCount)); region dropped",
                             at: site.offset, path: site.path)
                }
            }
            instruments[i].regions = kept
            if i < linkSites.count { linkSites[i] = keptSites }
        }
        if fallbacks > 0 {
            ctx.warn("\(fallbacks) wave links without a valid 'ptbl' cue read as wave-pool positions", at: ptblOffset, path: "ptbl")
        }
    }
}

extension DLSParser {
    /// Loop points and tuning of each region's own `wsmp`, checked against the wave it plays.
    mutating func checkRegionSamples(_ collection: DLSCollection) {
        for (i, instrument) in collection.instruments.enumerated() {
            let sites = i < linkSites.count ? linkSites[i] : []
            for (j, region) in instrument.regions.enumerated() {
                guard let sample = region.waveSample, j < sites.count, let offset = sites[j].sampleOffset else { continue }
                let wave = Int(region.waveLink.tableIndex)
                guard wave < collection.waves.count else { continue }
                checkSample(sample, frames: collection.waves[wave].frameCount, at: offset, path: sites[j].samplePath)
            }
        }
    }

    /// Warns about loops that cannot be played as written and about unity notes that are not
    /// MIDI keys. The values are kept as stored; what to do with them is the synth's choice.
    mutating func checkSample(_ sample: DLSWaveSample, frames: Int, at offset: Int, path: String) {
        if sample.unityNote > 127 {
            ctx.warn("unity note \(sample.unityNote) is not a MIDI key", at: offset, path: path)
        }
        for (i, loop) in sample.loops.enumerated() {
            let start = UInt64(loop.startFrames)
            let end = start + UInt64(loop.lengthFrames)
            if loop.lengthFrames == 0 {
                ctx.warn("loop \(i) has length 0", at: offset, path: path)
            } else if end > UInt64(frames) {
                ctx.warn("loop \(i) (frames \(start)..<\(end)) runs past the end of the wave (\(frames) frames)", at: offset, path: path)
            }
            if loop.type > DLSLoop.legacyRelease {
                ctx.warn("loop \(i) has unknown type \(loop.type)", at: offset, path: path)
            }
        }
    }
}
