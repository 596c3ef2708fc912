#if canImport(Glibc)
import Glibc
#endif

// The reverb engine: one "slot" is a complete reverb instance that owns a preallocated arena.
// `SendEffects` keeps two slots so that a change of layout (another macro/character, another
// pre-delay) crossfades: the old slot stops taking input and rings out under a fading gain
// while the new slot, cleared and configured, takes over. Coefficient-only changes (time,
// level, pre-LPF, echo feedback) are applied in place.
//
// Why a feedback delay network (FDN) and not a Dattorro plate: the GS macros span small rooms
// (0.8 s) to large halls (2.4 s, up to 10 s with Time 127) and a plate. An FDN designed after
// Jot gives an exact, frequency-dependent RT60 from closed-form per-line gains — every mode
// at a given frequency decays at the same rate, so there are no slow "ringing" modes — and
// room size, density and decay are independent knobs: a new character is a new row of
// numbers, not a new topology. A Dattorro tank has a fixed topology tuned for one (plate)
// sound, its decay is set by one loop gain whose RT60 has to be found by measurement, and its
// two-loop structure gives a sparser early echo pattern for short rooms. The FDN here has 16
// lines (prime lengths, geometric spread per character), an orthonormal 16×16 Hadamard mix
// (fast Walsh–Hadamard transform: 64 adds), one-pole absorption filters (exact gain at the
// 707 Hz reference band and a per-character 8 kHz decay ratio), four input allpass diffusers
// per channel and orthogonal ±¼ input/output vectors for the two channels, which decorrelate
// left and right. The two delay macros are separate echo loops (a stereo echo with the right
// channel offset, and a ping-pong echo) with the same absorption design.

/// Number of FDN delay lines.
let fxLineCount = 16
/// Largest number of frames the FDN processes as one chunk.
let fxChunk = 64
/// Frequency (Hz) at which the FDN's decay equals the target RT60: the geometric centre of
/// the 500 Hz and 1 kHz octave bands used for the "mid-frequency" reverberation time.
let fxReferenceHz = 707.0
/// Frequency (Hz) at which each character's high-frequency decay ratio is specified.
let fxHighHz = 8_000.0
/// IR energy per second of RT60 (per output channel, unit impulse in one input channel) at level 127.
let fxReverbEnergyPerSecond = 0.25
/// Echo output gain at level 127.
let fxEchoGain: Float = 0.7

/// Layout and colour of one reverb character (0…5).
struct FXReverbCharacter {
    var minLineMs: Double
    var maxLineMs: Double
    /// RT60 at 8 kHz divided by the mid-frequency RT60.
    var highRatio: Double
    /// Allpass diffuser coefficient.
    var diffusion: Float
    /// Scale of the allpass diffuser lengths.
    var diffuserScale: Double

    static func of(_ c: Int) -> FXReverbCharacter {
        switch c {
        case 0: FXReverbCharacter(minLineMs: 13, maxLineMs: 40, highRatio: 0.45, diffusion: 0.6, diffuserScale: 0.6)
        case 1: FXReverbCharacter(minLineMs: 15, maxLineMs: 46, highRatio: 0.40, diffusion: 0.6, diffuserScale: 0.75)
        case 2: FXReverbCharacter(minLineMs: 17, maxLineMs: 52, highRatio: 0.50, diffusion: 0.62, diffuserScale: 0.9)
        case 3: FXReverbCharacter(minLineMs: 20, maxLineMs: 62, highRatio: 0.40, diffusion: 0.65, diffuserScale: 1.1)
        case 4: FXReverbCharacter(minLineMs: 24, maxLineMs: 78, highRatio: 0.45, diffusion: 0.65, diffuserScale: 1.25)
        default: FXReverbCharacter(minLineMs: 14, maxLineMs: 44, highRatio: 0.70, diffusion: 0.72, diffuserScale: 0.7)
        }
    }

    static let largestLineMs = 78.0
    static let largestDiffuserScale = 1.25
    /// Allpass diffuser base lengths (ms), the same chain for both channels: with different
    /// chains a centred (mono) source would reach each line as the sum of two different
    /// allpasses, which is a comb filter that colours the whole tail. The channels are
    /// decorrelated by the orthogonal input vectors instead.
    static func diffuserBaseMs(_ i: Int) -> Double {
        switch i & 3 {
        case 0: 1.13
        case 1: 1.71
        case 2: 2.63
        default: 3.93
        }
    }
    static let largestDiffuserBaseMs = 3.93
}

/// Longest echo period (ms) plus the right-channel offset.
let fxMaxEchoMs = 128 * 3.1 + 20
/// Longest pre-delay (ms).
let fxMaxPreDelayMs = 127.0

struct FXReverbSlot {
    enum Mode { case idle, fdn, echo, pingPong }

    // Memory (owned; freed by `free()`).
    let arena: UnsafeMutablePointer<Float>
    let arenaCapacity: Int
    /// 16 × 8 floats: a, p, state, bL, bR, cL, cR (and 16 spare).
    let coef: UnsafeMutablePointer<Float>
    /// 16 line lengths then 8 allpass lengths.
    let lengths: UnsafeMutablePointer<Int>
    /// Per-chunk work rows: 16 line rows, input L/R, output L/R (each `fxChunk` floats).
    let scratch: UnsafeMutablePointer<Float>
    var minLineLength = 1

    private(set) var mode = Mode.idle
    private(set) var params = ReverbParameters.gsDefault
    var sampleRate: Double

    // Layout (offsets into the arena).
    var preBase = 0, preMask = 0, preDelay = 0
    var lineBase = 0, lineStride = 0, lineMask = 0
    var apBase = 0, apStride = 0, apMask = 0
    var apGain: Float = 0.6
    var echoBase = 0, echoStride = 0, echoMask = 0, echoPeriod = 1, echoRightTap = 1
    /// Echo damping filter `y = a·x + p·y₁`.
    var echoA: Float = 0, echoP: Float = 0
    var echoStateL: Float = 0, echoStateR: Float = 0
    var preLpfK: Float = 1
    var lpL: Float = 0, lpR: Float = 0
    var outScale: Float = 0
    /// Shared write counter of every ring in the slot.
    var w = 0

    var inGain = FXRamp(0)
    var outGain = FXRamp(0)
    /// True once the slot has been told to fade out; it becomes idle when the fade ends.
    private(set) var retiring = false

    /// Arena size (floats) that covers every configuration at `maxSampleRate`.
    static func arenaSize(maxSampleRate fs: Double) -> Int {
        let pre = 2 * fxPowerOfTwo(atLeast: Int((fxMaxPreDelayMs * 0.001 * fs).rounded(.up)) + 2)
        // Longest line: the largest character's longest line rounded up to a prime (< +2 %).
        let line = fxPowerOfTwo(atLeast: Int((FXReverbCharacter.largestLineMs * 0.001 * fs * 1.02).rounded(.up)) + 64)
        let ap = fxPowerOfTwo(atLeast: Int((FXReverbCharacter.largestDiffuserBaseMs * FXReverbCharacter.largestDiffuserScale
                                             * 0.001 * fs * 1.02).rounded(.up)) + 64)
        let fdn = fxLineCount * line + 8 * ap
        let echo = 2 * fxPowerOfTwo(atLeast: Int((fxMaxEchoMs * 0.001 * fs).rounded(.up)) + 8)
        return pre + max(fdn, echo)
    }

    init(maxSampleRate: Double, sampleRate: Double) {
        arenaCapacity = FXReverbSlot.arenaSize(maxSampleRate: maxSampleRate)
        arena = .allocate(capacity: arenaCapacity)
        arena.initialize(repeating: 0, count: arenaCapacity)
        coef = .allocate(capacity: fxLineCount * 8)
        coef.initialize(repeating: 0, count: fxLineCount * 8)
        lengths = .allocate(capacity: fxLineCount + 8)
        lengths.initialize(repeating: 1, count: fxLineCount + 8)
        scratch = .allocate(capacity: (fxLineCount + 4) * fxChunk)
        scratch.initialize(repeating: 0, count: (fxLineCount + 4) * fxChunk)
        self.sampleRate = sampleRate
    }

    func free() {
        arena.deallocate()
        coef.deallocate()
        lengths.deallocate()
        scratch.deallocate()
    }

    var isRunning: Bool { mode != .idle }

    // Coefficient vectors.
    var lineA: UnsafeMutablePointer<Float> { coef }
    var lineP: UnsafeMutablePointer<Float> { coef + fxLineCount }
    var lineState: UnsafeMutablePointer<Float> { coef + 2 * fxLineCount }
    var inputL: UnsafeMutablePointer<Float> { coef + 3 * fxLineCount }
    var inputR: UnsafeMutablePointer<Float> { coef + 4 * fxLineCount }
    var outputL: UnsafeMutablePointer<Float> { coef + 5 * fxLineCount }
    var outputR: UnsafeMutablePointer<Float> { coef + 6 * fxLineCount }

    /// Lays the slot out for `p`, clears the memory that layout uses and starts it with the
    /// input fading in over `fadeInSamples`. Real-time safe: bounded work (a prime search and a
    /// clear of the used region, ≤ 1.4 MB at 192 kHz, typically ~300 kB at 48 kHz).
    mutating func configure(_ p: ReverbParameters, fadeInSamples: Int) {
        params = p
        let fs = sampleRate
        w = 0
        lpL = 0; lpR = 0; echoStateL = 0; echoStateR = 0
        retiring = false
        coef.update(repeating: 0, count: fxLineCount * 8)

        // Pre-delay ring (stereo interleaved).
        preDelay = Int((p.clampedPreDelayMs * 0.001 * fs).rounded())
        let preSize = fxPowerOfTwo(atLeast: preDelay + 2)
        preBase = 0
        preMask = preSize - 1
        var used = 2 * preSize

        if p.isEcho {
            mode = p.clampedCharacter == 6 ? .echo : .pingPong
            echoPeriod = max(1, Int((p.echoPeriodSeconds * fs).rounded()))
            let offsetMs = min(max(0.06 * p.echoPeriodSeconds * 1000, 3), 20)
            echoRightTap = echoPeriod + Int((offsetMs * 0.001 * fs).rounded())
            echoStride = fxPowerOfTwo(atLeast: echoRightTap + 2)
            echoMask = echoStride - 1
            echoBase = used
            used += 2 * echoStride
        } else {
            mode = .fdn
            let ch = FXReverbCharacter.of(p.clampedCharacter)
            var maxLen = 1
            for i in 0..<fxLineCount {
                let ms = ch.minLineMs * pow(ch.maxLineMs / ch.minLineMs, Double(i) / Double(fxLineCount - 1))
                let target = max(Int((ms * 0.001 * fs).rounded()), 3)
                let len = fxPrime(atLeast: target, excluding: lengths, count: i)
                lengths[i] = len
                maxLen = max(maxLen, len)
            }
            minLineLength = lengths[0]
            for i in 1..<fxLineCount { minLineLength = min(minLineLength, lengths[i]) }
            lineStride = fxPowerOfTwo(atLeast: maxLen + 1)
            lineMask = lineStride - 1
            lineBase = used
            used += fxLineCount * lineStride
            var maxAp = 1
            for j in 0..<8 {
                let len = max(Int((FXReverbCharacter.diffuserBaseMs(j) * ch.diffuserScale * 0.001 * fs).rounded()), 1)
                lengths[fxLineCount + j] = len
                maxAp = max(maxAp, len)
            }
            apStride = fxPowerOfTwo(atLeast: maxAp + 1)
            apMask = apStride - 1
            apBase = used
            used += 8 * apStride
            apGain = ch.diffusion

            // Orthogonal ±¼ input and output vectors: left pattern random, right pattern = left
            // with a balanced half of the signs flipped (so left·right = 0 exactly).
            var rng = FXRandom(seed: 0x5EED_0000 &+ UInt32(p.clampedCharacter))
            makeOrthogonalPair(inputL, inputR, &rng)
            makeOrthogonalPair(outputL, outputR, &rng)
            var m = 0
            for i in 0..<fxLineCount { m += lengths[i] }
            outScale = Float((fxReverbEnergyPerSecond * 13.8 * Double(m) / fs).squareRoot())
        }
        precondition(used <= arenaCapacity, "reverb arena too small")
        arena.update(repeating: 0, count: used)
        updateCoefficients(p)
        inGain = FXRamp(0)
        inGain.set(target: 1, over: fadeInSamples)
        outGain = FXRamp(levelGain(p))
    }

    private func makeOrthogonalPair(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                                    _ rng: inout FXRandom) {
        // Flip pattern: a random permutation's first half.
        var flip: (UInt16) = 0
        var count = 0
        while count < fxLineCount / 2 {
            let k = Int((rng.next() >> 16) % UInt32(fxLineCount))
            if flip & (1 << k) == 0 { flip |= 1 << k; count += 1 }
        }
        for i in 0..<fxLineCount {
            let s: Float = (rng.next() >> 31) == 0 ? 0.25 : -0.25
            a[i] = s
            b[i] = flip & (1 << i) != 0 ? -s : s
        }
    }

    func levelGain(_ p: ReverbParameters) -> Float {
        let l = Float(min(max(p.level, 0), 127)) / 127
        return p.isEcho ? l * fxEchoGain : l * outScale
    }

    /// Applies the coefficient-only part of `p` (decay, damping, pre-LPF, echo feedback, level).
    mutating func updateCoefficients(_ p: ReverbParameters, levelRampSamples: Int = 0) {
        params = p
        let fs = sampleRate
        preLpfK = fxPreLowpassCoefficient(p.preLowpass, sampleRate: fs)
        switch mode {
        case .fdn:
            let ch = FXReverbCharacter.of(p.clampedCharacter)
            let rt = p.targetRT60Seconds
            for i in 0..<fxLineCount {
                let len = Double(lengths[i])
                let g = pow(10, -3 * len / (fs * rt))
                let gHigh = pow(10, -3 * len / (fs * rt * ch.highRatio))
                let f = fxDampingFilter(gainAtReference: g, referenceHz: fxReferenceHz, highRatio: gHigh / g,
                                        highHz: fxHighHz, sampleRate: fs)
                lineA[i] = f.a
                lineP[i] = f.p
            }
        case .echo, .pingPong:
            // Echo repeats lose high frequencies: 8 kHz decays 3× faster than the mid band.
            let g = p.echoGain
            let gHigh = pow(g, 3)
            let f = fxDampingFilter(gainAtReference: g, referenceHz: fxReferenceHz, highRatio: g > 0 ? gHigh / g : 1,
                                    highHz: fxHighHz, sampleRate: fs)
            echoA = g > 0 ? f.a : 0
            echoP = g > 0 ? f.p : 0
        case .idle:
            break
        }
        if !retiring { outGain.set(target: levelGain(p), over: levelRampSamples) }
    }

    /// Stops taking input and fades the output to zero over `samples`; the slot goes idle when done.
    /// Calling it again while fading only ever shortens the remaining fade.
    mutating func retire(over samples: Int) {
        guard isRunning else { return }
        let remaining = retiring ? outGain.remaining : Int.max
        retiring = true
        inGain.set(target: 0, over: max(1, min(samples, Int(0.005 * sampleRate))))
        if outGain.target != 0 || samples < remaining { outGain.set(target: 0, over: max(1, min(samples, remaining))) }
    }

    /// Adds the wet output for `frames` frames of the stereo-interleaved `input` into `output`.
    mutating func process(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, frames: Int) {
        switch mode {
        case .idle: return
        case .fdn: processFDN(input: input, output: output, frames: frames)
        case .echo, .pingPong: processEcho(input: input, output: output, frames: frames)
        }
        if retiring && outGain.isSettled && outGain.value == 0 {
            mode = .idle
            retiring = false
        }
    }

    /// The FDN runs in chunks of at most `fxChunk` frames and never more than the shortest
    /// line, so every line sample a chunk reads was written before the chunk: the chunk can be
    /// processed line by line (read, absorb) and then frame-wise across lines (mix, write) in
    /// tight loops over contiguous scratch rows that the compiler vectorises.
    private mutating func processFDN(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, frames: Int) {
        // Hot state in locals; nothing below touches a class.
        let pre = arena + preBase, preMask = self.preMask, preDelay = self.preDelay
        let lines = arena + lineBase, stride = lineStride, mask = lineMask
        let ap = arena + apBase, apStride = self.apStride, apMask = self.apMask, g = apGain
        let lens = lengths, apLens = lengths + fxLineCount
        let a = lineA, p = lineP, st = lineState, bL = inputL, bR = inputR, cL = outputL, cR = outputR
        let rows = scratch, xs = scratch + fxLineCount * fxChunk, ys = xs + 2 * fxChunk
        let k = preLpfK
        var lpL = self.lpL, lpR = self.lpR
        var w = self.w
        var inGain = self.inGain, outGain = self.outGain
        let chunk = min(fxChunk, minLineLength)

        var done = 0
        while done < frames {
            let count = min(chunk, frames - done)
            let inp = input + 2 * done, out = output + 2 * done
            // 1. Input: pre-delay, pre-LPF, four allpass diffusers per channel.
            for n in 0..<count {
                let t = w &+ n
                let ig = inGain.next()
                let wi = (t & preMask) << 1
                pre[wi] = fxFlush(fxSanitize(inp[n &<< 1]) * ig)
                pre[wi &+ 1] = fxFlush(fxSanitize(inp[(n &<< 1) &+ 1]) * ig)
                let ri = ((t &- preDelay) & preMask) << 1
                lpL = fxFlush(lpL + k * (pre[ri] - lpL))
                lpR = fxFlush(lpR + k * (pre[ri &+ 1] - lpR))
                var xl = lpL, xr = lpR
                for j in 0..<4 {
                    let buf = ap + j &* apStride
                    let vd = buf[(t &- apLens[j]) & apMask]
                    let v = xl + g * vd
                    buf[t & apMask] = fxFlush(v)
                    xl = vd - g * v
                }
                for j in 4..<8 {
                    let buf = ap + j &* apStride
                    let vd = buf[(t &- apLens[j]) & apMask]
                    let v = xr + g * vd
                    buf[t & apMask] = fxFlush(v)
                    xr = vd - g * v
                }
                xs[n] = xl
                xs[fxChunk &+ n] = xr
                ys[n] = 0
                ys[fxChunk &+ n] = 0
            }
            // 2. Read each line and run its absorption filter, four independent lines per pass.
            var i0 = 0
            while i0 < fxLineCount {
                let l0 = lines + i0 * stride, l1 = l0 + stride, l2 = l1 + stride, l3 = l2 + stride
                let r0 = rows + i0 * fxChunk, r1 = r0 + fxChunk, r2 = r1 + fxChunk, r3 = r2 + fxChunk
                var q0 = (w &- lens[i0]) & mask, q1 = (w &- lens[i0 + 1]) & mask
                var q2 = (w &- lens[i0 + 2]) & mask, q3 = (w &- lens[i0 + 3]) & mask
                let a0 = a[i0], a1 = a[i0 + 1], a2 = a[i0 + 2], a3 = a[i0 + 3]
                let p0 = p[i0], p1 = p[i0 + 1], p2 = p[i0 + 2], p3 = p[i0 + 3]
                var z0 = st[i0], z1 = st[i0 + 1], z2 = st[i0 + 2], z3 = st[i0 + 3]
                for n in 0..<count {
                    z0 = fxFlush(a0 * l0[q0] + p0 * z0); r0[n] = z0
                    z1 = fxFlush(a1 * l1[q1] + p1 * z1); r1[n] = z1
                    z2 = fxFlush(a2 * l2[q2] + p2 * z2); r2[n] = z2
                    z3 = fxFlush(a3 * l3[q3] + p3 * z3); r3[n] = z3
                    q0 = (q0 &+ 1) & mask; q1 = (q1 &+ 1) & mask
                    q2 = (q2 &+ 1) & mask; q3 = (q3 &+ 1) & mask
                }
                st[i0] = z0; st[i0 + 1] = z1; st[i0 + 2] = z2; st[i0 + 3] = z3
                i0 += 4
            }
            // 3. Outputs: orthogonal ±¼ taps of the absorbed line outputs.
            for i in 0..<fxLineCount {
                let r = rows + i &* fxChunk, yr = ys + fxChunk
                let cl = cL[i], cr = cR[i]
                for n in 0..<count {
                    ys[n] += cl * r[n]
                    yr[n] += cr * r[n]
                }
            }
            // 4. Orthonormal mix: 16-point fast Walsh–Hadamard transform across the rows (the
            //    ¼ normalisation is folded into step 5).
            var h = 1
            while h < fxLineCount {
                for j in 0..<fxLineCount where j & h == 0 {
                    let ra = rows + j &* fxChunk, rb = ra + h &* fxChunk
                    for n in 0..<count {
                        let u = ra[n], v = rb[n]
                        ra[n] = u + v
                        rb[n] = u - v
                    }
                }
                h <<= 1
            }
            // 5. Write the lines: mixed feedback plus the diffused input.
            let wpos = w & mask
            for i in 0..<fxLineCount {
                let r = rows + i &* fxChunk, xr = xs + fxChunk
                let bl = bL[i], br = bR[i]
                let dst = lines + i &* stride
                if wpos + count <= stride {
                    let d = dst + wpos
                    for n in 0..<count { d[n] = fxFlush(0.25 * r[n] + bl * xs[n] + br * xr[n]) }
                } else {
                    for n in 0..<count { dst[(wpos &+ n) & mask] = fxFlush(0.25 * r[n] + bl * xs[n] + br * xr[n]) }
                }
            }
            // 6. Add to the output.
            let yr = ys + fxChunk
            for n in 0..<count {
                let og = outGain.next()
                out[n &<< 1] += og * ys[n]
                out[(n &<< 1) &+ 1] += og * yr[n]
            }
            w &+= count
            done += count
        }
        self.lpL = lpL; self.lpR = lpR
        self.w = w
        self.inGain = inGain; self.outGain = outGain
    }

    private mutating func processEcho(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, frames: Int) {
        let pre = arena + preBase, preMask = self.preMask, preDelay = self.preDelay
        let lineL = arena + echoBase, lineR = lineL + echoStride, mask = echoMask
        let period = echoPeriod, rightTap = echoRightTap
        let ea = echoA, ep = echoP, k = preLpfK
        let pingPong = mode == .pingPong
        var fL = echoStateL, fR = echoStateR
        var lpL = self.lpL, lpR = self.lpR
        var w = self.w
        var inGain = self.inGain, outGain = self.outGain

        for n in 0..<frames {
            let ig = inGain.next()
            let wi = (w & preMask) << 1
            pre[wi] = fxFlush(fxSanitize(input[2 * n]) * ig)
            pre[wi + 1] = fxFlush(fxSanitize(input[2 * n + 1]) * ig)
            let ri = ((w &- preDelay) & preMask) << 1
            lpL = fxFlush(lpL + k * (pre[ri] - lpL))
            lpR = fxFlush(lpR + k * (pre[ri &+ 1] - lpR))
            let sL = lineL[(w &- period) & mask]
            let sR = lineR[(w &- period) & mask]
            fL = fxFlush(ea * sL + ep * fL)
            fR = fxFlush(ea * sR + ep * fR)
            let wpos = w & mask
            let yl: Float, yr: Float
            if pingPong {
                // Mono in → left; left → right → left …, damped at every crossing.
                lineL[wpos] = fxFlush(0.5 * (lpL + lpR) + fR)
                lineR[wpos] = fL
                yl = sL
                yr = sR
            } else {
                // Two independent echo loops; the right output is tapped a little later.
                lineL[wpos] = fxFlush(lpL + fL)
                lineR[wpos] = fxFlush(lpR + fR)
                yl = sL
                yr = lineR[(w &- rightTap) & mask]
            }
            w &+= 1
            let og = outGain.next()
            output[2 * n] += og * yl
            output[2 * n + 1] += og * yr
        }
        echoStateL = fL; echoStateR = fR
        self.lpL = lpL; self.lpR = lpR
        self.w = w
        self.inGain = inGain; self.outGain = outGain
    }

    /// Clears the slot's state and makes it idle (no fade; for resets and rate changes).
    mutating func clear() {
        mode = .idle
        retiring = false
        arena.update(repeating: 0, count: arenaCapacity)
        coef.update(repeating: 0, count: fxLineCount * 8)
        lpL = 0; lpR = 0; echoStateL = 0; echoStateR = 0
        inGain = FXRamp(0); outGain = FXRamp(0)
    }

    /// Calls `body` with every stored state value (delay lines, rings and filter states); for tests.
    func forEachStateValue(_ body: (Float) -> Void) {
        for i in 0..<arenaCapacity { body(arena[i]) }
        for i in 0..<(fxLineCount * 8) { body(coef[i]) }
        body(lpL); body(lpR); body(echoStateL); body(echoStateR)
    }
}
