/// An ordered JSON-like value for structure dumps (`dmus info --json`): objects keep their
/// key order, so the output is stable and diffable.
public indirect enum DumpValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written with a fixed number of decimals.
    case number(Double, decimals: Int)
    case string(String)
    case array([DumpValue])
    case object([DumpField])

    /// `nil` becomes `null`.
    public static func string(_ s: String?) -> DumpValue { s.map { .string($0) } ?? .null }

    /// The member `key` of an object.
    public subscript(key: String) -> DumpValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// JSON text, pretty-printed with two-space indentation.
    public func json(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        let inner = String(repeating: " ", count: indent + 2)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let v, let decimals):
            out += v.isFinite ? DLSConnection.fixed(v, decimals: decimals, asciiMinus: true) : "null"
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            if items.allSatisfy({ $0.isScalar }) && items.count <= 16 {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += ", " }
                    item.write(to: &out, indent: indent)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, f) in fields.enumerated() {
                out += inner
                Self.quote(f.key, into: &out)
                out += ": "
                f.value.write(to: &out, indent: indent + 2)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let h = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

public struct DumpField: Sendable, Equatable {
    public var key: String
    public var value: DumpValue

    public init(_ key: String, _ value: DumpValue) {
        self.key = key
        self.value = value
    }
}
