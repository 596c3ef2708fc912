/// Serialises waves and instruments into DirectMusic download buffers (dmusic.dll's job).
///
/// Object order, which fixes every offset: [0] root, then per region: the DMUS_REGION, its
/// DMUS_ARTICULATION2 chain and CONNECTIONLISTs; then the instrument's global chain; then the
/// copyright. For one region with only a global articulation this reproduces the worked
/// example in reference/dmus-interfaces.md §12.8 exactly.
public enum DownloadEncoder {
    /// A WAVE buffer: header, table [DMUS_WAVE, DMUS_WAVEDATA], the samples, and padding so
    /// the DMUS_WAVEDATA struct is at least its declared 8 bytes.
    public static func encode(_ wave: DownloadWave) -> [UInt8] {
        let tableEntries = 2
        let waveOffset = DownloadLayout.downloadInfoBytes + 4 * tableEntries
        let dataOffset = waveOffset + DownloadLayout.waveBytes
        let end = dataOffset + max(8, DownloadLayout.waveDataSizeFieldBytes + wave.data.count)
        var w = LittleEndianWriter()
        w.bytes.reserveCapacity(end)
        w.u32(DownloadLayout.typeWave); w.u32(wave.downloadId); w.u32(UInt32(tableEntries)); w.u32(UInt32(end))
        w.u32(UInt32(waveOffset)); w.u32(UInt32(dataOffset))
        // DMUS_WAVE
        w.u32(0); w.u32(0); w.u32(1)
        let f = wave.format
        w.u16(f.formatTag); w.u16(f.channels); w.u32(f.samplesPerSecond); w.u32(f.averageBytesPerSecond)
        w.u16(f.blockAlign); w.u16(f.bitsPerSample); w.u16(0)   // cbSize of WAVEFORMATEX
        w.zeros(2)
        // DMUS_WAVEDATA
        w.u32(UInt32(wave.data.count))
        w.bytes.append(contentsOf: wave.data)
        w.zeros(end - w.bytes.count)
        return w.bytes
    }

    /// An INSTRUMENT2 buffer.
    public static func encode(_ instrument: DownloadInstrument) -> [UInt8] {
        typealias Write = (inout LittleEndianWriter) -> Void
        var sizes: [Int] = []
        var writes: [Write] = []
        func add(_ size: Int) -> Int {
            sizes.append(size); writes.append({ _ in }); return sizes.count - 1
        }
        func addChain(_ lists: [[DownloadConnection]]) -> Int {
            guard !lists.isEmpty else { return 0 }
            var arts: [Int] = []
            for list in lists {
                let art = add(DownloadLayout.articulation2Bytes)
                let conn = add(DownloadLayout.connectionListBytes + DownloadLayout.connectionBytes * list.count)
                writes[conn] = { w in
                    w.u32(UInt32(DownloadLayout.connectionListBytes)); w.u32(UInt32(list.count))
                    for c in list { w.u16(c.source); w.u16(c.control); w.u16(c.destination); w.u16(c.transform); w.i32(c.scale) }
                }
                arts.append(art)
            }
            for (k, art) in arts.enumerated() {
                let list = art + 1, next = k + 1 < arts.count ? arts[k + 1] : 0
                writes[art] = { w in w.u32(UInt32(list)); w.u32(0); w.u32(UInt32(next)) }
            }
            return arts[0]
        }

        let root = add(DownloadLayout.instrumentBytes)
        var regionIndices: [Int] = []
        var regionArts: [Int] = []
        for region in instrument.regions {
            regionIndices.append(add(DownloadLayout.regionBytes(loops: region.waveSample.loops.count)))
            regionArts.append(region.articulations.map { addChain($0) } ?? 0)
        }
        for (k, region) in instrument.regions.enumerated() {
            let art = regionArts[k], next = k + 1 < regionIndices.count ? regionIndices[k + 1] : 0
            writes[regionIndices[k]] = { w in
                w.u16(region.keyLow); w.u16(region.keyHigh); w.u16(region.velocityLow); w.u16(region.velocityHigh)
                w.u16(region.options); w.u16(region.keyGroup)
                w.u32(UInt32(art)); w.u32(UInt32(next)); w.u32(0)
                let l = region.waveLink
                w.u16(l.options); w.u16(l.phaseGroup); w.u32(l.channel); w.u32(l.tableIndex)
                let s = region.waveSample
                w.u32(20); w.u16(s.unityNote); w.i16(s.fineTuneCents); w.i32(s.gain); w.u32(s.options)
                w.u32(UInt32(s.loops.count))
                for loop in s.loops { w.u32(16); w.u32(loop.type); w.u32(loop.startFrames); w.u32(loop.lengthFrames) }
            }
        }
        let global = addChain(instrument.globalArticulations)
        var copyrightIndex = 0
        if let text = instrument.copyright {
            let bytes = Array(text.utf8) + [0]
            copyrightIndex = add(max(8, DownloadLayout.copyrightSizeFieldBytes + bytes.count))
            writes[copyrightIndex] = { w in w.u32(UInt32(bytes.count)); w.bytes.append(contentsOf: bytes) }
        }
        let firstRegion = regionIndices.first ?? 0
        writes[root] = { w in
            w.u32(instrument.patch); w.u32(UInt32(firstRegion)); w.u32(UInt32(global))
            w.u32(0); w.u32(UInt32(copyrightIndex)); w.u32(instrument.flags)
        }

        var offsets: [Int] = []
        var cursor = DownloadLayout.downloadInfoBytes + 4 * sizes.count
        for size in sizes { offsets.append(cursor); cursor += size }
        var w = LittleEndianWriter()
        w.bytes.reserveCapacity(cursor)
        w.u32(DownloadLayout.typeInstrument2); w.u32(instrument.downloadId); w.u32(UInt32(sizes.count)); w.u32(UInt32(cursor))
        for o in offsets { w.u32(UInt32(o)) }
        for k in sizes.indices {
            let start = w.bytes.count
            writes[k](&w)
            w.zeros(start + sizes[k] - w.bytes.count)   // reserved WLOOP of one-shots, padding
        }
        return w.bytes
    }
}
