import DLS
import DMusTestSupport
import Testing

@Suite struct RMIDTests {
    @Test func embeddedCollectionAndSong() throws {
        guard let bytes = try TestData.bytes("containers/chords0_TimGM6mb_dls.rmi") else { return }
        #expect(RMIDReader.isRMID(bytes))
        #expect(!DLSReader.isDLS(bytes))
        let (midi, dls, warnings) = try RMIDReader.read(bytes, name: "chords0.rmi")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(Array(midi.prefix(4)) == Array("MThd".utf8))
        #expect(midi.count == 634)
        let dlsBytes = try #require(dls)
        #expect(DLSReader.isDLS(dlsBytes))
        let (c, dlsWarnings) = try DLSReader.read(dlsBytes, name: "chords0.rmi (embedded DLS)")
        #expect(dlsWarnings.isEmpty, "\(dlsWarnings)")
        #expect(c.instruments.count == 1)
        #expect(c.instruments[0].regions.count == 8)
        #expect(c.waves.count == 3)
        #expect(c.waves.allSatisfy { $0.sampleRate == 22_050 })
    }

    @Test func containerReportsInfoAndBankOffset() throws {
        guard let bytes = try TestData.bytes("containers/chords0_TimGM6mb_dls.rmi") else { return }
        let container = try RMIDReader.readContainer(bytes, name: "chords0.rmi")
        #expect(container.bankOffset == 0)  // DLS-in-RMID default, stored explicitly by spessasynth
        #expect(!container.info.isEmpty)
        #expect(!container.info.entries.contains { $0.id == "DBNK" })
    }

    @Test func embeddedBankOffsetsAndRoundTrip() throws {
        guard let bytes = try TestData.bytes("containers/chords0_TimGM6mb_dls.rmi") else { return }
        let container = try RMIDReader.readContainer(bytes, name: "chords0.rmi")
        let dls = try #require(container.dls)
        let offset = try #require(container.dlsOffset)
        #expect(Array(bytes[offset..<offset + dls.count]) == dls)
        #expect(Array(bytes[container.midiOffset..<container.midiOffset + 4]) == Array("MThd".utf8))
        let (c, _) = try DLSReader.read(dls, name: "embedded")
        let (again, warnings) = try DLSReader.read(DLSWriter.write(c), name: "embedded rewritten")
        #expect(warnings.isEmpty && again == c)
    }

    @Test func builtRMIDWithoutBank() throws {
        let smf = Array("MThd".utf8) + RawRIFF.le32(6).reversed() + [0, 0, 0, 1, 0, 96]
        let bytes = RawRIFF.list("RMID", [RawRIFF.chunk("data", smf)], id: "RIFF")
        let (midi, dls, warnings) = try RMIDReader.read(bytes, name: "song.rmi")
        #expect(midi == smf && dls == nil && warnings.isEmpty)
    }

    @Test func builtRMIDWithOurOwnBank() throws {
        let bank = DLSWriter.write(TestBanks.small())
        let smf = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 96]
        let bytes = RawRIFF.list("RMID", [RawRIFF.chunk("data", smf), bank], id: "RIFF")
        let (_, dls, _) = try RMIDReader.read(bytes, name: "song.rmi")
        #expect(dls == bank)
        #expect(try DLSReader.read(#require(dls), name: "embedded").collection == TestBanks.small())
    }

    @Test func rejectsWhatIsNotRMID() throws {
        #expect(!RMIDReader.isRMID([]))
        #expect(!RMIDReader.isRMID(DLSWriter.write(TestBanks.small())))
        #expect(throws: DLSError.self) { try RMIDReader.read(Array("MThd".utf8) + [0, 0, 0, 6], name: "plain.mid") }
        let noData = RawRIFF.list("RMID", [RawRIFF.list("INFO", [])], id: "RIFF")
        do {
            _ = try RMIDReader.read(noData, name: "empty.rmi")
            Issue.record("an RMID without 'data' must fail")
        } catch {
            #expect(error.message.contains("no 'data'"))
            #expect(error.description.hasPrefix("empty.rmi: "))
        }
    }

    @Test func truncatedRMIDNeverCrashes() throws {
        guard let bytes = try TestData.bytes("containers/chords0_TimGM6mb_dls.rmi") else { return }
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            let prefix = Array(bytes[0..<cut])
            if let (_, dls, _) = try? RMIDReader.read(prefix, name: "cut.rmi"), let dls {
                _ = try? DLSReader.read(dls, name: "cut.rmi (embedded)")
            }
        }
    }
}
