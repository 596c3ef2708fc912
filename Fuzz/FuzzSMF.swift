// libFuzzer target: the Standard MIDI File reader, then what a player builds from what it
// returns (the merged timeline, the tempo map and every event's time) and the writer.
import SMF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let (file, _) = try? MIDIFileReader.read(bytes, name: "fuzz") else { return 0 }
    let timeline = MIDITimeline(file: file)
    let tempo = TempoMap(file: file)
    var last: Int64 = .min
    for event in timeline.events.prefix(100_000) {
        let t = tempo.refTime100ns(atTick: event.tick)
        precondition(t >= last, "event times go backwards: \(t) after \(last) at tick \(event.tick)")
        last = t
    }
    _ = MIDIFileWriter.write(file)
    return 0
}
