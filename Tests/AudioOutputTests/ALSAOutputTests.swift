import AudioOutput
import CALSA
import CAudioShim
import DMusPort
import Glibc
import Synchronization
import Testing

/// ALSA without a sound card: a `type file` PCM over an inline `null` slave, opened with
/// `snd_pcm_open_lconf` from a config string (no environment, no global config). Never opens
/// "default". Serialized: alsa-lib's global state is not something to race on.
@Suite("ALSAOutput", .serialized)
struct ALSAOutputTests {
    @Test("S16_LE through a file-over-null PCM: the file holds exactly PCMConverter's bytes")
    func s16BytesMatchConverter() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("out.raw")
        let signal = testSignal(frames: 12_345)
        let out = try ALSAOutput(pcmName: "dmus_file", configText: ALSAOutput.fileSinkConfig(path: path),
                                 configuration: .init(maxFramesPerWrite: 1000))
        #expect(out.format == .s16LE)
        #expect(out.sampleRate == 48_000)
        #expect(out.channels == 2)
        #expect(out.periodFrames == 256)
        #expect(out.bufferFrames == 1024)
        #expect(out.maxFramesPerWrite == 1000)
        #expect(out.pcmName == "dmus_file")
        #expect(writeInSlices(out, signal) == 12_345)
        #expect(out.framesWritten == 12_345)
        let delay = out.delayFrames()
        #expect(delay >= 0 && delay <= out.bufferFrames)
        #expect(out.underruns == 0 && out.suspends == 0)
        try out.close()
        try out.close()   // idempotent
        #expect(out.isClosed)
        #expect(out.delayFrames() == 0)

        var conv = PCMConverter()
        let expected = conv.int16LittleEndianBytes(signal)
        let got = bytes(of: path)
        #expect(got.count == expected.count)
        #expect(got == expected)
    }

    @Test("FLOAT_LE: the file holds the input floats bit for bit")
    func floatBytesMatchInput() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("out.raw")
        let signal = testSignal(frames: 7000)
        let out = try ALSAOutput(pcmName: "dmus_file", configText: ALSAOutput.fileSinkConfig(path: path),
                                 configuration: .init(format: .floatLE))
        #expect(out.format == .floatLE)
        writeInSlices(out, signal)
        try out.close()
        #expect(bytes(of: path) == floatBytes(signal))
    }

    @Test("ALSA S16 bytes equal the data chunk of SoundFileOutput's 16-bit WAV")
    func alsaAndWavAgree() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let signal = testSignal(frames: 4800)
        let raw = dir.file("alsa.raw"), wav = dir.file("file.wav")
        let alsa = try ALSAOutput(pcmName: "dmus_file", configText: ALSAOutput.fileSinkConfig(path: raw))
        let file = try SoundFileOutput(path: wav)
        writeInSlices(alsa, signal)
        writeInSlices(file, signal)
        try alsa.close()
        try file.close()
        let a = bytes(of: raw)
        #expect(a.count == 4800 * 4)
        #expect(wavDataChunk(bytes(of: wav)) == a)
    }

    @Test("the file plugin's WAV container: a 44-byte header, then the same data")
    func fileSinkWavContainer() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("dir with \"quotes\" and spaces.wav")
        let signal = testSignal(frames: 2000)
        let out = try ALSAOutput(pcmName: "dmus wav", configText: ALSAOutput.fileSinkConfig(pcmName: "dmus wav", path: path, container: .wav))
        writeInSlices(out, signal)
        try out.close()
        var conv = PCMConverter()
        let got = bytes(of: path)
        #expect(got.count == 44 + 8000)
        #expect(Array(got.dropFirst(44)) == conv.int16LittleEndianBytes(signal))
    }

    @Test("underruns and suspends are recovered and counted, short writes resumed, and no frame is lost")
    func faultInjectionRecovery() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("faults.raw")
        // writei calls 2 and 5 underrun, 3 is a suspend, 9 is interrupted; every call takes at
        // most 300 frames (short writes).
        let faults = FaultInjector(faults: [2: -EPIPE, 3: -ESTRPIPE, 5: -EPIPE, 9: -EINTR], maxFramesPerCall: 300)
        let out = try ALSAOutput(pcmName: "dmus_file", configText: ALSAOutput.fileSinkConfig(path: path),
                                 driver: faults.driver())
        let signal = testSignal(frames: 6000)
        #expect(writeInSlices(out, signal, slices: [1024, 2048, 100, 4096]) == 6000)
        #expect(out.underruns == 2)
        #expect(out.suspends == 1)
        try out.close()

        let s = faults.snapshot
        #expect(s.recoverCalls == [-EPIPE, -ESTRPIPE, -EPIPE, -EINTR])
        #expect(s.framesPassed == 6000)
        #expect(s.writeCalls > 4 + 6000 / 300)
        var conv = PCMConverter()
        #expect(bytes(of: path) == conv.int16LittleEndianBytes(signal), "writing continued where it stopped")
    }

    @Test("a failed recovery is reported as write's result, and the output stays usable")
    func failedRecovery() throws {
        let frames = Locked(0)
        let faults = FaultInjector(faults: [1: -EPIPE], recoverResult: -EIO)
        let out = try ALSAOutput(device: "dmus_fake", driver: faults.driver(over: synthesizedDriver(frameSink: frames)))
        let block = [Float](repeating: 0.1, count: 512)
        #expect(out.write(block, frameCount: 256) == -Int(EIO))
        #expect(out.underruns == 1)
        faults.state.withLock { $0.recoverResult = nil }
        #expect(out.write(block, frameCount: 256) == 256)
        #expect(frames.value == 256)
        #expect(out.framesWritten == 256)
    }

    @Test("a device that underruns forever: write gives up after a bounded number of recoveries")
    func endlessUnderrun() throws {
        var driver = synthesizedDriver()
        driver.writei = { _, _, _ in Int(-EPIPE) }
        let out = try ALSAOutput(device: "dmus_fake", configuration: .init(maxRecoveriesPerWrite: 5), driver: driver)
        let block = [Float](repeating: 0, count: 64)
        #expect(out.write(block, frameCount: 32) == -Int(EPIPE))
        #expect(out.underruns == 6)
        #expect(out.write(block, frameCount: 0) == 0)
        #expect(out.write(block, frameCount: -3) == -Int(EINVAL))
    }

    @Test("-EAGAIN waits for room (snd_pcm_wait) and retries: counted, not recovered, no frame lost; endless -EAGAIN gives up")
    func notReadyWaitsAndRetries() throws {
        let frames = Locked(0), waits = Locked<[Int32]>([])
        var base = synthesizedDriver(frameSink: frames)
        base.wait = { _, timeout in waits.withLock { $0.append(timeout) }; return 1 }
        let faults = FaultInjector(faults: [2: -EAGAIN, 3: -EAGAIN], maxFramesPerCall: 100)
        let out = try ALSAOutput(device: "dmus_fake", driver: faults.driver(over: base))
        let block = [Float](repeating: 0.1, count: 2 * 300)
        #expect(out.write(block, frameCount: 300) == 300)
        #expect(out.notReady == 2)
        #expect(out.underruns == 0 && out.suspends == 0)
        #expect(faults.snapshot.recoverCalls.isEmpty)
        #expect(frames.value == 300)
        #expect(waits.value == [21, 21])        // a buffer's time: 1024 frames at 48 kHz

        var stuck = synthesizedDriver()
        stuck.writei = { _, _, _ in Int(-EAGAIN) }
        let never = try ALSAOutput(device: "dmus_fake", configuration: .init(maxRecoveriesPerWrite: 3), driver: stuck)
        #expect(never.write(block, frameCount: 10) == -Int(EAGAIN))
        #expect(never.notReady == 4)
        #expect(never.lastWriteError == -EAGAIN)
    }

    @Test("other errors are returned, not recovered")
    func unrecoverableError() throws {
        let faults = FaultInjector(faults: [1: -ENODEV])
        let out = try ALSAOutput(device: "dmus_fake", driver: faults.driver(over: synthesizedDriver()))
        let block = [Float](repeating: 0, count: 64)
        #expect(out.write(block, frameCount: 32) == -Int(ENODEV))
        #expect(faults.snapshot.recoverCalls.isEmpty)
        #expect(out.underruns == 0 && out.suspends == 0)
        #expect(out.delayFrames() == 123)
    }

    @Test("opening a PCM that does not exist: the error names it, gives ALSA's reason and what to do")
    func bogusPCMName() {
        do {
            _ = try ALSAOutput(device: "dmus_no_such_pcm")
            Issue.record("dmus_no_such_pcm should not open")
        } catch {
            #expect(error.kind == .deviceOpen)
            #expect(error.target == "dmus_no_such_pcm")
            #expect(error.call == "snd_pcm_open")
            #expect(error.code == -ENOENT)
            #expect(error.reason == "No such file or directory")
            #expect(error.detail?.contains("Unknown PCM dmus_no_such_pcm") == true)
            let text = error.description
            #expect(text.contains("\"dmus_no_such_pcm\""))
            #expect(text.contains("No such file or directory"))
            #expect(text.contains("Unknown PCM dmus_no_such_pcm"))
            #expect(text.contains("--device NAME"))
            #expect(text.contains("dmus render"))
        }
    }

    @Test("a broken or incomplete inline configuration is a clear error too")
    func badInlineConfig() {
        do {
            _ = try ALSAOutput(pcmName: "dmus_file", configText: "pcm.dmus_file { type file ")
            Issue.record("a truncated config should not parse")
        } catch {
            #expect(error.kind == .deviceOpen)
            #expect(error.call == "snd_config_load")
            #expect(error.description.contains("dmus_file"))
        }
        do {
            _ = try ALSAOutput(pcmName: "dmus_other", configText: "pcm.dmus_file { type null }")
            Issue.record("a PCM missing from the config should not open")
        } catch {
            #expect(error.call == "snd_pcm_open_lconf")
            #expect(error.code == -ENOENT)
            #expect(error.description.contains("dmus_other"))
        }
    }

    @Test("a configuration failure closes the handle and names the refused call")
    func configurationFailure() {
        let closes = Locked(0)
        var driver = synthesizedDriver(closes: closes)
        driver.configure = { _, _ in .failure(ALSACallFailure(call: "snd_pcm_hw_params_set_format", code: -EINVAL)) }
        do {
            _ = try ALSAOutput(device: "dmus_fake", configuration: .init(format: .floatLE), driver: driver)
            Issue.record("configure failure should throw")
        } catch {
            #expect(error.kind == .deviceConfiguration)
            #expect(error.call == "snd_pcm_hw_params_set_format")
            #expect(error.description.contains("FLOAT_LE"))
            #expect(error.description.contains("dmus_fake"))
        }
        #expect(closes.value == 1)
    }

    @Test("invalid settings are refused before ALSA is touched")
    func invalidSettings() {
        let opens = Locked(0)
        var driver = synthesizedDriver()
        driver.open = { _, _ in
            opens.withLock { $0 += 1 }
            return .failure(ALSACallFailure(call: "snd_pcm_open", code: -ENOENT))
        }
        for config in [ALSAOutput.Configuration(sampleRate: 0), .init(channels: 0), .init(periodFrames: 0),
                       .init(periods: 1), .init(formats: []), .init(maxFramesPerWrite: 0)] {
            #expect(throws: AudioOutputError.self) { _ = try ALSAOutput(device: "x", configuration: config, driver: driver) }
        }
        #expect(opens.value == 0)
    }

    @Test("close drains, then closes once; write after close is -EBADFD; close(discardPending:) drops")
    func closeSemantics() throws {
        let log = Locked<[String]>([])
        var driver = synthesizedDriver()
        driver.drain = { _ in log.withLock { $0.append("drain") }; return 0 }
        driver.drop = { _ in log.withLock { $0.append("drop") }; return 0 }
        driver.close = { _ in log.withLock { $0.append("close") }; return 0 }
        let a = try ALSAOutput(device: "dmus_fake", driver: driver)
        try a.close()
        try a.close()
        let b = try ALSAOutput(device: "dmus_fake", driver: driver)
        try b.close(discardPending: true)
        #expect(log.value == ["drain", "close", "drop", "close"])
        let block = [Float](repeating: 0, count: 4)
        #expect(a.write(block, frameCount: 2) == -Int(EBADFD))

        // A drain that meets an xrun is not an error; a failing close is.
        driver.drain = { _ in -EPIPE }
        try ALSAOutput(device: "dmus_fake", driver: driver).close()
        driver.close = { _ in -EIO }
        #expect(throws: AudioOutputError.self) { try ALSAOutput(device: "dmus_fake", driver: driver).close() }
    }

    @Test("the error handler captures alsa-lib's messages per thread instead of printing them")
    func errorCapture() {
        ALSAErrorCapture.install()
        #expect(ALSAErrorCapture.isInstalled)
        ALSAErrorCapture.clear()
        #expect(ALSAErrorCapture.lastMessage == nil)
        var pcm: OpaquePointer?
        let rc = snd_pcm_open(&pcm, "dmus_capture_probe", SND_PCM_STREAM_PLAYBACK, 0)
        #expect(rc == -ENOENT)
        #expect(ALSAErrorCapture.lastMessage?.hasSuffix("Unknown PCM dmus_capture_probe") == true)
        #expect(dmus_alsa_error_count() >= 1)
        ALSAErrorCapture.clear()
        #expect(ALSAErrorCapture.lastMessage == nil)
    }
}
