import DMusPort
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `dmus play --midi-in PATH`: raw MIDI bytes from a file, a FIFO or a raw MIDI device
/// (`/dev/snd/midiC1D0`) go through a capture stream (the DMusUART model: bytes → parsed,
/// time-stamped kernel events) into the port, played at the latency clock — as soon as the
/// synth can. Read without blocking on the player's client thread, the port's only producer.
final class MIDIInput {
    let path: String
    private let fd: Int32
    let capture: CaptureStream
    private(set) var reachedEnd = false
    private(set) var bytesRead = 0
    private var buffer = [UInt8](repeating: 0, count: 4096)

    init(path: String, port: PortDMus) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CLIError("\(path): cannot open MIDI input (\(String(cString: strerror(errno))))", badInput: true) }
        capture = CaptureStream(allocator: port.allocator, clock: port.clock, channelGroup: 1)
        try? capture.connectOutput(PortInputSink(port: port))
        try? capture.setState(.run)
    }

    deinit { close(fd) }

    /// Reads what is available and queues it, stamped `time`.
    func poll(at time: ReferenceTime100ns) {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytesRead += n
                buffer.withUnsafeBytes { capture.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: time) }
                continue
            }
            if n == 0 { reachedEnd = true }           // end of a file, or every FIFO writer closed
            return                                     // n < 0: EAGAIN (nothing yet) or an error
        }
    }
}
