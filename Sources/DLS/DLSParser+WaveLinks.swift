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
                if let target {
                    var linked = region
                    linked.waveLink.tableIndex = UInt32(target)
                    kept.append(linked)
                } else {
                    let site = j < sites.count ? sites[j] : WaveLinkSite(offset: 0, path: "")
                    ctx.warn("wave link \(index) points at no wave (the pool has \(waveCount)); region dropped",
                             at: site.offset, path: site.path)
                }
            }
            instruments[i].regions = kept
        }
        if fallbacks > 0 {
            ctx.warn("\(fallbacks) wave links without a valid 'ptbl' cue read as wave-pool positions", at: ptblOffset, path: "ptbl")
        }
    }
}
