extension DLSCollection {
    /// The collection with every multichannel wave split into mono waves, as DLS expresses
    /// stereo (dls-synthesis.md §1.7): channel 0 stays at the wave's position, the other
    /// channels are appended to the pool; every region that plays such a wave becomes one
    /// region per channel, with the same ranges, tuning and articulation, `wlnk.ulChannel`
    /// set to the channel's speaker bit (LEFT, RIGHT, …), all sharing one phase group, and the
    /// first one the phase master. A region already in a phase group keeps its group and
    /// master flag. Waves that cannot be split (undecodable format) are left as they are,
    /// with a warning; the warnings only report such problems, a clean split gives none.
    public func splittingMultichannelWaves() -> (DLSCollection, [DLSWarning]) {
        var out = self
        var warnings: [DLSWarning] = []
        /// Original wave index → (pool index, speaker bit) per channel.
        var parts: [Int: [(wave: Int, speaker: UInt32)]] = [:]
        for (i, wave) in waves.enumerated() where wave.channels > 1 {
            let path = "LIST wvpl > LIST wave #\(i)"
            let mono: [DLSWave]
            do { mono = try wave.monoChannels() } catch {
                warnings.append(DLSWarning(offset: 0, chunkPath: path,
                                           message: "\(wave.channels)-channel wave not split: \(error.message)"))
                continue
            }
            let speakers = wave.channelSpeakerBits
            var list: [(wave: Int, speaker: UInt32)] = [(i, speakers[0])]
            out.waves[i] = mono[0]
            for c in 1..<mono.count {
                list.append((out.waves.count, speakers[c]))
                out.waves.append(mono[c])
            }
            parts[i] = list
        }
        guard !parts.isEmpty else { return (self, warnings) }

        for ii in out.instruments.indices {
            let regions = out.instruments[ii].regions
            guard regions.contains(where: { parts[Int($0.waveLink.tableIndex)] != nil }) else { continue }
            var usedGroups = Set(regions.map(\.waveLink.phaseGroup))
            var nextGroup: UInt16 = 1
            var split: [DLSRegion] = []
            split.reserveCapacity(regions.count * 2)
            for region in regions {
                guard let channelParts = parts[Int(region.waveLink.tableIndex)] else {
                    split.append(region)
                    continue
                }
                var group = region.waveLink.phaseGroup
                var master = region.waveLink.options & DLSWaveLink.phaseMasterFlag != 0
                if group == 0 {
                    while usedGroups.contains(nextGroup) && nextGroup < UInt16.max { nextGroup += 1 }
                    if usedGroups.contains(nextGroup) {
                        warnings.append(DLSWarning(offset: 0, chunkPath: "LIST lins > LIST ins  #\(ii)",
                                                   message: "no free phase group left; split channels are not phase-locked"))
                    } else {
                        group = nextGroup
                        usedGroups.insert(group)
                    }
                    master = true
                }
                for (c, part) in channelParts.enumerated() {
                    var r = region
                    r.waveLink.tableIndex = UInt32(part.wave)
                    r.waveLink.channel = part.speaker
                    r.waveLink.phaseGroup = group
                    var options = region.waveLink.options & ~(DLSWaveLink.phaseMasterFlag | DLSWaveLink.multichannelFlag)
                    if c == 0 && master && group != 0 { options |= DLSWaveLink.phaseMasterFlag }
                    r.waveLink.options = options
                    split.append(r)
                }
            }
            out.instruments[ii].regions = split
        }
        return (out, warnings)
    }
}
