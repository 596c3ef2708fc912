import DMusTestSupport
import Foundation
import Testing

/// `dmus info --events` with the options that change the times play and render use.
@Suite struct InfoEventsOptionsTests {
    static func events(_ args: [String]) throws -> [[String: Any]] {
        let r = try CLI.run(["info"] + args + ["--events", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return object?["events"] as? [[String: Any]] ?? []
    }

    static func times(_ events: [[String: Any]]) -> [Int64] { events.map { ($0["time100ns"] as? NSNumber)?.int64Value ?? -1 } }

    @Test func tempoScaleDividesEveryTime() throws {
        guard let path = TestData.path("midi/sonivox/ants.mid") else { return }
        let normal = try Self.events([path])
        let fast = try Self.events([path, "--tempo-scale", "2"])
        let slow = try Self.events([path, "--tempo-scale", "0.75"])
        #expect(normal.count > 100)
        #expect(fast.count == normal.count && slow.count == normal.count)
        let t = Self.times(normal), f = Self.times(fast), s = Self.times(slow)
        // TempoScale rounds each time once from the exact value: within 1 unit (100 ns).
        for i in t.indices {
            #expect(abs(f[i] * 2 - t[i]) <= 1, "event \(i): \(t[i]) at ×2 is \(f[i])")
            #expect(abs(s[i] * 3 - t[i] * 4) <= 3, "event \(i): \(t[i]) at ×0.75 is \(s[i])")
        }
        #expect(t.last! > 160_000_000 && f.last! < 90_000_000)
        // The same ticks and messages, only the times move.
        #expect(normal.map { $0["tick"] as? Int } == fast.map { $0["tick"] as? Int })
        #expect(normal.map { $0["text"] as? String } == fast.map { $0["text"] as? String })
        // Text too: the seconds column follows.
        let text = try CLI.run(["info", path, "--events", "--tempo-scale", "2"])
        #expect(text.stdout.split(separator: "\n").last?.hasPrefix(String(format: "%.6f", Double(f.last!) / 1e7)) == true)
    }

    @Test func trackSequenceListsOneSequenceOfAFormat2File() throws {
        guard let path = TestData.path("midi/jazz-soft/test-2-tracks-type-2.mid") else { return }
        let all = try Self.events([path])
        let first = try Self.events([path, "--track-sequence", "0"])
        let second = try Self.events([path, "--track-sequence", "1"])
        #expect(Set(all.compactMap { $0["track"] as? Int }) == [0, 1])
        #expect(first.allSatisfy { $0["track"] as? Int == 0 } && !first.isEmpty)
        #expect(second.allSatisfy { $0["track"] as? Int == 1 } && !second.isEmpty)
        #expect(first.count + second.count == all.count)
        // One after another in the full listing; alone, the second sequence starts at 0.
        let secondInAll = Self.times(all.filter { $0["track"] as? Int == 1 })
        let secondAlone = Self.times(second)
        #expect(secondAlone.first == 0)
        #expect(secondInAll.first == 45_000_000)                       // after the first sequence's 4.5 s
        #expect(zip(secondInAll, secondAlone).allSatisfy { $0 - $1 == 45_000_000 })
        // Both options together.
        let both = try Self.events([path, "--track-sequence", "1", "--tempo-scale", "2"])
        #expect(Self.times(both) == secondAlone.map { ($0 + 1) / 2 })
    }

    @Test func badOptionValuesAreClearErrors() throws {
        guard let path = TestData.path("midi/jazz-soft/test-2-tracks-type-2.mid") else { return }
        let noEvents = try CLI.run(["info", path, "--tempo-scale", "2"])
        #expect(noEvents.status == 2)
        #expect(noEvents.stderr.contains("--events"))
        let zero = try CLI.run(["info", path, "--events", "--tempo-scale", "0"])
        #expect(zero.status == 2)
        let missing = try CLI.run(["info", path, "--events", "--track-sequence", "7"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "dmus: --track-sequence 7: \(path) has 2 tracks\n")
    }
}
