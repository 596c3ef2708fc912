// libFuzzer target: the download-buffer decoder, and, when it accepts a buffer, the whole
// download path through the synth: the buffer carried in allocator buffers to a fresh
// `PortDMus(DMusSynth)`, then a few notes rendered on what it defined (an instrument's own
// patch, or a one-region instrument over a wave), checking every output sample is finite.
import DMusPort
import DMusSynth
@testable import Performance

/// Four small waves every port starts with (download ids 1…4), so fuzzed instruments can
/// name waves that exist: 16-bit, 8-bit, 24-bit PCM and 32-bit float.
let fixedWaves: [[UInt8]] = {
    func wave(_ id: UInt32, tag: UInt16, bits: UInt16, frames: Int) -> [UInt8] {
        var data: [UInt8] = []
        let bytesPerFrame = Int(bits) / 8
        for i in 0..<frames {
            let v = (Double(i % 32) / 16 - 1) * 0.5
            if tag == DownloadLayout.waveFormatIEEEFloat {
                withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            } else if bits == 8 {
                data.append(UInt8(Int(v * 127) + 128))
            } else {
                let x = Int32(v * Double(Int32(1) << (bits - 1) - 1))
                for b in 0..<bytesPerFrame { data.append(UInt8(truncatingIfNeeded: x >> (8 * b))) }
            }
        }
        let format = WaveFormat(formatTag: tag, channels: 1, samplesPerSecond: 22_050, bitsPerSample: bits)
        return DownloadEncoder.encode(DownloadWave(downloadId: id, format: format, data: data))
    }
    return [wave(1, tag: DownloadLayout.waveFormatPCM, bits: 16, frames: 64),
            wave(2, tag: DownloadLayout.waveFormatPCM, bits: 8, frames: 33),
            wave(3, tag: DownloadLayout.waveFormatPCM, bits: 24, frames: 17),
            wave(4, tag: DownloadLayout.waveFormatIEEEFloat, bits: 32, frames: 100)]
}()

/// Fails the run on any non-finite sample.
final class FiniteCheckOutput: WaveOutput {
    let sampleRate = 22_050, channels = 2, maxFramesPerWrite = 8192
    func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<(frameCount * 2) { precondition(samples[i].isFinite, "non-finite output sample \(samples[i]) at \(i)") }
        return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let decoded = try? DownloadDecoder.decode(bytes) else { return 0 }

    let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
    do {
        try port.newStream(parameters: PortParameters(sampleRate: 22_050, voices: 32, channelGroups: 1,
                                                      maxFramesPerRender: 512, sampleMemoryBytes: 64 << 20))
    } catch { fatalError("newStream: \(error)") }
    let carrier = AllocatorBufferCarrier(port: port)
    for w in fixedWaves {
        do { _ = try carrier.send(w) } catch { fatalError("fixed wave refused: \(error)") }
    }
    let patch: UInt32
    switch decoded {
    case .wave(let wave):
        guard (try? carrier.send(bytes)) != nil else { return 0 }
        let frames = wave.format.blockAlign == 0 ? 0 : wave.data.count / Int(wave.format.blockAlign)
        let loops = frames > 1 ? [DownloadLoop(type: 0, startFrames: 0, lengthFrames: UInt32(min(frames, Int(UInt32.max))))] : []
        let region = DownloadRegion(waveLink: DownloadWaveLink(tableIndex: wave.downloadId),
                                    waveSample: DownloadWaveSample(loops: loops))
        let inst = DownloadInstrument(downloadId: 0xFFFF_0000, patch: 0, regions: [region])
        do { _ = try carrier.send(DownloadEncoder.encode(inst)) } catch { fatalError("instrument over fuzzed wave refused: \(error)") }
        patch = 0
    case .instrument(let instrument):
        guard (try? carrier.send(bytes)) != nil else { return 0 }
        patch = instrument.patch
    }
    let ch: UInt8 = patch & DownloadLayout.patchDrumFlag != 0 ? 9 : 0
    var messages = [
        ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0 | ch, 0, UInt8((patch >> 16) & 0x7F)]),
        ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0 | ch, 32, UInt8((patch >> 8) & 0x7F)]),
        ScheduledMessage(time100ns: 0, group: 1, bytes: [0xC0 | ch, UInt8(patch & 0x7F)]),
    ]
    for (i, (key, velocity)) in [(60, 127), (0, 1), (127, 64), (36, 100)].enumerated() {
        let t = Int64(1 + i * 50_000)
        messages.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0x90 | ch, UInt8(key), UInt8(velocity)]))
        messages.append(ScheduledMessage(time100ns: t + 300_000, group: 1, bytes: [0x80 | ch, UInt8(key), 0]))
    }
    let song = SongEvents(messages: messages, length100ns: 600_000)
    do {
        _ = try OfflineRenderer.render(port: port, song: song, output: FiniteCheckOutput(), framesPerPeriod: 256, tailLimitSeconds: 0.05)
    } catch { fatalError("render: \(error)") }
    return 0
}
