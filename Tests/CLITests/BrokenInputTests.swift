import DMusTestSupport
import Foundation
import Testing

/// Every song in the corpus that an independent parser (mido or OpenJDK) rejects, and a
/// handful of non-songs, either renders with warnings (exit 0) or is refused with exit 3 and
/// one line naming the file — never a crash.
@Suite struct BrokenInputTests {
    static let rejectedByAPeer: [String] = {
        guard let root = TestData.root,
              let tsv = try? String(contentsOfFile: root + "/midi/MANIFEST.tsv", encoding: .utf8) else { return [] }
        return tsv.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count > 8 else { return nil }
            let mido = String(f[7]), java = String(f[8])
            return (mido != "strict" || !java.hasPrefix("OK")) ? String(f[0]) : nil
        }
    }()

    @Test(arguments: rejectedByAPeer)
    func brokenSongsRenderOrAreRefusedCleanly(song: String) throws {
        guard let path = TestData.path(song) else { return }
        let out = CLI.tempPath("broken-" + (song as NSString).lastPathComponent + ".wav")
        let r = try CLI.run(["render", path, "-o", out, "--no-default", "--tempo-scale", "8"])
        #expect(r.status == 0 || r.status == 3, "\(song): exit \(r.status): \(r.stderr)")
        if r.status == 3 {
            #expect(r.stderr.contains(path))
            #expect(r.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning:") }.count == 1, "\(r.stderr)")
        }
    }

    @Test func aDirectoryATextFileAndAnEmptyFileAreBadInput() throws {
        let text = CLI.tempPath("notes.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let empty = CLI.tempPath("empty.mid")
        try Data().write(to: URL(fileURLWithPath: empty))
        for input in [NSTemporaryDirectory(), text, empty] {
            let r = try CLI.run(["render", input, "-o", CLI.tempPath("never.wav"), "--no-default"])
            #expect(r.status == 3, "\(input): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }
}
