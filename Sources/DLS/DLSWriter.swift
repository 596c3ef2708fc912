/// Writes a collection as RIFF `DLS `: `vers`, `dlid`, `colh`, `lins`, an identity `ptbl`
/// (cue *i* → wave *i*, so `wlnk.tableIndex` = pool position), `wvpl`, `INFO`, then any kept
/// unknown chunks. The output is deterministic: the same collection always gives the same bytes.
///
/// At `.dls2` (the default) every region and articulation keeps its own form (`rgn `/`rgn2`,
/// `art1` in `lart`/`art2` in `lar2`), so reading the output gives back the same model, and a
/// Level 1 collection stays Level 1. At `.dls1` the output uses only Level 1 forms: `rgn `
/// with a 12-byte `rgnh` (the layer is dropped), every articulation as `art1` in `lart` (an
/// `art2` transform keeps only its source curve: concave stays concave, anything else becomes
/// none; invert and bipolar bits are dropped), release loops become forward loops and the
/// multichannel `wlnk` flag is cleared.
public enum DLSWriter {
    public static func write(_ collection: DLSCollection) -> [UInt8] {
        write(collection, level: .dls2)
    }

    public static func write(_ collection: DLSCollection, level: DLSLevel) -> [UInt8] {
        let level1 = level == .dls1
        var pool = RIFFBuilder()
        var cues: [UInt32] = []
        cues.reserveCapacity(collection.waves.count)
        for wave in collection.waves {
            cues.append(UInt32(pool.bytes.count))
            writeWave(wave, level1: level1, to: &pool)
        }

        var out = RIFFBuilder()
        out.beginList(.dls, id: .riff)
        if let version = collection.version {
            var v: [UInt8] = []
            v.appendLE32(version.ms)
            v.appendLE32(version.ls)
            out.chunk(.vers, v)
        }
        if let dlid = collection.dlid { out.chunk(.dlid, dlid) }
        var colh: [UInt8] = []
        colh.appendLE32(UInt32(collection.instruments.count))
        out.chunk(.colh, colh)

        out.beginList(.lins)
        for instrument in collection.instruments { writeInstrument(instrument, level1: level1, to: &out) }
        out.endList()

        var ptbl: [UInt8] = []
        ptbl.appendLE32(8)
        ptbl.appendLE32(UInt32(cues.count))
        for cue in cues { ptbl.appendLE32(cue) }
        out.chunk(.ptbl, ptbl)

        out.beginList(.wvpl)
        out.append(pool.bytes)
        out.endList()

        writeInfo(collection.info, to: &out)
        writeUnknown(collection.unknownChunks, to: &out)
        out.endList()
        return out.bytes
    }

    static func writeInstrument(_ instrument: DLSInstrument, level1: Bool, to out: inout RIFFBuilder) {
        out.beginList(.ins)
        if let dlid = instrument.dlid { out.chunk(.dlid, dlid) }
        var insh: [UInt8] = []
        insh.appendLE32(UInt32(instrument.regions.count))
        insh.appendLE32(instrument.bankField)
        insh.appendLE32(UInt32(instrument.program & 0x7F))
        out.chunk(.insh, insh)

        out.beginList(.lrgn)
        for region in instrument.regions { writeRegion(region, level1: level1, to: &out) }
        out.endList()
        writeArticulations(instrument.articulations, level1: level1, to: &out)
        writeInfo(instrument.info, to: &out)
        writeUnknown(instrument.unknownChunks, to: &out)
        out.endList()
    }

    static func writeRegion(_ region: DLSRegion, level1: Bool, to out: inout RIFFBuilder) {
        out.beginList(region.isDLS2Region && !level1 ? .rgn2 : .rgn)
        var rgnh: [UInt8] = []
        for v in [region.keyLow, region.keyHigh, region.velocityLow, region.velocityHigh, region.options, region.keyGroup] {
            rgnh.appendLE16(v)
        }
        // The 14-byte form only when it says something.
        if region.layer != 0 && !level1 { rgnh.appendLE16(region.layer) }
        out.chunk(.rgnh, rgnh)
        if let sample = region.waveSample { out.chunk(.wsmp, waveSampleBytes(sample, level1: level1)) }
        var wlnk: [UInt8] = []
        wlnk.appendLE16(level1 ? region.waveLink.options & ~DLSWaveLink.multichannelFlag : region.waveLink.options)
        wlnk.appendLE16(region.waveLink.phaseGroup)
        wlnk.appendLE32(region.waveLink.channel)
        wlnk.appendLE32(region.waveLink.tableIndex)
        out.chunk(.wlnk, wlnk)
        writeArticulations(region.articulations, level1: level1, to: &out)
        writeInfo(region.info, to: &out)
        writeUnknown(region.unknownChunks, to: &out)
        out.endList()
    }

    /// The `art1` transform for an `art2` one: its source curve if that is concave (1), else
    /// none (0). A transform that sits only in the output bits counts as the source's.
    public static func level1Transform(_ art2Transform: UInt16) -> UInt16 {
        var curve = (art2Transform >> 10) & 0xF
        if curve == 0 { curve = art2Transform & 0xF }
        return curve == 1 ? 1 : 0
    }

    /// Each run of same-kind articulations becomes one `lart` (art1) or `lar2` (art2) list,
    /// which keeps the file order when a reader concatenates them again.
    static func writeArticulations(_ articulations: [DLSArticulation], level1: Bool, to out: inout RIFFBuilder) {
        var i = 0
        while i < articulations.count {
            let isDLS2 = articulations[i].isDLS2 && !level1
            out.beginList(isDLS2 ? .lar2 : .lart)
            while i < articulations.count && (articulations[i].isDLS2 && !level1) == isDLS2 {
                let convert = level1 && articulations[i].isDLS2
                var art: [UInt8] = []
                art.reserveCapacity(8 + DLSConnection.byteCount * articulations[i].connections.count)
                art.appendLE32(8)
                art.appendLE32(UInt32(articulations[i].connections.count))
                for c in articulations[i].connections {
                    art.appendLE16(c.source)
                    art.appendLE16(c.control)
                    art.appendLE16(c.destination)
                    art.appendLE16(convert ? level1Transform(c.transform) : c.transform)
                    art.appendLE32s(c.scale)
                }
                out.chunk(isDLS2 ? .art2 : .art1, art)
                i += 1
            }
            out.endList()
        }
    }

    static func waveSampleBytes(_ sample: DLSWaveSample, level1: Bool) -> [UInt8] {
        var w: [UInt8] = []
        w.appendLE32(UInt32(DLSWaveSample.headerBytes))
        w.appendLE16(sample.unityNote)
        w.appendLE16s(sample.fineTuneCents)
        w.appendLE32s(sample.gain)
        w.appendLE32(sample.options)
        w.appendLE32(UInt32(sample.loops.count))
        for loop in sample.loops {
            w.appendLE32(UInt32(DLSWaveSample.loopBytes))
            w.appendLE32(level1 ? DLSLoop.forward : loop.type)
            w.appendLE32(loop.startFrames)
            w.appendLE32(loop.lengthFrames)
        }
        return w
    }

    static func writeWave(_ wave: DLSWave, level1: Bool, to out: inout RIFFBuilder) {
        out.beginList(.wave)
        if let dlid = wave.dlid { out.chunk(.dlid, dlid) }
        var fmt: [UInt8] = []
        fmt.appendLE16(wave.formatTag)
        fmt.appendLE16(wave.channels)
        fmt.appendLE32(wave.sampleRate)
        fmt.appendLE32(wave.averageBytesPerSecond)
        fmt.appendLE16(wave.blockAlign)
        fmt.appendLE16(wave.bitsPerSample)
        if !wave.formatExtension.isEmpty {
            fmt.appendLE16(UInt16(truncatingIfNeeded: wave.formatExtension.count))
            fmt += wave.formatExtension.prefix(0xFFFF)
        }
        out.chunk(.fmt, fmt)
        if let sample = wave.waveSample { out.chunk(.wsmp, waveSampleBytes(sample, level1: level1)) }
        out.chunk(.data, wave.data)
        writeInfo(wave.info, to: &out)
        writeUnknown(wave.unknownChunks, to: &out)
        out.endList()
    }

    /// Kept vendor chunks, byte for byte (with a fresh size field and pad byte).
    static func writeUnknown(_ chunks: [DLSRawChunk], to out: inout RIFFBuilder) {
        for c in chunks { out.chunk(FourCC(text: c.id), c.payload) }
    }

    /// INFO texts are written as NUL-terminated UTF-8.
    static func writeInfo(_ info: DLSInfo, to out: inout RIFFBuilder) {
        guard !info.isEmpty else { return }
        out.beginList(.info)
        for entry in info.entries { out.chunk(FourCC(text: entry.id), Array(entry.text.utf8) + [0]) }
        out.endList()
    }
}
