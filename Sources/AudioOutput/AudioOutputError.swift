/// Why an output could not be opened, configured, written or closed.
///
/// `description` is meant for the user as is: it names the PCM or file that was tried, the
/// library's reason, and what to do instead.
public struct AudioOutputError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The ALSA PCM could not be opened (`snd_pcm_open` / `snd_pcm_open_lconf`).
        case deviceOpen
        /// The PCM opened but refused the format, channels, rate or buffer geometry.
        case deviceConfiguration
        /// Draining or closing the PCM failed.
        case deviceClose
        /// libsndfile could not create the file.
        case fileOpen
        /// libsndfile reported an error while writing or finalizing.
        case fileWrite
        /// libsndfile could not open or read a file for reading.
        case fileRead
        /// A parameter was out of range (sample rate, channels, buffer sizes, unknown extension).
        case invalidArgument
    }

    public var kind: Kind
    /// The PCM name (for an inline config: the PCM name and "(inline config)") or file path.
    public var target: String
    /// The library call that failed, e.g. `snd_pcm_open`, `snd_pcm_hw_params_set_rate_near`, `sf_open`.
    public var call: String?
    /// The library's code: a negative errno for ALSA, an `SF_ERR_*` value for libsndfile; 0 if none.
    public var code: Int32
    /// The library's reason (`snd_strerror`, `sf_strerror`) or our own explanation.
    public var reason: String
    /// Extra detail: alsa-lib's captured error-handler message, if it printed one.
    public var detail: String?
    /// What the user can do about it.
    public var hint: String?

    public init(kind: Kind, target: String, call: String? = nil, code: Int32 = 0, reason: String,
                detail: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.target = target
        self.call = call
        self.code = code
        self.reason = reason
        self.detail = detail
        self.hint = hint
    }

    public var description: String {
        var s: String
        switch kind {
        case .deviceOpen: s = "cannot open ALSA PCM \"\(target)\""
        case .deviceConfiguration: s = "ALSA PCM \"\(target)\" refused the requested setup"
        case .deviceClose: s = "error closing ALSA PCM \"\(target)\""
        case .fileOpen: s = "cannot create sound file \"\(target)\""
        case .fileWrite: s = "error writing sound file \"\(target)\""
        case .fileRead: s = "cannot read sound file \"\(target)\""
        case .invalidArgument: s = "invalid audio output setting for \"\(target)\""
        }
        s += ": \(reason)"
        var extras: [String] = []
        if let call { extras.append(code != 0 ? "\(call) returned \(code)" : call) }
        if let detail, !detail.isEmpty { extras.append("alsa-lib: \(detail)") }
        if !extras.isEmpty { s += " (" + extras.joined(separator: "; ") + ")" }
        if let hint, !hint.isEmpty { s += ". " + hint }
        return s
    }
}
