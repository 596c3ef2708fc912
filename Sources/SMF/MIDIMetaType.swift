/// Meta event type bytes (`FF type len data`) of the SMF specification.
public enum MIDIMetaType {
    public static let sequenceNumber: UInt8 = 0x00
    public static let text: UInt8 = 0x01
    public static let copyright: UInt8 = 0x02
    public static let trackName: UInt8 = 0x03
    public static let instrumentName: UInt8 = 0x04
    public static let lyric: UInt8 = 0x05
    public static let marker: UInt8 = 0x06
    public static let cuePoint: UInt8 = 0x07
    public static let channelPrefix: UInt8 = 0x20
    /// De-facto MIDI port (1 byte).
    public static let midiPort: UInt8 = 0x21
    public static let endOfTrack: UInt8 = 0x2F
    /// Set Tempo: 3 bytes, microseconds per quarter note.
    public static let setTempo: UInt8 = 0x51
    public static let smpteOffset: UInt8 = 0x54
    public static let timeSignature: UInt8 = 0x58
    public static let keySignature: UInt8 = 0x59
    public static let sequencerSpecific: UInt8 = 0x7F
}
