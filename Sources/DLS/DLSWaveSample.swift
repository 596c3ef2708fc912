/// A `wsmp` chunk: tuning, gain and loops of a wave (wave default or region override).
public struct DLSWaveSample: Sendable, Equatable {
    /// MIDI key at which the wave plays at its recorded pitch.
    public var unityNote: UInt16
    public var fineTuneCents: Int16
    /// `lAttenuation` as stored: 1/655360 dB units (cB × 65536). Positive is louder.
    public var gain: Int32
    /// `fulOptions`; see `noTruncationFlag`, `noCompressionFlag`.
    public var options: UInt32
    public var loops: [DLSLoop]

    public init(unityNote: UInt16 = 60, fineTuneCents: Int16 = 0, gain: Int32 = 0, options: UInt32 = 0, loops: [DLSLoop] = []) {
        self.unityNote = unityNote
        self.fineTuneCents = fineTuneCents
        self.gain = gain
        self.options = options
        self.loops = loops
    }

    public static let noTruncationFlag: UInt32 = 0x0001
    public static let noCompressionFlag: UInt32 = 0x0002

    /// Size of the fixed part of `wsmp` and of one loop record, as written.
    static let headerBytes = 20
    static let loopBytes = 16
}

/// A `WLOOP` record; positions in sample frames, the end (`start + length`) is exclusive.
public struct DLSLoop: Sendable, Equatable {
    /// 0 forward (loops through release), 1 release (DLS2: loops while held), 2 legacy release.
    public var type: UInt32
    public var startFrames: UInt32
    public var lengthFrames: UInt32

    public init(type: UInt32 = DLSLoop.forward, startFrames: UInt32, lengthFrames: UInt32) {
        self.type = type
        self.startFrames = startFrames
        self.lengthFrames = lengthFrames
    }

    public static let forward: UInt32 = 0
    public static let release: UInt32 = 1
    /// Some old files used 2 for a release loop.
    public static let legacyRelease: UInt32 = 2
}
