@testable import DLS
import Testing

/// `cdl ` chunks (DLS2): a stack program decides whether the chunks after it in the same
/// list are used.
@Suite struct ConditionTests {
    static let and: UInt16 = 1, or: UInt16 = 2, sub: UInt16 = 5, div: UInt16 = 7, lor: UInt16 = 9
    static let lt: UInt16 = 0x0A, gt: UInt16 = 0x0C, eq: UInt16 = 0x0E, not: UInt16 = 0x0F

    static func const(_ v: UInt32) -> [UInt8] { RawRIFF.le16(0x10) + RawRIFF.le32(v) }
    static func query(_ id: [UInt8]) -> [UInt8] { RawRIFF.le16(0x11) + id }
    static func querySupported(_ id: [UInt8]) -> [UInt8] { RawRIFF.le16(0x12) + id }
    static func op(_ code: UInt16) -> [UInt8] { RawRIFF.le16(code) }

    static func run(_ program: [UInt8], device: DLSDeviceQueries = DLSDeviceQueries()) -> DLSCondition.Outcome {
        DLSCondition.evaluate(program, program: 0..<program.count, device: device)
    }

    @Test func queriesAnswerAsASoftwareDLS2Synth() {
        #expect(Self.run(Self.query(DLSDeviceQueries.supportsDLS1ID)) == .value(true))
        #expect(Self.run(Self.query(DLSDeviceQueries.supportsDLS2ID)) == .value(true))
        #expect(Self.run(Self.query(DLSDeviceQueries.gmInHardwareID)) == .value(false))
        #expect(Self.run(Self.querySupported(DLSDeviceQueries.gmInHardwareID)) == .value(true))
        let unknown = [UInt8](repeating: 0x42, count: 16)
        #expect(Self.run(Self.query(unknown)) == .value(false))
        #expect(Self.run(Self.querySupported(unknown)) == .value(false))
        // The usual top-level program: SupportsDLS1 OR SupportsDLS2.
        let top = Self.query(DLSDeviceQueries.supportsDLS1ID) + Self.query(DLSDeviceQueries.supportsDLS2ID) + Self.op(Self.lor)
        var dls1Only = DLSDeviceQueries()
        dls1Only.supportsDLS2 = false
        #expect(Self.run(top, device: dls1Only) == .value(true))
        #expect(Self.run(Self.query(DLSDeviceQueries.supportsDLS2ID) + Self.op(Self.not), device: dls1Only) == .value(true))
    }

    @Test func operandOrderIsTopThenBelow() {
        // X is the top of the stack: push 1, push 2 → X = 2, Y = 1.
        #expect(Self.run(Self.const(1) + Self.const(2) + Self.op(Self.gt)) == .value(true))
        #expect(Self.run(Self.const(1) + Self.const(2) + Self.op(Self.lt)) == .value(false))
        #expect(Self.run(Self.const(2) + Self.const(2) + Self.op(Self.sub)) == .value(false))
        #expect(Self.run(Self.const(3) + Self.const(6) + Self.op(Self.div) + Self.const(2) + Self.op(Self.eq)) == .value(true))
        #expect(Self.run(Self.const(0) + Self.const(6) + Self.op(Self.div)) == .value(false))  // ÷ 0 gives 0, no trap
        #expect(Self.run(Self.const(0b1100) + Self.const(0b0110) + Self.op(Self.and)) == .value(true))
        #expect(Self.run(Self.const(0b1000) + Self.const(0b0110) + Self.op(Self.and)) == .value(false))
        let rate = Self.query(DLSDeviceQueries.samplePlaybackRateID) + Self.const(22_050) + Self.op(Self.lt)
        #expect(Self.run(rate) == .value(true))  // X = 22050 (top) < Y = 44100
    }

    @Test func malformedProgramsAreReportedNotTrapped() {
        #expect(Self.run([]) == .malformed("empty program"))
        #expect(Self.run(Self.op(Self.and)) != .value(true))
        #expect(Self.run(Self.op(0x99)) != .value(false))
        #expect(Self.run(RawRIFF.le16(0x10) + [1, 2]) != .value(true))
        let deep = [UInt8]((0..<100).flatMap { _ in Self.const(1) })
        guard case .malformed = Self.run(deep) else { Issue.record("stack overflow not caught"); return }
    }

    /// A region carrying a DLS1 fallback and a DLS2 articulation, each behind its own `cdl `.
    static func guardedRegion() -> [UInt8] {
        let notDLS2 = RawRIFF.chunk("cdl ", query(DLSDeviceQueries.supportsDLS2ID) + op(not))
        let isDLS2 = RawRIFF.chunk("cdl ", query(DLSDeviceQueries.supportsDLS2ID))
        return RawRIFF.simple(regionExtra: [
            notDLS2, RawRIFF.list("lart", [RawRIFF.art("art1", [(0, 0x206, 1)])]),
            isDLS2, RawRIFF.list("lar2", [RawRIFF.art("art2", [(0, 0x206, 2)])]),
        ]).bytes
    }

    @Test func guardedArticulationsFollowTheDevice() throws {
        let (dls2, w) = try DLSReader.read(Self.guardedRegion(), name: "cdl.dls")
        #expect(w.isEmpty, "\(w)")
        #expect(dls2.instruments[0].regions[0].articulations.map(\.isDLS2) == [true])
        var dls1Device = DLSDeviceQueries()
        dls1Device.supportsDLS2 = false
        let (dls1, _) = try DLSReader.read(Self.guardedRegion(), name: "cdl.dls", device: dls1Device)
        #expect(dls1.instruments[0].regions[0].articulations.map(\.isDLS2) == [false])
        #expect(dls1.instruments[0].regions[0].articulations[0].connections[0].scale == 1)
    }

    @Test func cdlAsFirstChildOfAnArticulationList() throws {
        let never = RawRIFF.chunk("cdl ", Self.const(0))
        let bytes = RawRIFF.simple(regionExtra: [
            RawRIFF.list("lart", [never, RawRIFF.art("art1", [(0, 0x206, 1)])]),
            RawRIFF.list("lar2", [RawRIFF.art("art2", [(0, 0x206, 2)])]),
        ]).bytes
        let (c, _) = try DLSReader.read(bytes, name: "cdl.dls")
        #expect(c.instruments[0].regions[0].articulations.map(\.isDLS2) == [true])
    }

    @Test func unreadableCdlKeepsItsChunks() throws {
        let broken = RawRIFF.chunk("cdl ", Self.op(0x77))
        let bytes = RawRIFF.simple(regionExtra: [broken, RawRIFF.list("lar2", [RawRIFF.art("art2", [(0, 0x206, 2)])])]).bytes
        let (c, w) = try DLSReader.read(bytes, name: "cdl.dls")
        #expect(c.instruments[0].regions[0].articulations.count == 1)
        #expect(w.contains { $0.message.contains("unreadable 'cdl '") && $0.chunkPath.hasSuffix("cdl ") })
    }

    @Test func falseTopLevelConditionSkipsTheCollection() throws {
        let waves = [RawRIFF.wave([0, 0])]
        let inst = RawRIFF.instrument(regions: [RawRIFF.region([RawRIFF.rgnh(), RawRIFF.wlnk(0)])])
        let gm = RawRIFF.chunk("cdl ", Self.query(DLSDeviceQueries.gmInHardwareID))
        let (c, w) = try DLSReader.read(RawRIFF.dls(instruments: [inst], waves: waves, top: [gm]), name: "cdl.dls")
        #expect(c.instruments.isEmpty && c.waves.isEmpty)
        #expect(w.contains { $0.message.contains("not meant for this device") })
    }
}
