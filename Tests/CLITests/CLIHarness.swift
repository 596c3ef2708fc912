import DMusTestSupport
import Foundation

/// Runs the built `dmus` binary (it sits beside the test bundle) and captures its output.
enum CLI {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static var binary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("dmus").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return dir.appendingPathComponent("dmus").path
    }

    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dmus-cli-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// Peak |sample| of a 16-bit PCM WAV, read with a minimal RIFF walk.
    static func wavPeak(_ path: String) throws -> (peak: Int, frames: Int) {
        let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var o = 12
        while o + 8 <= b.count {
            let id = String(decoding: b[o..<(o + 4)], as: UTF8.self)
            let n = Int(b[o + 4]) | Int(b[o + 5]) << 8 | Int(b[o + 6]) << 16 | Int(b[o + 7]) << 24
            if id == "data" {
                var peak = 0
                var i = o + 8
                while i + 1 < min(b.count, o + 8 + n) {
                    peak = max(peak, abs(Int(Int16(bitPattern: UInt16(b[i]) | UInt16(b[i + 1]) << 8))))
                    i += 2
                }
                return (peak, n / 4)
            }
            o += 8 + n + (n & 1)
        }
        return (0, 0)
    }
}
