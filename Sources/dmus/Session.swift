import DLS
import DMusPort
import DMusSynth
import Foundation
import Performance
import SMF
import CResources

/// Everything one song needs: the song, the collections to download, and a port with a
/// DMusSynth stream that has them downloaded.
struct Session {
    let songName: String
    let song: SongEvents
    let port: PortDMus
    let warnings: [String]
    /// The collections in download order (name, collection, as the GM set), kept for
    /// `render --repeat`, which unloads and downloads them again between loops.
    let collections: [(name: String, collection: DLSCollection, asGM: Bool)]
    /// What is downloaded now.
    let downloader: CollectionDownloader

    /// Unloads every download and waits for the completions (the synth has freed them).
    func unloadAll() throws {
        do { try downloader.unloadAll() } catch { throw CLIError("unload: \(error)") }
        guard port.waitForUnloads(timeoutSeconds: 30) else { throw CLIError("unload: completions did not arrive within 30 s") }
    }

    /// Downloads the collections again, in the same order.
    func downloadAgain() throws {
        for c in collections {
            do { try downloader.download(c.collection, asGMSet: c.asGM) } catch { throw CLIError("\(c.name): \(error)") }
        }
    }

    /// Loads `songPath` (or the embedded demo), builds the port on `clock`, downloads the
    /// collections: the embedded default (as a GM set, so others override it), then a DLS
    /// embedded in an RMID, then every `--dls` in order.
    static func make(songPath: String?, options: SynthOptions, clock: any MasterClock,
                     maxFramesPerRender: Int, helperScheduling: RealtimeThread.Scheduling = .normal) throws -> Session {
        var warnings: [String] = []
        let songBytes: [UInt8]
        let songName: String
        if let songPath {
            songBytes = try readFile(songPath)
            songName = songPath
        } else {
            songBytes = Embedded.demoSong()
            songName = "demo song (embedded)"
        }
        let contents = try SongContainer.load(songBytes, name: songName)
        let midiBytes = contents.midi
        let embeddedDLS = contents.dls
        warnings += contents.warnings
        let file: MIDIFile
        do {
            let r = try MIDIFileReader.read(midiBytes, name: songName)
            file = r.file
            warnings += r.warnings.map { "\($0)" }
        } catch { throw CLIError("\(error)", badInput: true) }
        if let t = options.trackSequence, t < 0 || t >= file.tracks.count {
            throw CLIError("--track-sequence \(t): \(songName) has \(file.tracks.count) tracks")
        }
        var song = SongEvents(file: file, tempoScale: options.tempoScale, trackSequence: options.trackSequence)
        if options.start > 0 { song = song.chased(from: Int64(options.start * 1e7)) }

        let parameters = PortParameters(sampleRate: options.rate, voices: options.voices,
                                        channelGroups: max(options.channelGroups, song.channelGroupsUsed),
                                        maxFramesPerRender: maxFramesPerRender)
        let synth = DMusSynth(interpolation: options.interpolation,
                              reverb: options.reverb.macro.map { ReverbParameters.gs($0) },
                              chorus: options.chorus.macro.map { ChorusParameters.gs($0) },
                              threads: options.threads, helperScheduling: helperScheduling)
        let port = PortDMus(miniport: synth, clock: clock)
        do { try port.newStream(parameters: parameters) } catch { throw CLIError("cannot open the synth stream: \(error)") }
        let downloader = CollectionDownloader(port: port)
        var collections: [(name: String, collection: DLSCollection, asGM: Bool)] = []
        if !options.noDefault {
            collections.append(try download(Embedded.defaultCollection(), name: "default collection (embedded)", asGM: true, into: downloader, warnings: &warnings))
        }
        if let embeddedDLS {
            collections.append(try download(embeddedDLS, name: "\(songName) (embedded DLS)", asGM: false, into: downloader, warnings: &warnings))
        }
        for path in options.collections {
            collections.append(try download(try readFile(path), name: path, asGM: false, into: downloader, warnings: &warnings))
        }
        warnings += downloader.warnings
        return Session(songName: songName, song: song, port: port, warnings: warnings, collections: collections, downloader: downloader)
    }

    private static func download(_ bytes: [UInt8], name: String, asGM: Bool, into downloader: CollectionDownloader,
                                 warnings: inout [String]) throws -> (name: String, collection: DLSCollection, asGM: Bool) {
        let collection: DLSCollection
        do {
            let r = try DLSReader.read(bytes, name: name)
            collection = r.collection
            warnings += r.warnings.map { "\(name): \($0)" }
        } catch { throw CLIError("\(error)", badInput: true) }
        do { try downloader.download(collection, asGMSet: asGM) } catch { throw CLIError("\(name): \(error)") }
        return (name, collection, asGM)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw CLIError("\(path): \(isDir.boolValue ? "is a directory" : "cannot be read (permissions?)")", badInput: true)
            }
            throw CLIError("\(path): no such file", badInput: true)
        }
        return [UInt8](data)
    }
}

/// The collection and demo song linked into the binary.
enum Embedded {
    static func defaultCollection() -> [UInt8] {
        var n = 0
        let p = dmus_default_collection(&n)!
        return [UInt8](UnsafeBufferPointer(start: p, count: n))
    }
    static func demoSong() -> [UInt8] {
        var n = 0
        let p = dmus_demo_song(&n)!
        return [UInt8](UnsafeBufferPointer(start: p, count: n))
    }
}

/// Prints to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
}
