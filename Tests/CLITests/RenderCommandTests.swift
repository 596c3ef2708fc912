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
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["download", "x.dls", "--buffer-bytes", "1"]).status == 2)
        #expect(try CLI.run(["render"]).status == 2)
    }
}
