// libFuzzer target: the raw-MIDI capture parser (running status, real-time bytes anywhere,
// system common, SysEx in bounded chunks). Checks the shapes of what it emits.
import DMusPort

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var parser = MIDIByteParser()
    defer { parser.free() }
    var checksum = 0
    for b in bytes {
        parser.push(b) { message in
            switch message {
            case let .short(s, d1, d2, count: n):
                precondition(s & 0x80 != 0 && (1...3).contains(n), "bad short message \(s) \(n)")
                precondition(n < 2 || d1 < 0x80, "data byte 1 has its top bit set")
                precondition(n < 3 || d2 < 0x80, "data byte 2 has its top bit set")
                checksum &+= Int(s) &+ Int(d1) &+ Int(d2)
            case let .sysEx(chunk, final: _):
                precondition(chunk.count <= MIDIByteParser.sysExChunkBytes, "SysEx chunk of \(chunk.count) bytes")
                for x in chunk { checksum &+= Int(x) }
            }
        }
    }
    sink = checksum
    return 0
}
nonisolated(unsafe) var sink = 0
