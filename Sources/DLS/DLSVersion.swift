/// The `vers` chunk: `ms` = major << 16 | minor, `ls` = release << 16 | build.
public struct DLSVersion: Sendable, Equatable {
    public var ms: UInt32
    public var ls: UInt32

    public init(ms: UInt32, ls: UInt32) {
        self.ms = ms
        self.ls = ls
    }

    public var major: UInt16 { UInt16(truncatingIfNeeded: ms >> 16) }
    public var minor: UInt16 { UInt16(truncatingIfNeeded: ms) }
    public var release: UInt16 { UInt16(truncatingIfNeeded: ls >> 16) }
    public var build: UInt16 { UInt16(truncatingIfNeeded: ls) }
}
