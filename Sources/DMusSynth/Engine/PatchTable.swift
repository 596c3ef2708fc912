/// Patch → instrument slot, an open-addressing table preallocated for the stream's lifetime
/// and touched only by the render thread. A GM-flagged instrument yields to any other with
/// the same patch (DMUS_INSTRUMENT_GM_INSTRUMENT).
struct PatchTable {
    private let keys: UnsafeMutablePointer<UInt32>
    private let slots: UnsafeMutablePointer<Int32>
    private let gm: UnsafeMutablePointer<Bool>
    private let mask: Int
    private static let empty: UInt32 = 0xFFFF_FFFF   // not a valid ulPatch (bits 23, 15, 7 are zero in real ones)

    init(capacity: Int) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        mask = c - 1
        keys = .allocate(capacity: c); keys.initialize(repeating: PatchTable.empty, count: c)
        slots = .allocate(capacity: c); slots.initialize(repeating: -1, count: c)
        gm = .allocate(capacity: c); gm.initialize(repeating: false, count: c)
    }

    func free() { keys.deallocate(); slots.deallocate(); gm.deallocate() }

    @inline(__always) private func home(_ patch: UInt32) -> Int {
        Int(truncatingIfNeeded: (patch &* 0x9E37_79B1) >> 7) & mask
    }

    func lookup(_ patch: UInt32) -> Int32 {
        var i = home(patch)
        while true {
            let k = keys[i]
            if k == patch { return slots[i] }
            if k == PatchTable.empty { return -1 }
            i = (i + 1) & mask
        }
    }

    /// Inserts or replaces. Returns false if a non-GM instrument already holds the patch and
    /// the new one is GM (the existing one keeps precedence).
    @discardableResult
    func insert(_ patch: UInt32, slot: Int32, isGM: Bool) -> Bool {
        var i = home(patch)
        while true {
            let k = keys[i]
            if k == patch {
                if isGM && !gm[i] && slots[i] >= 0 { return false }
                slots[i] = slot; gm[i] = isGM; return true
            }
            if k == PatchTable.empty {
                keys[i] = patch; slots[i] = slot; gm[i] = isGM; return true
            }
            i = (i + 1) & mask
        }
    }

    /// Removes the mapping if it still points at `slot` (tombstone: slot −1 keeps probing intact).
    func remove(_ patch: UInt32, slot: Int32) {
        var i = home(patch)
        while true {
            let k = keys[i]
            if k == PatchTable.empty { return }
            if k == patch { if slots[i] == slot { slots[i] = -1; gm[i] = false }; return }
            i = (i + 1) & mask
        }
    }
}
