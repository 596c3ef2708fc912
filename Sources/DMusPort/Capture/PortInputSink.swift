/// The end of a capture chain that plays what it receives: it queues every chain into the
/// port's render path (the port's sequencer orders it by presentation time). Events stamped
/// in the past play at once and are counted late by the synth.
public final class PortInputSink: MXF, @unchecked Sendable {
    public let port: PortDMus
    public private(set) var refused = 0

    public init(port: PortDMus) { self.port = port }

    public func setState(_ state: StreamState) throws(PortError) {}
    public func putMessage(_ chain: EventIndex) {
        if !port.putMessage(chain) { refused += 1; port.allocator.putMessage(chain) }
    }
    public func connectOutput(_ sink: any MXF) throws(PortError) { throw PortError("the port input is the end of the chain") }
    public func disconnectOutput(_ sink: any MXF) throws(PortError) { throw PortError("the port input is the end of the chain") }
}
