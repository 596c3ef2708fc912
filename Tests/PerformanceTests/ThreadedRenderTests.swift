import AudioOutput
import DLS
import DMusPort
import DMusSynth
import DMusTestSupport
import Performance
import SMF
import Testing

/// `--threads N`: the voices are mixed in fixed partitions whatever the thread count, so a
/// render with helper threads must give exactly the samples of a render without them —
/// with a real song, a real bank, the filter and both effects running.
@Suite struct ThreadedRenderTests {
    static func render(threads: Int, bank: DLSCollection, song: SongEvents) throws -> [Float] {
        let port = PortDMus(miniport: DMusSynth(threads: threads), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 44_100, voices: 512, channelGroups: 16))
        try CollectionDownloader(port: port).download(bank)
        let out = MemoryOutput(sampleRate: 44_100)
        _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 256, tailLimitSeconds: 1)
        return out.samples
    }

    @Test(arguments: [2, 3, 4])
    func helperThreadsGiveIdenticalSamples(threads: Int) throws {
        guard let bankBytes = try TestData.bytes("dls/TimGM6mb_mini_spessasynth.dls"),
              let songBytes = try TestData.bytes("midi/sonivox/ants.mid") else { return }
        let bank = try DLSReader.read(bankBytes, name: "bank").collection
        let song = SongEvents(file: try MIDIFileReader.read(songBytes, name: "ants").file).truncated(at: 4 * 10_000_000)
        let one = try Self.render(threads: 1, bank: bank, song: song)
        let many = try Self.render(threads: threads, bank: bank, song: song)
        #expect(one.count == many.count)
        #expect(one.contains { $0 != 0 }, "the song should sound")
        let firstDifference = one.indices.first { i in i >= many.count || one[i].bitPattern != many[i].bitPattern }
        #expect(firstDifference == nil, "threads \(threads) differs from one thread at sample \(firstDifference ?? -1)")
    }
}
