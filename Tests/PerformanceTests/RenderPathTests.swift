import AudioOutput
import DLS
import DMusPort
import DMusSynth
import DMusTestSupport
import Foundation
import Performance
import SMF
import Testing

enum RenderFixture {
    static func port(bank: [UInt8], rate: Int = 48_000) throws -> PortDMus {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: rate, channelGroups: 16))
        try CollectionDownloader(port: port).download(try DLSReader.read(bank, name: "bank").collection)
        return port
    }

    static func song(_ bytes: [UInt8]) throws -> SongEvents {
        SongEvents(file: try MIDIFileReader.read(bytes, name: "song").file)
    }

    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmus-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }
}

@Suite struct RenderPathTests {
    @Test func renderingTwiceGivesIdenticalBytes() throws {
        guard let bank = try TestData.bytes("dls/TimGM6mb_mini_spessasynth.dls"),
              let song = try TestData.bytes("midi/sonivox/ants.mid") else { return }
        var files: [[UInt8]] = []
        for i in 0..<2 {
            let path = RenderFixture.tempPath("twice\(i).wav")
            let out = try SoundFileOutput(path: path, format: .wav16, sampleRate: 48_000, channels: 2)
            _ = try OfflineRenderer.render(port: try RenderFixture.port(bank: bank), song: try RenderFixture.song(song), output: out)
            try out.close()
            files.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        #expect(files[0].count > 100_000)
        #expect(files[0] == files[1])
    }

    /// The ALSA path without a sound card: a `type file` PCM over a null slave receives
    /// exactly the bytes of the offline render of the same song.
    @Test func alsaReceivesTheOfflineRenderBytes() throws {
        guard let bank = try TestData.bytes("dls/TimGM6mb_mini_spessasynth.dls"),
              let song = try TestData.bytes("midi/sonivox/ants.mid") else { return }
        let raw = RenderFixture.tempPath("alsa.raw")
        let config = ALSAOutput.fileSinkConfig(pcmName: "dmus_test", path: raw, container: .raw)
        let alsa = try ALSAOutput(pcmName: "dmus_test", configText: config, configuration: ALSAOutput.Configuration(format: .s16LE))
        _ = try OfflineRenderer.render(port: try RenderFixture.port(bank: bank), song: try RenderFixture.song(song), output: alsa, framesPerPeriod: alsa.periodFrames)
        try alsa.close()
        let wav = RenderFixture.tempPath("alsa-ref.wav")
        let file = try SoundFileOutput(path: wav, format: .wav16, sampleRate: 48_000, channels: 2)
        _ = try OfflineRenderer.render(port: try RenderFixture.port(bank: bank), song: try RenderFixture.song(song), output: file, framesPerPeriod: alsa.periodFrames)
        try file.close()
        let reader = try SoundFileReader(path: wav)
        let reference = try reader.readInt16(maxFrames: reader.frames)
        let received = [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
        let expected = reference.withUnsafeBytes { [UInt8]($0) }
        #expect(received.count == expected.count)
        #expect(received == expected)
        #expect(reference.contains { $0 != 0 })
    }

    /// Every instrument of every DLS in the corpus sounds on its own (nothing else
    /// downloaded): one note each, in turn, selected by its bank, program and drum flag.
    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"))
    func everyInstrumentOfEveryCorpusBankSounds(path: String) throws {
        guard let bank = try TestData.bytes(path) else { return }
        let collection = try DLSReader.read(bank, name: path).collection
        let slot: Int64 = 4_000_000   // 0.4 s per instrument
        var messages: [ScheduledMessage] = []
        for (i, inst) in collection.instruments.enumerated() {
            let t = Int64(i) * slot
            let ch: UInt8 = inst.isDrum ? 9 : 0
            let region = inst.regions.first { $0.velocityHigh >= 100 } ?? inst.regions[0]
            let key = UInt8((Int(region.keyLow) + Int(region.keyHigh)) / 2)
            let velocity = UInt8(min(127, max(Int(region.velocityLow), 100)))
            messages += [
                ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0 | ch, 0, inst.bankMSB]),
                ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0 | ch, 32, inst.bankLSB]),
                ScheduledMessage(time100ns: t, group: 1, bytes: [0xC0 | ch, inst.program]),
                ScheduledMessage(time100ns: t + 1, group: 1, bytes: [0x90 | ch, key, velocity]),
                ScheduledMessage(time100ns: t + slot / 2, group: 1, bytes: [0x80 | ch, key, 0]),
                ScheduledMessage(time100ns: t + slot - 1000, group: 1, bytes: [0xB0 | ch, 120, 0]),
            ]
        }
        let out = WindowPeakOutput(windowFrames: 19_200)
        let report = try OfflineRenderer.render(port: try RenderFixture.port(bank: bank),
                                                song: SongEvents(messages: messages, length100ns: Int64(collection.instruments.count) * slot),
                                                output: out, framesPerPeriod: 480, tailLimitSeconds: 0)
        #expect(report.statistics.missingInstruments == 0)
        #expect(out.nonFinite == 0)
        var silent: [String] = []
        for (i, inst) in collection.instruments.enumerated() where i < out.peaks.count && out.peaks[i] < 0.001 {
            silent.append("\(inst.isDrum ? "drum " : "")\(inst.bankMSB):\(inst.bankLSB):\(inst.program) \(inst.info.name ?? "")")
        }
        #expect(silent.isEmpty, "\(path): silent instruments \(silent)")
    }

    @Test func antsPlaysOnTheGeneralMIDISets() throws {
        for path in ["dls/TimGM6mb.dls", "dls/TimGM6mb_mini_libgig.dls"] {
            guard let bank = try TestData.bytes(path), let song = try TestData.bytes("midi/sonivox/ants.mid") else { return }
            let out = ProbeOutput()
            let report = try OfflineRenderer.render(port: try RenderFixture.port(bank: bank), song: try RenderFixture.song(song), output: out)
            #expect(report.seconds > 17)
            #expect(out.peak > 0.05, "\(path): peak \(out.peak)")
            #expect(out.nonFinite == 0)
        }
    }
}

/// Peak level per window of frames.
final class WindowPeakOutput: WaveOutput {
    let sampleRate = 48_000, channels = 2, maxFramesPerWrite = 8192
    let windowFrames: Int
    var peaks: [Float] = []
    var frame = 0
    var nonFinite = 0
    init(windowFrames: Int) { self.windowFrames = windowFrames }
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<frameCount {
            let w = frame / windowFrames
            if w >= peaks.count { peaks.append(0) }
            for c in 0..<2 {
                let v = s[2 * i + c]
                if !v.isFinite { nonFinite += 1 } else { peaks[w] = max(peaks[w], abs(v)) }
            }
            frame += 1
        }
        return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}

/// Measures what it is given.
final class ProbeOutput: WaveOutput {
    let sampleRate = 48_000, channels = 2, maxFramesPerWrite = 8192
    var peak: Float = 0
    var nonFinite = 0
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<(frameCount * 2) {
            if !s[i].isFinite { nonFinite += 1 } else { peak = max(peak, abs(s[i])) }
        }
        return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}
