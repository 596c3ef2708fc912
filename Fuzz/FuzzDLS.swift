// libFuzzer target: the RIFF/DLS reader, and what a caller does next with what it returns
// (decoding every wave's frames, splitting multichannel waves, writing the collection back).
import DLS

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let (collection, _) = try? DLSReader.read(bytes, name: "fuzz") else { return 0 }
    for wave in collection.waves.prefix(64) { _ = try? wave.decodedFrames() }
    let (split, _) = collection.splittingMultichannelWaves()
    _ = DLSWriter.write(split)
    return 0
}
