#if canImport(Glibc)
import Glibc
#endif

// Noise textures and sound effects. Looped textures are built directly on the loop: noise
// filtered as if it repeated (circularFilter), events (drops, claps, rotor thumps) placed
// modulo the loop length so they wrap around the seam.

enum Textures {
    static let rate = melodicRate

    /// A texture loop: `loop` repeats from a short fade-in.
    static func looped(_ name: String, _ loop: [Double], rate: Int = rate) -> GeneratedWave {
        let plan = LoopPlan(loopSamples: loop.count, attackSeconds: 0.002, sampleRate: rate)
        var out = [Double](repeating: 0, count: plan.renderCount)
        plan.tile(loop, into: &out)
        fadeIn(&out, samples: plan.attackSamples)
        var w = plan.finish(name: name, samples: out)
        w.unityNote = 60
        w.fineTuneCents = 0
        return w
    }

    static func noise() -> [Zone] {
        let plan = LoopPlan(loopSamples: rate * 3 / 4, attackSeconds: 0, sampleRate: rate)
        let loop = noiseLoop(plan, seed: 600, filters: [Biquad(.lowPass, frequency: 7000, q: 0.6, sampleRate: Double(rate))])
        return [Zone(keys: 0...127, wave: looped("Noise", loop))]
    }

    static func breath() -> [Zone] {
        let rate = 11025
        let plan = LoopPlan(loopSamples: rate / 2, attackSeconds: 0, sampleRate: rate)
        let loop = noiseLoop(plan, seed: 605, filters: [Biquad(.bandPass, frequency: 1400, q: 0.9, sampleRate: Double(rate)),
                                                        Biquad(.lowPass, frequency: 4000, q: 0.7, sampleRate: Double(rate))])
        return [Zone(keys: 0...127, wave: looped("Breath", loop, rate: rate))]
    }

    /// Surf: dark noise whose level swells once over a 2 s loop.
    static func seashore() -> [Zone] {
        let rate = 11025
        let L = rate * 2
        let plan = LoopPlan(loopSamples: L, attackSeconds: 0, sampleRate: rate)
        var loop = noiseLoop(plan, seed: 610, filters: [Biquad(.lowPass, frequency: 2500, q: 0.6, sampleRate: Double(rate))])
        for n in 0..<L {
            let x = Double(n) / Double(L)
            let swell = 0.25 + 0.75 * pow(sin(Double.pi * x), 2)
            loop[n] *= swell
        }
        return [Zone(keys: 0...127, wave: looped("Seashore", loop, rate: rate))]
    }

    /// Rain: soft hiss with drops (short descending blips) scattered over the loop.
    static func rain() -> [Zone] {
        let rate = 16000
        let L = rate
        let plan = LoopPlan(loopSamples: L, attackSeconds: 0, sampleRate: rate)
        var loop = noiseLoop(plan, seed: 615, filters: [Biquad(.highPass, frequency: 2000, q: 0.7, sampleRate: Double(rate))])
        for i in loop.indices { loop[i] *= 0.25 }
        var rng = LCG(seed: 616)
        for _ in 0..<40 {
            let at = Int(rng.unit() * Double(L))
            let hz = 1500 + 3500 * rng.unit()
            let amp = 0.3 + 0.7 * rng.unit()
            let len = Int(0.025 * Double(rate))
            for k in 0..<len {
                let t = Double(k) / Double(rate)
                loop[(at + k) % L] += amp * exp(-t / 0.006) * sin(twoPi * hz * t * (1 - 4 * t))
            }
        }
        return [Zone(keys: 0...127, wave: looped("Rain", loop, rate: rate))]
    }

    /// Applause: a crowd of claps (each a short band-passed burst) wrapped around the loop.
    static func applause() -> [Zone] {
        let rate = 16000
        let L = rate
        var loop = [Double](repeating: 0, count: L)
        var rng = LCG(seed: 620)
        let clap = noiseBurst(seconds: 0.03, rate: rate, seed: 621, center: 1300, q: 1.0, tau: 0.006)
        for _ in 0..<200 {
            let at = Int(rng.unit() * Double(L))
            let amp = 0.3 + 0.7 * rng.unit()
            let stretch = 0.8 + 0.5 * rng.unit()
            for k in 0..<clap.count {
                let j = Int(Double(k) * stretch)
                guard j < clap.count else { break }
                loop[(at + k) % L] += amp * clap[j]
            }
        }
        return [Zone(keys: 0...127, wave: looped("Applause", loop, rate: rate))]
    }

    /// Helicopter: rotor thumps (low noise bursts) at 12.5 Hz over turbine hiss.
    static func helicopter() -> [Zone] {
        let rate = 16000
        let period = rate / 12   // ≈ 12 Hz
        let L = period * 12
        let plan = LoopPlan(loopSamples: L, attackSeconds: 0, sampleRate: rate)
        var loop = noiseLoop(plan, seed: 625, filters: [Biquad(.bandPass, frequency: 3500, q: 1.0, sampleRate: Double(rate))])
        for i in loop.indices { loop[i] *= 0.15 }
        let thumpNoise = noiseLoop(plan, seed: 626, filters: [Biquad(.lowPass, frequency: 300, q: 0.8, sampleRate: Double(rate))])
        for n in 0..<L {
            let phase = Double(n % period) / Double(period)
            loop[n] += 2.5 * thumpNoise[n] * exp(-phase * 7)
        }
        return [Zone(keys: 0...127, wave: looped("Helicopter", loop, rate: rate))]
    }

    /// Fret noise: a squeak (a band of noise sliding up) into a string buzz.
    static func fretNoise() -> [Zone] {
        let n = Int(0.35 * Double(rate))
        var x = whiteNoise(count: n, seed: 630)
        var out = [Double](repeating: 0, count: n)
        var y1 = 0.0, y2 = 0.0
        for i in 0..<n {
            let t = Double(i) / Double(rate)
            let f = 1500 + 3000 * t / 0.35
            let w = twoPi * f / Double(rate), r = 0.995
            let y = x[i] * 0.05 + 2 * r * cos(w) * y1 - r * r * y2
            y2 = y1; y1 = y
            out[i] = y * sin(Double.pi * t / 0.35)
        }
        x = out
        fadeOutTail(&x, samples: 200)
        return [Zone(keys: 0...127, wave: .oneShot("Fret Noise", rate: rate, samples: x))]
    }

    /// Three rising chirps.
    static func birdTweet() -> [Zone] {
        let sr = Double(rate)
        let chirp = Int(0.08 * sr), gap = Int(0.045 * sr)
        let count = 3 * (chirp + gap)
        var out = [Double](repeating: 0, count: count)
        var phase = 0.0
        for n in 0..<count {
            let j = n % (chirp + gap)
            guard j < chirp else { continue }
            let x = Double(j) / Double(chirp)
            let hz = 2500.0 * pow(1.8, x)
            phase += twoPi * hz / sr
            let env = sin(Double.pi * x)
            out[n] = env * env * sin(phase)
        }
        fadeOutTail(&out, samples: 32)
        return [Zone(keys: 0...127, wave: .oneShot("Bird Tweet", rate: rate, samples: out, pitchHz: frequency(ofNote: 72)))]
    }

    /// Telephone bell: two tones amplitude-modulated at 20 Hz, one modulation cycle looped.
    static func phoneRing() -> [Zone] {
        let L = 1100  // 20.05 Hz at 22050 Hz
        let plan = LoopPlan(loopSamples: L, attackSeconds: 0.002, sampleRate: rate)
        var out = [Double](repeating: 0, count: plan.renderCount)
        for n in out.indices {
            let am = 0.5 + 0.5 * periodicSine(bin: 1, n: n, length: L)
            out[n] = am * (periodicSine(bin: 66, n: n, length: L) + 0.7 * periodicSine(bin: 100, n: n, length: L, phase: 0.5))
        }
        var w = plan.finish(name: "Phone Ring", samples: out)
        let t = tuning(forFrequency: 66 * plan.binHz)
        w.unityNote = t.unityNote; w.fineTuneCents = t.fineTuneCents
        return [Zone(keys: 0...127, wave: w)]
    }

    /// Gunshot: a crack and a long, low, decaying rumble.
    static func gunshot() -> [Zone] {
        let n = Int(0.8 * Double(rate))
        var crack = whiteNoise(count: n, seed: 640)
        var rumble = whiteNoise(count: n, seed: 641)
        var lp = Biquad(.lowPass, frequency: 400, q: 0.7, sampleRate: Double(rate))
        lp.process(&rumble)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let t = Double(i) / Double(rate)
            out[i] = crack[i] * exp(-t / 0.012) + 3 * rumble[i] * exp(-t / 0.25)
        }
        crack = out
        fadeOutTail(&crack, samples: 2000)
        return [Zone(keys: 0...127, wave: .oneShot("Gunshot", rate: rate, samples: crack))]
    }

    /// Reverse cymbal: a crash played backwards (swelling to a sudden stop).
    static func reverseCymbal() -> [Zone] {
        let rate = 16000
        let n = Int(1.2 * Double(rate))
        var metal = DrumWaves.metallic(count: n, rate: rate, frequencies: DrumWaves.cymbalFrequencies)
        var hp = Biquad(.highPass, frequency: 3000, q: 0.7, sampleRate: Double(rate))
        hp.process(&metal)
        var wash = whiteNoise(count: n, seed: 645)
        var hp2 = Biquad(.highPass, frequency: 2500, q: 0.7, sampleRate: Double(rate))
        hp2.process(&wash)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let t = Double(n - 1 - i) / Double(rate)
            out[i] = (0.35 * metal[i] + wash[i]) * exp(-t / 0.4)
        }
        fadeIn(&out, samples: 64)
        fadeOutTail(&out, samples: 64)
        return [Zone(keys: 0...127, wave: .oneShot("Reverse Cymbal", rate: rate, samples: out))]
    }
}
