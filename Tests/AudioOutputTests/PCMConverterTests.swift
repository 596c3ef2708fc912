import AudioOutput
import Testing

@Suite("PCMConverter")
struct PCMConverterTests {
    @Test("Int16: full scale, clipping, rounding (ties to even), NaN and infinities",
          arguments: [
              (Float(0), Int16(0)),
              (-0.0, 0),
              (1.0, 32767),                    // +full scale clips to the top code
              (-1.0, -32768),
              (0.5, 16384),
              (-0.5, -16384),
              (2.0, 32767),
              (-2.0, -32768),
              (.infinity, 32767),
              (-.infinity, -32768),
              (.nan, 0),
              (0.49 / 32768, 0),
              (0.51 / 32768, 1),
              (0.5 / 32768, 0),                // tie → even (0)
              (1.5 / 32768, 2),                // tie → even (2)
              (2.5 / 32768, 2),                // tie → even (2)
              (-0.5 / 32768, 0),
              (-1.5 / 32768, -2),
              (-2.5 / 32768, -2),
              (32766.5 / 32768, 32766),        // tie → even
              (32767.0 / 32768, 32767),
              (32767.49 / 32768, 32767),
              (32767.5 / 32768, 32767),        // would round to 32768: clipped
              (-32767.5 / 32768, -32768),      // tie → even (-32768)
              (-32768.5 / 32768, -32768),      // below range: clipped
              (Float.leastNormalMagnitude / 4, 0), // subnormal
          ] as [(Float, Int16)])
    func int16Edges(input: Float, expected: Int16) {
        #expect(PCMConverter.int16(fromFloat: input) == expected)
    }

    @Test("Int24: full scale, clipping, rounding, NaN",
          arguments: [
              (Float(0), Int32(0)),
              (1.0, 8_388_607),
              (-1.0, -8_388_608),
              (0.5, 4_194_304),
              (3.0, 8_388_607),
              (-3.0, -8_388_608),
              (.nan, 0),
              (.infinity, 8_388_607),
              (0.5 / 8_388_608, 0),
              (1.5 / 8_388_608, 2),
              (-1.5 / 8_388_608, -2),
          ] as [(Float, Int32)])
    func int24Edges(input: Float, expected: Int32) {
        #expect(PCMConverter.int24(fromFloat: input) == expected)
    }

    @Test("buffer conversion equals the scalar rule, sample by sample")
    func bufferMatchesScalar() {
        // Deterministic pseudo-random values in [-1.25, 1.25).
        var x: UInt32 = 12345
        var input = [Float](repeating: 0, count: 1001)
        for i in input.indices {
            x = x &* 1_664_525 &+ 1_013_904_223
            input[i] = (Float(x >> 8) / Float(1 << 24)) * 2.5 - 1.25
        }
        input[0] = .nan
        var conv = PCMConverter()
        let out16 = conv.int16Samples(input)
        #expect(out16.count == input.count)
        var mismatches16 = 0
        for i in input.indices where out16[i] != PCMConverter.int16(fromFloat: input[i]) { mismatches16 += 1 }
        #expect(mismatches16 == 0)

        var out24 = [Int32](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { src in
            out24.withUnsafeMutableBufferPointer { dst in
                conv.convert(src.baseAddress!, count: src.count, intoInt24MSBAligned: dst.baseAddress!)
            }
        }
        var mismatches24 = 0
        for i in input.indices where out24[i] != PCMConverter.int24(fromFloat: input[i]) << 8 { mismatches24 += 1 }
        #expect(mismatches24 == 0)
        #expect(conv.int24Samples(input) == input.map(PCMConverter.int24(fromFloat:)))
    }

    @Test("little-endian byte layout of S16 data")
    func littleEndianBytes() {
        var conv = PCMConverter()
        #expect(conv.int16LittleEndianBytes([1.0, -1.0, -2.0 / 32768, 256.0 / 32768, 0]) ==
                [0xFF, 0x7F, 0x00, 0x80, 0xFE, 0xFF, 0x00, 0x01, 0x00, 0x00])
        #expect(conv.int16LittleEndianBytes([]).isEmpty)
    }
}
