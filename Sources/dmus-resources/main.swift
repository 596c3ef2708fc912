// dmus-resources: writes the embedded default DLS collection and the demo song.
//
//     dmus-resources [OUTPUT_DIR] [--list]
//
// OUTPUT_DIR defaults to `Resources` (relative to the current directory). The output is
// deterministic: every run writes the same bytes.
import DLS
import Foundation
import SMF

var arguments = Array(CommandLine.arguments.dropFirst())
let listWaves = arguments.contains("--list")
arguments.removeAll { $0 == "--list" }
let outputDirectory = URL(fileURLWithPath: arguments.first ?? "Resources", isDirectory: true)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dmus-resources: \(message)\n".utf8))
    exit(1)
}

do {
    try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
} catch {
    fail("cannot create \(outputDirectory.path): \(error)")
}

// The collection.
let pool = BankBuilder.buildPool()
if listWaves { BankBuilder.describe(pool).forEach { print($0) } }
let (collection, trims) = BankBuilder.build(pool: pool)
if listWaves {
    for (p, t) in trims.enumerated() { print("program \(p) \(gmProgramNames[p]): trim \(t) dB") }
}
let dlsBytes = DLSWriter.write(collection)
let dlsURL = outputDirectory.appendingPathComponent("default.dls")

// The demo song.
let song = DemoSong.make()
let midiBytes = MIDIFileWriter.write(song)
let midiURL = outputDirectory.appendingPathComponent("demo.mid")

do {
    try Data(dlsBytes).write(to: dlsURL)
    try Data(midiBytes).write(to: midiURL)
} catch {
    fail("cannot write to \(outputDirectory.path): \(error)")
}

// Read both back and summarise.
do {
    let back = try DLSReader.read(Array(try Data(contentsOf: dlsURL)), name: dlsURL.lastPathComponent)
    let c = back.collection
    guard c == collection else { fail("\(dlsURL.path) does not read back to the collection that was written") }
    // Every loop must be seamless: the frames after the loop end repeat the loop's first frames.
    var looped = 0
    for wave in c.waves {
        guard let loop = wave.waveSample?.loops.first, let pcm = wave.pcm16Frames() else { continue }
        let start = Int(loop.startFrames), length = Int(loop.lengthFrames)
        guard start + length + LoopPlan.guardSamples <= pcm.count,
              (0..<LoopPlan.guardSamples).allSatisfy({ pcm[start + $0] == pcm[start + length + $0] })
        else { fail("the loop of wave \(wave.info.name ?? "?") is not seamless") }
        looped += 1
    }
    let drums = c.instruments.filter(\.isDrum).count
    print("\(dlsURL.path): \(c.instruments.count) instruments (\(c.instruments.count - drums) melodic, \(drums) drum kits), "
        + "\(c.waves.count) waves (\(looped) seamless loops), \(dlsBytes.count) bytes, \(back.warnings.count) warnings")
} catch {
    fail("\(dlsURL.path) does not read back: \(error)")
}

do {
    let back = try MIDIFileReader.read(Array(try Data(contentsOf: midiURL)), name: midiURL.lastPathComponent)
    let file = back.file
    var notes = 0
    var lastTick: UInt64 = 0
    for track in file.tracks {
        lastTick = max(lastTick, track.lengthTicks)
        for e in track.events {
            if case .channel(let status, _, let velocity) = e.kind, status & 0xF0 == 0x90, velocity > 0 { notes += 1 }
        }
    }
    let seconds = Double(TempoMap(file: file).refTime100ns(atTick: lastTick)) / 10_000_000
    print("\(midiURL.path): format \(file.format), \(file.tracks.count) tracks, \(notes) notes, "
        + "\(String(format: "%.1f", seconds)) s, \(midiBytes.count) bytes, \(back.warnings.count) warnings")
} catch {
    fail("\(midiURL.path) does not read back: \(error)")
}
