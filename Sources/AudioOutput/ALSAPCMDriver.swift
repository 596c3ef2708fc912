import CALSA
import CAudioShim
#if canImport(Glibc)
import Glibc
#endif

/// Sample formats `ALSAOutput` can hand to a PCM.
public enum ALSASampleFormat: String, Sendable, CaseIterable, Equatable {
    /// Signed 16-bit little-endian, converted by `PCMConverter`. The default.
    case s16LE = "S16_LE"
    /// 32-bit IEEE float little-endian: the render buffer as is, no conversion.
    case floatLE = "FLOAT_LE"

    public var bytesPerSample: Int {
        switch self {
        case .s16LE: return 2
        case .floatLE: return 4
        }
    }

    var alsaFormat: snd_pcm_format_t {
        switch self {
        case .s16LE: return SND_PCM_FORMAT_S16_LE
        case .floatLE: return SND_PCM_FORMAT_FLOAT_LE
        }
    }
}

/// What `ALSAOutput` asks of the PCM's hardware and software parameters.
public struct ALSAHardwareRequest: Sendable, Equatable {
    /// Formats in order of preference; the first one the PCM accepts is used.
    public var formats: [ALSASampleFormat]
    /// Interleaved channels (exact).
    public var channels: Int
    /// Frames per second (nearest the PCM offers).
    public var sampleRate: Int
    /// Frames per period (nearest the PCM offers).
    public var periodFrames: Int
    /// Periods per buffer: the buffer size asked is `periodFrames × periods` (nearest).
    public var periods: Int

    public init(formats: [ALSASampleFormat], channels: Int, sampleRate: Int, periodFrames: Int, periods: Int) {
        self.formats = formats
        self.channels = channels
        self.sampleRate = sampleRate
        self.periodFrames = periodFrames
        self.periods = periods
    }
}

/// What the PCM granted.
public struct ALSAHardwareGrant: Sendable, Equatable {
    public var format: ALSASampleFormat
    public var channels: Int
    public var sampleRate: Int
    public var periodFrames: Int
    public var bufferFrames: Int

    public init(format: ALSASampleFormat, channels: Int, sampleRate: Int, periodFrames: Int, bufferFrames: Int) {
        self.format = format
        self.channels = channels
        self.sampleRate = sampleRate
        self.periodFrames = periodFrames
        self.bufferFrames = bufferFrames
    }
}

/// One alsa-lib call that failed: its name and its (negative errno) result.
public struct ALSACallFailure: Error, Sendable, Equatable {
    public var call: String
    public var code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }
}

/// The only door between `ALSAOutput` and libasound: every `snd_pcm_*` call the module makes
/// goes through one of these closures (modelled on swift-system's mocking layer). Production
/// code uses `ALSAPCMDriver.system`; tests copy it and replace a closure or two, for instance
/// a `writei` that returns `-EPIPE` on chosen calls, to check recovery without hardware.
///
/// Codes follow alsa-lib: ≥ 0 is success, a negative errno is failure. The closures run on the
/// thread that calls `ALSAOutput`; `writei`, `recover` and `delay` run on the wave-sink thread
/// and must not allocate.
public struct ALSAPCMDriver: Sendable {
    /// A `snd_pcm_t *`.
    public typealias Handle = OpaquePointer

    /// `snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, mode)`.
    public var open: @Sendable (_ name: String, _ mode: Int32) -> Result<Handle, ALSACallFailure>
    /// Parses `configText` as an ALSA configuration (`snd_config_load`) and opens PCM `name`
    /// defined there with `snd_pcm_open_lconf`. Neither the global config nor any environment
    /// variable is consulted.
    public var openFromConfig: @Sendable (_ name: String, _ configText: String, _ mode: Int32) -> Result<Handle, ALSACallFailure>
    /// `snd_pcm_nonblock(pcm, nonblocking ? 1 : 0)`.
    public var setNonblocking: @Sendable (_ pcm: Handle, _ nonblocking: Bool) -> Int32
    /// The whole hw/sw parameter negotiation (`snd_pcm_hw_params_*`, `snd_pcm_sw_params_*`).
    public var configure: @Sendable (_ pcm: Handle, _ request: ALSAHardwareRequest) -> Result<ALSAHardwareGrant, ALSACallFailure>
    /// `snd_pcm_writei`: frames written, or a negative errno.
    public var writei: @Sendable (_ pcm: Handle, _ data: UnsafeRawPointer, _ frames: Int) -> Int
    /// `snd_pcm_recover(pcm, error, silent)`.
    public var recover: @Sendable (_ pcm: Handle, _ error: Int32, _ silent: Bool) -> Int32
    /// `snd_pcm_delay`: (0, frames) or (negative errno, 0).
    public var delay: @Sendable (_ pcm: Handle) -> (error: Int32, frames: Int)
    /// `snd_pcm_drain`.
    public var drain: @Sendable (_ pcm: Handle) -> Int32
    /// `snd_pcm_drop`.
    public var drop: @Sendable (_ pcm: Handle) -> Int32
    /// `snd_pcm_close`.
    public var close: @Sendable (_ pcm: Handle) -> Int32
    /// `snd_strerror`.
    public var strerror: @Sendable (_ code: Int32) -> String
    /// `snd_pcm_wait(pcm, timeout)`: waits until the PCM can take frames (1), timed out (0),
    /// or a negative errno.
    public var wait: @Sendable (_ pcm: Handle, _ timeoutMilliseconds: Int32) -> Int32

    public init(
        open: @escaping @Sendable (_ name: String, _ mode: Int32) -> Result<Handle, ALSACallFailure>,
        openFromConfig: @escaping @Sendable (_ name: String, _ configText: String, _ mode: Int32) -> Result<Handle, ALSACallFailure>,
        setNonblocking: @escaping @Sendable (_ pcm: Handle, _ nonblocking: Bool) -> Int32,
        configure: @escaping @Sendable (_ pcm: Handle, _ request: ALSAHardwareRequest) -> Result<ALSAHardwareGrant, ALSACallFailure>,
        writei: @escaping @Sendable (_ pcm: Handle, _ data: UnsafeRawPointer, _ frames: Int) -> Int,
        recover: @escaping @Sendable (_ pcm: Handle, _ error: Int32, _ silent: Bool) -> Int32,
        delay: @escaping @Sendable (_ pcm: Handle) -> (error: Int32, frames: Int),
        drain: @escaping @Sendable (_ pcm: Handle) -> Int32,
        drop: @escaping @Sendable (_ pcm: Handle) -> Int32,
        close: @escaping @Sendable (_ pcm: Handle) -> Int32,
        strerror: @escaping @Sendable (_ code: Int32) -> String,
        wait: @escaping @Sendable (_ pcm: Handle, _ timeoutMilliseconds: Int32) -> Int32 = { _, _ in 1 }
    ) {
        self.open = open
        self.openFromConfig = openFromConfig
        self.setNonblocking = setNonblocking
        self.configure = configure
        self.writei = writei
        self.recover = recover
        self.delay = delay
        self.drain = drain
        self.drop = drop
        self.close = close
        self.strerror = strerror
        self.wait = wait
    }

    /// The real thing: libasound.
    public static let system = ALSAPCMDriver(
        open: { name, mode in
            var pcm: OpaquePointer?
            let rc = snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, mode)
            guard rc >= 0, let pcm else { return .failure(ALSACallFailure(call: "snd_pcm_open", code: rc < 0 ? rc : -EINVAL)) }
            return .success(pcm)
        },
        openFromConfig: { name, text, mode in
            var top: OpaquePointer?
            var rc = snd_config_top(&top)
            guard rc >= 0, let top else { return .failure(ALSACallFailure(call: "snd_config_top", code: rc < 0 ? rc : -ENOMEM)) }
            defer { snd_config_delete(top) }
            var input: OpaquePointer?
            // snd_input_buffer_open copies the text, so the C string may go away after it.
            rc = text.withCString { snd_input_buffer_open(&input, $0, strlen($0)) }
            guard rc >= 0, let input else { return .failure(ALSACallFailure(call: "snd_input_buffer_open", code: rc < 0 ? rc : -ENOMEM)) }
            rc = snd_config_load(top, input)
            snd_input_close(input)
            guard rc >= 0 else { return .failure(ALSACallFailure(call: "snd_config_load", code: rc)) }
            var pcm: OpaquePointer?
            // The PCM keeps no reference to `top` (alsa-lib expands a private copy of the
            // definition), so deleting the tree after the open is safe.
            rc = snd_pcm_open_lconf(&pcm, name, SND_PCM_STREAM_PLAYBACK, mode, top)
            guard rc >= 0, let pcm else { return .failure(ALSACallFailure(call: "snd_pcm_open_lconf", code: rc < 0 ? rc : -EINVAL)) }
            return .success(pcm)
        },
        setNonblocking: { pcm, nonblocking in snd_pcm_nonblock(pcm, nonblocking ? 1 : 0) },
        configure: { pcm, request in
            do throws(ALSACallFailure) {
                return .success(try systemConfigure(pcm, request))
            } catch {
                return .failure(error)
            }
        },
        writei: { pcm, data, frames in snd_pcm_writei(pcm, data, snd_pcm_uframes_t(frames)) },
        recover: { pcm, error, silent in snd_pcm_recover(pcm, error, silent ? 1 : 0) },
        delay: { pcm in
            var frames: snd_pcm_sframes_t = 0
            let rc = snd_pcm_delay(pcm, &frames)
            return rc < 0 ? (rc, 0) : (0, frames)
        },
        drain: { pcm in snd_pcm_drain(pcm) },
        drop: { pcm in snd_pcm_drop(pcm) },
        close: { pcm in snd_pcm_close(pcm) },
        strerror: { code in String(cString: snd_strerror(code)) },
        wait: { pcm, timeout in snd_pcm_wait(pcm, timeout) }
    )
}

/// Negotiates interleaved access, format, channels, rate, period and buffer, then the software
/// parameters (start when the buffer is full but one period, wake up per period).
private func systemConfigure(_ pcm: OpaquePointer, _ request: ALSAHardwareRequest) throws(ALSACallFailure) -> ALSAHardwareGrant {
    func check(_ rc: Int32, _ call: String) throws(ALSACallFailure) {
        if rc < 0 { throw ALSACallFailure(call: call, code: rc) }
    }
    // snd_pcm_*_params_alloca are macros Swift can't import; a zeroed temporary buffer of the
    // library's size is the same thing.
    let hwSize = (snd_pcm_hw_params_sizeof() + 15) & ~15
    let swSize = snd_pcm_sw_params_sizeof()
    let raw = UnsafeMutableRawPointer.allocate(byteCount: hwSize + swSize, alignment: 16)
    defer { raw.deallocate() }
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: hwSize + swSize)
    let hw = OpaquePointer(raw)
    let sw = OpaquePointer(raw + hwSize)

    try check(snd_pcm_hw_params_any(pcm, hw), "snd_pcm_hw_params_any")
    try check(snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED), "snd_pcm_hw_params_set_access")

    guard let format = request.formats.first(where: { snd_pcm_hw_params_test_format(pcm, hw, $0.alsaFormat) == 0 }) else {
        throw ALSACallFailure(call: "snd_pcm_hw_params_set_format", code: -EINVAL)
    }
    try check(snd_pcm_hw_params_set_format(pcm, hw, format.alsaFormat), "snd_pcm_hw_params_set_format")
    try check(snd_pcm_hw_params_set_channels(pcm, hw, UInt32(request.channels)), "snd_pcm_hw_params_set_channels")

    var rate = UInt32(request.sampleRate)
    try check(snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, nil), "snd_pcm_hw_params_set_rate_near")
    var period = snd_pcm_uframes_t(request.periodFrames)
    try check(snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, nil), "snd_pcm_hw_params_set_period_size_near")
    var buffer = snd_pcm_uframes_t(request.periodFrames * request.periods)
    try check(snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer), "snd_pcm_hw_params_set_buffer_size_near")
    try check(snd_pcm_hw_params(pcm, hw), "snd_pcm_hw_params")

    // Read back what is in force now that the parameters are installed.
    var dir: Int32 = 0
    try check(snd_pcm_hw_params_get_rate(hw, &rate, &dir), "snd_pcm_hw_params_get_rate")
    try check(snd_pcm_hw_params_get_period_size(hw, &period, &dir), "snd_pcm_hw_params_get_period_size")
    try check(snd_pcm_hw_params_get_buffer_size(hw, &buffer), "snd_pcm_hw_params_get_buffer_size")

    try check(snd_pcm_sw_params_current(pcm, sw), "snd_pcm_sw_params_current")
    let start = buffer > period ? buffer - period : buffer
    try check(snd_pcm_sw_params_set_start_threshold(pcm, sw, start), "snd_pcm_sw_params_set_start_threshold")
    try check(snd_pcm_sw_params_set_avail_min(pcm, sw, period), "snd_pcm_sw_params_set_avail_min")
    try check(snd_pcm_sw_params(pcm, sw), "snd_pcm_sw_params")

    return ALSAHardwareGrant(format: format, channels: request.channels, sampleRate: Int(rate),
                             periodFrames: Int(period), bufferFrames: Int(buffer))
}

/// alsa-lib's error messages ("Unknown PCM foo", "cannot find card '0'"), captured instead of
/// printed to stderr. `ALSAOutput` turns capture on at open (keeping `echoToStderr` if you
/// chose it) and puts the captured message into `AudioOutputError.detail`.
public enum ALSAErrorCapture {
    /// Installs the capturing handler process-wide. With `echoToStderr` alsa-lib's messages are
    /// also printed, as alsa-lib would.
    public static func install(echoToStderr: Bool = false) {
        _ = dmus_alsa_capture_errors(Int32(echoToStderr ? DMUS_ALSA_ERRORS_CAPTURE_AND_PRINT : DMUS_ALSA_ERRORS_CAPTURE))
    }

    /// Restores alsa-lib's own handler (messages to stderr). The next `ALSAOutput` open
    /// installs capture again.
    public static func uninstall() {
        _ = dmus_alsa_capture_errors(Int32(DMUS_ALSA_ERRORS_DEFAULT))
    }

    /// Whether a capturing handler is installed.
    public static var isInstalled: Bool {
        dmus_alsa_capture_mode() != Int32(DMUS_ALSA_ERRORS_DEFAULT)
    }

    /// Installs capture unless it is already on (keeps the echo choice).
    static func ensureInstalled() {
        if !isInstalled { install() }
    }

    /// The last message alsa-lib reported on this thread since `clear()`, or nil.
    public static var lastMessage: String? {
        let s = String(cString: dmus_alsa_last_error())
        return s.isEmpty ? nil : s
    }

    /// Forgets this thread's last message.
    public static func clear() {
        dmus_alsa_clear_last_error()
    }
}
