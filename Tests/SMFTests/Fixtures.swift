import SMF

/// Hand-built SMF bytes for tests: chunks are spelled out byte by byte so the tests check the
/// reader against the format, not against our own writer.
enum Fixture {
    static func u32(_ v: Int) -> [UInt8] {
        [UInt8((v >> 24) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    static func header(format: UInt16 = 0, tracks: UInt16 = 1, division: UInt16 = 96) -> [UInt8] {
        Array("MThd".utf8) + u32(6)
            + [UInt8(format >> 8), UInt8(format & 0xFF), UInt8(tracks >> 8), UInt8(tracks & 0xFF),
               UInt8(division >> 8), UInt8(division & 0xFF)]
    }

    /// An `MTrk` chunk with the correct length around `data`.
    static func track(_ data: [UInt8]) -> [UInt8] {
        Array("MTrk".utf8) + u32(data.count) + data
    }

    /// A whole file: header (track count = number of track bodies unless given) + tracks.
    static func file(format: UInt16 = 0, division: UInt16 = 96, declaredTracks: UInt16? = nil,
                     _ trackBodies: [UInt8]...) -> [UInt8] {
        var out = header(format: format, tracks: declaredTracks ?? UInt16(trackBodies.count), division: division)
        for body in trackBodies { out += track(body) }
        return out
    }

    static let endOfTrack: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]

    static func read(_ bytes: [UInt8], name: String = "fixture.mid") throws -> (file: MIDIFile, warnings: [SMFWarning]) {
        try MIDIFileReader.read(bytes, name: name)
    }

    static func channel(_ tick: UInt64, _ status: UInt8, _ d1: UInt8, _ d2: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .channel(status: status, data1: d1, data2: d2))
    }

    static func meta(_ tick: UInt64, _ type: UInt8, _ data: [UInt8] = []) -> MIDIEvent {
        MIDIEvent(tick: tick, kind: .meta(type: type, data: data))
    }

    static func eot(_ tick: UInt64) -> MIDIEvent { meta(tick, 0x2F) }
}

extension Array where Element == SMFWarning {
    /// True when some warning's message contains `text`.
    func mentions(_ text: String) -> Bool {
        contains { $0.message.contains(text) }
    }
}
