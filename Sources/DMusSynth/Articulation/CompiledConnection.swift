import DMusPort

/// One connection of a region's compiled table: the raw DLS block with its transform split
/// into source and control curves, and the scale converted from 16.16 to the destination's
/// unit (cents, centibels, timecents, 0.1 %, keys × 100).
struct CompiledConnection: Sendable, Equatable {
    var source: UInt16
    var control: UInt16
    var destination: UInt16
    var sourceCurve: UInt8
    var sourceBipolar: Bool
    var sourceInvert: Bool
    var controlCurve: UInt8
    var controlBipolar: Bool
    var controlInvert: Bool
    var scale: Double

    /// Decodes a connection block. DLS1 (`art1`) stores a single curve where DLS2 keeps the
    /// output transform (bits 0–3), which must be 0 in DLS2; like FluidSynth and SpessaSynth we
    /// move a curve found only in the output bits to the source, which makes art1 and art2
    /// data read the same way without knowing which chunk a download list came from.
    init(_ c: DownloadConnection) {
        source = c.source
        control = c.control
        destination = c.destination
        let t = c.transform
        var srcCurve = UInt8((t >> 10) & 0xF)
        let output = UInt8(t & 0xF)
        if srcCurve == 0 && output != 0 { srcCurve = output }
        sourceCurve = srcCurve
        sourceBipolar = t & ConnectionTransform.sourceBipolar != 0
        sourceInvert = t & ConnectionTransform.sourceInvert != 0
        controlCurve = UInt8((t >> 4) & 0xF)
        controlBipolar = t & ConnectionTransform.controlBipolar != 0
        controlInvert = t & ConnectionTransform.controlInvert != 0
        scale = Double(c.scale) / 65536
        // The LFOs are inherently bipolar, whatever the bit says (reference §2.4 (c)).
        if source == ConnectionSource.lfo || source == ConnectionSource.vibrato { sourceBipolar = true }
    }

    /// Identity for the spec's merge rule: a (source, control, destination) triple.
    var triple: UInt64 { UInt64(source) << 32 | UInt64(control) << 16 | UInt64(destination) }
}
