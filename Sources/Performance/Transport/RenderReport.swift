import DMusPort

/// What a render or a playback did.
public struct RenderReport: Sendable {
    public var framesRendered: Int64
    public var sampleRate: Int
    public var statistics: SynthStatistics
    public var messagesQueued: Int
    public var outputErrors: Int
    public var seconds: Double { Double(framesRendered) / Double(sampleRate) }
}
