import DMusTestSupport
import Foundation
import Testing

/// `dmus info`: readable and JSON structure dumps of every corpus DLS and container, and a
/// one-line error with exit status 3 for a broken file.
@Suite struct InfoCommandTests {
    static func json(_ args: [String]) throws -> [String: Any] {
        let r = try CLI.run(["info", "--json"] + args)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static var corpus: [String] {
        TestData.files(in: "dls", suffix: ".dls") + TestData.files(in: "containers", suffix: ".rmi")
            + TestData.files(in: "containers", suffix: ".mxmf")
    }

    @Test(arguments: Self.corpus)
    func describesEveryCorpusFile(file: String) throws {
        guard let path = TestData.path(file) else { return }
        let r = try CLI.run(["info", path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("file: \(path)"))
        #expect(r.stdout.contains("collection \""))
        #expect(r.stdout.contains("instrument 0 "))
        #expect(r.stdout.contains("region 0: keys "))
        #expect(r.stdout.contains("wave 0 "))
        #expect(r.stderr.isEmpty)
        let j = try Self.json([path])
        let collection = try #require((j["collection"] as? [String: Any]) ?? (j["bank"] as? [String: Any])?["collection"] as? [String: Any])
        let counts = try #require(collection["counts"] as? [String: Int])
        #expect(counts["instruments", default: 0] > 0 && counts["waves", default: 0] > 0)
        #expect((collection["instruments"] as? [Any])?.count == counts["instruments"])
    }

    @Test func timGM6mbCountsAndArticulationUnits() throws {
        guard let path = TestData.path("dls/TimGM6mb.dls") else { return }
        let j = try Self.json([path])
        let c = try #require(j["collection"] as? [String: Any])
        #expect(c["counts"] as? [String: Int] == ["instruments": 136, "drumKits": 8, "regions": 2063, "waves": 520, "connections": 28_301])
        #expect(c["level"] as? Int == 2)
        let text = try CLI.run(["info", path]).stdout
        #expect(text.contains("EG1 release time = "))
        #expect(text.contains(" s\n"))
        #expect(text.contains("drums"))
    }

    @Test func rmidShowsSongAndBankWithItsOffset() throws {
        guard let path = TestData.path("containers/chords0_TimGM6mb_dls.rmi") else { return }
        let r = try CLI.run(["info", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("type: RMID (RIFF MIDI) with an embedded DLS collection"))
        #expect(r.stdout.contains("song: SMF format 0, PPQ 96"))
        #expect(r.stdout.contains("embedded bank: RIFF DLS at byte 810, 78258 bytes, bank offset 0 (DBNK)"))
        let j = try Self.json([path])
        let bank = try #require(j["bank"] as? [String: Any])
        #expect(bank["bankOffset"] as? Int == 0 && bank["bankOffsetFrom"] as? String == "DBNK")
        let instruments = try #require((bank["collection"] as? [String: Any])?["instruments"] as? [[String: Any]])
        #expect(instruments.count == 1 && instruments[0]["songBankMSB"] as? Int == 0 && instruments[0]["program"] as? Int == 0)
        let song = try #require(j["song"] as? [String: Any])
        #expect(song["notes"] as? Int == 24 && song["tracks"] as? Int == 1)
        #expect((j["info"] as? [String: String])?["INAM"] == "Multi-channel chords Test 0")
    }

    @Test func mobileXMFShowsBothResources() throws {
        guard let path = TestData.path("containers/Leadsol.mxmf") else { return }
        let j = try Self.json([path])
        #expect(j["type"] as? String == "xmf")
        let bank = try #require(j["bank"] as? [String: Any])
        #expect(bank["offset"] as? Int == 88)
        let song = try #require(j["song"] as? [String: Any])
        #expect(song["format"] as? Int == 0 && song["division"] as? String == "PPQ 120" && song["ticksPerQuarter"] as? Int == 120)
        let resources = try #require((j["xmf"] as? [String: Any])?["resources"] as? [[String: Any]])
        #expect(resources.map { $0["format"] as? String } == ["Mobile DLS", "SMF type 0"])
        let instrument = try #require(((bank["collection"] as? [String: Any])?["instruments"] as? [[String: Any]])?.first)
        #expect(instrument["bankMSB"] as? Int == 121)
    }

    @Test func midiFileSummary() throws {
        guard let path = TestData.path("midi/sonivox/ants.mid") else { return }
        let r = try CLI.run(["info", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("song: SMF format 0, PPQ 120, 1 tracks"))
        let song = try #require(try Self.json([path])["song"] as? [String: Any])
        #expect(song["notes"] as? Int == 372)
        #expect((song["notesPerChannel"] as? [String: Int])?["10"] == 121)
        #expect((song["lengthSeconds"] as? Double ?? 0) > 17)
    }

    @Test func eventsListOneLinePerEvent() throws {
        guard let path = TestData.path("midi/sonivox/ants.mid") else { return }
        let r = try CLI.run(["info", path, "--events"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        for line in lines.prefix(50) {
            #expect(line.range(of: #"^\d+\.\d{6}  track \d+  tick \d+  group \d+ "#, options: .regularExpression) != nil, "\(line)")
        }
        let j = try Self.json([path, "--events"])
        #expect((j["events"] as? [Any])?.count == lines.count)
        // A bank alone has no events to list.
        if let dls = TestData.path("dls/Leadsol.dls") {
            let bad = try CLI.run(["info", dls, "--events"])
            #expect(bad.status == 3 && bad.stderr.contains(dls))
        }
    }

    @Test func brokenFilesExitWith3AndOneLine() throws {
        let cases: [(String, [UInt8], String)] = [
            ("empty-riff.dls", Array("RIFF\u{4}\0\0\0DLS ".utf8), "nothing here is a DLS collection"),
            ("noise.bin", Array("hello, this is not music".utf8), "not a DLS, RMID, XMF or MIDI file"),
            ("bad.mxmf", Array("XMF_9.99".utf8) + [0, 0, 0, 0], "version '9.99'"),
            ("no-data.rmi", Array("RIFF\u{4}\0\0\0RMID".utf8), "no 'data'"),
            ("bad.mid", Array("MThd".utf8) + [0, 0], "MThd"),
        ]
        for (name, bytes, text) in cases {
            let path = CLI.tempPath(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for extra in [[], ["--json"]] {
                let r = try CLI.run(["info", path] + extra)
                #expect(r.status == 3, "\(name): \(r.stderr)")
                #expect(r.stdout.isEmpty)
                let lines = r.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].contains(path), "\(name): \(r.stderr)")
                #expect(r.stderr.contains(text), "\(name): \(r.stderr)")
            }
        }
        let missing = try CLI.run(["info", "/nonexistent/bank.dls"])
        #expect(missing.status == 3 && missing.stderr.contains("/nonexistent/bank.dls"))
    }

    @Test func everyCorpusSongIsDescribedOrRefusedCleanly() throws {
        for song in TestData.files(in: "midi", suffix: ".mid") {
            guard let path = TestData.path(song) else { return }
            let r = try CLI.run(["info", path])
            #expect(r.status == 0 || r.status == 3, "\(song): exit \(r.status): \(r.stderr)")
            if r.status == 0 {
                #expect(r.stdout.contains("song: SMF format "), "\(song)")
            } else {
                #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(path), "\(song): \(r.stderr)")
            }
        }
    }
}

/// Playing and rendering take the song and bank out of a Mobile XMF.
@Suite struct XMFSongTests {
    @Test func rendersMobileXMF() throws {
        guard let path = TestData.path("containers/Leadsol.mxmf") else { return }
        let out = CLI.tempPath("leadsol.wav")
        let r = try CLI.run(["render", path, "-o", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (peak, frames) = try CLI.wavPeak(out)
        #expect(frames > 48_000 * 25)
        #expect(peak > 300)
    }
}
