import ArgumentParser
import AudioOutput
import DLS
import DMusPort
import DMusSynth
import Foundation
import Performance
#if canImport(Glibc)
import Glibc
#endif

/// `dmus bench`: voices per core on a fixed synthetic load, and × real time on a real song.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark voice polyphony: voices per core in real time for a ladder of voice counts and each interpolation.",
        discussion: """
            The load: N sustained looped voices spread over 16 channels and several channel groups, each with
            EG1, vibrato and modulation LFOs, an EG2-swept resonant filter and its own pan — like real instruments.
            Voices per core = voice-seconds rendered ÷ CPU seconds of the process (all mixing threads).
            Real-time voices = voice-seconds rendered ÷ wall seconds: what the machine sustains with --threads N.
            Examples:
              dmus bench
              dmus bench --voices 1024 --interp cubic --threads 1,2
              dmus bench --voices 256,1024,4096 --interp cubic --json
              dmus bench --song song.mid --dls bank.dls
            """)

    @Option(help: "Comma-separated voice counts.")
    var voices: String = "64,256,1024"

    @Option(help: "Comma-separated interpolations (linear, cubic, sinc).")
    var interp: String = "linear,cubic,sinc"

    @Option(help: "Seconds of audio per measurement.")
    var seconds: Double = 2

    @Option(help: "Output sample rate.")
    var rate: Int = 48_000

    @Option(name: .customLong("period-frames"), help: "Frames per wave-sink period.")
    var periodFrames: Int = 512

    @Option(help: "Also time this song (with --dls) and report × real time.")
    var song: String?

    @Option(name: .customLong("dls"), help: "The bank for --song.")
    var collections: [String] = []

    @Flag(inversion: .prefixedNo, help: "Run the resonant filter on every voice (as the standard load does).")
    var filter = true

    @Flag(help: "Also measure each row with reverb (Hall 2) and chorus (Chorus 3) on.")
    var effects = false

    @Option(help: "Comma-separated mixing-thread counts (1…4; the output is the same for each).")
    var threads: String = "1"

    @Flag(help: "Print JSON.")
    var json = false

    struct Row: Codable {
        var voices: Int
        var interpolation: String
        var threads: Int
        var voicesPerCore: Double
        var realTimeVoices: Double
        var wallSeconds: Double
        var nanosecondsPerVoiceSample: Double
        var cpuSeconds: Double
        var lostNotes: Int
        var peakVoices: Int
        var effects: Bool
    }

    struct Report: Codable {
        var machine: [String: String]
        var rows: [Row]
        var song: [String: Double]?
        var peakMemoryMiB: Double
    }

    func run() throws {
        let counts = voices.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let modes = try interp.split(separator: ",").map { s -> Interpolation in
            guard let m = Interpolation(rawValue: s.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("unknown interpolation \(s)") }
            return m
        }
        let threadCounts = try threads.split(separator: ",").map { s -> Int in
            guard let t = Int(s.trimmingCharacters(in: .whitespaces)), (1...4).contains(t) else { throw ValidationError("--threads takes 1…4, not \(s)") }
            return t
        }
        var rows: [Row] = []
        let bank = BenchmarkLoad.collection(filter: filter)
        if !json {
            print(String(format: "%8@ %8@ %8@ %8@ %12@ %12@ %12@ %6@", "voices", "interp", "effects", "threads", "voices/core",
                         "RT voices", "ns/v·sample", "lost"))
        }
        for mode in modes {
            for n in counts {
                for fx in effects ? [false, true] : [false] {
                    for t in threadCounts {
                        let row = try BenchLoad.measure(voices: n, interpolation: mode, effects: fx, threads: t, seconds: seconds,
                                                        rate: rate, period: periodFrames, bank: bank)
                        rows.append(row)
                        if !json {
                            print(String(format: "%8d %8@ %8@ %8d %12.0f %12.0f %12.2f %6d", n, mode.rawValue, fx ? "on" : "off", t,
                                         row.voicesPerCore, row.realTimeVoices, row.nanosecondsPerVoiceSample, row.lostNotes))
                        }
                    }
                }
            }
        }
        var songReport: [String: Double]?
        if let song {
            var options = try SynthOptions.parse(collections.flatMap { ["--dls", $0] } + ["--rate", "\(rate)"])
            options.noDefault = !collections.isEmpty
            let session = try Session.make(songPath: song, options: options, clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                                           maxFramesPerRender: max(periodFrames, 4096))
            let start = threadCPUSeconds(), wall = DispatchTime.now().uptimeNanoseconds
            let report = try OfflineRenderer.render(port: session.port, song: session.song, output: NullOutput(sampleRate: rate, maxFramesPerWrite: 1 << 16), framesPerPeriod: periodFrames)
            let cpu = threadCPUSeconds() - start
            let wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9
            songReport = ["audioSeconds": report.seconds, "cpuSeconds": cpu, "timesRealTime": report.seconds / max(cpu, 1e-9),
                          "wallSeconds": wallSeconds, "peakVoices": Double(report.statistics.peakVoices)]
            if !json { print(String(format: "song %@: %.1f s of audio in %.3f s CPU = %.0f× real time, peak voices %d", song, report.seconds, cpu, report.seconds / max(cpu, 1e-9), report.statistics.peakVoices)) }
        }
        let report = Report(machine: BenchLoad.machine(rate: rate, period: periodFrames), rows: rows, song: songReport,
                            peakMemoryMiB: BenchLoad.peakMemoryMiB())
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            print("machine: \(report.machine.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")); peak memory \(String(format: "%.1f", report.peakMemoryMiB)) MiB")
        }
    }
}

func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The measurement loop over `BenchmarkLoad`.
enum BenchLoad {
    static func measure(voices n: Int, interpolation: Interpolation, effects: Bool, threads: Int = 1, seconds: Double,
                        rate: Int, period: Int, bank: DLSCollection) throws -> BenchCommand.Row {
        let groups = BenchmarkLoad.channelGroups(voices: n)
        let synth = DMusSynth(interpolation: interpolation, reverb: effects ? .gsDefault : nil, chorus: effects ? .gsDefault : nil,
                              threads: threads)
        let port = PortDMus(miniport: synth, clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                            allocator: AllocatorMXF(eventCapacity: max(16_384, 2 * n + 1024)))
        try port.newStream(parameters: PortParameters(sampleRate: rate, voices: n, channelGroups: groups, maxFramesPerRender: max(period, 4096)))
        try CollectionDownloader(port: port).download(bank)
        let messages = BenchmarkLoad.messages(voices: n)
        let sink = try WaveSink(port: port, output: NullOutput(sampleRate: rate, maxFramesPerWrite: 1 << 16), framesPerPeriod: period)
        let start = try sink.begin()
        let feeder = EventFeeder(port: port, song: SongEvents(messages: messages), songStart100ns: start)
        feeder.feed(until: Int64.max)
        // Warm up: every note started, one second before the clock starts.
        let warm = rate / period
        for _ in 0..<warm { sink.runPeriod() }
        let periods = Int(seconds * Double(rate)) / period
        let cpu0 = processCPUSeconds(), wall0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<periods { sink.runPeriod() }
        let cpu = processCPUSeconds() - cpu0
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9
        let stats = port.stream!.statistics()
        try sink.finish()
        let voiceSeconds = Double(stats.voicesPlaying) * Double(periods * period) / Double(rate)
        return BenchCommand.Row(voices: n, interpolation: interpolation.rawValue, threads: threads,
                                voicesPerCore: voiceSeconds / max(cpu, 1e-9), realTimeVoices: voiceSeconds / max(wall, 1e-9), wallSeconds: wall,
                                nanosecondsPerVoiceSample: cpu * 1e9 / max(1, voiceSeconds * Double(rate)), cpuSeconds: cpu,
                                lostNotes: stats.lostNotes, peakVoices: stats.peakVoices, effects: effects)
    }

    static func machine(rate: Int, period: Int) -> [String: String] {
        var m: [String: String] = ["rate": "\(rate)", "periodFrames": "\(period)", "cores": "\(ProcessInfo.processInfo.activeProcessorCount)"]
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            if let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
                m["cpu"] = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) {
                let f = Set(flags.split(separator: " ").map(String.init))
                m["simd"] = f.contains("avx512f") ? "avx512" : f.contains("avx2") ? "avx2" : f.contains("sse4_2") ? "sse4.2" : "baseline"
            }
        }
        #if DMUS_NATIVE_CPU
        m["build"] = "release -O (-target-cpu native: make build-native)"
        #else
        m["build"] = "release -O (generic x86-64 target)"
        #endif
        return m
    }

    static func peakMemoryMiB() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }
}
