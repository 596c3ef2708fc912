/// One MIDI channel of one channel group: programs, controllers and RPNs. Owned by the render
/// thread; power-on values per reference/dls-synthesis.md §3.3.
struct ChannelState {
    var program: UInt8 = 0
    var bankMSB: UInt8 = 0
    var bankLSB: UInt8 = 0
    var isDrum = false
    var pitchWheel: UInt16 = 8192
    var channelPressure: UInt8 = 0
    var sustainPedal = false
    var sostenutoPedal = false
    /// Selected RPN (MSB << 7 | LSB); 0x3FFF = null. NRPN selection sets `nrpnSelected`.
    var rpnSelected: UInt16 = 0x3FFF
    var nrpnSelected = false
    /// RPN 0, pitch-bend sensitivity.
    var bendRangeSemitones: UInt8 = 2
    var bendRangeCents: UInt8 = 0
    /// RPN 1 fine tuning (14-bit, 8192 = centre) and RPN 2 coarse tuning (MSB, 64 = centre).
    var fineTuning: UInt16 = 8192
    var coarseTuning: UInt8 = 64

    init(channel: Int) {
        isDrum = channel == 9
    }
}

/// Controller values for every channel, 128 per channel, in one allocation.
struct ControllerBank {
    let values: UnsafeMutablePointer<UInt8>
    let channels: Int

    init(channels: Int) {
        self.channels = channels
        values = .allocate(capacity: channels * 128)
        values.initialize(repeating: 0, count: channels * 128)
        for c in 0..<channels { reset(channel: c, all: true) }
    }

    func free() { values.deallocate() }

    @inline(__always) func pointer(_ channel: Int) -> UnsafeMutablePointer<UInt8> { values + channel * 128 }

    /// Power-on (all) or Reset All Controllers (keeps volume, pan, and the effect sends).
    func reset(channel: Int, all: Bool) {
        let p = pointer(channel)
        let keep7 = p[7], keep10 = p[10], keep91 = p[91], keep93 = p[93], keep0 = p[0], keep32 = p[32]
        p.update(repeating: 0, count: 128)
        p[11] = 127
        if all {
            p[7] = 100; p[10] = 64; p[91] = 40; p[93] = 0
        } else {
            p[7] = keep7; p[10] = keep10; p[91] = keep91; p[93] = keep93; p[0] = keep0; p[32] = keep32
        }
        p[100] = 127; p[101] = 127; p[98] = 127; p[99] = 127
    }
}
