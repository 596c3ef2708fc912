/// Index of a `KernelEvent` in its allocator's pool. Events are linked by index, never by
/// reference, so chains cost no ARC traffic on the real-time thread. (DMUS_KERNEL_EVENT's
/// `pNextEvt` and `pPackageEvt` pointers become indices.)
public struct EventIndex: Hashable, Sendable, BitwiseCopyable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    /// The end of a chain (a NULL `pNextEvt`).
    public static let none = EventIndex(-1)
    @inlinable public var isNone: Bool { raw < 0 }
}

/// Index of a data buffer handed out by `AllocatorMXF.getBuffer()`.
public struct BufferIndex: Hashable, Sendable, BitwiseCopyable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
}

/// DMUS_KEF_* flag bits of `usFlags`.
public struct KernelEventFlags: OptionSet, Sendable {
    public var rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// DMUS_KEF_EVENT_COMPLETE (0): the whole message is in this event.
    public static let complete: KernelEventFlags = []
    /// DMUS_KEF_EVENT_INCOMPLETE (0x1): a fragment of a longer message (SysEx, download).
    public static let incomplete = KernelEventFlags(rawValue: 0x0001)
    /// DMUS_KEF_PACKAGE_EVENT (0x2): `data` names a sub-chain to handle atomically.
    public static let package = KernelEventFlags(rawValue: 0x0002)
}

/// DMUS_KERNEL_EVENT, field for field (x64 layout: 40 bytes).
///
/// | Windows field     | here                      |
/// |-------------------|---------------------------|
/// | bReserved         | `reserved`                |
/// | cbStruct          | `structBytes` (40)        |
/// | cbEvent           | `eventBytes`              |
/// | usChannelGroup    | `channelGroup` (1-based; 0 = all groups) |
/// | usFlags           | `flags`                   |
/// | ullPresTime100ns  | `presentationTime100ns`   |
/// | ullBytePosition   | `bytePosition`            |
/// | pNextEvt          | `next`                    |
/// | uData             | `inlineData` (abData, ≤ 8 bytes), or a `BufferIndex` (pbData) or an `EventIndex` (pPackageEvt) stored in it |
public struct KernelEvent: Sendable {
    /// The inline-data threshold: sizeof(PBYTE) on 64-bit Windows.
    public static let inlineCapacity = 8
    /// kBytePositionNone.
    public static let bytePositionNone: UInt64 = ~0

    public var reserved: UInt8 = 0
    public var structBytes: UInt8 = 40
    public var eventBytes: UInt16 = 0
    public var channelGroup: UInt16 = 0
    public var flags: KernelEventFlags = []
    public var presentationTime100ns: Int64 = 0
    public var bytePosition: UInt64 = KernelEvent.bytePositionNone
    public var next: EventIndex = .none
    public var inlineData: UInt64 = 0

    @inlinable public init() {}

    /// Payload lives in `inlineData` (DMUS_KEF_ISEVTSHORT... in the header: cbEvent ≤ sizeof(PBYTE)).
    @inlinable public var isShort: Bool { Int(eventBytes) <= KernelEvent.inlineCapacity }
    @inlinable public var isPackage: Bool { flags.contains(.package) }
    @inlinable public var isIncomplete: Bool { flags.contains(.incomplete) }

    /// Byte `i` of the inline data (little-endian order of `inlineData`).
    @inlinable public func inlineByte(_ i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: inlineData >> (UInt64(i) &* 8))
    }

    /// Stores up to 8 bytes inline and sets `eventBytes`.
    @inlinable public mutating func setInline(_ b0: UInt8, _ b1: UInt8 = 0, _ b2: UInt8 = 0, count: Int) {
        inlineData = UInt64(b0) | UInt64(b1) << 8 | UInt64(b2) << 16
        eventBytes = UInt16(count)
    }

    /// The pooled buffer a long event points at (valid when `!isShort && !isPackage`).
    @inlinable public var buffer: BufferIndex {
        get { BufferIndex(Int32(truncatingIfNeeded: inlineData)) }
        set { inlineData = UInt64(UInt32(bitPattern: newValue.raw)) }
    }

    /// The sub-chain of a package event.
    @inlinable public var packageHead: EventIndex {
        get { EventIndex(Int32(truncatingIfNeeded: inlineData)) }
        set { inlineData = UInt64(UInt32(bitPattern: newValue.raw)) }
    }
}
