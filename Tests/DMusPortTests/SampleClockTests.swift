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

@Suite struct PhaseLockTests {
    @Test func conversionsInvertOverALongRun() {
        var c = PhaseLockedSampleClock(sampleRate: 44_100)
        c.start(refTime: 123_456_789, masterNow: 123_456_789)
        var x: Int64 = 0
        while x < 44_100 * 3600 * 10 {          // ten hours, in uneven steps
            #expect(c.refTimeToSample(c.sampleToRefTime(x)) == x)
            x += 9_973_451
        }
    }

    @Test func settlesOnAMasterThatDrifts100ppm() {
        // The sound card runs 100 ppm slow against the master: each 10 ms period of samples
        // takes 10.001 ms of master time. The mapping must settle (not run away) and track it
        // within the rule's steady-state lag.
        let rate = 48_000
        var c = PhaseLockedSampleClock(sampleRate: rate)
        c.start(refTime: 0, masterNow: 0)
        var frames: Int64 = 0
        var lastError: Int64 = .max
        for _ in 0..<20_000 {                  // 200 s
            frames += 480
            let sampleTime = frames * 10_000_000 / Int64(rate)
            let master = sampleTime + sampleTime / 10_000   // +100 ppm
            c.sync(refTime: sampleTime, masterNow: master)
            lastError = abs(c.sampleToRefTime(frames) - master)
        }
        // The 1 %-per-call loop lags a steady drift by 100 periods' worth: 100 × 1 µs = 1,000 units.
        #expect(lastError <= 1_100, "mapping is \(lastError) × 100 ns from the master")
    }
}
