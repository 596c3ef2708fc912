#if canImport(Glibc)
import Glibc
#endif
import DLS

/// Assembles the default GM collection: 128 melodic programs at bank 0 and eight drum kits,
/// over the wave sets.
enum BankBuilder {
    static let collectionName = "DMus Default GM"

    /// A fixed DLSID for the collection (so the bytes never change).
    static let collectionDLID: [UInt8] = [
        0x3C, 0x5D, 0x1A, 0x7E, 0x92, 0x4B, 0x41, 0x0D, 0xA6, 0x58, 0x2F, 0xD0, 0x44, 0x19, 0x8B, 0x02,
    ]

    /// Every program is trimmed so that its first second at key 60, velocity 100 has this RMS
    /// level in the preview model (before velocity, volume and pan).
    static let programTargetDB = -14.0
    /// Largest boost a trim may give (short percussive programs stay a little under target).
    static let maxTrimDB = 14.0

    struct BuiltZone {
        var keys: ClosedRange<Int>
        var velocities: ClosedRange<Int>
        var poolIndex: Int
        var wave: GeneratedWave
        /// Level correction in dB (evens out the zones of a set), in the wave's and regions' `wsmp`.
        var attenuationDB: Double
    }

    struct Pool {
        var sets: [WaveSet: [BuiltZone]] = [:]
        var waves: [(wave: GeneratedWave, attenuationDB: Double)] = []
    }

    static func rmsDB(_ w: GeneratedWave, seconds: Double) -> Double {
        Preview.levelDB([Preview.Region(wave: w, cents: 0, gainDB: 0, art: ArticulationSpec())], seconds: seconds)
    }

    static func gainField(dB: Double) -> Int32 { Int32(clamping: Int64((dB * 10 * 65536).rounded())) }

    static func buildPool() -> Pool {
        var pool = Pool()
        for set in WaveSet.allCases {
            let zones = set.zones()
            // Even out the zones of a melodic set (each zone's first second at its own pitch).
            let levels = zones.map { rmsDB($0.wave, seconds: 1) }
            let mean = levels.reduce(0, +) / Double(max(1, levels.count))
            var built: [BuiltZone] = []
            for (z, level) in zip(zones, levels) {
                let att = set.isDrum ? 0 : ((mean - level) * 10).rounded() / 10
                built.append(BuiltZone(keys: z.keys, velocities: z.velocities, poolIndex: pool.waves.count, wave: z.wave, attenuationDB: att))
                pool.waves.append((z.wave, att))
            }
            pool.sets[set] = built
        }
        return pool
    }

    /// A region `wsmp` that plays a wave recorded at unity/fine transposed by `cents`, with a
    /// gain in dB.
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

    /// The regions of one layer: one per zone that overlaps the layer's key range.
    static func regions(of layer: Layer, pool: Pool) -> [(region: DLSRegion, preview: Preview.Region?)] {
        var out: [(DLSRegion, Preview.Region?)] = []
        for z in pool.sets[layer.set]! {
            let lo = max(z.keys.lowerBound, layer.keyLow), hi = min(z.keys.upperBound, layer.keyHigh)
            guard lo <= hi else { continue }
            var unity = z.wave.unityNote, fine = z.wave.fineTuneCents
            if let hz = layer.pitchHz {
                let t = tuning(forFrequency: hz)
                unity = t.unityNote
                fine = t.fineTuneCents
            }
            let gain = z.attenuationDB + layer.gainDB
            let ws = waveSample(unity: unity, fine: fine, cents: layer.cents, gainDB: gain, loop: z.wave.loop)
            let region = DLSRegion(
                keyLow: UInt16(lo), keyHigh: UInt16(hi), velocityLow: UInt16(z.velocities.lowerBound),
                velocityHigh: UInt16(z.velocities.upperBound), options: 0, keyGroup: 0, layer: 0, waveSample: ws,
                waveLink: DLSWaveLink(tableIndex: UInt32(z.poolIndex)),
                articulations: layer.articulation.map { [$0.dls] } ?? [], isDLS2Region: false)
            // Its part in the preview at key 60, velocity 100.
            var preview: Preview.Region? = nil
            if (lo...hi).contains(60) && z.velocities.contains(100) {
                // Sounding pitch relative to the recording = (key − unity')·100 + fine'.
                let cents = Double((60 - Int(ws.unityNote)) * 100 + Int(ws.fineTuneCents))
                preview = Preview.Region(wave: z.wave, cents: cents, gainDB: gain, art: ArticulationSpec())
            }
            out.append((region, preview))
        }
        return out
    }

    /// The program's level trim from the preview model, in dB.
    static func trim(program: Int, voicing v: Voicing, pool: Pool) -> Double {
        var parts: [Preview.Region] = []
        for layer in v.layers {
            for r in regions(of: layer, pool: pool) {
                guard var p = r.preview else { continue }
                p.art = layer.articulation ?? v.art
                parts.append(p)
            }
        }
        let level = Preview.levelDB(parts)
        return (min(maxTrimDB, programTargetDB - level) * 10).rounded() / 10
    }

    static func melodicInstrument(program: Int, pool: Pool) -> (DLSInstrument, trim: Double) {
        var v = MelodicPrograms.voicing(program: program)
        let t = trim(program: program, voicing: v, pool: pool)
        v.art.gainDB += t
        for i in v.layers.indices where v.layers[i].articulation != nil { v.layers[i].articulation!.gainDB += t }
        let all = v.layers.flatMap { regions(of: $0, pool: pool).map(\.region) }
        let inst = DLSInstrument(
            bankMSB: 0, bankLSB: 0, program: UInt8(program), isDrum: false, regions: all,
            articulations: [v.art.dls], info: DLSInfo(name: gmProgramNames[program]))
        return (inst, t)
    }

    static func drumKit(program: Int, name: String, pool: Pool) -> DLSInstrument {
        var regions: [DLSRegion] = []
        for key in gmDrumNames.keys.sorted() {
            let s = DrumKits.sound(program: program, key: key)
            for z in pool.sets[s.wave]! {
                // The wave plays at its recorded pitch on its key (plus the sound's transposition).
                let ws = waveSample(unity: key, fine: 0, cents: s.cents, gainDB: z.attenuationDB + s.gainDB, loop: z.wave.loop)
                regions.append(DLSRegion(
                    keyLow: UInt16(key), keyHigh: UInt16(key), velocityLow: UInt16(z.velocities.lowerBound),
                    velocityHigh: UInt16(z.velocities.upperBound),
                    options: s.selfNonExclusive ? DLSRegion.selfNonExclusiveFlag : 0, keyGroup: UInt16(s.keyGroup), layer: 0,
                    waveSample: ws, waveLink: DLSWaveLink(tableIndex: UInt32(z.poolIndex)),
                    articulations: [s.articulation.dls], isDLS2Region: false))
            }
        }
        return DLSInstrument(
            bankMSB: 0, bankLSB: 0, program: UInt8(program), isDrum: true, regions: regions, articulations: [],
            info: DLSInfo(name: name))
    }

    static func build(pool: Pool) -> (DLSCollection, trims: [Double]) {
        var instruments: [DLSInstrument] = []
        var trims: [Double] = []
        for p in 0..<128 {
            let (inst, t) = melodicInstrument(program: p, pool: pool)
            instruments.append(inst)
            trims.append(t)
        }
        for kit in DrumKits.kits { instruments.append(drumKit(program: kit.program, name: kit.name, pool: pool)) }

        let dlsWaves = pool.waves.map { w -> DLSWave in
            var d = w.wave.dlsWave
            d.waveSample?.gain = gainField(dB: w.attenuationDB)
            return d
        }

        var info = DLSInfo(name: collectionName)
        info["ICOP"] = "Generated by DMus"
        info["ISFT"] = "dmus-resources"
        info["ICMT"] = "General MIDI set: every sample is synthesised by dmus-resources. "
            + "128 melodic programs (bank 0) and 8 drum kits. See Resources/README.md."
        let collection = DLSCollection(
            version: DLSVersion(ms: 0x0002_0000, ls: 0), dlid: collectionDLID, instruments: instruments,
            waves: dlsWaves, info: info)
        return (collection, trims)
    }

    /// The per-wave table printed by `--list`.
    static func describe(_ pool: Pool) -> [String] {
        pool.waves.map { w in
            let g = w.wave
            let loop = g.loop.map { "loop \($0.start)+\($0.length)" } ?? "one-shot"
            let sec = (g.seconds * 1000).rounded() / 1000
            let kb = g.samples.count * 2 / 1024
            return "\(g.name): \(g.sampleRate) Hz, \(sec) s, \(kb) KB, unity \(g.unityNote) \(g.fineTuneCents > 0 ? "+" : "")\(g.fineTuneCents) c, \(loop), gain \(w.attenuationDB) dB"
        }
    }
}
