/// Evaluates a `cdl ` chunk: a straight-line program for a 32-bit stack machine (no jumps, so
/// it always ends after at most one step per two bytes).
enum DLSCondition {
    enum Outcome: Equatable {
        case value(Bool)
        /// The program could not be run; the message says why.
        case malformed(String)
    }

    /// The spec asks for at least 8 entries; a deeper stack only costs a little memory.
    static let maxStackDepth = 64

    static let opAnd: UInt16 = 0x0001, opOr: UInt16 = 0x0002, opXor: UInt16 = 0x0003
    static let opAdd: UInt16 = 0x0004, opSubtract: UInt16 = 0x0005, opMultiply: UInt16 = 0x0006
    static let opDivide: UInt16 = 0x0007, opLogicalAnd: UInt16 = 0x0008, opLogicalOr: UInt16 = 0x0009
    static let opLess: UInt16 = 0x000A, opLessEqual: UInt16 = 0x000B, opGreater: UInt16 = 0x000C
    static let opGreaterEqual: UInt16 = 0x000D, opEqual: UInt16 = 0x000E, opNot: UInt16 = 0x000F
    static let opConst: UInt16 = 0x0010, opQuery: UInt16 = 0x0011, opQuerySupported: UInt16 = 0x0012

    static func evaluate(_ bytes: [UInt8], program range: Range<Int>, device: DLSDeviceQueries) -> Outcome {
        let isTrue: UInt32 = 0xFFFF_FFFF
        var stack: [UInt32] = []
        stack.reserveCapacity(8)
        var pc = range.lowerBound
        while pc + 2 <= range.upperBound {
            let op = bytes.le16(pc)
            pc += 2
            switch op {
            case opConst:
                guard pc + 4 <= range.upperBound else { return .malformed("CONST without its 4-byte operand") }
                guard stack.count < maxStackDepth else { return .malformed("stack deeper than \(maxStackDepth)") }
                stack.append(bytes.le32(pc))
                pc += 4
            case opQuery, opQuerySupported:
                guard pc + 16 <= range.upperBound else { return .malformed("QUERY without its 16-byte DLSID") }
                guard stack.count < maxStackDepth else { return .malformed("stack deeper than \(maxStackDepth)") }
                let known = device.value(forID: bytes[pc..<pc + 16])
                stack.append(op == opQuery ? (known ?? 0) : (known == nil ? 0 : isTrue))
                pc += 16
            case opNot:
                guard let x = stack.popLast() else { return .malformed("NOT on an empty stack") }
                stack.append(x == 0 ? isTrue : 0)
            case opAnd...opEqual:
                guard stack.count >= 2 else { return .malformed("opcode \(op) needs two values") }
                let x = stack.removeLast()  // top
                let y = stack.removeLast()
                stack.append(binary(op, x, y, isTrue: isTrue))
            default:
                return .malformed("unknown opcode 0x\(String(op, radix: 16))")
            }
        }
        guard let result = stack.last else { return .malformed("empty program") }
        return .value(result != 0)
    }

    /// X is the value that was on top of the stack, Y the one below (DLS2 wording).
    private static func binary(_ op: UInt16, _ x: UInt32, _ y: UInt32, isTrue: UInt32) -> UInt32 {
        func flag(_ b: Bool) -> UInt32 { b ? isTrue : 0 }
        switch op {
        case opAnd: return x & y
        case opOr: return x | y
        case opXor: return x ^ y
        case opAdd: return x &+ y
        case opSubtract: return x &- y
        case opMultiply: return x &* y
        case opDivide: return y == 0 ? 0 : x / y
        case opLogicalAnd: return flag(x != 0 && y != 0)
        case opLogicalOr: return flag(x != 0 || y != 0)
        case opLess: return flag(x < y)
        case opLessEqual: return flag(x <= y)
        case opGreater: return flag(x > y)
        case opGreaterEqual: return flag(x >= y)
        default: return flag(x == y)  // opEqual
        }
    }
}
