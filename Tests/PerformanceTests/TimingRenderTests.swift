import DLS
import DMusPort
import DMusSynth
import DMusTestSupport
import Performance
import SMF
import Testing

/// A bank in which every note is one click: every melodic program 0–127 (bank 0) and a drum
/// kit play a one-frame impulse recorded at the output rate, one-shot, with the pitch
/// connections (key, pitch wheel, fine tune) and the effect sends set to 0. A note therefore
/// puts exactly one nonzero frame into the output: its onset.
enum ClickBank {
    static func collection(rate: Int) -> DLSCollection {
        var data: [UInt8] = [0xFF, 0x7F]                      // 32767
        data += [UInt8](repeating: 0, count: 2 * 15)          // then silence
        let wave = DLSWave.pcm(sampleRate: UInt32(rate), bitsPerSample: 16, data: data,
                               waveSample: DLSWaveSample(unityNote: 60))
        typealias S = ConnectionSource
        typealias D = ConnectionDestination
        let articulation = DLSArticulation(isDLS2: true, connections: [
            DLSConnection(source: S.keyNumber, destination: D.pitch, scale: 0),
            DLSConnection(source: S.pitchWheel, control: S.rpn0, destination: D.pitch, scale: 0),
            DLSConnection(source: S.rpn1, destination: D.pitch, scale: 0),
            DLSConnection(source: S.cc91, destination: D.reverb, scale: 0),
            DLSConnection(source: S.cc93, destination: D.chorus, scale: 0),
        ])
        let region = DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        var instruments = (0..<128).map { DLSInstrument(program: UInt8($0), regions: [region], articulations: [articulation]) }
        instruments.append(DLSInstrument(program: 0, isDrum: true, regions: [region], articulations: [articulation]))
        return DLSCollection(instruments: instruments, waves: [wave])
    }

    static func port(rate: Int, groups: Int = 16) throws -> PortDMus {
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: rate, channelGroups: groups))
        try CollectionDownloader(port: port).download(collection(rate: rate))
        return port
    }
}

/// Records the frames where the output is not silent (either channel).
final class OnsetOutput: WaveOutput {
    let sampleRate: Int
    let channels = 2
    let maxFramesPerWrite = 8192
    var frame: Int64 = 0
    var nonzeroFrames: [Int64] = []
    var nonFinite = 0
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<frameCount {
            let l = s[2 * i], r = s[2 * i + 1]
            if !l.isFinite || !r.isFinite { nonFinite += 1 }
            if l != 0 || r != 0 { nonzeroFrames.append(frame + Int64(i)) }
        }
        frame += Int64(frameCount)
        return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}

enum Onsets {
    /// round(t × rate / 10⁷), halves up: the frame of a presentation time.
    static func frame(_ t100ns: Int64, rate: Int) -> Int64 {
        (2 * t100ns * Int64(rate) + 10_000_000) / 20_000_000
    }

    /// The frames at which the click bank must sound: every frame where some note-on (velocity
    /// > 0) is still keyed down after all the messages of that frame were applied in order (a
    /// note ended in the frame it starts makes no sound; the sustain pedal holds it).
    static func expected(_ song: SongEvents, rate: Int) -> [Int64] {
        var out: [Int64] = []
        var pedal = Set<Int>()
        var startedHere = Set<Int>()      // group/channel/key started in the current frame
        var current: Int64 = -1
        func flush() { if !startedHere.isEmpty { out.append(current) }; startedHere.removeAll() }
        for m in song.messages {
            let f = frame(m.time100ns, rate: rate)
            if f != current { flush(); current = f }
            guard m.bytes.count >= 2, m.bytes[0] < 0xF0 else { continue }
            let status = m.bytes[0] & 0xF0
            let chan = Int(m.group) << 4 | Int(m.bytes[0] & 0x0F)
            let d2 = m.bytes.count > 2 ? m.bytes[2] : 0
            switch status {
            case 0x90 where d2 > 0: startedHere.insert(chan << 7 | Int(m.bytes[1]))
            case 0x80, 0x90: if !pedal.contains(chan) { startedHere.remove(chan << 7 | Int(m.bytes[1])) }
            case 0xB0:
                switch m.bytes[1] {
                case 64: if d2 >= 64 { pedal.insert(chan) } else { pedal.remove(chan) }
                case 121: pedal.remove(chan)
                case 120: startedHere = startedHere.filter { $0 >> 7 != chan }
                case 123: if !pedal.contains(chan) { startedHere = startedHere.filter { $0 >> 7 != chan } }
                default: break
                }
            default: break
            }
        }
        flush()
        return out
    }

    /// Renders `song` through the whole stack with the click bank; the frames that sounded.
    static func render(_ song: SongEvents, rate: Int) throws -> (frames: [Int64], report: RenderReport, nonFinite: Int) {
        let out = OnsetOutput(sampleRate: rate)
        let report = try OfflineRenderer.render(port: try ClickBank.port(rate: rate), song: song, output: out,
                                                framesPerPeriod: 512, tailLimitSeconds: 0.1)
        return (out.nonzeroFrames, report, out.nonFinite)
    }
}

/// The rendered onset of every note is the frame of its presentation time, for songs with many
/// tempo changes and for SMPTE division, at 48 kHz and 44.1 kHz.
@Suite struct TimingRenderTests {
    static let songs = [
        "midi/bartok/concerto_for_orchestra_1.mid",        // 165 tempo changes
        "midi/nfroidure/Avgvst/LettingGo.mid",             // 225 tempo changes
        "midi/openjdk/MidiSMPTE_smpte30fps.mid",            // SMPTE 30 fps × 120
    ]

    @Test(arguments: songs, [48_000, 44_100])
    func everyOnsetIsAtTheFrameOfItsPresentationTime(path: String, rate: Int) throws {
        guard let bytes = try TestData.bytes(path) else { return }
        let file = try MIDIFileReader.read(bytes, name: path).file
        let song = SongEvents(file: file)
        let expected = Onsets.expected(song, rate: rate)
        #expect(expected.count > 10)
        let (frames, report, nonFinite) = try Onsets.render(song, rate: rate)
        #expect(nonFinite == 0)
        #expect(report.statistics.lateEvents == 0)
        #expect(report.statistics.missingInstruments == 0)
        let missing = Set(expected).subtracting(frames).sorted()
        let extra = Set(frames).subtracting(expected).sorted()
        #expect(missing.isEmpty, "\(path) @\(rate): \(missing.count) onsets missing, first \(missing.prefix(5))")
        #expect(extra.isEmpty, "\(path) @\(rate): \(extra.count) unexpected sounding frames, first \(extra.prefix(5))")
        #expect(frames.count == expected.count)
        // The tempo changes are covered: notes sound after the last one.
        let tempoTicks = TempoMap(file: file).tempoChanges.map(\.tick)
        if let last = tempoTicks.last, !file.division.isSMPTE {
            let lastChange = Onsets.frame(TempoMap(file: file).refTime100ns(atTick: last), rate: rate)
            #expect(frames.contains { $0 > lastChange })
        }
    }

    @Test func theSMPTEFileLasts12_011944Seconds() throws {
        guard let bytes = try TestData.bytes("midi/openjdk/MidiSMPTE_smpte30fps.mid") else { return }
        let song = SongEvents(file: try MIDIFileReader.read(bytes, name: "smpte").file)
        #expect(song.length100ns == 120_119_444)     // 43243 ticks / 3600 per second, rounded
    }

    /// 48 channels on three MIDI ports (a file written by our writer and read back): each
    /// port's 16 channels play on their own channel group. Port p plays one note on each of
    /// its channels at second p; port 1 first sets volume and expression 0 on its channels.
    /// If ports shared a group, that muting would silence the other ports too.
    @Test func fortyEightChannelsOnThreePortsPlayOnTheirOwnGroups() throws {
        let bytes = MIDIFileWriter.write(MultiPortSong.file(noteAt: { UInt64($0) * 192 }, mutedPort: 1))
        let song = SongEvents(file: try MIDIFileReader.read(bytes, name: "multiport").file)
        #expect(song.channelGroupsUsed == 3)
        let (frames, report, _) = try Onsets.render(song, rate: 48_000)
        #expect(frames == [0, 96_000])
        #expect(report.statistics.peakVoices >= 16)
        // Unmuted, all three ports sound; with only two groups, port 2 (group 3) is dropped.
        let open = SongEvents(file: try MIDIFileReader.read(MIDIFileWriter.write(MultiPortSong.file(noteAt: { UInt64($0) * 192 })),
                                                            name: "multiport").file)
        #expect(try Onsets.render(open, rate: 48_000).frames == [0, 48_000, 96_000])
        let out = OnsetOutput(sampleRate: 48_000)
        _ = try OfflineRenderer.render(port: try ClickBank.port(rate: 48_000, groups: 2), song: open, output: out,
                                       framesPerPeriod: 512, tailLimitSeconds: 0.1)
        #expect(out.nonzeroFrames == [0, 48_000])
    }

    /// Tempo scale through the renderer: at 3/2 speed every onset is at round(t × 2/3).
    @Test func scaledSongOnsetsAreExact() throws {
        guard let bytes = try TestData.bytes("midi/nfroidure/Avgvst/Victory.mid") else { return }
        let file = try MIDIFileReader.read(bytes, name: "victory").file
        let song = SongEvents(file: file, tempoScale: 1.5)
        let (frames, _, _) = try Onsets.render(song, rate: 48_000)
        #expect(frames == Onsets.expected(song, rate: 48_000))
        #expect(!frames.isEmpty)
    }
}
