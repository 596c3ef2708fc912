/// A playback speed factor kept as an exact fraction, so that scaled times are computed with
/// integer arithmetic and never drift: 2 plays twice as fast (every time halved), 1/2 half as
/// fast. Always positive and in lowest terms.
public struct TempoScale: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public static let normal = TempoScale(numerator: 1, denominator: 1)

    /// The largest numerator or denominator kept (larger fractions are approximated).
    public static let maxTerm: Int64 = 1_000_000

    /// `numerator / denominator`, reduced. Values ≤ 0 are replaced by 1 (a scale must be
    /// positive); terms above `maxTerm` are approximated by the nearest fraction within it.
    public init(numerator: Int64, denominator: Int64) {
        guard numerator > 0, denominator > 0 else {
            self.numerator = 1; self.denominator = 1
            return
        }
        if numerator <= TempoScale.maxTerm && denominator <= TempoScale.maxTerm {
            let g = TempoScale.gcd(numerator, denominator)
            self.numerator = numerator / g
            self.denominator = denominator / g
        } else {
            let s = TempoScale(approximating: Double(numerator) / Double(denominator)) ?? .normal
            self.numerator = s.numerator
            self.denominator = s.denominator
        }
    }

    /// The best fraction with both terms ≤ `maxTerm` for `value` (continued fractions), so
    /// decimal input like 1.1 or 0.75 becomes exactly 11/10 or 3/4. Nil for a value that is not
    /// finite and positive, or outside 1/maxTerm … maxTerm.
    public init?(approximating value: Double) {
        guard value.isFinite, value > 0 else { return nil }
        let limit = Double(TempoScale.maxTerm)
        guard value >= 1 / limit, value <= limit else { return nil }
        // Convergents h/k of the continued fraction of value.
        var h0: Int64 = 0, h1: Int64 = 1
        var k0: Int64 = 1, k1: Int64 = 0
        var x = value
        var best: (Int64, Int64) = (max(1, Int64(value.rounded())), 1)
        for _ in 0..<64 {
            let a = x.rounded(.down)
            guard a < limit * 2 else { break }
            let ai = Int64(a)
            let h2 = ai * h1 + h0
            let k2 = ai * k1 + k0
            if h2 > TempoScale.maxTerm || k2 > TempoScale.maxTerm {
                // Best semiconvergent within the limit.
                let t = min((TempoScale.maxTerm - h0) / max(h1, 1), (TempoScale.maxTerm - k0) / max(k1, 1))
                if t > 0 {
                    let hs = t * h1 + h0, ks = t * k1 + k0
                    if abs(Double(hs) / Double(ks) - value) < abs(Double(best.0) / Double(best.1) - value) {
                        best = (hs, ks)
                    }
                }
                break
            }
            h0 = h1; h1 = h2; k0 = k1; k1 = k2
            if h1 > 0 { best = (h1, k1) }
            let frac = x - a
            if frac < 1e-12 || Double(h1) / Double(k1) == value { break }
            x = 1 / frac
        }
        self.init(numerator: best.0, denominator: best.1)
    }

    /// Parses "1.5", "3/2", "150%" (what `--tempo-scale` accepts). Nil when not positive.
    public init?(parsing text: String) {
        let s = text.trimmed(of: " \t")
        if let slash = s.firstIndex(of: "/") {
            guard let n = Int64(s[..<slash]), let d = Int64(s[s.index(after: slash)...]), n > 0, d > 0 else { return nil }
            self.init(numerator: n, denominator: d)
        } else if s.hasSuffix("%") {
            guard let p = Double(s.dropLast()), let v = TempoScale(approximating: p / 100) else { return nil }
            self = v
        } else {
            guard let v = Double(s), let scale = TempoScale(approximating: v) else { return nil }
            self = scale
        }
    }

    public var value: Double { Double(numerator) / Double(denominator) }
    public var isNormal: Bool { numerator == denominator }

    /// `time` (100-ns units) played at this speed: round(time × denominator / numerator),
    /// halves away from zero.
    public func apply(_ time: Int64) -> Int64 {
        if isNormal { return time }
        let n = Int128(time) * Int128(denominator)
        let d = Int128(numerator)
        let r = n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d))
        return r > Int128(Int64.max) ? Int64.max : (r < Int128(Int64.min) ? Int64.min : Int64(r))
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}

private extension String {
    func trimmed(of set: String) -> Substring {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }
}
