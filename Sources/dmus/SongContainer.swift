import DLS

/// Opens what a user hands `play`/`render`: a Standard MIDI File, an RMID (SMF + optional
/// embedded DLS), or a Mobile XMF. Returns the SMF bytes and any bank the container carries.
enum SongContainer {
    struct Contents {
        var midi: [UInt8]
        var dls: [UInt8]?
        var warnings: [String]
    }

    static func load(_ bytes: [UInt8], name: String) throws -> Contents {
        if RMIDReader.isRMID(bytes) {
            do {
                let r = try RMIDReader.read(bytes, name: name)
                return Contents(midi: r.midi, dls: r.dls, warnings: r.warnings.map { "\(name): \($0)" })
            } catch { throw CLIError("\(error)", badInput: true) }
        }
        return Contents(midi: bytes, dls: nil, warnings: [])
    }
}
