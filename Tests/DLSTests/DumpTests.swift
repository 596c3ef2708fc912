import DLS
import DMusTestSupport
import Foundation
import Testing

/// Connection names and units, and the `dmus info` structure dump.
@Suite struct DumpTests {
    @Test func connectionSummaries() {
        let release = DLSConnection(source: 0, destination: 0x0209, scale: -78_643_200)  // −1200 tc
        #expect(release.summary(isDLS2: true) == "EG1 release time = 0.500 s")
        let velocity = DLSConnection(source: 0x0002, destination: 0x0001, transform: 0x8400, scale: -62_914_560)
        #expect(velocity.summary(isDLS2: true) == "velocity → gain, inverted concave, −96.0 dB")
        let dls1Velocity = DLSConnection(source: 0x0002, destination: 0x0001, transform: 1, scale: -62_914_560)
        #expect(dls1Velocity.summary(isDLS2: false) == "velocity → gain, concave, −96.0 dB")
        let lfo = DLSConnection(source: 0, destination: 0x0104, scale: -55_791_973)
        #expect(lfo.summary(isDLS2: true) == "LFO frequency = 5.000 Hz (−851 abs. cents)")
        let vibrato = DLSConnection(source: 0x0001, control: 0x0081, destination: 0x0003, scale: 50 << 16)
        #expect(vibrato.summary(isDLS2: true) == "LFO × CC1 (mod wheel) → pitch, +50.0 cents")
        let zero = DLSConnection(source: 0, destination: 0x0206, scale: Int32.min)
        #expect(zero.summary(isDLS2: true) == "EG1 attack time = 0 s")
        let keyToDecay = DLSConnection(source: 0x0003, destination: 0x0207, scale: -1200 << 16)
        #expect(keyToDecay.summary(isDLS2: true) == "key number → EG1 decay time, −1200.0 tc")
        let sustain = DLSConnection(source: 0, destination: 0x020A, scale: 33_292_288)
        #expect(sustain.summary(isDLS2: true) == "EG1 sustain level = +50.8 %")
        let bipolar = DLSConnection(source: 0x008A, destination: 0x0004, transform: 0x4000, scale: 500 << 16)
        #expect(bipolar.summary(isDLS2: true) == "CC10 (pan) → pan, bipolar, +50.0 %")
        let odd = DLSConnection(source: 0x0300, destination: 0x0999, transform: 0x0230, scale: 7)
        #expect(odd.summary(isDLS2: true) == "source 0x0300 → destination 0x0999, control inverted switch, scale 7")
        let cutoff = DLSConnection(source: 0, destination: 0x0500, scale: 13_500 << 16)
        #expect(cutoff.formattedValue() == "19912.1 Hz (13500 abs. cents)")
    }

    @Test func transformWords() {
        #expect(DLSConnection.transformDescription(0, isDLS2: true) == "")
        #expect(DLSConnection.transformDescription(0xC800, isDLS2: true) == "inverted bipolar convex")
        #expect(DLSConnection.transformDescription(0x0310, isDLS2: true) == "control inverted bipolar concave")
        #expect(DLSConnection.transformDescription(2, isDLS2: false) == "transform 2")
    }

    @Test func collectionDumpIsValidJSONWithEverything() throws {
        let c = TestBanks.small()
        let json = DLSDump.value(c, bankOffset: 1).json()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(parsed["name"] as? String == "Small test bank")
        #expect(parsed["level"] as? Int == 2)
        #expect(parsed["version"] as? String == "1.2.3.4")
        let instruments = try #require(parsed["instruments"] as? [[String: Any]])
        #expect(instruments.count == 2)
        #expect(instruments[0]["songBankMSB"] as? Int == 1)  // melodic: shifted by DBNK
        #expect(instruments[1]["songBankMSB"] as? Int == 121 && instruments[1]["drum"] as? Bool == true)  // drums: not shifted
        let regions = try #require(instruments[0]["regions"] as? [[String: Any]])
        #expect(regions.count == 3)
        #expect(regions[1]["waveName"] as? String == "ramp ä")
        #expect(regions[1]["layer"] as? Int == 3)
        #expect(regions[0]["unityNote"] as? Int == 69 && regions[0]["sampleFrom"] as? String == "wave")
        let loops = try #require(regions[1]["loops"] as? [[String: Any]])
        #expect(loops.first?["type"] as? String == "release")
        let arts = try #require(regions[0]["articulation"] as? [[String: Any]])
        let conns = try #require(arts.first?["connections"] as? [[String: Any]])
        #expect(conns[1]["text"] as? String == "velocity → gain, concave, −96.0 dB")
        let waves = try #require(parsed["waves"] as? [[String: Any]])
        #expect(waves.map { $0["format"] as? String } == ["PCM 16-bit", "PCM 8-bit", "PCM 16-bit"])
        #expect(waves[1]["frames"] as? Int == 101)
    }

    @Test func textDumpNamesEveryPart() {
        let lines = DLSDump.lines(TestBanks.small(), bankOffset: 1)
        let text = lines.joined(separator: "\n")
        #expect(lines[0] == "collection \"Small test bank\", DLS Level 2, version 1.2.3.4")
        #expect(lines[1] == "2 instruments (1 drum kit), 5 regions, 3 waves, 21 connections")
        #expect(text.contains("instrument 0 \"Piano\": bank 0:0 program 1 (song bank 1:0), 3 regions"))
        #expect(text.contains("instrument 1 \"Drums\": bank 121:5 program 0 drums, 2 regions"))
        #expect(text.contains("region 1: keys 60–127, velocities 1–100, layer 3, self non-exclusive, wave 1 \"ramp ä\", unity 72, release loop 2+90"))
        #expect(text.contains("EG1 attack time = "))
        #expect(text.contains("wave 1 \"ramp ä\": PCM 8-bit, mono, 11025 Hz, 101 frames (0.009 s)"))
        #expect(text.contains("channel right"))
    }

    @Test func jsonEscapesAndNumbers() {
        let v = DumpValue.object([
            DumpField("s", .string("a\"b\\c\n\u{1}é")), DumpField("n", .number(-0.5, decimals: 3)), DumpField("i", .int(-3)),
            DumpField("nil", .string(nil as String?)), DumpField("list", .array([.int(1), .bool(false)])), DumpField("empty", .array([])),
        ])
        #expect(v.json() == "{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001é\",\n  \"n\": -0.500,\n  \"i\": -3,\n  \"nil\": null,\n  \"list\": [1, false],\n  \"empty\": []\n}")
        #expect(v["i"] == .int(-3))
    }

    @Test func everyCorpusBankDumpsAndDecodes() throws {
        for file in TestData.files(in: "dls", suffix: ".dls") {
            guard let bytes = try TestData.bytes(file) else { return }
            let (c, _) = try DLSReader.read(bytes, name: file)
            let json = DLSDump.value(c).json()
            #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
            #expect(DLSDump.lines(c).count > c.instruments.count)
            for w in c.waves {
                let frames = try w.decodedFrames()
                #expect(frames.count == w.frameCount)
                #expect(frames.allSatisfy { $0 >= -1 && $0 < 1 })
            }
        }
    }
}
