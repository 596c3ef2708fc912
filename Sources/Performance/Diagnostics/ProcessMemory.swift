#if canImport(Glibc)
import Glibc
#endif

/// Resident memory of this process, for the soak and `render --repeat`, which check that
/// memory stays flat from loop to loop.
public enum ProcessMemory {
    /// Pins glibc's mmap threshold low. By default it starts at 128 KB and rises after large
    /// blocks are freed, so each loop's sample blocks land in the heap at different places and
    /// resident memory swings by about 2 MB from loop to loop with nothing leaked (seen here);
    /// with blocks of 16 KB and up mapped and unmapped whole, it stays within about 0.3 MB.
    public static func fixMallocThresholds() {
        #if canImport(Glibc)
        // mallopt and malloc_trim are glibc's (malloc.h, not in the Glibc module): looked up at run time.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(sym, to: Mallopt.self)(-3, 16 * 1024)   // M_MMAP_THRESHOLD
        }
        #endif
    }

    /// Resident set size from /proc/self/statm, after giving freed heap back to the system.
    public static func residentBytes() -> Int {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(sym, to: Trim.self)(0) }
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), f) != nil else { return 0 }
        let fields = String(cString: line).split(separator: " ")    // size resident shared …
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }
}
