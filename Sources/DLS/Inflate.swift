/// A small, bounded DEFLATE (RFC 1951) decoder with the zlib (RFC 1950) wrapper, for packed
/// XMF content. It follows the canonical-Huffman scheme of zlib's `puff.c`: every read is
/// bounds-checked and the output never grows past `maxOutput`.
enum Inflate {
    struct Failure: Error {
        let message: String
    }

    /// A zlib stream (2-byte header, DEFLATE data, Adler-32); the checksum is verified when present.
    static func zlib(_ input: ArraySlice<UInt8>, maxOutput: Int) throws(Failure) -> [UInt8] {
        guard input.count >= 2 else { throw Failure(message: "zlib stream shorter than its 2-byte header") }
        let cmf = input[input.startIndex], flg = input[input.startIndex + 1]
        guard cmf & 0x0F == 8 else { throw Failure(message: "zlib compression method \(cmf & 0x0F) is not DEFLATE") }
        guard (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw Failure(message: "zlib header check failed") }
        guard flg & 0x20 == 0 else { throw Failure(message: "zlib preset dictionary not supported") }
        var decoder = Decoder(input: input.dropFirst(2), maxOutput: maxOutput)
        try decoder.run()
        let end = decoder.inputPosition
        if end + 4 <= input.endIndex {
            let stored = UInt32(input[end]) << 24 | UInt32(input[end + 1]) << 16 | UInt32(input[end + 2]) << 8 | UInt32(input[end + 3])
            guard stored == adler32(decoder.output) else { throw Failure(message: "zlib Adler-32 checksum mismatch") }
        }
        return decoder.output
    }

    /// Raw DEFLATE data.
    static func raw(_ input: ArraySlice<UInt8>, maxOutput: Int) throws(Failure) -> [UInt8] {
        var decoder = Decoder(input: input, maxOutput: maxOutput)
        try decoder.run()
        return decoder.output
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + 5552)
            while i < end {
                a += UInt32(bytes[i])
                b += a
                i += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    /// Canonical Huffman code: how many codes of each length, and the symbols in code order.
    struct Huffman {
        var count = [Int](repeating: 0, count: 16)
        var symbol: [Int]

        /// Nil when the lengths over-subscribe the code (an incomplete code is allowed, as in zlib).
        init?(lengths: ArraySlice<Int>) {
            symbol = [Int](repeating: 0, count: lengths.count)
            for l in lengths { count[l] += 1 }
            var left = 1
            for len in 1...15 {
                left <<= 1
                left -= count[len]
                if left < 0 { return nil }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for len in 1..<15 { offsets[len + 1] = offsets[len] + count[len] }
            for (i, l) in lengths.enumerated() where l != 0 {
                symbol[offsets[l]] = i
                offsets[l] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
                               3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedCodes: (Huffman, Huffman) = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (Huffman(lengths: lengths[...])!, Huffman(lengths: [Int](repeating: 5, count: 30)[...])!)
    }()

    struct Decoder {
        let input: ArraySlice<UInt8>
        let maxOutput: Int
        var inputPosition: Int
        var bitBuffer = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: ArraySlice<UInt8>, maxOutput: Int) {
            self.input = input
            self.maxOutput = maxOutput
            inputPosition = input.startIndex
        }

        mutating func bits(_ n: Int) throws(Failure) -> Int {
            var value = bitBuffer
            while bitCount < n {
                guard inputPosition < input.endIndex else { throw Failure(message: "compressed data ends early") }
                value |= Int(input[inputPosition]) << bitCount
                inputPosition += 1
                bitCount += 8
            }
            bitBuffer = value >> n
            bitCount -= n
            return value & ((1 << n) - 1)
        }

        mutating func decode(_ h: Huffman) throws(Failure) -> Int {
            var code = 0, first = 0, index = 0
            for len in 1...15 {
                code |= try bits(1)
                let count = h.count[len]
                if code - count < first { return h.symbol[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure(message: "invalid Huffman code")
        }

        mutating func run() throws(Failure) {
            var last = 0
            repeat {
                last = try bits(1)
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(Inflate.fixedCodes.0, Inflate.fixedCodes.1)
                case 2: try dynamic()
                default: throw Failure(message: "invalid DEFLATE block type 3")
                }
            } while last == 0
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard inputPosition + 4 <= input.endIndex else { throw Failure(message: "stored block header cut off") }
            let len = Int(input[inputPosition]) | Int(input[inputPosition + 1]) << 8
            let nlen = Int(input[inputPosition + 2]) | Int(input[inputPosition + 3]) << 8
            inputPosition += 4
            guard len == (~nlen & 0xFFFF) else { throw Failure(message: "stored block length check failed") }
            guard inputPosition + len <= input.endIndex else { throw Failure(message: "stored block runs past the data") }
            guard output.count + len <= maxOutput else { throw Failure(message: "output larger than the declared \(maxOutput) bytes") }
            output += input[inputPosition..<inputPosition + len]
            inputPosition += len
        }

        mutating func dynamic() throws(Failure) {
            let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
            guard nlen <= 286, ndist <= 30 else { throw Failure(message: "too many length or distance codes") }
            var lengths = [Int](repeating: 0, count: 320)
            for i in 0..<ncode { lengths[Inflate.codeLengthOrder[i]] = try bits(3) }
            guard let lencode = Huffman(lengths: lengths[0..<19]) else { throw Failure(message: "bad code-length code") }
            var index = 0
            while index < nlen + ndist {
                var symbol = try decode(lencode)
                if symbol < 16 {
                    lengths[index] = symbol
                    index += 1
                    continue
                }
                var value = 0
                if symbol == 16 {
                    guard index > 0 else { throw Failure(message: "repeat with no previous length") }
                    value = lengths[index - 1]
                    symbol = 3 + (try bits(2))
                } else if symbol == 17 {
                    symbol = 3 + (try bits(3))
                } else {
                    symbol = 11 + (try bits(7))
                }
                guard index + symbol <= nlen + ndist else { throw Failure(message: "too many code lengths") }
                for _ in 0..<symbol {
                    lengths[index] = value
                    index += 1
                }
            }
            guard lengths[256] != 0 else { throw Failure(message: "no end-of-block code") }
            guard let lit = Huffman(lengths: lengths[0..<nlen]),
                  let dist = Huffman(lengths: lengths[nlen..<(nlen + ndist)])
            else { throw Failure(message: "bad literal/length or distance code") }
            try codes(lit, dist)
        }

        mutating func codes(_ lit: Huffman, _ dist: Huffman) throws(Failure) {
            while true {
                var symbol = try decode(lit)
                if symbol < 256 {
                    guard output.count < maxOutput else { throw Failure(message: "output larger than the declared \(maxOutput) bytes") }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    symbol -= 257
                    guard symbol < 29 else { throw Failure(message: "invalid length symbol") }
                    let length = Inflate.lengthBase[symbol] + (try bits(Inflate.lengthExtra[symbol]))
                    let ds = try decode(dist)
                    guard ds < 30 else { throw Failure(message: "invalid distance symbol") }
                    let distance = Inflate.distanceBase[ds] + (try bits(Inflate.distanceExtra[ds]))
                    guard distance <= output.count else { throw Failure(message: "distance reaches before the start of the output") }
                    guard output.count + length <= maxOutput else { throw Failure(message: "output larger than the declared \(maxOutput) bytes") }
                    let from = output.count - distance
                    for i in 0..<length { output.append(output[from + i]) }
                }
            }
        }
    }
}
