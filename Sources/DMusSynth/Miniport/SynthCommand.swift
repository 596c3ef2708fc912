/// Client → render-thread notices about downloads, carried by an SPSC ring. The client fills
/// a table slot first; the ring's release/acquire ordering makes the slot visible before the
/// render thread reads the notice.
struct SynthCommand: BitwiseCopyable {
    enum Kind: UInt8 { case addInstrument, removeInstrument, resetStatistics, stop }
    var kind: Kind
    var slot: Int32
    var patch: UInt32
}
