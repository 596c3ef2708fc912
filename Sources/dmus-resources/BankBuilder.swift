#if canImport(Glibc)
import Glibc
#endif
import DLS

/// Assembles the placeholder GM collection: 128 melodic programs at bank 0 and eight drum
/// kits, over the synthesised waves.
enum BankBuilder {
    static let collectionName = "DMus Default GM (placeholder)"

    /// A fixed DLSID for the collection (so the bytes never change).
    static let collectionDLID: [UInt8] = [
        0x3C, 0x5D, 0x1A, 0x7E, 0x92, 0x4B, 0x41, 0x0D, 0xA6, 0x58, 0x2F, 0xD0, 0x44, 0x19, 0x8B, 0x01,
    ]

    /// Loudness target for melodic waves: each wave's first half second is brought to about
    /// this RMS level (attenuation only) so programs come out roughly balanced.
    static let melodicTargetRMSdB = -15.0

    struct BuiltWave {
        var generated: GeneratedWave
        /// Level correction in dB carried in the wave's and its regions' `wsmp`.
        var attenuationDB: Double
    }

    static func rmsDB(_ w: GeneratedWave, seconds: Double) -> Double {
        let n = min(w.samples.count, Int(seconds * Double(w.sampleRate)))
        var peak = 0.0
        for v in w.samples { peak = max(peak, abs(v)) }
        guard n > 0, peak > 0 else { return -96 }
        var sum = 0.0
        for i in 0..<n {
            let v = w.samples[i] / peak * w.peak
            sum += v * v
        }
        return 10 * log10(sum / Double(n))
    }

    static func gainField(dB: Double) -> Int32 { Int32(clamping: Int64((dB * 10 * 65536).rounded())) }

    static func buildWaves() -> [BuiltWave] {
        WaveID.allCases.map { id in
            let g = id.generate()
            let isMelodic = id.rawValue < WaveID.kick.rawValue
            let att = isMelodic ? min(0, melodicTargetRMSdB - rmsDB(g, seconds: 0.5)) : 0
            return BuiltWave(generated: g, attenuationDB: (att * 10).rounded() / 10)
        }
    }

    /// A region `wsmp` that plays `wave` transposed by `cents` from a reference pitch
    /// (unity/fine), with a gain in dB.
    static func waveSample(unity: Int, fine: Int, cents: Double, gainDB: Double, loop: (start: Int, length: Int)?) -> DLSWaveSample {
        // Sounding pitch = (key − unity')·100 + fine' = (key − unity)·100 + fine + cents.
        let total = Double(unity * 100 - fine) - cents
        var u = Int((total / 100).rounded())
        u = min(127, max(0, u))
        let f = Int((Double(u * 100) - total).rounded())
        return DLSWaveSample(
            unityNote: UInt16(u), fineTuneCents: Int16(clamping: f), gain: gainField(dB: gainDB),
            options: DLSWaveSample.noCompressionFlag,
            loops: loop.map { [DLSLoop(type: DLSLoop.forward, startFrames: UInt32($0.start), lengthFrames: UInt32($0.length))] } ?? [])
    }

    static func melodicInstrument(program: Int, waves: [BuiltWave]) -> DLSInstrument {
        let v = MelodicPrograms.voicing(program: program)
        let regions = v.layers.map { layer -> DLSRegion in
            let w = waves[layer.wave.rawValue]
            var unity = w.generated.unityNote, fine = w.generated.fineTuneCents
            if let hz = layer.pitchHz {
                let t = tuning(forFrequency: hz)
                unity = t.unityNote
                fine = t.fineTuneCents
            }
            let ws = waveSample(unity: unity, fine: fine, cents: layer.cents, gainDB: w.attenuationDB + layer.gainDB,
                                loop: w.generated.loop)
            return DLSRegion(
                keyLow: UInt16(layer.keyLow), keyHigh: UInt16(layer.keyHigh), velocityLow: 0, velocityHigh: 127,
                options: 0, keyGroup: 0, layer: 0, waveSample: ws, waveLink: DLSWaveLink(tableIndex: UInt32(layer.wave.rawValue)),
                articulations: layer.articulation.map { [$0.dls] } ?? [], isDLS2Region: false)
        }
        return DLSInstrument(
            bankMSB: 0, bankLSB: 0, program: UInt8(program), isDrum: false, regions: regions,
            articulations: [v.art.dls], info: DLSInfo(name: gmProgramNames[program]))
    }

    static func drumKit(program: Int, name: String, waves: [BuiltWave]) -> DLSInstrument {
        let regions = gmDrumNames.keys.sorted().map { key -> DLSRegion in
            let s = DrumKits.sound(program: program, key: key)
            let w = waves[s.wave.rawValue]
            let ws = waveSample(unity: key, fine: 0, cents: s.cents, gainDB: w.attenuationDB + s.gainDB, loop: nil)
            return DLSRegion(
                keyLow: UInt16(key), keyHigh: UInt16(key), velocityLow: 0, velocityHigh: 127,
                options: s.selfNonExclusive ? DLSRegion.selfNonExclusiveFlag : 0, keyGroup: UInt16(s.keyGroup), layer: 0,
                waveSample: ws, waveLink: DLSWaveLink(tableIndex: UInt32(s.wave.rawValue)),
                articulations: [s.articulation.dls], isDLS2Region: false)
        }
        return DLSInstrument(
            bankMSB: 0, bankLSB: 0, program: UInt8(program), isDrum: true, regions: regions, articulations: [],
            info: DLSInfo(name: name))
    }

    static func build(waves: [BuiltWave]) -> DLSCollection {
        var instruments = (0..<128).map { melodicInstrument(program: $0, waves: waves) }
        for kit in DrumKits.kits { instruments.append(drumKit(program: kit.program, name: kit.name, waves: waves)) }

        let dlsWaves = waves.map { w -> DLSWave in
            var d = w.generated.dlsWave
            d.waveSample?.gain = gainField(dB: w.attenuationDB)
            return d
        }

        var info = DLSInfo(name: collectionName)
        info["ICOP"] = "Generated by DMus"
        info["ISFT"] = "dmus-resources"
        info["ICMT"] = "Placeholder General MIDI set: every sample is synthesised by dmus-resources. "
            + "128 melodic programs (bank 0) and 8 drum kits."
        return DLSCollection(
            version: DLSVersion(ms: 0x0001_0000, ls: 0), dlid: collectionDLID, instruments: instruments,
            waves: dlsWaves, info: info)
    }

    /// The per-wave table printed by `--list`.
    static func describe(_ waves: [BuiltWave]) -> [String] {
        waves.map { w in
            let g = w.generated
            let loop = g.loop.map { "loop \($0.start)+\($0.length)" } ?? "one-shot"
            let sec = (g.seconds * 1000).rounded() / 1000
            return "\(g.name): \(g.sampleRate) Hz, \(sec) s, unity \(g.unityNote) \(g.fineTuneCents > 0 ? "+" : "")\(g.fineTuneCents) c, \(loop), gain \(w.attenuationDB) dB"
        }
    }
}
