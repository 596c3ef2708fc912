import CSndFile
import DMusPort
#if canImport(Glibc)
import Glibc
#endif

/// Container and sample format of a file written by `SoundFileOutput`.
public enum SoundFileFormat: String, Sendable, CaseIterable, Equatable {
    /// WAV, signed 16-bit PCM. Samples come from `PCMConverter`, so the data chunk holds
    /// exactly the bytes `ALSAOutput` sends as S16_LE.
    case wav16
    /// WAV, signed 24-bit PCM (`PCMConverter.int24`).
    case wav24
    /// WAV, 32-bit IEEE float: the render buffer bit for bit.
    case wavFloat
    /// FLAC, 16-bit (lossless: decodes to exactly `PCMConverter`'s Int16 values).
    case flac16
    /// FLAC, 24-bit.
    case flac24
    /// WAV, signed 32-bit PCM.
    case wav32
    /// Ogg Vorbis (lossy, quality set by libsndfile's default).
    case oggVorbis
    /// Headerless signed 16-bit little-endian PCM, interleaved.
    case raw16

    /// The format a path's extension implies: `.wav`/`.wave` → `wav16`, `.flac` → `flac16`
    /// (case-insensitive); nil for anything else.
    public static func inferred(fromPath path: String) -> SoundFileFormat? {
        guard let dot = path.lastIndex(of: "."),
              !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "wav", "wave": return .wav16
        case "flac": return .flac16
        case "ogg", "oga": return .oggVorbis
        case "raw", "pcm": return .raw16
        default: return nil
        }
    }

    /// libsndfile's `SF_FORMAT_*` major | subtype.
    public var sndfileFormat: Int32 {
        switch self {
        case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        case .wav32: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32)
        case .oggVorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .raw16: return Int32(SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE)
        }
    }

    enum SampleKind { case int16, int24, int32, float }

    var sampleKind: SampleKind {
        switch self {
        case .wav16, .flac16, .raw16: return .int16
        case .wav24, .flac24: return .int24
        case .wav32: return .int32
        case .wavFloat, .oggVorbis: return .float
        }
    }
}

/// Writes the rendered stream to a sound file through libsndfile.
///
/// Integer formats are converted by `PCMConverter` into a buffer preallocated at open and
/// written with `sf_writef_short` (16-bit) or `sf_writef_int` (24-bit, MSB-aligned), so libsndfile
/// never rescales; float WAV is written from the caller's buffer with `sf_writef_float`.
/// `write` itself allocates nothing; for WAV neither does libsndfile (measured: 0 mallocs in 200
/// writes after a warm-up), while libFLAC's encoder occasionally allocates inside
/// `sf_writef_*` (1 in 200 writes measured). Float WAV is written without a PEAK chunk, whose
/// timestamp would make identical renders differ.
///
/// File I/O may block: feed it from the wave-sink thread only for offline renders, where time
/// is virtual. One thread at a time; `@unchecked Sendable` so it can be handed to that thread.
public final class SoundFileOutput: WaveOutput, @unchecked Sendable {
    public let path: String
    public let format: SoundFileFormat
    public let sampleRate: Int
    public let channels: Int
    public let maxFramesPerWrite: Int
    /// Frames written so far.
    public private(set) var framesWritten: Int = 0
    public var isClosed: Bool { file == nil }

    private var file: OpaquePointer?
    private var converter = PCMConverter()
    private let scratch16: UnsafeMutablePointer<Int16>?
    private let scratch32: UnsafeMutablePointer<Int32>?

    /// Creates (truncates) `path`. `format` nil means: from the extension (`.wav` → 16-bit WAV,
    /// `.flac` → 16-bit FLAC); another extension is an error.
    /// `dither`: TPDF dither on 16-bit output (deterministic; see `PCMConverter`).
    public init(path: String, format: SoundFileFormat? = nil, sampleRate: Int = 48_000, channels: Int = 2,
                maxFramesPerWrite: Int = 4096, dither: Bool = false) throws(AudioOutputError) {
        func invalid(_ why: String) -> AudioOutputError {
            AudioOutputError(kind: .invalidArgument, target: path, reason: why)
        }
        guard let fmt = format ?? SoundFileFormat.inferred(fromPath: path) else {
            throw invalid("cannot tell the file format from the extension; use .wav or .flac, or choose a format explicitly")
        }
        guard sampleRate > 0 else { throw invalid("sample rate must be positive, got \(sampleRate)") }
        guard channels > 0 else { throw invalid("channels must be positive, got \(channels)") }
        guard maxFramesPerWrite > 0 else { throw invalid("maxFramesPerWrite must be positive, got \(maxFramesPerWrite)") }

        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = fmt.sndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw invalid("libsndfile cannot write \(fmt.rawValue) with \(channels) channels at \(sampleRate) Hz")
        }
        guard let sf = sf_open(path, Int32(SFM_WRITE), &info) else {
            let code = sf_error(nil)
            throw AudioOutputError(kind: .fileOpen, target: path, call: "sf_open", code: code,
                                   reason: String(cString: sf_strerror(nil)),
                                   hint: "Check that the directory exists and is writable")
        }
        if fmt == .wavFloat {
            // No PEAK chunk: it carries a timestamp, and offline renders must be reproducible.
            _ = sf_command(sf, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
        }

        self.path = path
        self.format = fmt
        converter.dither = dither
        self.sampleRate = sampleRate
        self.channels = channels
        self.maxFramesPerWrite = maxFramesPerWrite
        self.file = sf
        let count = maxFramesPerWrite * channels
        switch fmt.sampleKind {
        case .int16:
            let p = UnsafeMutablePointer<Int16>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            scratch16 = p
            scratch32 = nil
        case .int24, .int32:
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            scratch16 = nil
            scratch32 = p
        case .float:
            scratch16 = nil
            scratch32 = nil
        }
    }

    deinit {
        if let file { sf_close(file) }
        scratch16?.deallocate()
        scratch32?.deallocate()
    }

    /// Writes `frameCount` interleaved frames; returns `frameCount`, or a negative errno
    /// (`-EBADFD` after close, `-EIO` when libsndfile wrote less; `lastError` says why).
    public func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        guard let sf = file else { return -Int(EBADFD) }
        guard frameCount > 0 else { return frameCount == 0 ? 0 : -Int(EINVAL) }
        let ch = channels
        var done = 0
        while done < frameCount {
            let n = min(frameCount - done, maxFramesPerWrite)
            let src = samples + done * ch
            let written: sf_count_t
            if let scratch16 {
                converter.convert(src, count: n * ch, into: scratch16)
                written = sf_writef_short(sf, scratch16, sf_count_t(n))
            } else if let scratch32 {
                if format.sampleKind == .int32 {
                    converter.convert(src, count: n * ch, intoInt32: scratch32)
                } else {
                    converter.convert(src, count: n * ch, intoInt24MSBAligned: scratch32)
                }
                written = sf_writef_int(sf, scratch32, sf_count_t(n))
            } else {
                written = sf_writef_float(sf, src, sf_count_t(n))
            }
            if written > 0 { done += Int(written) }
            if written != sf_count_t(n) {
                framesWritten += done
                return -Int(EIO)
            }
        }
        framesWritten += frameCount
        return frameCount
    }

    /// Always 0: nothing of a file is "not yet heard".
    public func delayFrames() -> Int { 0 }

    /// libsndfile's description of the last error on this file, or nil.
    public var lastError: String? {
        guard let file, sf_error(file) != 0 else { return nil }
        return String(cString: sf_strerror(file))
    }

    /// Finalizes the header and closes the file. Idempotent.
    public func close() throws(AudioOutputError) {
        guard let sf = file else { return }
        let pending = sf_error(sf)
        let pendingReason = pending != 0 ? String(cString: sf_strerror(sf)) : nil
        file = nil
        let rc = sf_close(sf)
        if rc != 0 {
            throw AudioOutputError(kind: .fileWrite, target: path, call: "sf_close", code: rc,
                                   reason: String(cString: sf_error_number(rc)))
        }
        if let pendingReason {
            throw AudioOutputError(kind: .fileWrite, target: path, call: "sf_writef", code: pending, reason: pendingReason)
        }
    }
}

/// Reads a sound file back (tests, tools; allocates freely).
public final class SoundFileReader {
    public let path: String
    public let sampleRate: Int
    public let channels: Int
    /// Total frames in the file.
    public let frames: Int
    /// libsndfile's `SF_FORMAT_*` major | subtype.
    public let sndfileFormat: Int32

    private var file: OpaquePointer?

    public init(path: String) throws(AudioOutputError) {
        var info = SF_INFO()
        guard let sf = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioOutputError(kind: .fileRead, target: path, call: "sf_open", code: sf_error(nil),
                                   reason: String(cString: sf_strerror(nil)))
        }
        self.path = path
        self.file = sf
        self.sampleRate = Int(info.samplerate)
        self.channels = Int(info.channels)
        self.frames = Int(info.frames)
        self.sndfileFormat = info.format
    }

    deinit {
        if let file { sf_close(file) }
    }

    /// `SF_FORMAT_WAV`, `SF_FORMAT_FLAC`, … of the file.
    public var majorFormat: Int32 { sndfileFormat & Int32(SF_FORMAT_TYPEMASK) }
    /// `SF_FORMAT_PCM_16`, `SF_FORMAT_FLOAT`, … of the file.
    public var subtype: Int32 { sndfileFormat & Int32(SF_FORMAT_SUBMASK) }

    /// Reads up to `maxFrames` (default: the rest) interleaved frames as Int16 (libsndfile's
    /// scaling for other subtypes: exact for 16-bit data).
    public func readInt16(maxFrames: Int? = nil) throws(AudioOutputError) -> [Int16] {
        try readGeneric(maxFrames, zero: Int16(0)) { sf, p, n in sf_readf_short(sf, p, n) }
    }

    /// Reads frames as Float (exact for float files; 16-bit data comes back as v / 32768).
    public func readFloat(maxFrames: Int? = nil) throws(AudioOutputError) -> [Float] {
        try readGeneric(maxFrames, zero: Float(0)) { sf, p, n in sf_readf_float(sf, p, n) }
    }

    /// Reads frames as Int32 with the sample in the top bits (24-bit data comes back as v << 8).
    public func readInt32(maxFrames: Int? = nil) throws(AudioOutputError) -> [Int32] {
        try readGeneric(maxFrames, zero: Int32(0)) { sf, p, n in sf_readf_int(sf, p, n) }
    }

    /// Closes the file. Idempotent.
    public func close() {
        if let file { sf_close(file) }
        file = nil
    }

    private func readGeneric<T>(
        _ maxFrames: Int?, zero: T, _ readf: (OpaquePointer, UnsafeMutablePointer<T>, sf_count_t) -> sf_count_t
    ) throws(AudioOutputError) -> [T] {
        guard let sf = file else {
            throw AudioOutputError(kind: .fileRead, target: path, reason: "the reader is closed")
        }
        let want = max(0, maxFrames ?? frames)
        var out = [T](repeating: zero, count: want * channels)
        var got = 0
        out.withUnsafeMutableBufferPointer { buf in
            while got < want {
                let r = readf(sf, buf.baseAddress! + got * channels, sf_count_t(want - got))
                if r <= 0 { break }
                got += Int(r)
            }
        }
        if sf_error(sf) != 0 {
            throw AudioOutputError(kind: .fileRead, target: path, call: "sf_readf", code: sf_error(sf),
                                   reason: String(cString: sf_strerror(sf)))
        }
        out.removeLast((want - got) * channels)
        return out
    }
}
