import DMusPort
import Testing

@Suite struct SampleClockTests {
    @Test func framesAndReferenceTimeAreInverse() {
        var c = PhaseLockedSampleClock(sampleRate: 48_000)
        c.start(refTime: 10_000_000, masterNow: 10_000_000)
        #expect(c.sampleToRefTime(0) == 10_000_000)
        #expect(c.sampleToRefTime(48_000) == 20_000_000)
        #expect(c.refTimeToSample(20_000_000) == 48_000)
        for f: Int64 in [1, 7, 479, 48_001, 1_234_567] {
            #expect(c.refTimeToSample(c.sampleToRefTime(f)) == f || c.refTimeToSample(c.sampleToRefTime(f) + 1) == f)
        }
    }

    @Test func syncMovesOnePercentOfTheDrift() {
        var c = PhaseLockedSampleClock(sampleRate: 48_000)
        c.start(refTime: 0, masterNow: 0)
        // The master is 10 000 units ahead of the sample-derived time: offset moves by 100.
        c.sync(refTime: 1_000_000, masterNow: 1_010_000)
        #expect(c.offset100ns == 100)
    }

}
