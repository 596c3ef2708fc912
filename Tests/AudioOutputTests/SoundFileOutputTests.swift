import AudioOutput
import CSndFile
import DMusPort
import Glibc
import Testing

@Suite("SoundFileOutput and SoundFileReader")
struct SoundFileOutputTests {
    @Test("WAV 16: the data chunk holds exactly PCMConverter's bytes, and reads back as its Int16 values")
    func wav16RoundTrip() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("out.wav")
        let signal = testSignal(frames: 12_345)
        let out = try SoundFileOutput(path: path, sampleRate: 48_000, maxFramesPerWrite: 1000)
        #expect(out.format == .wav16)   // from the extension
        #expect(writeInSlices(out, signal) == 12_345)
        #expect(out.framesWritten == 12_345)
        try out.close()
        try out.close()   // idempotent

        var conv = PCMConverter()
        #expect(wavDataChunk(bytes(of: path)) == conv.int16LittleEndianBytes(signal))

        let reader = try SoundFileReader(path: path)
        #expect(reader.sampleRate == 48_000)
        #expect(reader.channels == 2)
        #expect(reader.frames == 12_345)
        #expect(reader.majorFormat == Int32(SF_FORMAT_WAV))
        #expect(reader.subtype == Int32(SF_FORMAT_PCM_16))
        #expect(try reader.readInt16() == conv.int16Samples(signal))
    }

    @Test("WAV float: bit-exact round trip, and identical bytes for identical input")
    func wavFloatBitExact() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let signal = testSignal(frames: 9000)
        var files: [[UInt8]] = []
        for name in ["a.wav", "b.wav"] {
            let path = dir.file(name)
            let out = try SoundFileOutput(path: path, format: .wavFloat, sampleRate: 44_100, maxFramesPerWrite: 700)
            writeInSlices(out, signal)
            try out.close()
            let reader = try SoundFileReader(path: path)
            #expect(reader.subtype == Int32(SF_FORMAT_FLOAT))
            #expect(reader.sampleRate == 44_100)
            let back = try reader.readFloat()
            #expect(back.count == signal.count)
            #expect(back.map(\.bitPattern) == signal.map(\.bitPattern))
            files.append(bytes(of: path))
        }
        #expect(files[0] == files[1], "two renders of the same data must give the same file")
        #expect(wavDataChunk(files[0]) == floatBytes(signal))
    }

    @Test("FLAC 16 is lossless against PCMConverter; FLAC/WAV 24 carry PCMConverter's 24-bit values",
          arguments: [SoundFileFormat.flac16, .flac24, .wav24])
    func integerFormats(format: SoundFileFormat) throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file(format == .wav24 ? "out.wav" : "out.flac")
        let signal = testSignal(frames: 5000)
        let out = try SoundFileOutput(path: path, format: format, maxFramesPerWrite: 512)
        writeInSlices(out, signal)
        try out.close()
        let reader = try SoundFileReader(path: path)
        #expect(reader.frames == 5000)
        var conv = PCMConverter()
        switch format {
        case .flac16:
            #expect(reader.majorFormat == Int32(SF_FORMAT_FLAC))
            #expect(try reader.readInt16() == conv.int16Samples(signal))
        default:
            #expect(reader.subtype == Int32(SF_FORMAT_PCM_24))
            let back = try reader.readInt32().map { $0 >> 8 }
            #expect(back == conv.int24Samples(signal))
        }
    }

    @Test("format from the extension",
          arguments: [("x.wav", SoundFileFormat.wav16), ("X.WAV", .wav16), ("a.b/c.wave", .wav16),
                      ("song.flac", .flac16), ("SONG.Flac", .flac16)])
    func inferredFormat(path: String, expected: SoundFileFormat) {
        #expect(SoundFileFormat.inferred(fromPath: path) == expected)
    }

    @Test("no format for unknown or missing extensions", arguments: ["x.mp3", "noext", "dir.wav/file", "x."])
    func noInferredFormat(path: String) {
        #expect(SoundFileFormat.inferred(fromPath: path) == nil)
    }

    @Test("an unknown extension is a clear error naming the path")
    func unknownExtension() {
        #expect {
            _ = try SoundFileOutput(path: "/tmp/whatever.xyz")
        } throws: { error in
            guard let e = error as? AudioOutputError else { return false }
            return e.kind == .invalidArgument && e.description.contains("/tmp/whatever.xyz")
                && e.description.contains(".wav")
        }
    }

    @Test("a file that cannot be created: error names the path and libsndfile's reason")
    func openFailure() {
        let path = "/nonexistent-dmus-dir/sub/out.wav"
        do {
            _ = try SoundFileOutput(path: path)
            Issue.record("opening \(path) should fail")
        } catch {
            #expect(error.kind == .fileOpen)
            #expect(error.call == "sf_open")
            #expect(error.description.contains(path))
            #expect(!error.reason.isEmpty)
            #expect(error.description.contains(error.reason))
        }
    }

    @Test("writes after close fail with -EBADFD; the reader reports a missing file")
    func closedAndMissing() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let out = try SoundFileOutput(path: dir.file("c.flac"))
        let frame: [Float] = [0.25, -0.25]
        #expect(out.write(frame, frameCount: 1) == 1)
        #expect(out.write(frame, frameCount: 0) == 0)
        #expect(out.delayFrames() == 0)
        try out.close()
        #expect(out.isClosed)
        #expect(out.write(frame, frameCount: 1) == -Int(EBADFD))

        #expect(throws: AudioOutputError.self) { _ = try SoundFileReader(path: dir.file("missing.wav")) }
    }

    @Test("reading in pieces returns consecutive frames")
    func partialReads() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("p.wav")
        let signal = testSignal(frames: 1000)
        let out = try SoundFileOutput(path: path, format: .wavFloat)
        writeInSlices(out, signal)
        try out.close()
        let reader = try SoundFileReader(path: path)
        let a = try reader.readFloat(maxFrames: 300)
        let b = try reader.readFloat()
        #expect(a.count == 600 && b.count == 1400)
        #expect((a + b).map(\.bitPattern) == signal.map(\.bitPattern))
        #expect(try reader.readFloat().isEmpty)
        reader.close()
    }
}
