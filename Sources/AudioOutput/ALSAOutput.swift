import CALSA
import CAudioShim
import DMusPort
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Plays through an ALSA PCM: a real device (`default`, `hw:0`, `plughw:1,0`, any name from
/// `aplay -L`) or a PCM defined by an inline configuration string (tests use a `type file` PCM
/// over a `null` slave, see `fileSinkConfig`).
///
/// Opening negotiates interleaved `channels` (2), a rate near the one asked, a period near
/// `periodFrames` and a buffer near `periodFrames × periods`, and the first format in
/// `formats` the PCM accepts (S16_LE unless told otherwise). Every buffer `write` needs is
/// allocated here.
///
/// `write` converts (S16_LE, through `PCMConverter`) into the preallocated buffer, or hands the
/// floats over as they are (FLOAT_LE), and calls `snd_pcm_writei` until every frame is taken,
/// resuming after short writes. An underrun (-EPIPE) or a suspend (-ESTRPIPE) is recovered with
/// `snd_pcm_recover` and counted in `underruns` / `suspends` (atomics: readable from any
/// thread while the wave sink runs); -EAGAIN waits for room (`snd_pcm_wait`) and retries,
/// counted in `notReady`. `write` allocates nothing, takes no lock and logs nothing.
///
/// Threading: one thread at a time calls `write`, `delayFrames` and `close` (a PCM handle is
/// not thread-safe); the counters may be read from anywhere. `@unchecked Sendable` so that the
/// port can hand the object to its wave-sink thread.
public final class ALSAOutput: WaveOutput, @unchecked Sendable {
    /// What to ask the PCM for.
    public struct Configuration: Sendable, Equatable {
        /// Frames per second; the PCM may grant a nearby rate (see `ALSAOutput.sampleRate`).
        public var sampleRate: Int
        /// Interleaved channels, exact.
        public var channels: Int
        /// Frames per period (nearest offered).
        public var periodFrames: Int
        /// Periods per buffer.
        public var periods: Int
        /// Formats in order of preference. Default `[.s16LE, .floatLE]`: S16_LE, falling back
        /// to FLOAT_LE only if the PCM refuses S16_LE. `[.floatLE]` forces float.
        public var formats: [ALSASampleFormat]
        /// The most frames one `write` converts at once (the size of the preallocated S16
        /// buffer). Longer writes are accepted and converted in slices of this size.
        public var maxFramesPerWrite: Int
        /// How many consecutive underrun/suspend recoveries one `write` tries without making
        /// progress before it gives up and returns the error.
        public var maxRecoveriesPerWrite: Int

        public init(sampleRate: Int = 48_000, channels: Int = 2, periodFrames: Int = 256, periods: Int = 4,
                    formats: [ALSASampleFormat] = [.s16LE, .floatLE], maxFramesPerWrite: Int = 4096,
                    maxRecoveriesPerWrite: Int = 16) {
            self.sampleRate = sampleRate
            self.channels = channels
            self.periodFrames = periodFrames
            self.periods = periods
            self.formats = formats
            self.maxFramesPerWrite = maxFramesPerWrite
            self.maxRecoveriesPerWrite = maxRecoveriesPerWrite
        }

        /// The defaults with exactly one format.
        public init(format: ALSASampleFormat) {
            self.init(formats: [format])
        }
    }

    /// Where the PCM comes from.
    public enum Source: Sendable, Equatable {
        /// A PCM name as `snd_pcm_open` understands it: `default`, `hw:0`, `plughw:1,0`, `pulse`…
        case device(String)
        /// PCM `pcmName` defined in `configText`, opened with `snd_pcm_open_lconf` (no global
        /// config, no environment).
        case inlineConfig(pcmName: String, configText: String)

        /// The PCM name, for messages.
        public var pcmName: String {
            switch self {
            case .device(let name): return name
            case .inlineConfig(let name, _): return name
            }
        }
    }

    public let source: Source
    /// The PCM name that was opened.
    public var pcmName: String { source.pcmName }
    public let sampleRate: Int
    public let channels: Int
    public let maxFramesPerWrite: Int
    /// The sample format in force.
    public let format: ALSASampleFormat
    /// Frames per period granted.
    public let periodFrames: Int
    /// Frames in the device buffer granted.
    public let bufferFrames: Int

    /// Underruns (-EPIPE from `snd_pcm_writei`) recovered so far.
    public var underruns: Int { underrunCount.load(ordering: .relaxed) }
    /// Writes the PCM was not ready for (-EAGAIN), waited out and retried so far.
    public var notReady: Int { againCount.load(ordering: .relaxed) }
    /// Suspends (-ESTRPIPE) recovered so far.
    public var suspends: Int { suspendCount.load(ordering: .relaxed) }
    /// Frames accepted by `write` so far.
    public var framesWritten: Int { framesWrittenCount.load(ordering: .relaxed) }
    /// The last error `write` returned (a negative errno that could not be recovered, such as
    /// -ENODEV when the device went away), 0 if none (any thread).
    public var lastWriteError: Int32 { Int32(truncatingIfNeeded: lastWriteErrorCode.load(ordering: .relaxed)) }
    /// `lastWriteError` in words ("No such device"), nil if none. Not for the wave-sink thread.
    public var lastWriteErrorReason: String? {
        let code = lastWriteError
        return code == 0 ? nil : driver.strerror(code)
    }
    /// Whether `close()` has run.
    public var isClosed: Bool { handle == nil }

    private let driver: ALSAPCMDriver
    private var handle: ALSAPCMDriver.Handle?
    private var converter = PCMConverter()
    /// S16 staging buffer, `maxFramesPerWrite × channels` samples; nil for FLOAT_LE.
    private let scratch: UnsafeMutablePointer<Int16>?
    private let bytesPerFrame: Int
    private let maxRecoveries: Int
    private let underrunCount = Atomic<Int>(0)
    private let suspendCount = Atomic<Int>(0)
    private let framesWrittenCount = Atomic<Int>(0)
    private let lastWriteErrorCode = Atomic<Int>(0)
    private let againCount = Atomic<Int>(0)
    private let waitTimeoutMilliseconds: Int32

    /// The hint every open failure carries.
    public static let openFailureHint =
        "Use --device NAME to choose another PCM (`aplay -L` lists them), or render to a file with `dmus render`"

    /// Opens the PCM named `device` (never use "default" in tests: a machine without a sound
    /// card has none).
    public convenience init(device: String = "default", configuration: Configuration = Configuration(),
                            driver: ALSAPCMDriver = .system) throws(AudioOutputError) {
        try self.init(source: .device(device), configuration: configuration, driver: driver)
    }

    /// Opens PCM `pcmName` defined in the ALSA configuration text `configText`.
    public convenience init(pcmName: String, configText: String, configuration: Configuration = Configuration(),
                            driver: ALSAPCMDriver = .system) throws(AudioOutputError) {
        try self.init(source: .inlineConfig(pcmName: pcmName, configText: configText),
                      configuration: configuration, driver: driver)
    }

    public init(source: Source, configuration: Configuration = Configuration(),
                driver: ALSAPCMDriver = .system) throws(AudioOutputError) {
        let name = source.pcmName
        func invalid(_ why: String) -> AudioOutputError {
            AudioOutputError(kind: .invalidArgument, target: name, reason: why)
        }
        let c = configuration
        guard c.sampleRate > 0 else { throw invalid("sample rate must be positive, got \(c.sampleRate)") }
        guard c.channels > 0 else { throw invalid("channels must be positive, got \(c.channels)") }
        guard c.periodFrames > 0 else { throw invalid("period must be at least 1 frame, got \(c.periodFrames)") }
        guard c.periods >= 2 else { throw invalid("a buffer needs at least 2 periods, got \(c.periods)") }
        guard c.maxFramesPerWrite > 0 else { throw invalid("maxFramesPerWrite must be positive, got \(c.maxFramesPerWrite)") }
        guard !c.formats.isEmpty else { throw invalid("no sample format to try") }

        ALSAErrorCapture.ensureInstalled()
        ALSAErrorCapture.clear()

        // Open non-blocking so a busy device fails at once instead of waiting, then switch
        // to blocking writes (what aplay does).
        let opened: Result<ALSAPCMDriver.Handle, ALSACallFailure>
        switch source {
        case .device(let device): opened = driver.open(device, Int32(SND_PCM_NONBLOCK))
        case .inlineConfig(let pcmName, let text): opened = driver.openFromConfig(pcmName, text, Int32(SND_PCM_NONBLOCK))
        }
        let pcm: ALSAPCMDriver.Handle
        switch opened {
        case .success(let h): pcm = h
        case .failure(let f):
            var hint = ALSAOutput.openFailureHint
            if f.code == -EBUSY { hint = "Another program is using the device. " + hint }
            if case .inlineConfig = source { hint = "Check the inline ALSA configuration. " + hint }
            throw AudioOutputError(kind: .deviceOpen, target: name, call: f.call, code: f.code,
                                   reason: driver.strerror(f.code), detail: ALSAErrorCapture.lastMessage, hint: hint)
        }

        func fail(_ f: ALSACallFailure, _ reason: String? = nil) -> AudioOutputError {
            let detail = ALSAErrorCapture.lastMessage
            _ = driver.close(pcm)
            return AudioOutputError(kind: .deviceConfiguration, target: name, call: f.call, code: f.code,
                                    reason: reason ?? driver.strerror(f.code), detail: detail,
                                    hint: ALSAOutput.openFailureHint)
        }
        let rc = driver.setNonblocking(pcm, false)
        if rc < 0 { throw fail(ALSACallFailure(call: "snd_pcm_nonblock", code: rc)) }

        let request = ALSAHardwareRequest(formats: c.formats, channels: c.channels, sampleRate: c.sampleRate,
                                          periodFrames: c.periodFrames, periods: c.periods)
        let grant: ALSAHardwareGrant
        switch driver.configure(pcm, request) {
        case .success(let g): grant = g
        case .failure(let f):
            var reason = driver.strerror(f.code)
            if f.call == "snd_pcm_hw_params_set_format" {
                reason += " (none of " + c.formats.map(\.rawValue).joined(separator: ", ") + " is accepted)"
            } else if f.call == "snd_pcm_hw_params_set_channels" {
                reason += " (\(c.channels) channels)"
            }
            throw fail(f, reason)
        }
        guard grant.channels == c.channels, grant.sampleRate > 0, grant.periodFrames > 0, grant.bufferFrames > 0 else {
            throw fail(ALSACallFailure(call: "snd_pcm_hw_params", code: -EINVAL),
                       "unusable parameters granted: \(grant)")
        }

        self.source = source
        self.driver = driver
        self.handle = pcm
        self.sampleRate = grant.sampleRate
        self.channels = grant.channels
        self.format = grant.format
        self.periodFrames = grant.periodFrames
        self.bufferFrames = grant.bufferFrames
        self.maxFramesPerWrite = c.maxFramesPerWrite
        self.maxRecoveries = max(1, c.maxRecoveriesPerWrite)
        self.bytesPerFrame = grant.channels * grant.format.bytesPerSample
        self.waitTimeoutMilliseconds = Int32(clamping: max(10, grant.bufferFrames * 1000 / max(1, grant.sampleRate)))
        if grant.format == .s16LE {
            let count = c.maxFramesPerWrite * grant.channels
            let p = UnsafeMutablePointer<Int16>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            self.scratch = p
        } else {
            self.scratch = nil
        }
    }

    deinit {
        if let pcm = handle {
            _ = driver.drop(pcm)
            _ = driver.close(pcm)
        }
        scratch?.deallocate()
    }

    // MARK: WaveOutput

    /// Writes `frameCount` interleaved Float32 frames. Returns `frameCount`, or a negative errno
    /// (`-EBADFD` after `close`, `-EINVAL` for a negative count, or what ALSA reported and
    /// `snd_pcm_recover` could not fix).
    public func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        guard let pcm = handle else { return -Int(EBADFD) }
        guard frameCount > 0 else { return frameCount == 0 ? 0 : -Int(EINVAL) }
        let ch = channels
        var done = 0
        while done < frameCount {
            let n = min(frameCount - done, maxFramesPerWrite)
            let src = samples + done * ch
            let data: UnsafeRawPointer
            if let scratch {
                converter.convert(src, count: n * ch, into: scratch)
                data = UnsafeRawPointer(scratch)
            } else {
                data = UnsafeRawPointer(src)
            }
            let r = writeFully(pcm, data, frames: n)
            if r < 0 {
                lastWriteErrorCode.store(r, ordering: .relaxed)
                _ = framesWrittenCount.wrappingAdd(done, ordering: .relaxed)
                return r
            }
            done += n
        }
        _ = framesWrittenCount.wrappingAdd(frameCount, ordering: .relaxed)
        return frameCount
    }

    /// `snd_pcm_writei` until all `frames` are taken: resumes after short writes, recovers
    /// -EPIPE / -ESTRPIPE / -EINTR. Returns 0 or a negative errno.
    private func writeFully(_ pcm: ALSAPCMDriver.Handle, _ data: UnsafeRawPointer, frames: Int) -> Int {
        let writei = driver.writei
        var offset = 0
        var failuresWithoutProgress = 0
        while offset < frames {
            let r = writei(pcm, data + offset * bytesPerFrame, frames - offset)
            if r > 0 {
                offset += min(r, frames - offset)
                failuresWithoutProgress = 0
                continue
            }
            failuresWithoutProgress += 1
            if r == 0 {
                // A blocking PCM never takes 0 frames; don't spin forever if one does.
                if failuresWithoutProgress > maxRecoveries { return -Int(EIO) }
                continue
            }
            let err = Int32(truncatingIfNeeded: r)
            switch err {
            case -EPIPE: _ = underrunCount.wrappingAdd(1, ordering: .relaxed)
            case -ESTRPIPE: _ = suspendCount.wrappingAdd(1, ordering: .relaxed)
            case -EINTR: break
            case -EAGAIN:
                // Not ready (a PCM left non-blocking, a plugin that is busy): wait for room, up
                // to a buffer's time, and try again; no recovery needed.
                _ = againCount.wrappingAdd(1, ordering: .relaxed)
                if failuresWithoutProgress > maxRecoveries { return r }
                let w = driver.wait(pcm, waitTimeoutMilliseconds)
                if w < 0 && w != -EPIPE && w != -ESTRPIPE { return Int(w) }
                continue
            default: return r
            }
            if failuresWithoutProgress > maxRecoveries { return r }
            let rc = driver.recover(pcm, err, true)
            if rc < 0 { return Int(rc) }
        }
        return 0
    }

    /// Frames written but not yet played, from `snd_pcm_delay`; 0 when closed or when ALSA
    /// reports an error (for example during an xrun).
    public func delayFrames() -> Int {
        guard let pcm = handle else { return 0 }
        let d = driver.delay(pcm)
        return d.error < 0 ? 0 : max(0, d.frames)
    }

    /// Plays what was written (`snd_pcm_drain`) and closes the PCM. Idempotent.
    public func close() throws(AudioOutputError) {
        try close(discardPending: false)
    }

    /// Closes the PCM; with `discardPending` it stops at once (`snd_pcm_drop`) instead of
    /// playing what is still buffered. Idempotent.
    public func close(discardPending: Bool) throws(AudioOutputError) {
        guard let pcm = handle else { return }
        handle = nil
        ALSAErrorCapture.clear()
        let stop = discardPending ? driver.drop(pcm) : driver.drain(pcm)
        let stopDetail = ALSAErrorCapture.lastMessage
        let rc = driver.close(pcm)
        if rc < 0 {
            throw AudioOutputError(kind: .deviceClose, target: pcmName, call: "snd_pcm_close", code: rc,
                                   reason: driver.strerror(rc), detail: ALSAErrorCapture.lastMessage ?? stopDetail)
        }
        // A drain that finds the stream in an xrun or suspended state has nothing left to play:
        // not worth an error.
        if stop < 0 && stop != -EPIPE && stop != -ESTRPIPE && stop != -EBADFD {
            throw AudioOutputError(kind: .deviceClose, target: pcmName,
                                   call: discardPending ? "snd_pcm_drop" : "snd_pcm_drain", code: stop,
                                   reason: driver.strerror(stop), detail: stopDetail)
        }
    }

    // MARK: Inline configurations

    /// Container of the file a `type file` PCM writes.
    public enum FileSinkContainer: String, Sendable {
        /// Bare sample data.
        case raw
        /// The same data after a 44-byte WAV header.
        case wav
    }

    /// An ALSA configuration defining PCM `pcmName` as a `type file` PCM over an inline
    /// `null` slave: everything written lands in `path` in the negotiated format, and nothing
    /// needs a sound card or the system's alsa.conf. The file is complete only after `close()`.
    public static func fileSinkConfig(pcmName: String = "dmus_file", path: String,
                                      container: FileSinkContainer = .raw) -> String {
        """
        pcm.\(quoteConfigString(pcmName)) {
            type file
            slave.pcm { type null }
            file \(quoteConfigString(path))
            format "\(container.rawValue)"
            perm 0644
        }

        """
    }

    /// `s` as a double-quoted ALSA configuration string.
    public static func quoteConfigString(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
