/// The DirectMusic download-buffer format (reference/dmus-interfaces.md §12): byte sizes and
/// constants. Every cross-reference in a buffer is an index into its offset table; index 0 is
/// the root object, so 0 in any `…Idx` field means "none".
public enum DownloadLayout {
    // dwDLType
    public static let typeInstrument: UInt32 = 1      // DX6: DMUS_ARTICULATION → DMUS_ARTICPARAMS
    public static let typeWave: UInt32 = 2
    public static let typeInstrument2: UInt32 = 3     // DX7+: DMUS_ARTICULATION2 → CONNECTIONLIST
    public static let typeWaveArticulation: UInt32 = 4
    public static let typeStreamingWave: UInt32 = 5
    public static let typeOneShotWave: UInt32 = 6

    public static let downloadInfoBytes = 16          // DMUS_DOWNLOADINFO
    public static let instrumentBytes = 24            // DMUS_INSTRUMENT
    public static let regionBytesBeforeLoops = 56     // DMUS_REGION up to WLOOP[0]
    public static let loopBytes = 16                  // WLOOP
    public static let articulation2Bytes = 12         // DMUS_ARTICULATION2
    public static let articulationBytes = 8           // DMUS_ARTICULATION (DX6)
    public static let articParamsBytes = 80           // DMUS_ARTICPARAMS
    public static let connectionListBytes = 8         // CONNECTIONLIST
    public static let connectionBytes = 12            // CONNECTION
    public static let waveBytes = 32                  // DMUS_WAVE (WAVEFORMATEX byte-packed + 2 pad)
    /// DMUS_WAVEDATA: cbSize then the bytes (declared byData[4], so the struct is at least 8).
    public static let waveDataSizeFieldBytes = 4
    public static let copyrightSizeFieldBytes = 4     // DMUS_COPYRIGHT.cbSize, then the text
    public static let extensionChunkHeaderBytes = 12  // DMUS_EXTENSIONCHUNK before its data

    /// DMUS_REGION size for `loops` loops: the struct always reserves one WLOOP.
    public static func regionBytes(loops: Int) -> Int { regionBytesBeforeLoops + loopBytes * max(1, loops) }

    public static let instrumentFlagGM: UInt32 = 0x1  // DMUS_INSTRUMENT_GM_INSTRUMENT
    public static let patchDrumFlag: UInt32 = 0x8000_0000  // F_INSTRUMENT_DRUMS

    /// ulPatch from a DLS MIDILOCALE: drum bit | MSB << 16 | LSB << 8 | program.
    public static func patch(bankMSB: UInt8, bankLSB: UInt8, program: UInt8, isDrum: Bool) -> UInt32 {
        (isDrum ? patchDrumFlag : 0) | UInt32(bankMSB & 0x7F) << 16 | UInt32(bankLSB & 0x7F) << 8 | UInt32(program & 0x7F)
    }

    public static let waveFormatPCM: UInt16 = 1
    public static let waveFormatIEEEFloat: UInt16 = 3
}

/// A connection block (CONNECTION), as in DLS `art1`/`art2`.
public struct DownloadConnection: Sendable, Equatable {
    public var source: UInt16
    public var control: UInt16
    public var destination: UInt16
    public var transform: UInt16
    /// 16.16 fixed point in the destination's unit.
    public var scale: Int32
    public init(source: UInt16, control: UInt16, destination: UInt16, transform: UInt16, scale: Int32) {
        self.source = source; self.control = control; self.destination = destination
        self.transform = transform; self.scale = scale
    }
}

/// WLOOP.
public struct DownloadLoop: Sendable, Equatable {
    public var type: UInt32
    public var startFrames: UInt32
    public var lengthFrames: UInt32
    public init(type: UInt32, startFrames: UInt32, lengthFrames: UInt32) {
        self.type = type; self.startFrames = startFrames; self.lengthFrames = lengthFrames
    }
}

/// WSMPL and its loops.
public struct DownloadWaveSample: Sendable, Equatable {
    public var unityNote: UInt16
    public var fineTuneCents: Int16
    /// lAttenuation: gain in 1/65536 centibels (negative = quieter).
    public var gain: Int32
    public var options: UInt32
    public var loops: [DownloadLoop]
    public init(unityNote: UInt16 = 60, fineTuneCents: Int16 = 0, gain: Int32 = 0, options: UInt32 = 0, loops: [DownloadLoop] = []) {
        self.unityNote = unityNote; self.fineTuneCents = fineTuneCents; self.gain = gain
        self.options = options; self.loops = loops
    }
}

/// WAVELINK. `tableIndex` is the download id of the wave to play.
public struct DownloadWaveLink: Sendable, Equatable {
    public var options: UInt16
    public var phaseGroup: UInt16
    public var channel: UInt32
    public var tableIndex: UInt32
    public init(options: UInt16 = 0, phaseGroup: UInt16 = 0, channel: UInt32 = 1, tableIndex: UInt32) {
        self.options = options; self.phaseGroup = phaseGroup; self.channel = channel; self.tableIndex = tableIndex
    }
}

/// DMUS_REGION. `articulations` nil = use the instrument's global articulation.
public struct DownloadRegion: Sendable, Equatable {
    public var keyLow: UInt16, keyHigh: UInt16, velocityLow: UInt16, velocityHigh: UInt16
    public var options: UInt16
    public var keyGroup: UInt16
    public var waveLink: DownloadWaveLink
    public var waveSample: DownloadWaveSample
    /// Each element is one CONNECTIONLIST in the region's DMUS_ARTICULATION2 chain.
    public var articulations: [[DownloadConnection]]?
    public init(keyLow: UInt16 = 0, keyHigh: UInt16 = 127, velocityLow: UInt16 = 0, velocityHigh: UInt16 = 127,
                options: UInt16 = 0, keyGroup: UInt16 = 0, waveLink: DownloadWaveLink,
                waveSample: DownloadWaveSample, articulations: [[DownloadConnection]]? = nil) {
        self.keyLow = keyLow; self.keyHigh = keyHigh; self.velocityLow = velocityLow; self.velocityHigh = velocityHigh
        self.options = options; self.keyGroup = keyGroup; self.waveLink = waveLink
        self.waveSample = waveSample; self.articulations = articulations
    }
}

/// An INSTRUMENT2 download.
public struct DownloadInstrument: Sendable, Equatable {
    public var downloadId: UInt32
    public var patch: UInt32
    public var flags: UInt32
    public var regions: [DownloadRegion]
    /// The instrument's DMUS_ARTICULATION2 chain: one CONNECTIONLIST per element.
    public var globalArticulations: [[DownloadConnection]]
    public var copyright: String?
    public init(downloadId: UInt32, patch: UInt32, flags: UInt32 = 0, regions: [DownloadRegion],
                globalArticulations: [[DownloadConnection]] = [], copyright: String? = nil) {
        self.downloadId = downloadId; self.patch = patch; self.flags = flags; self.regions = regions
        self.globalArticulations = globalArticulations; self.copyright = copyright
    }
}

/// WAVEFORMATEX.
public struct WaveFormat: Sendable, Equatable {
    public var formatTag: UInt16
    public var channels: UInt16
    public var samplesPerSecond: UInt32
    public var averageBytesPerSecond: UInt32
    public var blockAlign: UInt16
    public var bitsPerSample: UInt16
    public init(formatTag: UInt16 = DownloadLayout.waveFormatPCM, channels: UInt16 = 1, samplesPerSecond: UInt32,
                bitsPerSample: UInt16, blockAlign: UInt16? = nil, averageBytesPerSecond: UInt32? = nil) {
        self.formatTag = formatTag; self.channels = channels; self.samplesPerSecond = samplesPerSecond
        self.bitsPerSample = bitsPerSample
        let align = blockAlign ?? UInt16(Int(channels) * ((Int(bitsPerSample) + 7) / 8))
        self.blockAlign = align
        self.averageBytesPerSecond = averageBytesPerSecond ?? samplesPerSecond * UInt32(align)
    }
}

/// A WAVE download: one DMUS_WAVE and its DMUS_WAVEDATA.
public struct DownloadWave: Sendable, Equatable {
    public var downloadId: UInt32
    public var format: WaveFormat
    public var data: [UInt8]
    public init(downloadId: UInt32, format: WaveFormat, data: [UInt8]) {
        self.downloadId = downloadId; self.format = format; self.data = data
    }
}

/// A decoded download buffer.
public enum DecodedDownload: Sendable, Equatable {
    case wave(DownloadWave)
    case instrument(DownloadInstrument)
}
