/// Parses and validates one reassembled download buffer. The buffer is hostile input: the
/// offset table is copied first, every entry checked against cbSize, every index against the
/// table length, every struct against the bytes it claims, and linked lists are walked with a
/// visit budget so a cycle cannot hang the synth (ddksynth zeroes links as it walks; same idea).
public enum DownloadDecoder {
    /// Largest number of objects one buffer may name (bounds the table copy).
    public static let maxOffsetTableEntries = 1 << 20

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DownloadError) -> DecodedDownload {
        let r = LittleEndianReader(bytes: bytes, limit: bytes.count)
        guard bytes.count >= DownloadLayout.downloadInfoBytes else {
            throw DownloadError(.unknownDownload, offset: 0, "buffer of \(bytes.count) bytes is shorter than DMUS_DOWNLOADINFO (16)")
        }
        let type = r.u32(0), id = r.u32(4), count = Int(r.u32(8)), cbSize = Int(r.u32(12))
        guard cbSize >= DownloadLayout.downloadInfoBytes, cbSize <= bytes.count else {
            throw DownloadError(.badOffsetTable, offset: 12, "cbSize \(cbSize) does not fit the \(bytes.count) bytes received")
        }
        guard count >= 1, count <= maxOffsetTableEntries, DownloadLayout.downloadInfoBytes + 4 * count <= cbSize else {
            throw DownloadError(.badOffsetTable, offset: 8, "offset table of \(count) entries does not fit cbSize \(cbSize)")
        }
        let tableEnd = DownloadLayout.downloadInfoBytes + 4 * count
        var table = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let o = Int(r.u32(DownloadLayout.downloadInfoBytes + 4 * i))
            guard o >= tableEnd, o < cbSize else {
                throw DownloadError(.badOffsetTable, offset: DownloadLayout.downloadInfoBytes + 4 * i,
                                    "offset table entry \(i) = \(o) is outside the objects area [\(tableEnd), \(cbSize))")
            }
            table[i] = o
        }
        guard table[0] == tableEnd else {
            throw DownloadError(.badOffsetTable, offset: DownloadLayout.downloadInfoBytes,
                                "entry 0 must point just past the table (\(tableEnd)), not \(table[0])")
        }
        let limited = LittleEndianReader(bytes: bytes, limit: cbSize)
        let ctx = Context(r: limited, table: table)
        switch type {
        case DownloadLayout.typeWave: return .wave(try ctx.wave(id: id))
        case DownloadLayout.typeInstrument2: return .instrument(try ctx.instrument(id: id))
        case DownloadLayout.typeInstrument:
            throw DownloadError(.unknownDownload, offset: 0, "DX6 DMUS_DOWNLOADINFO_INSTRUMENT is not supported; send INSTRUMENT2")
        default:
            throw DownloadError(.unknownDownload, offset: 0, "dwDLType \(type) is not a wave (2) or instrument2 (3) download")
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(DownloadError) -> DecodedDownload {
        let result = bytes.withUnsafeBytes { raw -> Result<DecodedDownload, DownloadError> in
            do throws(DownloadError) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private struct Context {
        let r: LittleEndianReader
        let table: [Int]

        /// Offset of the object at `index`, checking that `size` bytes fit there.
        func object(_ index: UInt32, _ size: Int, _ what: String, from: Int) throws(DownloadError) -> Int {
            guard Int(index) < table.count else {
                throw DownloadError(.badOffsetTable, offset: from, "\(what) index \(index) ≥ table length \(table.count)")
            }
            let o = table[Int(index)]
            try r.check(o, size, what)
            return o
        }

        func wave(id: UInt32) throws(DownloadError) -> DownloadWave {
            let w = try object(0, DownloadLayout.waveBytes, "DMUS_WAVE", from: 16)
            let dataIdx = r.u32(w + 8)
            guard dataIdx != 0 else { throw DownloadError(.badWave, offset: w + 8, "DMUS_WAVE has no ulWaveDataIdx") }
            let f = WaveFormat(formatTag: r.u16(w + 12), channels: r.u16(w + 14), samplesPerSecond: r.u32(w + 16),
                               bitsPerSample: r.u16(w + 26), blockAlign: r.u16(w + 24), averageBytesPerSecond: r.u32(w + 20))
            let d = try object(dataIdx, DownloadLayout.waveDataSizeFieldBytes, "DMUS_WAVEDATA", from: w + 8)
            let n = Int(r.u32(d))
            try r.check(d + 4, n, "DMUS_WAVEDATA samples")
            let data = [UInt8](UnsafeRawBufferPointer(rebasing: r.bytes[(d + 4)..<(d + 4 + n)]))
            return DownloadWave(downloadId: id, format: f, data: data)
        }

        func articulationChain(_ first: UInt32, from: Int) throws(DownloadError) -> [[DownloadConnection]] {
            var lists: [[DownloadConnection]] = []
            var idx = first, at = from
            var budget = table.count
            while idx != 0 {
                budget -= 1
                guard budget >= 0 else { throw DownloadError(.badArticulation, offset: at, "DMUS_ARTICULATION2 chain loops") }
                let a = try object(idx, DownloadLayout.articulation2Bytes, "DMUS_ARTICULATION2", from: at)
                let listIdx = r.u32(a)
                if listIdx != 0 {
                    let c = try object(listIdx, DownloadLayout.connectionListBytes, "CONNECTIONLIST", from: a)
                    guard r.u32(c) == UInt32(DownloadLayout.connectionListBytes) else {
                        throw DownloadError(.badArticulation, offset: c, "CONNECTIONLIST cbSize \(r.u32(c)) is not 8")
                    }
                    let n = Int(r.u32(c + 4))
                    guard n <= (r.limit - c) / DownloadLayout.connectionBytes else {
                        throw DownloadError(.badArticulation, offset: c + 4, "\(n) connections run past the buffer")
                    }
                    try r.check(c + 8, n * DownloadLayout.connectionBytes, "CONNECTION array")
                    var list: [DownloadConnection] = []
                    list.reserveCapacity(n)
                    for k in 0..<n {
                        let o = c + 8 + k * DownloadLayout.connectionBytes
                        list.append(DownloadConnection(source: r.u16(o), control: r.u16(o + 2), destination: r.u16(o + 4),
                                                       transform: r.u16(o + 6), scale: r.i32(o + 8)))
                    }
                    lists.append(list)
                }
                at = a + 8
                idx = r.u32(a + 8)
            }
            return lists
        }

        func instrument(id: UInt32) throws(DownloadError) -> DownloadInstrument {
            let i = try object(0, DownloadLayout.instrumentBytes, "DMUS_INSTRUMENT", from: 16)
            let patch = r.u32(i), firstRegion = r.u32(i + 4), globalArt = r.u32(i + 8)
            let copyrightIdx = r.u32(i + 16), flags = r.u32(i + 20)
            let global = try articulationChain(globalArt, from: i + 8)
            var regions: [DownloadRegion] = []
            var idx = firstRegion, at = i + 4
            var budget = table.count
            while idx != 0 {
                budget -= 1
                guard budget >= 0 else { throw DownloadError(.badInstrument, offset: at, "DMUS_REGION list loops") }
                let g = try object(idx, DownloadLayout.regionBytesBeforeLoops, "DMUS_REGION", from: at)
                let loopCount = Int(r.u32(g + 52))
                guard loopCount <= (r.limit - g) / DownloadLayout.loopBytes else {
                    throw DownloadError(.badInstrument, offset: g + 52, "cSampleLoops \(loopCount) runs past the buffer")
                }
                try r.check(g, DownloadLayout.regionBytes(loops: loopCount), "DMUS_REGION with \(loopCount) loops")
                var loops: [DownloadLoop] = []
                for k in 0..<loopCount {
                    let o = g + DownloadLayout.regionBytesBeforeLoops + k * DownloadLayout.loopBytes
                    loops.append(DownloadLoop(type: r.u32(o + 4), startFrames: r.u32(o + 8), lengthFrames: r.u32(o + 12)))
                }
                let keyLow = r.u16(g), keyHigh = r.u16(g + 2), velLow = r.u16(g + 4), velHigh = r.u16(g + 6)
                guard keyLow <= keyHigh, keyHigh <= 127, velLow <= velHigh, velHigh <= 127 else {
                    throw DownloadError(.badInstrument, offset: g, "region ranges key \(keyLow)…\(keyHigh) velocity \(velLow)…\(velHigh) are invalid")
                }
                let artIdx = r.u32(g + 12)
                let arts: [[DownloadConnection]]? = artIdx == 0 ? nil : try articulationChain(artIdx, from: g + 12)
                let link = DownloadWaveLink(options: r.u16(g + 24), phaseGroup: r.u16(g + 26), channel: r.u32(g + 28), tableIndex: r.u32(g + 32))
                let sample = DownloadWaveSample(unityNote: r.u16(g + 40), fineTuneCents: r.i16(g + 42), gain: r.i32(g + 44),
                                                options: r.u32(g + 48), loops: loops)
                regions.append(DownloadRegion(keyLow: keyLow, keyHigh: keyHigh, velocityLow: velLow, velocityHigh: velHigh,
                                              options: r.u16(g + 8), keyGroup: r.u16(g + 10), waveLink: link,
                                              waveSample: sample, articulations: arts))
                at = g + 16
                idx = r.u32(g + 16)
            }
            var copyright: String?
            if copyrightIdx != 0 {
                let c = try object(copyrightIdx, DownloadLayout.copyrightSizeFieldBytes, "DMUS_COPYRIGHT", from: i + 16)
                let n = Int(r.u32(c))
                try r.check(c + 4, n, "DMUS_COPYRIGHT text")
                var text = [UInt8](UnsafeRawBufferPointer(rebasing: r.bytes[(c + 4)..<(c + 4 + n)]))
                if let z = text.firstIndex(of: 0) { text.removeSubrange(z...) }
                copyright = String(decoding: text, as: UTF8.self)
            }
            return DownloadInstrument(downloadId: id, patch: patch, flags: flags, regions: regions,
                                      globalArticulations: global, copyright: copyright)
        }
    }
}
