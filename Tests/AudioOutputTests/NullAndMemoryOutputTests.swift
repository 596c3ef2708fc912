import AudioOutput
import DMusPort
import Glibc
import Testing

@Suite("NullOutput and MemoryOutput")
struct NullAndMemoryOutputTests {
    @Test("MemoryOutput keeps every frame in order")
    func memoryCollects() throws {
        let out = MemoryOutput(sampleRate: 44_100, channels: 2, maxFramesPerWrite: 512, reserveFrames: 100)
        let signal = testSignal(frames: 3000)   // grows past the reservation: allowed, documented
        let total = writeInSlices(out, signal)
        #expect(total == 3000)
        #expect(out.frameCount == 3000)
        #expect(out.samples.map(\.bitPattern) == signal.map(\.bitPattern))
        #expect(out.sampleRate == 44_100 && out.channels == 2 && out.maxFramesPerWrite == 512)
        out.reportedDelay = 77
        #expect(out.delayFrames() == 77)
        out.close()
        out.close()
        #expect(out.isClosed)
        let one: [Float] = [0, 0]
        #expect(out.write(one, frameCount: 1) == -Int(EBADFD))
        out.reset()
        #expect(out.frameCount == 0 && !out.isClosed)
    }

    @Test("NullOutput (unpaced) accepts everything at once and counts it")
    func nullUnpaced() {
        let out = NullOutput()
        let signal = testSignal(frames: 10_000)
        #expect(writeInSlices(out, signal) == 10_000)
        #expect(out.framesWritten == 10_000)
        #expect(out.delayFrames() == 0)
        #expect(out.underruns == 0)
        let empty: [Float] = [0, 0]
        #expect(out.write(empty, frameCount: 0) == 0)
        #expect(out.write(empty, frameCount: -1) == -Int(EINVAL))
        out.close()
        #expect(out.write(empty, frameCount: 1) == -Int(EBADFD))
    }

    @Test("NullOutput (paced) runs at real time behind its buffer, and counts a late write as an underrun")
    func nullPaced() {
        let out = NullOutput(sampleRate: 48_000, paced: true, bufferFrames: 1200)
        let block = [Float](repeating: 0, count: 1200 * 2)   // 25 ms
        let t0 = monotonicSeconds()
        for _ in 0..<5 { #expect(out.write(block, frameCount: 1200) == 1200) }
        let elapsed = monotonicSeconds() - t0
        // 6000 frames queued, 1200 may stay buffered: the last write returns when 4800 frames
        // (100 ms) have played. clock_nanosleep never returns early.
        #expect(elapsed >= 0.0999, "paced writes returned after \(elapsed) s")
        #expect(out.underruns == 0)
        let delay = out.delayFrames()
        #expect(delay > 0 && delay <= 1200)

        usleep(100_000)   // the buffered 25 ms run out: the "device" underruns
        #expect(out.delayFrames() == 0)
        #expect(out.write(block, frameCount: 1200) == 1200)
        #expect(out.underruns == 1)
        #expect(out.framesWritten == 7200)
    }

    private func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
