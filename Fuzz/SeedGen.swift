// Not a fuzz target: writes the generated part of the seed corpora. Built like the targets
// (it links every module) and run once by scripts/fuzz.sh with DMUS_FUZZ_SEEDS=<dir> and
// DMUS_TESTDATA=<../shared/testdata>; it writes <dir>/{dls,containers,smf,download,midibytes}
// and exits before libFuzzer starts. Small inputs fuzz fastest, so the corpus banks are cut
// down to a few instruments with short waves before they become seeds.
@testable import DLS
import DMusPort
import DMusSynth
import Glibc
@testable import Performance
import SMF

func write(_ bytes: [UInt8], _ path: String) {
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        out += buf[0..<n]
    }
    return out
}

/// The first `instruments` instruments, `regions` regions each, with their waves cut to
/// `frames` frames (loops clamped into them).
func shrink(_ c: DLSCollection, instruments: Int, regions: Int, frames: Int) -> DLSCollection {
    var waves: [DLSWave] = []
    var remap: [UInt32: UInt32] = [:]
    var insts: [DLSInstrument] = []
    for var inst in c.instruments.prefix(instruments) {
        inst.regions = Array(inst.regions.prefix(regions))
        for i in inst.regions.indices {
            let old = inst.regions[i].waveLink.tableIndex
            if remap[old] == nil, Int(old) < c.waves.count {
                var w = c.waves[Int(old)]
                let align = max(1, Int(w.blockAlign))
                w.data = Array(w.data.prefix(frames * align))
                if var ws = w.waveSample {
                    ws.loops = ws.loops.map { l in
                        DLSLoop(type: l.type, startFrames: min(l.startFrames, UInt32(frames / 2)), lengthFrames: min(l.lengthFrames, UInt32(frames / 2)))
                    }
                    w.waveSample = ws
                }
                remap[old] = UInt32(waves.count)
                waves.append(w)
            }
            inst.regions[i].waveLink.tableIndex = remap[old] ?? 0
        }
        insts.append(inst)
    }
    var out = c
    out.instruments = insts
    out.waves = waves
    return out
}

func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
func chunk(_ id: String, _ payload: [UInt8]) -> [UInt8] {
    Array(id.utf8) + le32(UInt32(payload.count)) + payload + (payload.count % 2 == 1 ? [0] : [])
}

enum XMF {
    static func vlq(_ v: Int) -> [UInt8] {
        var out = [UInt8(v & 0x7F)]
        var x = v >> 7
        while x > 0 { out.insert(UInt8(x & 0x7F) | 0x80, at: 0); x >>= 7 }
        return out
    }
    static func vlq4(_ v: Int) -> [UInt8] {
        [UInt8((v >> 21) & 0x7F) | 0x80, UInt8((v >> 14) & 0x7F) | 0x80, UInt8((v >> 7) & 0x7F) | 0x80, UInt8(v & 0x7F)]
    }
    static func text(_ field: Int, _ s: String) -> [UInt8] { [0] + vlq(field) + [0] + vlq(s.utf8.count + 1) + [0] + Array(s.utf8) }
    static func resourceFormat(_ id: Int) -> [UInt8] { [0, 3, 0, 3, 6, 0, UInt8(id)] }
    static func node(items: Int = 0, metadata: [UInt8] = [], unpackers: [UInt8] = [], reference: Int = 1, content: [UInt8]) -> [UInt8] {
        let headerTail = vlq(metadata.count) + metadata + vlq(unpackers.count) + unpackers
        let body = vlq(reference) + content
        var lengthSize = 1, headerSize = 1
        while true {
            let headerLength = lengthSize + vlq(items).count + headerSize + headerTail.count
            let total = headerLength + body.count
            if vlq(total).count == lengthSize && vlq(headerLength).count == headerSize {
                return vlq(total) + vlq(items) + vlq(headerLength) + headerTail + body
            }
            lengthSize = vlq(total).count; headerSize = vlq(headerLength).count
        }
    }
    static func file(_ tree: [UInt8]) -> [UInt8] {
        let start = 29
        let total = start + tree.count
        return Array("XMF_2.00".utf8) + [0, 0, 0, 2, 0, 0, 0, 1] + vlq4(total) + [0] + vlq4(start) + vlq4(start + tree.count) + tree
    }
    /// zlib with stored blocks (no compressor here), for packed resources.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var z: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            z += [i + n == data.count ? 1 : 0, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)] + data[i..<i + n]
            i += n
        } while i < data.count
        return z + le32(Inflate.adler32(data)).reversed()
    }
    /// zlib.compress(b"hello, hello, hello!", 9): one fixed-Huffman block.
    static let fixedZlib: [UInt8] = [0x78, 0xDA, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0xD7, 0x51, 0xC8, 0x40, 0xA2, 0x14, 0x01, 0x4B, 0x1E, 0x06, 0xF6]
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let outC = getenv("DMUS_FUZZ_SEEDS") else { return 0 }
    let out = String(cString: outC)
    let testdata = getenv("DMUS_TESTDATA").map { String(cString: $0) }
    for d in ["dls", "containers", "smf", "download", "midibytes"] { mkdir(out + "/" + d, 0o755) }

    // Songs: a tiny one, and the smallest corpus songs (the script copies the rest).
    let tinySMF: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 2, 0, 96]
        + chunk("MTrk", [0, 0xFF, 0x51, 3, 7, 0xA1, 0x20, 0, 0xFF, 0x58, 4, 4, 2, 24, 8, 0, 0xFF, 0x2F, 0])
        + chunk("MTrk", [0, 0xC0, 5, 0, 0x90, 60, 100, 48, 64, 90, 48, 0x80, 60, 0, 0, 64, 0, 0, 0xF0, 3, 0x7E, 0x09, 0xF7,
                         0, 0xE0, 0, 0x40, 96, 0xB0, 7, 100, 0, 0xFF, 0x2F, 0])
    write(tinySMF, out + "/smf/tiny.mid")

    // Banks: cut down, written at both levels.
    var banks: [(String, DLSCollection)] = []
    if let testdata {
        for name in ["TimGM6mb_mini_spessasynth", "TimGM6mb_mini_libgig", "FluidR3_mini_libgig", "FluidR3_mini_spessasynth", "Leadsol"] {
            guard let bytes = readFile("\(testdata)/dls/\(name).dls"),
                  let (c, _) = try? DLSReader.read(bytes, name: name) else { continue }
            banks.append((name, shrink(c, instruments: 2, regions: 3, frames: 48)))
            // A drum kit too, if there is one.
            if let drum = c.instruments.firstIndex(where: { $0.isDrum }) {
                var d = c
                d.instruments = [c.instruments[drum]]
                banks.append((name + "-drums", shrink(d, instruments: 1, regions: 4, frames: 32)))
            }
        }
    }
    for (name, c) in banks {
        write(DLSWriter.write(c, level: .dls1), "\(out)/dls/\(name)-l1.dls")
        write(DLSWriter.write(c, level: .dls2), "\(out)/dls/\(name)-l2.dls")
    }

    // Containers: RMID with a bank and INFO/DBNK; XMF in-line, packed (stored and fixed Huffman).
    let smallDLS = banks.first.map { DLSWriter.write($0.1) } ?? []
    let info = Array("LIST".utf8) + le32(UInt32(4 + 8 + 6 + 8 + 2)) + Array("INFO".utf8) + chunk("INAM", Array("song\0".utf8)) + chunk("DBNK", [1, 0])
    let rmidBody = Array("RMID".utf8) + chunk("data", tinySMF) + info + smallDLS
    write(Array("RIFF".utf8) + le32(UInt32(rmidBody.count)) + rmidBody, out + "/containers/small.rmi")
    let rmidPlain = Array("RMID".utf8) + chunk("data", tinySMF)
    write(Array("RIFF".utf8) + le32(UInt32(rmidPlain.count)) + rmidPlain, out + "/containers/plain.rmi")
    let inline = XMF.file(XMF.node(items: 2, metadata: XMF.text(0, "x"),
                                   content: XMF.node(metadata: XMF.text(1, "bank.dls") + XMF.resourceFormat(5), content: smallDLS)
                                       + XMF.node(metadata: XMF.text(1, "song.mid") + XMF.resourceFormat(0), content: tinySMF)))
    write(inline, out + "/containers/inline.mxmf")
    let unpacker: [UInt8] = [1, 0x00, 0x00, 0x0E, 1] + XMF.vlq(tinySMF.count)
    let packed = XMF.file(XMF.node(items: 1, content: XMF.node(metadata: XMF.resourceFormat(0), unpackers: unpacker, content: XMF.zlibStored(tinySMF))))
    write(packed, out + "/containers/packed-stored.mxmf")
    let huff = XMF.file(XMF.node(items: 1, content: XMF.node(metadata: XMF.resourceFormat(1), unpackers: [1, 0x00, 0x00, 0x0E, 1, 20], content: XMF.fixedZlib)))
    write(huff, out + "/containers/packed-fixed.mxmf")

    // Download images: every wave and instrument of the cut-down banks, as CollectionDownloader
    // builds them; instruments name waves 1…4 (the fuzz target downloads four waves first).
    let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock())
    let downloader = CollectionDownloader(port: port)
    var n = 0
    for (_, bank) in banks {
        let (c, _) = bank.splittingMultichannelWaves()
        for (i, w) in c.waves.enumerated() {
            write(DownloadEncoder.encode(downloader.downloadWave(w, id: UInt32(100 + n), index: i)), "\(out)/download/wave\(n).bin"); n += 1
        }
        let ids = (0..<c.waves.count).map { UInt32($0 % 4 + 1) }
        for inst in c.instruments {
            write(DownloadEncoder.encode(downloader.downloadInstrument(inst, id: UInt32(100 + n), waveIds: ids, waves: c.waves, asGM: n % 2 == 0)),
                  "\(out)/download/instrument\(n).bin"); n += 1
        }
    }

    // Raw MIDI streams: running status, real-time bytes inside messages, system common,
    // SysEx long enough to be chunked, cut off by a status, stray data and F7.
    write([0x90, 60, 100, 62, 100, 0xF8, 64, 100, 0x80, 60, 0, 0xFE, 62, 0, 0xB0, 7, 0xFA, 100, 0xC3, 5, 6, 0xE0, 0, 64],
          out + "/midibytes/running.bin")
    write([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0xF1, 0x10, 0xF2, 1, 2, 0xF3, 3, 0xF6, 0xF4, 0xF5, 0x40, 0xF7, 0xF9, 0xFD, 0xFF],
          out + "/midibytes/system.bin")
    write([0xF0] + (0..<600).map { UInt8($0 % 128) } + [0x90, 60, 1, 0xF0, 0x41, 0x10, 0xF8, 0x42, 0xF7], out + "/midibytes/sysex.bin")
    print("fuzz: seeds: \(banks.count) cut-down banks, \(n) download images written to \(out)")
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt { 0 }
