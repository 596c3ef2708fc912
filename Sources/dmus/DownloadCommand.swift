import ArgumentParser
import DLS
import DMusPort
import DMusSynth
import Foundation
import Performance

struct DownloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download DLS collections into a synth through the full allocator path and report what happened.",
        discussion: "Example:\n  dmus download bank.dls --unload\nExits 0 only when every download (and unload) succeeded.")

    @Argument(help: "DLS collections to download.")
    var banks: [String]

    @Flag(help: "Unload everything afterwards and check that every event and buffer came back to the allocator.")
    var unload = false

    @Option(name: .customLong("buffer-bytes"), help: "Allocator buffer size (GetBufferSize), 64…65535 bytes.")
    var bufferBytes: Int = 4096

    @Flag(help: "List every download (type, id, bytes, allocator buffers).")
    var verbose = false

    func validate() throws {
        guard (64...65_535).contains(bufferBytes) else { throw ValidationError("--buffer-bytes must be 64…65535") }
    }

    func run() throws {
        var failed = false
        for path in banks {
            let bytes = try Session.readFile(path)
            let start = DispatchTime.now()
            let collection: DLSCollection
            let warnings: [DLSWarning]
            do { (collection, warnings) = try DLSReader.read(bytes, name: path) } catch {
                printError("dmus: \(error)")
                failed = true
                continue
            }
            let allocator = AllocatorMXF(eventCapacity: 1024, bufferCapacity: 64, bufferBytes: bufferBytes)
            let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(), allocator: allocator)
            let stream = try port.newStream(parameters: PortParameters())
            let before = stream.statistics().freeSampleMemoryBytes
            let downloader = CollectionDownloader(port: port)
            do { try downloader.download(collection) } catch {
                printError("dmus: \(path): \(error)")
                failed = true
                continue
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            let records = downloader.records
            let regions = collection.instruments.reduce(0) { $0 + $1.regions.count }
            let articulations = collection.instruments.reduce(0) { $0 + $1.articulations.count + $1.regions.reduce(0) { $0 + $1.articulations.count } }
            let used = before - stream.statistics().freeSampleMemoryBytes
            print("\(path): \(collection.instruments.count) instruments, \(regions) regions, \(articulations) articulations, \(collection.waves.count) waves")
            print("  \(records.count) downloads, \(records.reduce(0) { $0 + $1.bytes }) bytes in \(records.reduce(0) { $0 + $1.allocatorBuffers }) allocator buffers of \(bufferBytes) bytes, \(String(format: "%.3f", seconds)) s, sample memory \(used) bytes")
            if verbose {
                for r in records { print("  \(r.kind.rawValue) id \(r.downloadId): \(r.bytes) bytes, \(r.allocatorBuffers) buffers, handle \(r.handle.raw)") }
            }
            for w in warnings { print("  warning: \(w)") }
            for w in downloader.warnings { print("  warning: \(w)") }
            if unload {
                do { try downloader.unloadAll() } catch {
                    printError("dmus: \(path): \(error)")
                    failed = true
                    continue
                }
                let completed = port.waitForUnloads(timeoutSeconds: 30)
                let back = allocator.freeEventCount == allocator.eventCapacity && allocator.freeBufferCount == allocator.bufferCapacity
                let memoryBack = stream.statistics().freeSampleMemoryBytes == before
                print("  unloaded: \(back ? "every event and buffer is back in the allocator" : "allocator NOT whole: \(allocator.freeEventCount)/\(allocator.eventCapacity) events, \(allocator.freeBufferCount)/\(allocator.bufferCapacity) buffers"); "
                      + (completed ? "every unload completed" : "\(port.pendingUnloadCount) unloads NOT completed") + "; "
                      + (memoryBack ? "all sample memory freed" : "sample memory NOT back: \(before - stream.statistics().freeSampleMemoryBytes) bytes still used"))
                if !back || !completed || !memoryBack { failed = true }
            }
        }
        if failed { throw ExitCode(ExitStatus.runtimeFailure) }
    }
}
