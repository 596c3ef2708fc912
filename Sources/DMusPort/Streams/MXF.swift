/// KSSTATE: stream states, changed one step at a time (STOP → ACQUIRE → PAUSE → RUN and back).
public enum StreamState: Int, Sendable, Comparable {
    case stop = 0, acquire = 1, pause = 2, run = 3
    public static func < (a: StreamState, b: StreamState) -> Bool { a.rawValue < b.rawValue }
}

/// IMXF, the "MIDI transform filter" stream interface. Implemented by miniport streams and by
/// the allocator (whose `putMessage` recycles). `putMessage` takes ownership of a whole chain
/// (linked by `KernelEvent.next`); the receiver must eventually give every event back to the
/// allocator.
///
/// Windows names: SetState, PutMessage, ConnectOutput, DisconnectOutput.
public protocol MXF: AnyObject {
    func setState(_ state: StreamState) throws(PortError)
    /// Called on the wave-sink thread for render streams: must not block or allocate.
    func putMessage(_ chain: EventIndex)
    func connectOutput(_ sink: any MXF) throws(PortError)
    func disconnectOutput(_ sink: any MXF) throws(PortError)
}

/// Errors of the port driver, with the NTSTATUS-style meaning in the message.
public struct PortError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
