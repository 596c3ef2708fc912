import DMusPort
import Testing

/// The download-buffer format, pinned to reference/dmus-interfaces.md §12.
@Suite struct DownloadLayoutTests {
    static func oneRegionInstrument(connections: [DownloadConnection] = []) -> DownloadInstrument {
        DownloadInstrument(
            downloadId: 7, patch: 5,
            regions: [DownloadRegion(waveLink: DownloadWaveLink(channel: 1, tableIndex: 3),
                                     waveSample: DownloadWaveSample(unityNote: 60, loops: [DownloadLoop(type: 0, startFrames: 10, lengthFrames: 100)]))],
            globalArticulations: [connections])
    }

    static func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }

    @Test func workedExampleOffsetsAndSizes() {
        // §12.8: header N=4 cbSize=148, table [32, 56, 128, 140].
        let b = DownloadEncoder.encode(Self.oneRegionInstrument())
        #expect(b.count == 148)
        #expect(Self.u32(b, 0) == DownloadLayout.typeInstrument2)
        #expect(Self.u32(b, 4) == 7)
        #expect(Self.u32(b, 8) == 4)
        #expect(Self.u32(b, 12) == 148)
        #expect([16, 20, 24, 28].map { Self.u32(b, $0) } == [32, 56, 128, 140])
        // [0] DMUS_INSTRUMENT: patch, first region 1, global art 2, ext 0, copyright 0, flags 0.
        #expect([32, 36, 40, 44, 48, 52].map { Self.u32(b, $0) } == [5, 1, 2, 0, 0, 0])
        // [1] DMUS_REGION: keys 0…127, velocity 0…127, WaveLink.ulChannel 1, ulTableIndex = wave id.
        #expect(Self.u32(b, 56) == 127 << 16)
        #expect(Self.u32(b, 60) == 127 << 16)
        #expect(Self.u32(b, 56 + 28) == 1)
        #expect(Self.u32(b, 56 + 32) == 3)
        // WSMP cbSize 20, unity 60, one loop {16, FORWARD, 10, 100}.
        #expect(Self.u32(b, 56 + 36) == 20)
        #expect(b[56 + 40] == 60)
        #expect(Self.u32(b, 56 + 52) == 1)
        #expect([56, 60, 64, 68].map { Self.u32(b, 56 + $0) } == [16, 0, 10, 100])
        // [2] DMUS_ARTICULATION2 → [3]; [3] CONNECTIONLIST cbSize 8, 0 connections.
        #expect([128, 132, 136].map { Self.u32(b, $0) } == [3, 0, 0])
        #expect([140, 144].map { Self.u32(b, $0) } == [8, 0])
    }

    @Test func connectionsFollowTheList() {
        let c = DownloadConnection(source: 0, control: 0, destination: ConnectionDestination.eg1ReleaseTime, transform: 0, scale: -123)
        let b = DownloadEncoder.encode(Self.oneRegionInstrument(connections: [c, c]))
        #expect(b.count == 148 + 24)
        #expect(Self.u32(b, 144) == 2)
        // CONNECTION: usSource, usControl, usDestination, usTransform, lScale.
        #expect(Self.u32(b, 148) == 0)
        #expect(Self.u32(b, 152) == UInt32(ConnectionDestination.eg1ReleaseTime))
        #expect(Int32(bitPattern: Self.u32(b, 156)) == -123)
    }

    @Test func waveBufferLayout() {
        let w = DownloadWave(downloadId: 9, format: WaveFormat(samplesPerSecond: 22050, bitsPerSample: 16), data: [1, 2, 3, 4, 5, 6])
        let b = DownloadEncoder.encode(w)
        // Header (type 2, N=2) + table [24, 56] + DMUS_WAVE (32) + DMUS_WAVEDATA (cbSize + bytes).
        #expect(Self.u32(b, 0) == 2)
        #expect(Self.u32(b, 8) == 2)
        #expect([16, 20].map { Self.u32(b, $0) } == [24, 56])
        #expect(Self.u32(b, 24 + 8) == 1)             // ulWaveDataIdx
        #expect(Self.u32(b, 56) == 6)
        #expect(Array(b[60..<66]) == [1, 2, 3, 4, 5, 6])
        #expect(Self.u32(b, 12) == UInt32(b.count))
    }

    @Test func roundTripThroughTheDecoder() throws {
        let inst = Self.oneRegionInstrument(connections: [DownloadConnection(source: 2, control: 0, destination: 1, transform: 0x8400, scale: -62_914_560)])
        #expect(try DownloadDecoder.decode(DownloadEncoder.encode(inst)) == .instrument(inst))
        let w = DownloadWave(downloadId: 4, format: WaveFormat(samplesPerSecond: 44100, bitsPerSample: 8), data: [128, 0, 255])
        #expect(try DownloadDecoder.decode(DownloadEncoder.encode(w)) == .wave(w))
    }

    @Test func hostileBuffersAreRefusedWithTheirCode() {
        var b = DownloadEncoder.encode(Self.oneRegionInstrument())
        b[20] = 0xFF; b[21] = 0xFF   // table entry 1 far outside cbSize
        #expect(throws: DownloadError.self) { try DownloadDecoder.decode(b) }
        var cyc = DownloadEncoder.encode(Self.oneRegionInstrument())
        cyc[56 + 16] = 1   // region's next points at itself
        do { _ = try DownloadDecoder.decode(cyc); Issue.record("a cyclic region list was accepted") } catch {
            #expect(error.code == .badInstrument)
        }
        #expect(throws: DownloadError.self) { try DownloadDecoder.decode([UInt8](repeating: 0, count: 10)) }
        // Every truncation fails cleanly.
        let whole = DownloadEncoder.encode(Self.oneRegionInstrument())
        for n in 0..<whole.count {
            #expect(throws: DownloadError.self) { try DownloadDecoder.decode(Array(whole[0..<n])) }
        }
    }
}

/// Each field of a download corrupted on its own gives the DirectMusic error for it.
@Suite struct MalformedDownloadTests {
    static func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) { for i in 0..<4 { b[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) } }
    static func code(_ b: [UInt8]) -> DownloadError.Code? {
        do { _ = try DownloadDecoder.decode(b); return nil } catch { return error.code }
    }
    static var instrument: [UInt8] {
        DownloadEncoder.encode(DownloadLayoutTests.oneRegionInstrument(connections: [DownloadConnection(source: 0, control: 0, destination: 1, transform: 0, scale: 0)]))
    }
    static var wave: [UInt8] {
        DownloadEncoder.encode(DownloadWave(downloadId: 2, format: WaveFormat(samplesPerSecond: 22050, bitsPerSample: 16), data: [1, 2, 3, 4]))
    }

    @Test func eachCorruptionHasItsCode() {
        var b = Self.instrument; Self.put32(&b, 0, 9)
        #expect(Self.code(b) == .unknownDownload)                 // dwDLType
        b = Self.instrument; Self.put32(&b, 0, 1)
        #expect(Self.code(b) == .unknownDownload)                 // DX6 instrument format
        b = Self.instrument; Self.put32(&b, 8, 0)
        #expect(Self.code(b) == .badOffsetTable)                  // no table entries
        b = Self.instrument; Self.put32(&b, 12, 1_000_000)
        #expect(Self.code(b) == .badOffsetTable)                  // cbSize beyond the bytes
        b = Self.instrument; Self.put32(&b, 20, 147)
        #expect(Self.code(b) == .badOffsetTable)                  // object runs past cbSize
        b = Self.instrument; Self.put32(&b, 16, 36)
        #expect(Self.code(b) == .badOffsetTable)                  // entry 0 not right after the table
        b = Self.instrument; Self.put32(&b, 36, 99)
        #expect(Self.code(b) == .badOffsetTable)                  // ulFirstRegionIdx ≥ N
        b = Self.instrument; Self.put32(&b, 40, 99)
        #expect(Self.code(b) == .badOffsetTable)                  // ulGlobalArtIdx ≥ N
        b = Self.instrument; Self.put32(&b, 140, 12)
        #expect(Self.code(b) == .badArticulation)                 // CONNECTIONLIST.cbSize ≠ 8
        b = Self.instrument; Self.put32(&b, 144, 0xFFFF_FFFF)
        #expect(Self.code(b) == .badArticulation)                 // cConnections past the end
        b = Self.instrument; Self.put32(&b, 128 + 8, 2)
        #expect(Self.code(b) == .badArticulation)                 // articulation chain loops
        b = Self.instrument; Self.put32(&b, 56 + 16, 1)
        #expect(Self.code(b) == .badInstrument)                   // region list loops
        b = Self.instrument; b[56] = 100; b[58] = 10
        #expect(Self.code(b) == .badInstrument)                   // key range low > high
        b = Self.instrument; Self.put32(&b, 56 + 52, 1_000_000)
        #expect(Self.code(b) == .badInstrument)                   // cSampleLoops past the end
        b = Self.wave; Self.put32(&b, 24 + 8, 0)
        #expect(Self.code(b) == .badWave)                         // no DMUS_WAVEDATA
        b = Self.wave; Self.put32(&b, 56, 1_000)
        #expect(Self.code(b) == .badOffsetTable)                  // sample bytes past the end
        #expect(Self.code(Self.instrument) == nil && Self.code(Self.wave) == nil)
    }
}
