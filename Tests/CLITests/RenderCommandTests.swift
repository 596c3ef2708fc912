import DMusTestSupport
import Foundation
import Testing

@Suite struct RenderCommandTests {
    /// The walking skeleton's bar: every DLS of the corpus renders ants.mid audibly.
    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"))
    func rendersAntsWithEveryCorpusBank(bank: String) throws {
        guard let dls = TestData.path(bank), let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let out = CLI.tempPath((bank as NSString).lastPathComponent + ".wav")
        let r = try CLI.run(["render", song, "--dls", dls, "-o", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (peak, frames) = try CLI.wavPeak(out)
        #expect(frames > 48_000 * 15)
        #expect(peak > 300, "peak \(peak)")
    }

    @Test func rendersTheEmbeddedDemoWithNoArguments() throws {
        let out = CLI.tempPath("demo.wav")
        let r = try CLI.run(["render", "-o", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains(out))
        let (peak, frames) = try CLI.wavPeak(out)
        #expect(frames > 48_000 * 10)
        #expect(peak > 1000)
    }

    @Test func aMissingSongIsOneClearErrorAndNonZeroExit() throws {
        let r = try CLI.run(["render", "/nonexistent/song.mid", "-o", CLI.tempPath("x.wav")])
        #expect(r.status == 3)
        #expect(r.stderr.contains("/nonexistent/song.mid"))
        #expect(r.stderr.contains("no such file"))
    }

    @Test func aBrokenBankNamesTheFile() throws {
        let bad = CLI.tempPath("bad.dls")
        try Data("this is not a DLS collection\n".utf8).write(to: URL(fileURLWithPath: bad))
        let r = try CLI.run(["render", "--dls", bad, "-o", CLI.tempPath("y.wav")])
        #expect(r.status == 3)                          // bad input file
        #expect(r.stderr.contains(bad))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}

@Suite struct PlayCommandTests {
    @Test func anUnknownDeviceSaysWhichPCMAndWhatToDo() throws {
        let r = try CLI.run(["play", "--device", "dmus_no_such_pcm"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("dmus_no_such_pcm"))
        #expect(r.stderr.contains("dmus render"))
    }

    @Test func withoutADeviceTheFallbackRendersAndNamesThePath() throws {
        let out = CLI.tempPath("fallback.wav")
        let r = try CLI.run(["play", "--device", "dmus_no_such_pcm", "--fallback-wav", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains(out))
        #expect(try CLI.wavPeak(out).peak > 1000)
    }
}

@Suite struct DownloadCommandTests {
    @Test(arguments: TestData.files(in: "dls", suffix: ".dls"))
    func everyCorpusBankDownloadsAndUnloadsCleanly(bank: String) throws {
        guard let path = TestData.path(bank) else { return }
        let r = try CLI.run(["download", path, "--unload", "--buffer-bytes", "65535"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("allocator buffers"))
        #expect(r.stdout.contains("every event and buffer is back in the allocator"))
        #expect(r.stdout.contains("every unload completed"))
        #expect(r.stdout.contains("all sample memory freed"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["download", "x.dls", "--buffer-bytes", "1"]).status == 2)
        #expect(try CLI.run(["render"]).status == 2)
    }
}

import AudioOutput

@Suite struct RenderFormatTests {
    @Test(arguments: [("wav", "16"), ("wav", "24"), ("wav", "32"), ("wav", "float"), ("flac", "16"), ("flac", "24"), ("ogg", "16")])
    func everyFormatHasTheSongsLengthAndSound(container: String, bits: String) throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let out = CLI.tempPath("ants-\(bits).\(container)")
        let r = try CLI.run(["render", song, "-o", out, "--bits", bits, "--rate", "44100"])
        #expect(r.status == 0, "\(r.stderr)")
        let reader = try SoundFileReader(path: out)
        defer { reader.close() }
        #expect(reader.sampleRate == 44_100)
        #expect(reader.channels == 2)
        #expect(reader.frames > 44_100 * 17 && reader.frames < 44_100 * 30, "\(reader.frames) frames")
        let samples = try reader.readFloat(maxFrames: reader.frames)
        #expect(samples.map(abs).max()! > 0.05)
    }

    @Test func severalSongsGoToADirectoryInParallel() throws {
        guard let a = TestData.path("midi/sonivox/ants.mid"), let b = TestData.path("midi/sonivox/Leadsol_from_mxmf.mid") else { return }
        let dir = CLI.tempPath("many")
        let r = try CLI.run(["render", a, b, "-o", dir, "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/ants.wav"))
        #expect(FileManager.default.fileExists(atPath: dir + "/Leadsol_from_mxmf.wav"))
    }

    @Test func sixteenBitOutputIsDitheredDeterministically() throws {
        guard let song = TestData.path("midi/sonivox/ants.mid") else { return }
        let x = CLI.tempPath("d1.wav"), y = CLI.tempPath("d2.wav"), z = CLI.tempPath("d3.wav")
        _ = try CLI.run(["render", song, "-o", x])
        _ = try CLI.run(["render", song, "-o", y])
        _ = try CLI.run(["render", song, "-o", z, "--no-dither"])
        let bx = try Data(contentsOf: URL(fileURLWithPath: x)), by = try Data(contentsOf: URL(fileURLWithPath: y))
        let bz = try Data(contentsOf: URL(fileURLWithPath: z))
        #expect(bx == by)          // same bytes every time
        #expect(bx != bz)          // and the dither is really there
    }
}

@Suite struct MIDIInputTests {
    /// `play --midi-in` through an ALSA `type file` PCM (no sound card needed): raw bytes with
    /// running status become notes; the input's end releases them and stops the player.
    @Test func rawMIDIBytesPlayThroughTheCaptureStream() throws {
        let raw = CLI.tempPath("midiin-out.raw"), conf = CLI.tempPath("alsa.conf"), input = CLI.tempPath("in.midi")
        try Data("pcm.dmus_test { type file slave.pcm { type null } file \"\(raw)\" format \"raw\" }\n".utf8).write(to: URL(fileURLWithPath: conf))
        try Data([0x90, 60, 100, 64, 100, 0xF8, 67, 100]).write(to: URL(fileURLWithPath: input))
        let r = try CLI.run(["play", "--device", "dmus_test", "--midi-in", input], environment: ["ALSA_CONFIG_PATH": conf])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(8 bytes)"))
        #expect(r.stdout.contains("peak voices 3"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: raw))
        var peak: Int16 = 0
        bytes.withUnsafeBytes { b in for s in b.bindMemory(to: Int16.self) { peak = max(peak, s == Int16.min ? Int16.max : abs(s)) } }
        #expect(peak > 1000)
    }

    @Test func aMissingInputIsBadInput() throws {
        let conf = CLI.tempPath("alsa2.conf")
        try Data("pcm.dmus_test { type file slave.pcm { type null } file \"\(CLI.tempPath("x.raw"))\" format \"raw\" }\n".utf8).write(to: URL(fileURLWithPath: conf))
        let r = try CLI.run(["play", "--device", "dmus_test", "--midi-in", "/nonexistent/port"], environment: ["ALSA_CONFIG_PATH": conf])
        #expect(r.status == 3)
        #expect(r.stderr.contains("/nonexistent/port"))
    }
}

@Suite struct RenderRepeatTests {
    /// A format-0 SMF written here: a C major chord on a piano and a drum hit, about 1 s long.
    static func tinySong() -> [UInt8] {
        var track: [UInt8] = [0x00, 0xC0, 0x00,                       // program 0
                              0x00, 0x90, 60, 100, 0x00, 0x90, 64, 100, 0x00, 0x90, 67, 100,
                              0x00, 0x99, 36, 110]
        track += [0x83, 0x60, 0x80, 60, 0, 0x00, 0x80, 64, 0, 0x00, 0x80, 67, 0, 0x00, 0x89, 36, 0]   // 480 ticks later
        track += [0x83, 0x60, 0xFF, 0x2F, 0x00]
        let length = UInt32(track.count)
        return [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0]   // 480 ticks a quarter, 120 bpm
            + [0x4D, 0x54, 0x72, 0x6B] + [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + track
    }

    @Test func repeatTwiceRendersTheSameOutputThroughOnePort() throws {
        let song = CLI.tempPath("tiny-repeat.mid")
        try Data(Self.tinySong()).write(to: URL(fileURLWithPath: song))
        let out = CLI.tempPath("tiny-repeat.wav")
        let r = try CLI.run(["render", song, "-o", out, "--repeat", "2", "--rate", "22050"])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let loops = r.stdout.split(separator: "\n").filter { $0.hasPrefix("loop ") }
        #expect(loops.count == 2)
        let hashes = loops.compactMap { line in line.split(separator: ",").first { $0.contains("hash") }.map(String.init) }
        #expect(hashes.count == 2 && hashes[0] == hashes[1], "\(loops)")
        #expect(loops.allSatisfy { $0.contains("late events 0") && $0.contains("NaN/Inf 0") && $0.contains("resident") })
        #expect(r.stdout.contains("every loop identical"))
        let (peak, frames) = try CLI.wavPeak(out)
        #expect(frames > 22_050 / 2)      // the first loop went to the file
        #expect(peak > 300)
    }

    @Test func repeatMustBePositive() throws {
        let r = try CLI.run(["render", "-o", CLI.tempPath("x.wav"), "--repeat", "0"])
        #expect(r.status == 2)
    }
}
