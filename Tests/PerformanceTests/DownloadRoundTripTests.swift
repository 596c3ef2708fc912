import DLS
import DMusPort
import DMusTestSupport
@testable import Performance
import Testing

/// A stream that only reassembles and decodes what the port carries to it.
final class DecodingStream: SynthStream, @unchecked Sendable {
    let allocator: AllocatorMXF
    var pending: [UInt8] = []
    var decoded: [DecodedDownload] = []
    var clock = PhaseLockedSampleClock(sampleRate: 48_000)
    init(allocator: AllocatorMXF) { self.allocator = allocator }
    func setState(_ state: StreamState) throws(PortError) {}
    func putMessage(_ chain: EventIndex) { allocator.putMessage(chain) }
    func connectOutput(_ sink: any MXF) throws(PortError) {}
    func disconnectOutput(_ sink: any MXF) throws(PortError) {}
    func render(_ buffer: UnsafeMutablePointer<Float>, frames: Int, position: Int64) {}
    func syncToMaster(_ refTime: ReferenceTime100ns, start: Bool) {}
    func sampleToRefTime(_ frame: Int64) -> ReferenceTime100ns { clock.sampleToRefTime(frame) }
    func refTimeToSample(_ refTime: ReferenceTime100ns) -> Int64 { clock.refTimeToSample(refTime) }
    func download(_ chain: EventIndex) throws(DownloadError) -> DownloadResult {
        var e = chain
        while !e.isNone {
            pending += allocator.withPayload(of: e) { Array($0) }
            if !allocator.event(e).pointee.isIncomplete {
                decoded.append(try DownloadDecoder.decode(pending))
                pending = []
                return .complete(handle: DownloadHandle(UInt32(decoded.count)), free: true)
            }
            e = allocator.event(e).pointee.next
        }
        return .incomplete
    }
    func unload(_ handle: DownloadHandle) throws(DownloadError) {}
    func statistics() -> SynthStatistics { SynthStatistics() }
    var schedulePreFetch100ns: Int64 { 0 }
}

final class DecodingMiniport: MiniportDMus {
    var stream: DecodingStream?
    var caps: SynthCaps { SynthCaps(description: "decoder", maxVoices: 1, maxChannelGroups: 1, maxAudioChannels: 2, sampleMemoryBytes: 0) }
    func newStream(type: StreamType, parameters: PortParameters, allocator: AllocatorMXF, clock: any MasterClock) throws(PortError) -> any SynthStream {
        let s = DecodingStream(allocator: allocator)
        stream = s
        return s
    }
}

/// Every wave and instrument of every corpus bank survives encode → allocator buffers of
/// 4,096 and 65,535 bytes → reassembly → decode unchanged.
@Suite struct DownloadRoundTripTests {
    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"), [4096, 65_535])
    func everyDownloadRoundTrips(bank: String, bufferBytes: Int) throws {
        guard let bytes = try TestData.bytes(bank) else { return }
        let collection = try DLSReader.read(bytes, name: bank).collection
        let mini = DecodingMiniport()
        let port = PortDMus(miniport: mini, clock: VirtualClock(), allocator: AllocatorMXF(eventCapacity: 256, bufferCapacity: 32, bufferBytes: bufferBytes))
        try port.newStream(parameters: PortParameters(channelGroups: 1))
        let downloader = CollectionDownloader(port: port)
        try downloader.download(collection)
        // What the downloader meant to send, rebuilt from the same collection and ids.
        let (split, _) = collection.splittingMultichannelWaves()
        let records = downloader.records
        #expect(records.count == split.waves.count + split.instruments.count)
        let decoded = mini.stream!.decoded
        #expect(decoded.count == records.count)
        var waveIds: [UInt32] = []
        for (i, wave) in split.waves.enumerated() {
            let expected = downloader.downloadWave(wave, id: records[i].downloadId, index: i)
            waveIds.append(records[i].downloadId)
            #expect(decoded[i] == .wave(expected), "\(bank) wave \(i)")
        }
        for (k, inst) in split.instruments.enumerated() {
            let r = records[split.waves.count + k]
            let expected = downloader.downloadInstrument(inst, id: r.downloadId, waveIds: waveIds, waves: split.waves, asGM: false)
            #expect(decoded[split.waves.count + k] == .instrument(expected), "\(bank) instrument \(k)")
        }
        #expect(port.allocator.freeEventCount == 256 && port.allocator.freeBufferCount == 32)
    }
}
