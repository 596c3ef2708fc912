import DMusPort

/// Runs every render-thread code path once on a throwaway engine, at stream creation, so the
/// Swift runtime's lazy caches (generic metadata, witness tables, one-time globals) are filled
/// before real time: first use of a path can allocate, later uses never do.
enum EngineWarmUp {
    static func run(parameters: PortParameters) {
        var p = parameters
        p.voices = 4
        p.channelGroups = 1
        p.maxFramesPerRender = 256
        for mode in Interpolation.allCases {
            var engine = SynthEngine(parameters: p, interpolation: mode, reverb: .gsDefault, chorus: .gsDefault)
            let wave = UnsafeMutablePointer<Float>.allocate(capacity: 64 + 2 * WaveRecord.guardFrames)
            wave.initialize(repeating: 0.25, count: 64 + 2 * WaveRecord.guardFrames)
            engine.waves.initialize(to: WaveRecord(frames: wave + WaveRecord.guardFrames, frameCount: 64, sampleRate: 48_000))
            let filter = DownloadConnection(source: ConnectionSource.lfo, control: 0, destination: ConnectionDestination.filterCutoff,
                                            transform: 0, scale: 6_553_600)
            let table = ArticulationCompiler.compile(instrumentLists: [[filter]], regionLists: nil)
            let connections = UnsafeMutablePointer<CompiledConnection>.allocate(capacity: table.count)
            connections.initialize(from: table, count: table.count)
            let regions = UnsafeMutablePointer<RegionRecord>.allocate(capacity: 1)
            regions.initialize(to: RegionRecord(keyLow: 0, keyHigh: 127, velocityLow: 0, velocityHigh: 127, selfNonExclusive: false,
                                                keyGroup: 1, waveSlot: 0, unityNote: 60, fineTuneCents: 0, sampleGainCentibels: 0,
                                                loopMode: .forward, loopStart: 8, loopEnd: 64, connections: connections,
                                                connectionCount: table.count))
            engine.instruments.initialize(to: InstrumentRecord(patch: 0, isGM: false, regions: regions, regionCount: 1, downloadId: 0))
            engine.publishInstrument(slot: 0)
            let out = UnsafeMutablePointer<Float>.allocate(capacity: 512)
            out.initialize(repeating: 0, count: 512)
            func q(_ frame: Int64, _ kind: QueuedEvent.Kind = .channelMessage, _ s: UInt8 = 0, _ d1: UInt8 = 0, _ d2: UInt8 = 0) {
                _ = engine.queue.push(QueuedEvent(frame: frame, group: 1, kind: kind, status: s, data1: d1, data2: d2))
            }
            q(0, .channelMessage, 0xC0, 0); q(1, .channelMessage, 0x90, 60, 100); q(2, .channelMessage, 0x90, 62, 100)
            q(3, .channelMessage, 0x90, 64, 100); q(4, .channelMessage, 0x90, 65, 100); q(5, .channelMessage, 0x90, 67, 100)
            q(10, .channelMessage, 0xB0, 7, 90); q(11, .channelMessage, 0xE0, 0, 80); q(12, .channelMessage, 0xD0, 30)
            q(13, .channelMessage, 0xB0, 64, 127); q(14, .channelMessage, 0x80, 60, 0); q(15, .channelMessage, 0xB0, 64, 0)
            q(16, .channelMessage, 0xB0, 101, 0); q(17, .channelMessage, 0xB0, 100, 0); q(18, .channelMessage, 0xB0, 6, 12)
            q(19, .channelMessage, 0xB0, 66, 127); q(20, .channelMessage, 0xB0, 66, 0); q(21, .channelMessage, 0xB0, 121, 0)
            q(30, .masterVolume, 0, 0x7F, 0x7F); q(31, .gsDrumPart, 0, 9, 1)
            q(32, .gsEffect, 0, 0x30, 2); q(33, .gsEffect, 0, 0x38, 1)
            q(200, .channelMessage, 0xB0, 123, 0); q(220, .channelMessage, 0xB0, 120, 0); q(240, .gmReset)
            engine.render(out, frames: 256, position: 0)
            engine.render(out, frames: 256, position: 256)
            engine.resetStatistics()
            engine.stopAll()
            engine.unpublishInstrument(slot: 0, patch: 0)
            out.deallocate()
            engine.instruments[0].free()
            engine.waves[0].free()
            engine.free()
        }
        var clock = PhaseLockedSampleClock(sampleRate: parameters.sampleRate)
        clock.start(refTime: 0, masterNow: 0)
        clock.sync(refTime: 100, masterNow: 100)
        _ = clock.refTimeToSample(clock.sampleToRefTime(10))
    }
}
