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

extension CLI {
    /// Runs `dmus` with standard output and standard error on the slave side of a fresh
    /// pseudo-terminal (posix_openpt), as on a user's terminal, and returns its exit status and
    /// everything it wrote there (both streams, in order, with the terminal's \r\n line ends).
    /// `keys`: what to type on the terminal (standard input is then the terminal too), each
    /// after the given delay in seconds from the start.
    static func runInPseudoTerminal(_ args: [String], environment: [String: String] = [:],
                                    keys: [(after: Double, text: String)] = []) throws -> (status: Int32, output: String) {
        // posix_openpt and friends are not in the Glibc module map (they need _XOPEN_SOURCE);
        // they are in libc all the same.
        let master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grantpt(master) == 0, PTY.unlockpt(master) == 0, let name = PTY.ptsname(master) else {
            throw CLIHarnessError("no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CLIHarnessError("cannot open \(String(cString: name))") }
        let p = Process()
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        p.standardOutput = terminal
        p.standardError = terminal
        p.standardInput = keys.isEmpty ? FileHandle.nullDevice : terminal
        try p.run()
        close(slave)   // the child holds its own copies; reading ends (EIO) when it exits
        let typist = Thread { [master] in
            let start = Date()
            for k in keys {
                let wait = k.after - Date().timeIntervalSince(start)
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                _ = k.text.withCString { write(master, $0, strlen($0)) }
            }
        }
        if !keys.isEmpty { typist.start() }
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 { collected += chunk[0..<n]; continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        p.waitUntilExit()
        close(master)
        return (p.terminationStatus, String(decoding: collected, as: UTF8.self))
    }

    /// An ALSA configuration file (for `ALSA_CONFIG_PATH`) defining PCM `name` as a `type file`
    /// PCM over a `null` slave that writes the raw samples to `path`.
    static func fileDeviceConfig(name: String, path: String) throws -> String {
        let config = tempPath("asound-\(name).conf")
        let text = """
            pcm.\(name) {
                type file
                slave.pcm { type null }
                file "\(path)"
                format "raw"
                perm 0644
            }

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        return config
    }
}

/// libc's pseudo-terminal calls, looked up with dlsym.
enum PTY {
    private static func symbol<T>(_ name: String, as: T.Type) -> T {
        guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(p, to: T.self)
    }
    static let openpt = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantpt = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockpt = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsname = symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}

struct CLIHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
