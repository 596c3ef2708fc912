// libFuzzer target: the RMID and XMF/mobile-XMF container readers, then the SMF and DLS readers
// on whatever they extract (as `dmus` does with a container it is given).
import DLS
import SMF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    if let rmid = try? RMIDReader.readContainer(bytes, name: "fuzz") {
        _ = try? MIDIFileReader.read(rmid.midi, name: "fuzz.mid")
        if let dls = rmid.dls { _ = try? DLSReader.read(dls, name: "fuzz.dls") }
    }
    if let xmf = try? XMFReader.read(bytes, name: "fuzz") {
        for resource in xmf.resources.prefix(16) {
            if resource.format.isSMF { _ = try? MIDIFileReader.read(resource.bytes, name: "fuzz.mid") }
            if resource.format.isDLS { _ = try? DLSReader.read(resource.bytes, name: "fuzz.dls") }
        }
    }
    return 0
}
