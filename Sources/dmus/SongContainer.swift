import DLS

/// Opens what a user hands `play`/`render`: a Standard MIDI File, an RMID (SMF + optional
/// embedded DLS), or a Mobile XMF (SMF + Mobile DLS). Returns the SMF bytes and any bank the
/// container carries. The container is recognised by its first bytes, not its extension.
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
        if XMFReader.isXMF(bytes) {
            let file: XMFFile
            do { file = try XMFReader.read(bytes, name: name) } catch { throw CLIError("\(error)", badInput: true) }
            guard let song = file.midi else { throw CLIError("\(name): the XMF file holds no Standard MIDI File", badInput: true) }
            var warnings = file.warnings.map { "\(name): \($0)" }
            if file.resources.filter(\.format.isSMF).count > 1 { warnings.append("\(name): several songs; playing the first") }
            if file.resources.filter(\.format.isDLS).count > 1 { warnings.append("\(name): several DLS collections; using the first") }
            return Contents(midi: song.bytes, dls: file.dls?.bytes, warnings: warnings)
        }
        return Contents(midi: bytes, dls: nil, warnings: [])
    }
}
