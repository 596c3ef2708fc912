import Foundation

/// Locates `../shared/testdata/` (beside the project) for corpus tests. The files are read in
/// place and never copied into the repository. `DMUS_TESTDATA` overrides the search.
public enum TestData {
    public static let root: String? = {
        if let env = ProcessInfo.processInfo.environment["DMUS_TESTDATA"], !env.isEmpty {
            return FileManager.default.fileExists(atPath: env) ? env : nil
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("../shared/testdata").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// Absolute path of a test-data file, or nil (with a printed notice) when the corpus is absent.
    public static func path(_ relative: String) -> String? {
        guard let root else {
            print("note: ../shared/testdata not found; corpus test skipped (set DMUS_TESTDATA)")
            return nil
        }
        return root + "/" + relative
    }

    public static func bytes(_ relative: String) throws -> [UInt8]? {
        guard let p = path(relative) else { return nil }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: p)))
    }

    /// Every file under a folder of the corpus, sorted, relative to the corpus root.
    public static func files(in folder: String, suffix: String? = nil) -> [String] {
        guard let root else { return [] }
        let base = root + "/" + folder
        guard let e = FileManager.default.enumerator(atPath: base) else { return [] }
        var out: [String] = []
        for case let f as String in e {
            if let suffix, !f.lowercased().hasSuffix(suffix) { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                out.append(folder + "/" + f)
            }
        }
        return out.sorted()
    }
}
