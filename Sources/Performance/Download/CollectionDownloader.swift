import DLS
import DMusPort

/// Downloads a DLS collection into a port the way dmusic.dll does: one WAVE buffer per wave,
/// then one INSTRUMENT2 buffer per instrument whose regions name their waves by download id.
/// Unloading goes the other way.
public final class CollectionDownloader {
    public let port: PortDMus
    public private(set) var waveHandles: [DownloadHandle] = []
    public private(set) var instrumentHandles: [DownloadHandle] = []
    /// One record per download, in order (what `dmus download` reports).
    public private(set) var records: [DownloadRecord] = []

    public struct DownloadRecord: Sendable {
        public enum Kind: String, Sendable { case wave, instrument }
        public var kind: Kind
        public var downloadId: UInt32
        public var bytes: Int
        public var allocatorBuffers: Int
        public var handle: DownloadHandle
    }
    /// Notes about what was approximated (a stereo wave played from its first channel, …).
    public private(set) var warnings: [String] = []

    public init(port: PortDMus) { self.port = port }

    /// Downloads every wave and instrument. `asGMSet` marks instruments with
    /// DMUS_INSTRUMENT_GM_INSTRUMENT, so any other collection's instrument with the same
    /// patch takes precedence (how the default collection yields to user banks).
    public func download(_ original: DLSCollection, asGMSet: Bool = false) throws(PerformanceError) {
        // Downloads carry mono waves: a stereo DLS wave becomes two phase-locked regions.
        let (collection, splitWarnings) = original.splittingMultichannelWaves()
        warnings += splitWarnings.map { "\($0)" }
        let carrier = AllocatorBufferCarrier(port: port)
        var waveIds: [UInt32] = []
        for (i, wave) in collection.waves.enumerated() {
            let id = allocateId()
            waveIds.append(id)
            let image = DownloadEncoder.encode(downloadWave(wave, id: id, index: i))
            do {
                let (handle, buffers) = try carrier.send(image)
                waveHandles.append(handle)
                records.append(DownloadRecord(kind: .wave, downloadId: id, bytes: image.count, allocatorBuffers: buffers, handle: handle))
            } catch {
                throw PerformanceError("wave \(i): \(error.message)")
            }
        }
        for (i, instrument) in collection.instruments.enumerated() {
            let id = allocateId()
            let image = DownloadEncoder.encode(downloadInstrument(instrument, id: id, waveIds: waveIds, waves: collection.waves, asGM: asGMSet))
            do {
                let (handle, buffers) = try carrier.send(image)
                instrumentHandles.append(handle)
                records.append(DownloadRecord(kind: .instrument, downloadId: id, bytes: image.count, allocatorBuffers: buffers, handle: handle))
            } catch {
                throw PerformanceError("instrument \(i) (bank \(instrument.bankMSB):\(instrument.bankLSB) program \(instrument.program)): \(error.message)")
            }
        }
    }

    /// Unloads everything this downloader downloaded: instruments first, then their waves.
    /// The records and warnings of those downloads go too, so a downloader used for download →
    /// unload cycles (`render --repeat`) does not grow. The synth frees the objects once no
    /// voice plays them; `PortDMus.waitForUnloads` waits for that.
    public func unloadAll() throws(PerformanceError) {
        for h in instrumentHandles.reversed() {
            do { try port.unload(h) } catch { throw PerformanceError("unload instrument handle \(h.raw): \(error)") }
        }
        for h in waveHandles.reversed() {
            do { try port.unload(h) } catch { throw PerformanceError("unload wave handle \(h.raw): \(error)") }
        }
        instrumentHandles.removeAll()
        waveHandles.removeAll()
        records.removeAll()
        warnings.removeAll()
    }

    private func allocateId() -> UInt32 { port.getDownloadIds(1) }

    /// A mono DMUS_WAVE from a DLS wave. 8-bit unsigned, 16/24/32-bit PCM and 32-bit float
    /// travel as stored; every other coding the reader decodes (A-law, µ-law, 64-bit float,
    /// extensible) travels as 32-bit float. A wave that still has several channels (the split
    /// could not be made) plays its first channel.
    func downloadWave(_ wave: DLSWave, id: UInt32, index: Int) -> DownloadWave {
        let direct = wave.channels == 1 && (
            (wave.formatTag == DownloadLayout.waveFormatPCM && [8, 16, 24, 32].contains(wave.bitsPerSample)
                && Int(wave.blockAlign) == Int(wave.bitsPerSample) / 8)
            || (wave.formatTag == DownloadLayout.waveFormatIEEEFloat && wave.bitsPerSample == 32 && wave.blockAlign == 4))
        if direct {
            let format = WaveFormat(formatTag: wave.formatTag, channels: 1, samplesPerSecond: wave.sampleRate,
                                    bitsPerSample: wave.bitsPerSample, blockAlign: wave.blockAlign)
            return DownloadWave(downloadId: id, format: format, data: wave.data)
        }
        var frames: [Float] = []
        do { frames = try wave.decodedFrames() } catch {
            warnings.append("wave \(index): \(error.message); downloaded as silence")
        }
        let channels = max(1, Int(wave.channels))
        if channels > 1 {
            frames = stride(from: 0, to: frames.count, by: channels).map { frames[$0] }
            warnings.append("wave \(index): \(channels) channels, playing the first")
        }
        var data: [UInt8] = []
        data.reserveCapacity(frames.count * 4)
        for f in frames { withUnsafeBytes(of: f.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let format = WaveFormat(formatTag: DownloadLayout.waveFormatIEEEFloat, channels: 1, samplesPerSecond: wave.sampleRate,
                                bitsPerSample: 32, blockAlign: 4)
        return DownloadWave(downloadId: id, format: format, data: data)
    }

    func downloadInstrument(_ inst: DLSInstrument, id: UInt32, waveIds: [UInt32], waves: [DLSWave], asGM: Bool) -> DownloadInstrument {
        let regions: [DownloadRegion] = inst.regions.map { r in
            let waveIndex = Int(r.waveLink.tableIndex)
            let waveId = waveIndex < waveIds.count ? waveIds[waveIndex] : 0
            // Region wsmp overrides the wave's own.
            let sample = r.waveSample ?? (waveIndex < waves.count ? waves[waveIndex].waveSample : nil)
            return DownloadRegion(
                keyLow: min(r.keyLow, 127), keyHigh: min(r.keyHigh, 127),
                velocityLow: min(r.velocityLow, 127), velocityHigh: min(r.velocityHigh, 127),
                options: r.options, keyGroup: r.keyGroup,
                waveLink: DownloadWaveLink(options: r.waveLink.options, phaseGroup: r.waveLink.phaseGroup,
                                           channel: r.waveLink.channel, tableIndex: waveId),
                waveSample: Self.sample(sample),
                articulations: r.articulations.isEmpty ? nil : r.articulations.map(Self.connections))
        }
        let patch = DownloadLayout.patch(bankMSB: inst.bankMSB, bankLSB: inst.bankLSB, program: inst.program, isDrum: inst.isDrum)
        return DownloadInstrument(downloadId: id, patch: patch, flags: asGM ? DownloadLayout.instrumentFlagGM : 0,
                                  regions: regions, globalArticulations: inst.articulations.map(Self.connections))
    }

    static func sample(_ s: DLSWaveSample?) -> DownloadWaveSample {
        guard let s else { return DownloadWaveSample() }
        return DownloadWaveSample(unityNote: s.unityNote, fineTuneCents: s.fineTuneCents, gain: s.gain, options: s.options,
                                  loops: s.loops.map { DownloadLoop(type: $0.type, startFrames: $0.startFrames, lengthFrames: $0.lengthFrames) })
    }

    static func connections(_ a: DLSArticulation) -> [DownloadConnection] {
        a.connections.map { DownloadConnection(source: $0.source, control: $0.control, destination: $0.destination,
                                               transform: $0.transform, scale: $0.scale) }
    }
}
