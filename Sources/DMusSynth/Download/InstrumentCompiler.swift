import DMusPort

/// Turns a decoded INSTRUMENT2 download into an `InstrumentRecord` (client thread): resolves
/// each region's wave link (a wave download id) to a wave slot, validates and clamps its loop
/// against the wave, and compiles its connection table.
enum InstrumentCompiler {
    static func compile(_ instrument: DownloadInstrument,
                        wave: (UInt32) -> (slot: Int32, record: WaveRecord)?) throws(DownloadError) -> InstrumentRecord {
        var compiled: [RegionRecord] = []
        compiled.reserveCapacity(instrument.regions.count)
        var cleanup: [RegionRecord] = []
        defer { for r in cleanup { r.connections.deinitialize(count: r.connectionCount); r.connections.deallocate() } }
        for (n, region) in instrument.regions.enumerated() {
            guard let (slot, record) = wave(region.waveLink.tableIndex) else {
                throw DownloadError(.badWaveLink, "instrument \(instrument.downloadId) region \(n): wave download id \(region.waveLink.tableIndex) was not downloaded")
            }
            let sample = region.waveSample
            var mode = LoopMode.oneShot
            var start = 0, end = record.frameCount
            if let loop = sample.loops.first {
                let s = Int(loop.startFrames)
                let e = min(record.frameCount, s + Int(loop.lengthFrames))
                if s < e - 1 {
                    mode = loop.type == 0 ? .forward : .release
                    start = s; end = e
                }
            }
            let table = ArticulationCompiler.compile(instrumentLists: instrument.globalArticulations,
                                                     regionLists: region.articulations)
            let connections = UnsafeMutablePointer<CompiledConnection>.allocate(capacity: max(1, table.count))
            connections.initialize(from: table, count: table.count)
            let r = RegionRecord(
                keyLow: UInt8(region.keyLow), keyHigh: UInt8(region.keyHigh),
                velocityLow: UInt8(region.velocityLow), velocityHigh: UInt8(region.velocityHigh),
                selfNonExclusive: region.options & 1 != 0, keyGroup: region.keyGroup, waveSlot: slot,
                unityNote: Double(min(127, sample.unityNote)), fineTuneCents: Double(sample.fineTuneCents),
                sampleGainCentibels: Double(sample.gain) / 65536,
                loopMode: mode, loopStart: start, loopEnd: end,
                connections: connections, connectionCount: table.count)
            var compiledRegion = r
            if region.waveLink.phaseGroup != 0 {
                if region.waveLink.channel == 0x1 { compiledRegion.channelPanPermille = -500 }
                if region.waveLink.channel == 0x2 { compiledRegion.channelPanPermille = 500 }
            }
            compiled.append(compiledRegion)
            cleanup.append(compiledRegion)
        }
        let regions = UnsafeMutablePointer<RegionRecord>.allocate(capacity: max(1, compiled.count))
        regions.initialize(from: compiled, count: compiled.count)
        cleanup.removeAll()
        return InstrumentRecord(patch: instrument.patch, isGM: instrument.flags & DownloadLayout.instrumentFlagGM != 0,
                                regions: regions, regionCount: compiled.count, downloadId: instrument.downloadId)
    }
}
