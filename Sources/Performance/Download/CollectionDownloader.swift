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
    public func download(_ collection: DLSCollection, asGMSet: Bool = false) throws(PerformanceError) {
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
    public func unloadAll() throws(PerformanceError) {
        for h in instrumentHandles.reversed() {
            do { try port.unload(h) } catch { throw PerformanceError("unload instrument handle \(h.raw): \(error)") }
        }
        for h in waveHandles.reversed() {
            do { try port.unload(h) } catch { throw PerformanceError("unload wave handle \(h.raw): \(error)") }
        }
        instrumentHandles.removeAll()
        waveHandles.removeAll()
    }

    private func allocateId() -> UInt32 { port.getDownloadIds(1) }

    /// A mono DMUS_WAVE from a DLS wave. A multichannel wave is reduced to its first channel
    /// here (stereo splitting into phase-locked regions is the collection reader's job).
    func downloadWave(_ wave: DLSWave, id: UInt32, index: Int) -> DownloadWave {
        var data = wave.data
        var channels = wave.channels
        var blockAlign = wave.blockAlign
        if wave.channels > 1 {
            let bytesPerSample = max(1, Int(wave.bitsPerSample + 7) / 8)
            let stride = max(Int(wave.blockAlign), bytesPerSample * Int(wave.channels))
            var mono: [UInt8] = []
            mono.reserveCapacity(data.count / Int(wave.channels))
            var o = 0
            while o + bytesPerSample <= data.count {
                mono.append(contentsOf: data[o..<(o + bytesPerSample)])
                o += stride
            }
            data = mono
            channels = 1
            blockAlign = UInt16(bytesPerSample)
            warnings.append("wave \(index): \(wave.channels) channels, playing the first")
        }
        let tag = wave.formatTag == 0xFFFE ? (wave.bitsPerSample == 32 && wave.formatExtension.count >= 24 && wave.formatExtension[8] == 3 ? DownloadLayout.waveFormatIEEEFloat : DownloadLayout.waveFormatPCM) : wave.formatTag
        let format = WaveFormat(formatTag: tag, channels: channels, samplesPerSecond: wave.sampleRate,
                                bitsPerSample: wave.bitsPerSample, blockAlign: blockAlign)
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
                                           channel: 1, tableIndex: waveId),
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
