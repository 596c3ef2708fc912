#if canImport(Glibc)
import Glibc
#endif

/// Longest tap delay the chorus supports (ms): 40 ms centre + 20 ms half depth + margin.
let fxChorusMaxDelayMs = 62.0
/// Largest change of a tap's centre delay or depth per sample while gliding (samples).
let fxChorusMaxSlew: Float = 0.08

/// The chorus: mono sum of the send → pre-LPF → two delay lines (left, right), each read by a
/// modulated tap (4-point Catmull-Rom interpolation) whose output feeds back into its own line.
/// The taps are swept by one quadrature sine LFO (left = sin, right = cos). Every parameter is
/// smoothed (delay and depth with a 50 ms one-pole and a slew limit, feedback with the same
/// one-pole, level and send with a 20 ms ramp; the LFO keeps its phase when the rate changes),
/// so a macro switch glides instead of jumping: no clicks and no crossfade instance needed.
struct FXChorus {
    let lineL: UnsafeMutablePointer<Float>
    let lineR: UnsafeMutablePointer<Float>
    let capacity: Int
    var mask = 0
    var w = 0
    var sampleRate: Double

    private(set) var params: ChorusParameters?
    private(set) var running = false

    // LFO (quadrature rotation, renormalised per block).
    var lfoSin = 0.0, lfoCos = 1.0
    var rotSin = 0.0, rotCos = 1.0
    // Smoothed modulation (samples) and feedback.
    var centre: Float = 0, centreTarget: Float = 0
    var halfDepth: Float = 0, halfDepthTarget: Float = 0
    var feedback: Float = 0, feedbackTarget: Float = 0
    var smoothing: Float = 0
    var level = FXRamp(0)
    var send = FXRamp(0)
    var preLpfK: Float = 1
    var lp: Float = 0

    init(maxSampleRate: Double, sampleRate: Double) {
        capacity = fxPowerOfTwo(atLeast: Int((fxChorusMaxDelayMs * 0.001 * maxSampleRate).rounded(.up)) + 8)
        lineL = .allocate(capacity: capacity); lineL.initialize(repeating: 0, count: capacity)
        lineR = .allocate(capacity: capacity); lineR.initialize(repeating: 0, count: capacity)
        self.sampleRate = sampleRate
        configureRate()
    }

    func free() {
        lineL.deallocate()
        lineR.deallocate()
    }

    private mutating func configureRate() {
        let used = fxPowerOfTwo(atLeast: Int((fxChorusMaxDelayMs * 0.001 * sampleRate).rounded(.up)) + 8)
        mask = min(used, capacity) - 1
        smoothing = Float(1 - exp(-1 / (0.05 * sampleRate)))
    }

    /// Changes the sample rate; clears all state (not for the render thread's steady state).
    mutating func setSampleRate(_ fs: Double) {
        sampleRate = fs
        configureRate()
        clear()
        running = false
        level = FXRamp(0)
        send = FXRamp(0)
        let p = params
        params = nil
        if let p { set(p) }
    }

    mutating func clear() {
        lineL.update(repeating: 0, count: capacity)
        lineR.update(repeating: 0, count: capacity)
        lp = 0
        w = 0
    }

    /// Applies new parameters (nil fades the chorus out and then stops processing).
    mutating func set(_ p: ChorusParameters?) {
        let ramp = Int(0.02 * sampleRate)
        guard let p else {
            params = nil
            level.set(target: 0, over: ramp)
            send.set(target: 0, over: ramp)
            return
        }
        let fs = sampleRate
        let minDelay: Double = 2.5   // samples: the interpolator needs two written samples ahead
        var half = p.safeDepthMs * 0.0005 * fs
        var centre = max(p.safeDelayMs * 0.001 * fs, minDelay)
        if centre - half < minDelay { centre = minDelay + half }
        let maxDelay = Double(mask) - 4
        if centre + half > maxDelay { half = min(half, maxDelay / 2); centre = min(centre, maxDelay - half) }
        centreTarget = Float(centre)
        halfDepthTarget = Float(half)
        feedbackTarget = Float(p.feedbackGain)
        let rate = p.safeRateHz
        rotSin = sin(2 * Double.pi * rate / fs)
        rotCos = cos(2 * Double.pi * rate / fs)
        preLpfK = fxPreLowpassCoefficient(p.preLowpass, sampleRate: fs)
        let lv = Float(min(max(p.level, 0), 127)) / 127
        let sv = Float(min(max(p.sendToReverb, 0), 127)) * 0.787 / 100
        if !running {
            // Starting from silence: clear stale audio, jump straight to the targets.
            clear()
            self.centre = centreTarget
            halfDepth = halfDepthTarget
            feedback = feedbackTarget
            lfoSin = 0; lfoCos = 1
            level = FXRamp(0)
            send = FXRamp(0)
            running = true
        }
        level.set(target: lv, over: ramp)
        send.set(target: sv, over: ramp)
        params = p
    }

    var isAudible: Bool { running }

    /// Reads the mono sum of the stereo `input`, adds the wet stereo output (times the level)
    /// into `output` and the wet output times the send-to-reverb gain into `reverbInput`.
    mutating func process(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                          reverbInput: UnsafeMutablePointer<Float>, frames: Int) {
        guard running else { return }
        let lineL = self.lineL, lineR = self.lineR, mask = self.mask
        var w = self.w
        var s = lfoSin, c = lfoCos
        let rs = rotSin, rc = rotCos
        var centre = self.centre, halfDepth = self.halfDepth, feedback = self.feedback
        let centreT = centreTarget, halfT = halfDepthTarget, fbT = feedbackTarget, a = smoothing
        var level = self.level, send = self.send
        let k = preLpfK
        var lp = self.lp

        for n in 0..<frames {
            let x = 0.5 * (fxSanitize(input[2 * n]) + fxSanitize(input[2 * n + 1]))
            lp = fxFlush(lp + k * (x - lp))
            // One-pole glide, slew-limited to ±0.08 sample per sample (≤ 8 % pitch bend while a
            // new macro's delay settles), so switching never clicks or warbles.
            centre += min(max(a * (centreT - centre), -fxChorusMaxSlew), fxChorusMaxSlew)
            halfDepth += min(max(a * (halfT - halfDepth), -fxChorusMaxSlew), fxChorusMaxSlew)
            feedback += a * (fbT - feedback)
            let ns = s * rc + c * rs
            c = c * rc - s * rs
            s = ns
            let dL = centre + halfDepth * Float(s)
            let dR = centre + halfDepth * Float(c)
            let yl = FXChorus.read(lineL, mask: mask, position: w, delay: dL)
            let yr = FXChorus.read(lineR, mask: mask, position: w, delay: dR)
            lineL[w & mask] = fxFlush(lp + feedback * yl)
            lineR[w & mask] = fxFlush(lp + feedback * yr)
            w &+= 1
            let lv = level.next(), sv = send.next()
            output[2 * n] += lv * yl
            output[2 * n + 1] += lv * yr
            reverbInput[2 * n] += sv * yl
            reverbInput[2 * n + 1] += sv * yr
        }
        // Renormalise the LFO so rounding never changes its amplitude.
        let r = 1 / (s * s + c * c).squareRoot()
        lfoSin = s * r; lfoCos = c * r
        self.w = w
        self.centre = centre; self.halfDepth = halfDepth; self.feedback = feedback
        self.level = level; self.send = send
        self.lp = lp
        if params == nil && level.isSettled && level.value == 0 && send.isSettled {
            running = false
        }
    }

    /// 4-point Catmull-Rom read `delay` samples (≥ 2) behind the write position `w`.
    @inline(__always)
    static func read(_ buf: UnsafeMutablePointer<Float>, mask: Int, position w: Int, delay: Float) -> Float {
        let d = max(delay, 2)
        let di = Int(d)
        let frac = d - Float(di)
        // Between x0 = buf[w−di−1] and x1 = buf[w−di], at t = 1 − frac from x0.
        let base = w &- di
        let xm1 = buf[(base &- 2) & mask]
        let x0 = buf[(base &- 1) & mask]
        let x1 = buf[base & mask]
        let x2 = buf[(base &+ 1) & mask]
        let t = 1 - frac
        let c1 = 0.5 * (x1 - xm1)
        let c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2
        let c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1)
        return ((c3 * t + c2) * t + c1) * t + x0
    }

    func forEachStateValue(_ body: (Float) -> Void) {
        for i in 0..<capacity { body(lineL[i]); body(lineR[i]) }
        body(lp); body(centre); body(halfDepth); body(feedback)
    }
}
