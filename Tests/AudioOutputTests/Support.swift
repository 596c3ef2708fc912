import AudioOutput
import DMusPort
import Foundation
import Synchronization
import Testing

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TempDir {
    let path: String

    init(_ tag: String = #function) {
        let clean = tag.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("dmus-ao-\(clean)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A deterministic stereo test signal: two sines, with full-scale, clipping and rounding
/// edge values at the start so every conversion rule shows up in the bytes.
func testSignal(frames: Int) -> [Float] {
    var s = [Float](repeating: 0, count: frames * 2)
    for i in 0..<frames {
        let t = Double(i) / 48_000
        s[2 * i] = Float(0.5 * sin(2 * Double.pi * 440 * t))
        s[2 * i + 1] = Float(0.25 * sin(2 * Double.pi * 660 * t))
    }
    let edges: [Float] = [1.0, -1.0, 1.5, -1.5, 0.5 / 32768, 1.5 / 32768, -2.5 / 32768,
                          32767.5 / 32768, -32768.5 / 32768, .infinity, -.infinity, 0.0, -0.0, Float.leastNormalMagnitude / 4]
    for (i, v) in edges.enumerated() where i < s.count { s[i] = v }
    return s
}

/// Writes `signal` through `output` in uneven slices (exercises partial chunking); returns the
/// sum of what `write` returned.
@discardableResult
func writeInSlices(_ output: some WaveOutput, _ signal: [Float], channels: Int = 2,
                   slices: [Int] = [1, 37, 256, 1000, 4096, 5000, 3]) -> Int {
    let frames = signal.count / channels
    var done = 0, total = 0, k = 0
    signal.withUnsafeBufferPointer { buf in
        while done < frames {
            let n = min(slices[k % slices.count], frames - done)
            let r = output.write(buf.baseAddress! + done * channels, frameCount: n)
            #expect(r == n, "write returned \(r) for \(n) frames")
            if r < 0 { break }
            total += r
            done += n
            k += 1
        }
    }
    return total
}

func bytes(of path: String) -> [UInt8] {
    guard let d = FileManager.default.contents(atPath: path) else { return [] }
    return [UInt8](d)
}

func floatBytes(_ samples: [Float]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(samples.count * 4)
    for v in samples {
        let b = v.bitPattern.littleEndian
        out.append(contentsOf: [UInt8(b & 0xFF), UInt8((b >> 8) & 0xFF), UInt8((b >> 16) & 0xFF), UInt8(b >> 24)])
    }
    return out
}

/// The payload of the `data` chunk of a RIFF/WAVE file.
func wavDataChunk(_ file: [UInt8]) -> [UInt8]? {
    guard file.count >= 12, file[0..<4] == [0x52, 0x49, 0x46, 0x46], file[8..<12] == [0x57, 0x41, 0x56, 0x45] else { return nil }
    var p = 12
    while p + 8 <= file.count {
        let id = String(decoding: file[p..<p + 4], as: UTF8.self)
        let size = Int(file[p + 4]) | Int(file[p + 5]) << 8 | Int(file[p + 6]) << 16 | Int(file[p + 7]) << 24
        if id == "data" { return Array(file[(p + 8)..<min(file.count, p + 8 + size)]) }
        p += 8 + size + (size & 1)
    }
    return nil
}

/// Wraps a real driver and misbehaves on chosen `writei` calls: returns a given error
/// instead of writing, or takes fewer frames than offered (a short write).
final class FaultInjector: Sendable {
    struct State {
        var writeCalls = 0
        /// 1-based writei call number → negative errno to return instead of writing.
        var faults: [Int: Int32] = [:]
        /// Take at most this many frames per writei (short writes), if set.
        var maxFramesPerCall: Int?
        var recoverCalls: [Int32] = []
        var recoverResult: Int32?
        var framesPassed = 0
    }

    let state: Mutex<State>

    init(faults: [Int: Int32] = [:], maxFramesPerCall: Int? = nil, recoverResult: Int32? = nil) {
        state = Mutex(State(faults: faults, maxFramesPerCall: maxFramesPerCall, recoverResult: recoverResult))
    }

    var snapshot: State { state.withLock { $0 } }

    func driver(over base: ALSAPCMDriver = .system) -> ALSAPCMDriver {
        var d = base
        d.writei = { [self] pcm, data, frames in
            let (fault, limit): (Int32?, Int) = state.withLock { s in
                s.writeCalls += 1
                return (s.faults[s.writeCalls], min(frames, s.maxFramesPerCall ?? frames))
            }
            if let fault { return Int(fault) }
            let r = base.writei(pcm, data, limit)
            if r > 0 { state.withLock { $0.framesPassed += r } }
            return r
        }
        d.recover = { [self] pcm, err, silent in
            let forced = state.withLock { s -> Int32? in
                s.recoverCalls.append(err)
                return s.recoverResult
            }
            return forced ?? base.recover(pcm, err, silent)
        }
        return d
    }
}

/// A driver with no libasound behind it at all: every call succeeds on a dummy handle and
/// `writei` accepts everything (counting frames). Tests override single closures.
func synthesizedDriver(frameSink: Locked<Int>? = nil, closes: Locked<Int>? = nil) -> ALSAPCMDriver {
    ALSAPCMDriver(
        open: { _, _ in .success(OpaquePointer(bitPattern: 0x1000)!) },
        openFromConfig: { _, _, _ in .success(OpaquePointer(bitPattern: 0x1000)!) },
        setNonblocking: { _, _ in 0 },
        configure: { _, req in
            .success(ALSAHardwareGrant(format: req.formats[0], channels: req.channels, sampleRate: req.sampleRate,
                                       periodFrames: req.periodFrames, bufferFrames: req.periodFrames * req.periods))
        },
        writei: { _, _, frames in
            frameSink?.withLock { $0 += frames }
            return frames
        },
        recover: { _, _, _ in 0 },
        delay: { _ in (0, 123) },
        drain: { _ in 0 },
        drop: { _ in 0 },
        close: { _ in
            closes?.withLock { $0 += 1 }
            return 0
        },
        strerror: { ALSAPCMDriver.system.strerror($0) }
    )
}

/// A Sendable box around a Mutex, so tests can share counters with driver closures.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R {
        mutex.withLock { value -> R in body(&value) }
    }

    var value: Value { withLock { $0 } }
}
