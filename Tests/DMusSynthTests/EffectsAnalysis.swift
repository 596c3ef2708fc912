#if canImport(Glibc)
import Glibc
#endif
@testable import DMusSynth

/// Rendering and measurement helpers for the send-effect tests: impulse responses, Schroeder
/// RT60 in octave bands, interaural cross-correlation, Welch spectra and a delay tracker.
enum FXAnalysis {
    /// Renders `seconds` of wet output. `feed(frameIndex, reverbSend, chorusSend, frames)` fills
    /// the send buses of each block (they are zero on entry); `control(blockStartFrame, &fx)`
    /// may change parameters before each block.
    static func render(sampleRate: Int, seconds: Double, block: Int = 256,
                       setup: (inout SendEffects) -> Void,
                       control: (Int, inout SendEffects) -> Void = { _, _ in },
                       feed: (Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)
        -> (left: [Float], right: [Float]) {
        var fx = SendEffects(sampleRate: sampleRate, maxFrames: block)
        defer { fx.free() }
        setup(&fx)
        let total = Int(seconds * Double(sampleRate))
        var left = [Float](repeating: 0, count: total), right = left
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 2 * block)
        defer { out.deallocate() }
        var start = 0
        while start < total {
            let n = min(block, total - start)
            control(start, &fx)
            feed(start, fx.reverbSend, fx.chorusSend, n)
            out.update(repeating: 0, count: 2 * n)
            fx.process(into: out, frames: n)
            for i in 0..<n { left[start + i] = out[2 * i]; right[start + i] = out[2 * i + 1] }
            start += n
        }
        return (left, right)
    }

    /// Reverb impulse response; `channels` chooses which send channel gets the unit impulse
    /// (0 left, 1 right, 2 both: a centred mono source). The impulse is sent 10 ms after the
    /// reverb is switched on (a new reverb fades its input in over 5 ms) and the returned
    /// response starts at the impulse.
    static func reverbIR(_ p: ReverbParameters, sampleRate: Int, seconds: Double, channels: Int = 2)
        -> (left: [Float], right: [Float]) {
        let offset = sampleRate / 100
        let r = render(sampleRate: sampleRate, seconds: seconds + 0.01, setup: { $0.setReverb(p) }) { start, rev, _, n in
            if offset >= start && offset < start + n {
                if channels != 1 { rev[2 * (offset - start)] = 1 }
                if channels != 0 { rev[2 * (offset - start) + 1] = 1 }
            }
        }
        return (Array(r.left[offset...]), Array(r.right[offset...]))
    }

    // MARK: Filters

    /// RBJ band-pass (0 dB peak) biquad, applied twice (4th order) for an octave band at `centre`.
    static func octaveBand(_ x: [Float], centre: Double, sampleRate fs: Double) -> [Double] {
        let w0 = 2 * Double.pi * centre / fs
        let bw = 1.0   // octaves
        let alpha = sin(w0) * sinh(log(2) / 2 * bw * w0 / sin(w0))
        let a0 = 1 + alpha
        let b0 = alpha / a0, b2 = -alpha / a0
        let a1 = -2 * cos(w0) / a0, a2 = (1 - alpha) / a0
        var y = x.map(Double.init)
        for _ in 0..<2 {
            var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
            for i in 0..<y.count {
                let xi = y[i]
                let yi = b0 * xi + b2 * x2 - a1 * y1 - a2 * y2
                x2 = x1; x1 = xi; y2 = y1; y1 = yi
                y[i] = yi
            }
        }
        return y
    }

    // MARK: Decay

    /// Schroeder backward integration → energy decay curve in dB (0 dB at the start).
    static func energyDecayCurve(_ x: [Double]) -> [Double] {
        var e = [Double](repeating: 0, count: x.count)
        var acc = 0.0
        for i in stride(from: x.count - 1, through: 0, by: -1) { acc += x[i] * x[i]; e[i] = acc }
        let e0 = max(e.first ?? 0, 1e-300)
        return e.map { 10 * log10(max($0, 1e-300) / e0) }
    }

    /// RT60 from a least-squares line through the energy decay curve between −5 and −35 dB (T30).
    static func rt60(_ x: [Double], sampleRate fs: Double) -> Double {
        let edc = energyDecayCurve(x)
        guard let i0 = edc.firstIndex(where: { $0 <= -5 }), let i1 = edc.firstIndex(where: { $0 <= -35 }), i1 > i0 + 2
        else { return .nan }
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        let n = Double(i1 - i0 + 1)
        for i in i0...i1 {
            let t = Double(i) / fs
            sx += t; sy += edc[i]; sxx += t * t; sxy += t * edc[i]
        }
        let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)   // dB per second
        return -60 / slope
    }

    /// Mid-frequency RT60 (ISO 3382 "T_mid"): mean of the 500 Hz and 1 kHz octave-band T30,
    /// each from the energy decay curve of both channels' energy summed (so an echo that
    /// alternates between the channels decays in equal steps).
    static func midRT60(_ ir: (left: [Float], right: [Float]), sampleRate: Int) -> Double {
        let fs = Double(sampleRate)
        var sum = 0.0
        for f in [500.0, 1000.0] {
            let l = octaveBand(ir.left, centre: f, sampleRate: fs), r = octaveBand(ir.right, centre: f, sampleRate: fs)
            // sqrt(l² + r²) has the summed energy; the EDC only uses squares.
            sum += rt60(zip(l, r).map { ($0 * $0 + $1 * $1).squareRoot() }, sampleRate: fs)
        }
        return sum / 2
    }

    // MARK: Stereo

    /// Interaural cross-correlation coefficient: max over lags within ±1 ms of the normalised
    /// cross-correlation of `left[range]` and `right[range]`.
    static func iacc(_ left: [Float], _ right: [Float], range: Range<Int>, sampleRate: Int) -> Double {
        let maxLag = sampleRate / 1000
        var el = 0.0, er = 0.0
        for i in range { el += Double(left[i]) * Double(left[i]); er += Double(right[i]) * Double(right[i]) }
        guard el > 0, er > 0 else { return 0 }
        var best = 0.0
        for lag in -maxLag...maxLag {
            var c = 0.0
            for i in range {
                let j = i + lag
                if j >= 0 && j < right.count { c += Double(left[i]) * Double(right[j]) }
            }
            best = max(best, abs(c) / (el * er).squareRoot())
        }
        return best
    }

    // MARK: Spectrum

    /// In-place radix-2 complex FFT.
    static func fft(_ re: inout [Double], _ im: inout [Double]) {
        let n = re.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var len = 2
        while len <= n {
            let ang = -2 * Double.pi / Double(len)
            let wr = cos(ang), wi = sin(ang)
            var i = 0
            while i < n {
                var cr = 1.0, ci = 0.0
                for k in 0..<(len / 2) {
                    let a = i + k, b = i + k + len / 2
                    let tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                    let ncr = cr * wr - ci * wi
                    ci = cr * wi + ci * wr; cr = ncr
                }
                i += len
            }
            len <<= 1
        }
    }

    /// Whitened Welch spectrum of `x[range]` for each signal (Hann, 50 % overlap): every
    /// segment's power spectrum is divided by its own 1/3-octave smoothing before averaging,
    /// so each segment weighs the same at every frequency whatever the decay and the damping
    /// did to its level. A steady ringing mode stands out in every segment and survives the
    /// averaging; the random fine structure of a diffuse tail averages towards 1 (0 dB).
    /// Segments carrying less than 1e-9 of the strongest segment's power are skipped.
    static func whitenedWelch(_ signals: [[Float]], range: Range<Int>, size: Int) -> [Double] {
        var acc = [Double](repeating: 0, count: size / 2 + 1)
        var window = [Double](repeating: 0, count: size)
        for i in 0..<size { window[i] = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(size)) }
        var spectra: [([Double], Double)] = []
        var strongest = 0.0
        for x in signals {
            var s = range.lowerBound
            while s + size <= range.upperBound {
                var re = (0..<size).map { Double(x[s + $0]) * window[$0] }
                var im = [Double](repeating: 0, count: size)
                fft(&re, &im)
                let p = (0...(size / 2)).map { re[$0] * re[$0] + im[$0] * im[$0] }
                let total = p.reduce(0, +)
                strongest = max(strongest, total)
                spectra.append((p, total))
                s += size / 2
            }
        }
        var count = 0.0
        for (p, total) in spectra where total > 1e-9 * strongest {
            let smooth = thirdOctaveSmoothed(p, size: size)
            for k in 1..<acc.count where smooth[k] > 0 { acc[k] += p[k] / smooth[k] }
            count += 1
        }
        return acc.map { $0 / max(count, 1) }
    }

    /// Mean of each bin's ±1/6-octave neighbourhood.
    static func thirdOctaveSmoothed(_ p: [Double], size: Int) -> [Double] {
        var prefix = [Double](repeating: 0, count: p.count + 1)
        for k in 0..<p.count { prefix[k + 1] = prefix[k] + p[k] }
        var out = [Double](repeating: 0, count: p.count)
        for k in 1..<p.count {
            let lo = max(1, Int((Double(k) * pow(2, -1.0 / 6)).rounded(.down)))
            let hi = min(p.count - 1, Int((Double(k) * pow(2, 1.0 / 6)).rounded(.up)))
            out[k] = (prefix[hi + 1] - prefix[lo]) / Double(hi - lo + 1)
        }
        return out
    }

    /// Largest excess (dB) of a narrow-band bin over its 1/3-octave smoothing, for bins between
    /// `low` and `high` Hz.
    static func maxPeakOverThirdOctave(_ p: [Double], size: Int, sampleRate: Int, low: Double, high: Double) -> (dB: Double, hz: Double) {
        let binHz = Double(sampleRate) / Double(size)
        let smooth = thirdOctaveSmoothed(p, size: size)
        var worst = (dB: -Double.infinity, hz: 0.0)
        for k in 1..<p.count {
            let f = Double(k) * binHz
            guard f >= low, f <= high, smooth[k] > 0 else { continue }
            let excess = 10 * log10(p[k] / smooth[k])
            if excess > worst.dB { worst = (excess, f) }
        }
        return worst
    }

    // MARK: Delay tracking

    /// Tracks the delay of `output` against a steady sine of `hz` in `input` from their complex
    /// demodulations over whole periods (one estimate per period). `feedback` undoes the
    /// quasi-static comb `H = z / (1 − fb·z)` of a delay line that feeds its tap back, and
    /// `gain` the output level, so the result is the tap delay itself (seconds, unwrapped).
    /// (Quasi-static: let the comb settle — several feedback round trips — before the first
    /// period passed in.)
    static func trackDelay(input: [Float], output: [Float], hz: Double, sampleRate: Int,
                           gain: Double, feedback: Double) -> [Double] {
        let fs = Double(sampleRate)
        let period = Int((fs / hz).rounded())
        let w = 2 * Double.pi * hz / fs
        var taus: [Double] = []
        var previousPhase = 0.0, unwrap = 0.0
        var first = true
        var start = 0
        while start + period <= min(input.count, output.count) {
            var xr = 0.0, xi = 0.0, yr = 0.0, yi = 0.0
            for n in start..<(start + period) {
                let c = cos(w * Double(n)), s = -sin(w * Double(n))
                xr += Double(input[n]) * c; xi += Double(input[n]) * s
                yr += Double(output[n]) * c; yi += Double(output[n]) * s
            }
            // H = Y / X / gain
            let den = xr * xr + xi * xi
            var hr = (yr * xr + yi * xi) / den / gain
            var hi = (yi * xr - yr * xi) / den / gain
            // z = H / (1 + fb·H)
            let dr = 1 + feedback * hr, di = feedback * hi
            let dd = dr * dr + di * di
            let zr = (hr * dr + hi * di) / dd, zi = (hi * dr - hr * di) / dd
            hr = zr; hi = zi
            let phase = atan2(hi, hr)
            if first { previousPhase = phase; first = false }
            var d = phase - previousPhase
            while d > Double.pi { d -= 2 * Double.pi }
            while d < -Double.pi { d += 2 * Double.pi }
            unwrap += d
            previousPhase = phase
            taus.append(-unwrap / w / fs)
            start += period
        }
        return taus
    }

    /// Frequency of a slowly oscillating track (one value per `step` seconds) from its upward
    /// mean crossings, and its peak-to-peak range.
    static func oscillation(_ x: [Double], step: Double) -> (hz: Double, peakToPeak: Double) {
        guard let lo = x.min(), let hi = x.max() else { return (0, 0) }
        let mid = (lo + hi) / 2
        var crossings: [Double] = []
        for i in 1..<x.count where x[i - 1] < mid && x[i] >= mid {
            let f = (mid - x[i - 1]) / (x[i] - x[i - 1])
            crossings.append((Double(i - 1) + f) * step)
        }
        guard crossings.count >= 2, let a = crossings.first, let b = crossings.last else { return (0, hi - lo) }
        return (Double(crossings.count - 1) / (b - a), hi - lo)
    }

    /// Deterministic white noise in −1…1.
    struct Noise {
        var state: UInt32
        mutating func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(Int32(bitPattern: state)) / Float(Int32.max)
        }
    }
}
