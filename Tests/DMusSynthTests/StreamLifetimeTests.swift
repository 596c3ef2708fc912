import DMusPort
import DMusSynth
import Testing

/// A port that goes away takes its stream (and the synth's voices, waves and effect memory)
/// with it: nothing in the service-group wiring may hold the stream in a cycle. The download
/// fuzz target, which makes a port per input, found such a cycle as a leak of every synth.
@Suite struct StreamLifetimeTests {
    @Test(arguments: [1, 2]) func aReleasedPortFreesItsStream(threads: Int) throws {
        weak var stream: AnyObject?
        do {
            let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil, threads: threads), clock: VirtualClock(start: 10_000_000))
            stream = try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 1))
            port.notify()
            #expect(stream != nil)
        }
        #expect(stream == nil, "the stream outlived its port")
    }
}
