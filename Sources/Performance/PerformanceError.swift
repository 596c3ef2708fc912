import DMusPort

/// A failure on the client side, naming what was being done.
public struct PerformanceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
