import Testing
import SMF

@Suite("Variable-length quantities")
struct VariableLengthQuantityTests {
    /// The examples of the SMF specification.
    static let specExamples: [(UInt32, [UInt8])] = [
        (0x00, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]),
        (0x80, [0x81, 0x00]), (0x2000, [0xC0, 0x00]), (0x3FFF, [0xFF, 0x7F]),
        (0x4000, [0x81, 0x80, 0x00]), (0x10_0000, [0xC0, 0x80, 0x00]), (0x1F_FFFF, [0xFF, 0xFF, 0x7F]),
        (0x20_0000, [0x81, 0x80, 0x80, 0x00]), (0x800_0000, [0xC0, 0x80, 0x80, 0x00]),
        (0xFFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
    ]

    @Test("encodes the specification's examples")
    func encodes() {
        for (value, bytes) in Self.specExamples {
            #expect(VariableLengthQuantity.encode(value) == bytes, "value \(value)")
        }
    }

    @Test("decodes the specification's examples, with their byte counts")
    func decodes() {
        for (value, bytes) in Self.specExamples {
            let padded = [0x55] + bytes + [0x12]
            #expect(VariableLengthQuantity.read(padded, at: 1, end: padded.count) == .value(value, byteCount: bytes.count))
        }
    }

    @Test("a fifth continuation byte is too long; an unfinished one is truncated")
    func malformed() {
        #expect(VariableLengthQuantity.read([0x81, 0x80, 0x80, 0x80, 0x00], at: 0, end: 5) == .tooLong)
        #expect(VariableLengthQuantity.read([0x81, 0x80], at: 0, end: 2) == .truncated)
        // `end` bounds the read even when the array goes on.
        #expect(VariableLengthQuantity.read([0x81, 0x00], at: 0, end: 1) == .truncated)
        #expect(VariableLengthQuantity.read([], at: 0, end: 0) == .truncated)
    }

    @Test("values above 0x0FFFFFFF are clamped when encoding")
    func clamps() {
        #expect(VariableLengthQuantity.encode(0xFFFF_FFFF) == [0xFF, 0xFF, 0xFF, 0x7F])
    }
}
