/// A download or unload refused by the synth, carrying the DirectMusic HRESULT name.
public struct DownloadError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case unknownDownload = "DMUS_E_UNKNOWNDOWNLOAD"
        case badOffsetTable = "DMUS_E_BADOFFSETTABLE"
        case badInstrument = "DMUS_E_BADINSTRUMENT"
        case badArticulation = "DMUS_E_BADARTICULATION"
        case noArticulation = "DMUS_E_NOARTICULATION"
        case badWave = "DMUS_E_BADWAVE"
        case badWaveLink = "DMUS_E_BADWAVELINK"
        case notPCM = "DMUS_E_NOTPCM"
        case notMono = "DMUS_E_NOTMONO"
        case outOfMemory = "DMUS_E_INSUFFICIENTBUFFER / out of sample memory"
        case alreadyDownloaded = "DMUS_E_ALREADY_DOWNLOADED"
        case notDownloaded = "DMUS_E_NOT_DOWNLOADED_TO_PORT"
        case badHandle = "E_INVALIDARG (unknown download handle)"
        /// Unloading a wave before the instruments that use it (reference §12.1 order rule).
        case waveInUse = "E_FAIL (wave still used by a loaded instrument)"
    }
    public var code: Code
    /// Byte offset in the download buffer where the problem was found, when it has one.
    public var offset: Int?
    public var message: String

    public init(_ code: Code, offset: Int? = nil, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String {
        if let offset { return "\(code.rawValue) at byte \(offset): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}

/// The synth's opaque name for a downloaded wave or instrument.
public struct DownloadHandle: Hashable, Sendable {
    public var raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
}

/// What one `download` call achieved. A download too large for one allocator buffer arrives
/// as a chain of INCOMPLETE events, possibly over several calls; only the last completes it.
public enum DownloadResult: Sendable, Equatable {
    case incomplete
    /// `free`: the caller may reuse its buffers at once (the synth copied what it needs).
    case complete(handle: DownloadHandle, free: Bool)
}
