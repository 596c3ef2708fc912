import Testing
import SMF

/// The time of a tick is computed from the last tempo change with integer arithmetic, so it does
/// not drift however many changes there are.
@Suite("Tempo map: exactness")
struct TempoExactnessTests {
    /// SplitMix64: a small deterministic generator.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func next(in range: ClosedRange<UInt64>) -> UInt64 {
            range.lowerBound + next() % (range.upperBound - range.lowerBound + 1)
        }
    }

    @Test("850 tempo changes: the time at the last tick equals the rational result")
    func manyChanges() throws {
        let ppq: UInt64 = 384
        var g = Generator(state: 850)
        var events: [MIDIEvent] = []
        var changes: [(tick: UInt64, tempo: UInt64)] = []
        var tick: UInt64 = 0
        for _ in 0..<850 {
            tick += g.next(in: 1...997)
            let tempo = g.next(in: 200_001...1_500_000) | 1     // odd: segments rarely land on whole units
            changes.append((tick, tempo))
            events.append(TempoMapTests.tempo(tick, UInt32(tempo)))
            events.append(Fixture.channel(tick, 0x90, 60, 1))
        }
        let lastTick = tick + 1234
        events.append(Fixture.eot(lastTick))
        // Through the writer and the reader, as a real file would come.
        let bytes = MIDIFileWriter.write(MIDIFile(format: 0, division: .ticksPerQuarter(UInt16(ppq)),
                                                  tracks: [MIDITrack(events: events)]))
        let (file, warnings) = try MIDIFileReader.read(bytes, name: "850-tempi.mid")
        #expect(warnings.isEmpty)
        let map = TempoMap(file: file)
        #expect(map.tempoChanges.count == 850)

        // Independent rational result: numerator = Σ Δticks × tempo × 10 over ppq (exact in UInt64).
        func exact(at target: UInt64) -> Int64 {
            var numerator: UInt64 = 0
            var previousTick: UInt64 = 0
            var tempo: UInt64 = 500_000
            for change in changes where change.tick <= target {
                numerator += (change.tick - previousTick) * tempo * 10
                previousTick = change.tick
                tempo = change.tempo
            }
            numerator += (target - previousTick) * tempo * 10
            return Int64((2 * numerator + ppq) / (2 * ppq))
        }

        let expected = exact(at: lastTick)
        #expect(map.refTime100ns(atTick: lastTick) == expected)
        #expect(map.tick(atRefTime100ns: expected) == lastTick)
        for change in changes {
            #expect(map.refTime100ns(atTick: change.tick) == exact(at: change.tick))
        }

        // The naive way (summing each segment's rounded duration, or floating-point deltas)
        // drifts away from the exact value: the test above is able to see drift.
        var roundedSum: Int64 = 0
        var floatSum = 0.0
        var previousTick: UInt64 = 0
        var tempo: UInt64 = 500_000
        for change in changes + [(lastTick, 0)] {
            let n = (change.tick - previousTick) * tempo * 10
            roundedSum += Int64((2 * n + ppq) / (2 * ppq))
            floatSum += Double(change.tick - previousTick) * Double(tempo) / Double(ppq) * 10
            previousTick = change.tick
            tempo = change.tempo
        }
        #expect(roundedSum != expected)
        #expect(abs(Double(expected) - floatSum) <= 0.5 + 1e-3)   // float is close, but not the contract
    }
}
