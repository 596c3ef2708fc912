#if canImport(Glibc)
import Glibc
#endif

/// What a voice mixes into: the dry bus and the effect sends (interleaved stereo), a scratch
/// buffer of `scratchCapacity` frames, and the interpolation in force.
struct MixTargets {
    /// Two frames of filter history, the oscillator's block, then the filter's output block.
    static let scratchHistory = 8
    static let scratchCapacity = scratchHistory + 2 * (Voice.controlInterval + 8)

    var out: UnsafeMutablePointer<Float>
    var reverb: UnsafeMutablePointer<Float>
    var chorus: UnsafeMutablePointer<Float>
    var scratch: UnsafeMutablePointer<Float>
    var sinc: UnsafeMutablePointer<Float>
    var interpolation: Interpolation
    var sampleRate: Float
    /// Whether each effect is running; voices skip a send whose effect is off.
    var reverbOn: Bool
    var chorusOn: Bool
}

/// Mixes `count` frames of a voice. Returns false when the voice finished.
@inline(__always)
func mixVoice(_ v: UnsafeMutablePointer<Voice>, _ t: MixTargets, offset: Int, count: Int) -> Bool {
    guard let frames = v.pointee.frames else { v.pointee.active = false; return false }
    var done = 0
    while done < count {
        if v.pointee.controlCountdown <= 0 { controlUpdate(v, sampleRate: t.sampleRate) }
        // EG1 bookkeeping: the rule (add or multiply) and how long it holds.
        var n = min(count - done, v.pointee.controlCountdown)
        var add: Float = 0, factor: Float = 1
        switch v.pointee.stage {
        case .delay:
            if v.pointee.stageFramesLeft <= 0 { v.pointee.stage = .attack; continue }
            n = min(n, v.pointee.stageFramesLeft)
        case .attack:
            if v.pointee.amplitude >= 1 || v.pointee.attackStep >= 1 {
                v.pointee.amplitude = 1
                v.pointee.stage = .hold; v.pointee.stageFramesLeft = v.pointee.holdFrames; continue
            }
            add = v.pointee.attackStep
            n = min(n, max(1, Int(((1 - v.pointee.amplitude) / add).rounded(.up))))
        case .hold:
            if v.pointee.stageFramesLeft <= 0 { v.pointee.stage = .decay; v.pointee.stageFramesLeft = -1; continue }
            n = min(n, v.pointee.stageFramesLeft)
        case .decay:
            if v.pointee.amplitude <= v.pointee.sustainAmplitude || v.pointee.decayFactor <= 0 {
                v.pointee.amplitude = v.pointee.sustainAmplitude; v.pointee.stage = .sustain; continue
            }
            factor = v.pointee.decayFactor
            // The fall's length is worked out once (two logarithms), then counted down.
            if v.pointee.stageFramesLeft < 0 {
                v.pointee.stageFramesLeft = framesUntil(v.pointee.amplitude, reaches: v.pointee.sustainAmplitude, factor: factor)
            }
            if v.pointee.stageFramesLeft == 0 {
                v.pointee.amplitude = v.pointee.sustainAmplitude; v.pointee.stage = .sustain; continue
            }
            n = min(n, v.pointee.stageFramesLeft)
        case .sustain:
            if v.pointee.sustainAmplitude <= Voice.silentAmplitude { v.pointee.stage = .finished; continue }
        case .release, .shutdown:
            factor = v.pointee.stage == .release ? v.pointee.releaseFactor : v.pointee.shutdownFactor
            if v.pointee.amplitude <= Voice.silentAmplitude || factor <= 0 { v.pointee.stage = .finished; continue }
            if v.pointee.stageFramesLeft < 0 {
                v.pointee.stageFramesLeft = framesUntil(v.pointee.amplitude, reaches: Voice.silentAmplitude, factor: factor)
            }
            if v.pointee.stageFramesLeft == 0 { v.pointee.stage = .finished; continue }
            n = min(n, v.pointee.stageFramesLeft)
        case .finished:
            v.pointee.active = false
            return false
        }

        // Stage 1: oscillator → filter → EG1 into the scratch buffer.
        let produced: Int, block: UnsafeMutablePointer<Float>
        let raw = t.scratch + MixTargets.scratchHistory
        switch t.interpolation {
        case .linear: (produced, block) = oscillate(v, frames, raw, n, Linear.self, t.sinc)
        case .cubic: (produced, block) = oscillate(v, frames, raw, n, Cubic.self, t.sinc)
        case .sinc: (produced, block) = oscillate(v, frames, raw, n, Sinc.self, t.sinc)
        }

        // Stage 2: pan and gain ramps into the dry bus and the sends.
        let gl = v.pointee.gainLeft, gr = v.pointee.gainRight
        let sl = v.pointee.stepLeft, sr = v.pointee.stepRight
        let at = 2 * (offset + done)
        let rs = t.reverbOn ? v.pointee.reverbSend : 0, cs = t.chorusOn ? v.pointee.chorusSend : 0
        var envelope = Envelope(amplitude: v.pointee.amplitude, add: add, factor: factor)
        if rs > 0 || cs > 0 {
            mixStereo(block, produced, &envelope, gl, gr, sl, sr, into: t.out + at, sends: true, reverb: t.reverb + at, rs, chorus: t.chorus + at, cs)
        } else {
            mixStereo(block, produced, &envelope, gl, gr, sl, sr, into: t.out + at, sends: false, reverb: t.reverb, 0, chorus: t.chorus, 0)
        }
        v.pointee.amplitude = min(envelope.amplitude, 1)
        let fp = Float(produced)
        v.pointee.gainLeft = gl + sl * fp; v.pointee.gainRight = gr + sr * fp
        v.pointee.controlCountdown -= produced
        switch v.pointee.stage {
        case .delay, .hold, .decay, .release, .shutdown: v.pointee.stageFramesLeft -= produced
        default: break
        }
        done += produced
        if produced < n {   // a one-shot ran out of samples
            v.pointee.stage = .finished
            v.pointee.active = false
            return false
        }
    }
    return true
}

/// Advances the modulators by one control interval and sets this interval's pitch, filter
/// and gain targets.
@inline(__always)
private func controlUpdate(_ v: UnsafeMutablePointer<Voice>, sampleRate: Float) {
    let k = Voice.controlInterval
    let kf = Float(k)
    let d = v.pointee.depths
    // LFOs (sine, starting at phase 0 moving positive after their delay); the sine is only
    // worked out when something listens to it.
    var lfo: Float = 0, vib: Float = 0
    if v.pointee.lfoDelayFrames > 0 { v.pointee.lfoDelayFrames -= k } else {
        if d.lfoToPitchCents != 0 || d.lfoToGainCentibels != 0 || d.lfoToCutoffCents != 0 {
            lfo = FastMath.sine(cycles: v.pointee.lfoPhase)
        }
        v.pointee.lfoPhase += v.pointee.lfoStep * kf
        if v.pointee.lfoPhase >= 1 { v.pointee.lfoPhase -= floorf(v.pointee.lfoPhase) }
    }
    if v.pointee.vibratoDelayFrames > 0 { v.pointee.vibratoDelayFrames -= k } else {
        if d.vibratoToPitchCents != 0 || d.vibratoToGainCentibels != 0 || d.vibratoToCutoffCents != 0 {
            vib = FastMath.sine(cycles: v.pointee.vibratoPhase)
        }
        v.pointee.vibratoPhase += v.pointee.vibratoStep * kf
        if v.pointee.vibratoPhase >= 1 { v.pointee.vibratoPhase -= floorf(v.pointee.vibratoPhase) }
    }
    let eg2 = v.pointee.eg2Value
    advanceEG2(v, frames: k)
    // Pitch.
    let cents = v.pointee.pitchCents + lfo * d.lfoToPitchCents + vib * d.vibratoToPitchCents + eg2 * d.eg2ToPitchCents
    if cents != v.pointee.lastPitchCents {   // most voices hold their pitch for many intervals
        v.pointee.lastPitchCents = cents
        let ratio = FastMath.exp2(max(-14_400, min(14_400, cents)) * (1.0 / 1200)) * v.pointee.rateRatio
        // Through Int64: one conversion instruction, where Float → UInt64 is emulated.
        v.pointee.increment = UInt64(Int64(min(ratio, 65_536) * 4_294_967_296))
    }
    // Filter.
    if v.pointee.filterOn {
        let c = v.pointee.cutoffCents + lfo * d.lfoToCutoffCents + vib * d.vibratoToCutoffCents + eg2 * d.eg2ToCutoffCents
        if abs(c - v.pointee.lastCutoffCents) >= 1 {
            v.pointee.lastCutoffCents = c
            v.pointee.filter.setCoefficients(cutoffCents: c, halfOverQ: v.pointee.filterHalfOverQ,
                                             dcGain: v.pointee.filterDCGain, sampleRate: sampleRate)
        }
        v.pointee.filter.flushDenormals()
    }
    // Gain: tremolo in centibels on top of the base, ramped across the interval.
    let tremolo = lfo * d.lfoToGainCentibels + vib * d.vibratoToGainCentibels
    let m: Float = tremolo == 0 ? 1 : FastMath.exp2(tremolo * (3.321928 / 200))   // 10^(cB/200)
    v.pointee.stepLeft = (v.pointee.baseLeft * m - v.pointee.gainLeft) / kf
    v.pointee.stepRight = (v.pointee.baseRight * m - v.pointee.gainRight) / kf
    v.pointee.controlCountdown = k
}

@inline(__always)
private func advanceEG2(_ v: UnsafeMutablePointer<Voice>, frames: Int) {
    let f = Float(frames)
    switch v.pointee.eg2Stage {
    case .delay:
        v.pointee.eg2FramesLeft -= frames
        if v.pointee.eg2FramesLeft <= 0 { v.pointee.eg2Stage = .attack }
    case .attack:
        v.pointee.eg2Value += v.pointee.eg2AttackRate * f
        if v.pointee.eg2Value >= 1 { v.pointee.eg2Value = 1; v.pointee.eg2Stage = .hold; v.pointee.eg2FramesLeft = v.pointee.eg2HoldFrames }
    case .hold:
        v.pointee.eg2FramesLeft -= frames
        if v.pointee.eg2FramesLeft <= 0 { v.pointee.eg2Stage = .decay }
    case .decay:
        v.pointee.eg2Value -= v.pointee.eg2DecayRate * f
        if v.pointee.eg2Value <= v.pointee.eg2Sustain { v.pointee.eg2Value = v.pointee.eg2Sustain; v.pointee.eg2Stage = .sustain }
    case .release, .shutdown:
        v.pointee.eg2Value -= v.pointee.eg2ReleaseRate * f
        if v.pointee.eg2Value <= 0 { v.pointee.eg2Value = 0; v.pointee.eg2Stage = .finished }
    case .sustain, .finished:
        break
    }
}

/// The oscillator and filter for `n` frames into `out`. Returns the frames produced (fewer
/// when a one-shot reaches its end) and where they are: `out`, or when the filter runs, the
/// second half of the scratch buffer (`out[-2]` and `out[-1]` carry the filter's input history).
/// Two passes over the (L1-resident) block: the interpolated wave, the filter; EG1 is applied
/// as the block is mixed.
@inline(__always)
private func oscillate<I: Interpolator>(_ v: UnsafeMutablePointer<Voice>, _ frames: UnsafeMutablePointer<Float>,
                                        _ out: UnsafeMutablePointer<Float>, _ n: Int,
                                        _: I.Type, _ sinc: UnsafeMutablePointer<Float>) -> (Int, UnsafeMutablePointer<Float>) {
    var phase = v.pointee.phase
    let inc = v.pointee.increment
    let looping = v.pointee.loopMode != .oneShot
    let end = looping ? v.pointee.loopEnd : v.pointee.frameCount
    let endFixed = UInt64(end) << 32
    let loopStart = v.pointee.loopStart
    let loopLengthFixed = UInt64(v.pointee.loopEnd - v.pointee.loopStart) << 32
    // Below this no read crosses the loop end. A one-shot reads past its end into the guard
    // frames (silence), so it runs straight to the end.
    let safeEnd = looping ? end - I.reach : end
    let safeEndFixed = UInt64(max(0, safeEnd)) << 32
    var i = 0
    while i < n {
        if phase >= endFixed {
            if !looping { break }
            while phase >= endFixed { phase &-= loopLengthFixed }
        }
        if phase < safeEndFixed {
            // The frames whose read position stays below the safe end, in one block.
            let room = safeEndFixed - phase
            let run = inc == 0 ? n - i : Int(min(UInt64(n - i), (room + inc - 1) / inc))
            I.run(frames, out + i, run, &phase, inc, sinc)
            i += run
        } else {
            let idx = Int(truncatingIfNeeded: phase >> 32)
            out[i] = I.readWrapped(frames, idx, phaseFraction(phase), sinc, loopStart: loopStart, loopEnd: end)
            phase &+= inc
            i += 1
        }
    }
    v.pointee.phase = phase
    var result = out
    if v.pointee.filterOn {
        out[-1] = v.pointee.filter.x1; out[-2] = v.pointee.filter.x2
        result = out + Voice.controlInterval + 8
        v.pointee.filter.process(block: out, into: result, count: i)
    }
    return (i, result)
}

/// EG1 across a block: the amplitude follows `a ← a × factor + add` per frame (one of the two is
/// neutral in each stage), so four frames at a time come from the closed form
/// a(k) = a·fᵏ + add·(1 + f + … + fᵏ⁻¹).
struct Envelope {
    var amplitude: Float
    let add: Float
    let factor: Float
    let powers: SIMD4<Float>, sums: SIMD4<Float>, power4: Float, sum4: Float

    @inline(__always) init(amplitude: Float, add: Float, factor: Float) {
        self.amplitude = amplitude; self.add = add; self.factor = factor
        let f2 = factor * factor
        powers = SIMD4(1, factor, f2, f2 * factor)
        sums = SIMD4(0, 1, 1 + factor, 1 + factor + f2)
        power4 = f2 * f2
        sum4 = 1 + factor + f2 + f2 * factor
    }

    /// The next four frames' amplitudes.
    @inline(__always) mutating func next4() -> SIMD4<Float> {
        let a = amplitude * powers + add * sums
        amplitude = amplitude * power4 + add * sum4
        return a
    }

    @inline(__always) mutating func next() -> Float {
        let a = amplitude
        amplitude = amplitude * factor + add
        return a
    }
}

/// Adds the mono block times EG1 to the interleaved stereo dry bus — and, when `sends`, to the reverb and
/// chorus buses at their levels — with per-frame gain ramps: frame k gets gain + step·(k + 1)
/// (step first: a change made at a frame is heard at that frame, and the interval's last frame
/// lands exactly on the target). The gains are kept interleaved (L, R, L, R, …), so each frame
/// is one duplicated sample times one gain pair, with no interleaving shuffles.
@inline(__always)
private func mixStereo(_ x: UnsafeMutablePointer<Float>, _ count: Int, _ envelope: inout Envelope,
                       _ gainLeft: Float, _ gainRight: Float,
                       _ stepLeft: Float, _ stepRight: Float, into o: UnsafeMutablePointer<Float>,
                       sends: Bool, reverb: UnsafeMutablePointer<Float>, _ reverbLevel: Float,
                       chorus: UnsafeMutablePointer<Float>, _ chorusLevel: Float) {
    var k = 0
    let base = SIMD8<Float>(gainLeft, gainRight, gainLeft, gainRight, gainLeft, gainRight, gainLeft, gainRight)
    let step = SIMD8<Float>(stepLeft, stepRight, stepLeft, stepRight, stepLeft, stepRight, stepLeft, stepRight)
    let first = SIMD8<Float>(1, 1, 2, 2, 3, 3, 4, 4)
    while k + 4 <= count {
        let s = UnsafeMutableRawPointer(x + k).loadUnaligned(as: SIMD4<Float>.self) * envelope.next4()
        let pair = SIMD8<Float>(s[0], s[0], s[1], s[1], s[2], s[2], s[3], s[3])
        let lr = pair * (base + step * (first + Float(k)))
        let d = UnsafeMutableRawPointer(o + 2 * k)
        d.storeBytes(of: d.loadUnaligned(as: SIMD8<Float>.self) + lr, as: SIMD8<Float>.self)
        if sends {
            let r = UnsafeMutableRawPointer(reverb + 2 * k), c = UnsafeMutableRawPointer(chorus + 2 * k)
            r.storeBytes(of: r.loadUnaligned(as: SIMD8<Float>.self) + lr * reverbLevel, as: SIMD8<Float>.self)
            c.storeBytes(of: c.loadUnaligned(as: SIMD8<Float>.self) + lr * chorusLevel, as: SIMD8<Float>.self)
        }
        k += 4
    }
    while k < count {
        let frame = Float(k + 1)
        let e = x[k] * envelope.next()
        let l = e * (gainLeft + stepLeft * frame), r = e * (gainRight + stepRight * frame)
        o[2 * k] += l; o[2 * k + 1] += r
        if sends {
            reverb[2 * k] += l * reverbLevel; reverb[2 * k + 1] += r * reverbLevel
            chorus[2 * k] += l * chorusLevel; chorus[2 * k + 1] += r * chorusLevel
        }
        k += 1
    }
}

/// Frames until `amplitude × factor^n` falls to `target` (at least 1).
@inline(__always)
private func framesUntil(_ amplitude: Float, reaches target: Float, factor: Float) -> Int {
    if amplitude <= target || factor <= 0 { return 1 }
    let n = log(Double(target) / Double(amplitude)) / log(Double(factor))
    if !n.isFinite || n > 1e9 { return 1 << 30 }
    return max(1, Int(n.rounded(.up)))
}
