/// Transport helpers on a flattened song: seeking with chasing, looping, cutting.
extension SongEvents {
    /// The song from `time100ns` on, with times shifted so that `time100ns` becomes 0, and
    /// the state the song had built up by then replayed at time 0 — without any note — so that
    /// playback from here sounds as it would have at this point of a full playback once the
    /// notes already sounding there have ended:
    ///
    /// - the last reset SysEx (GM/GM2/GS/XG system on) of each channel group, then every other
    ///   SysEx sent after it, in order;
    /// - per channel: the bank that was in force at the last program change, the program,
    ///   then the current bank select values if they changed since; every controller's last
    ///   value (mode messages and note-related ones excepted); the mono/poly mode; the data of
    ///   every RPN and NRPN that was written, followed by the current (N)RPN selection; the
    ///   pitch bend and the channel pressure.
    ///
    /// Reset All Controllers (CC 121) and resets are followed, so state they cleared is not
    /// replayed. Messages at exactly `time100ns` are kept (after the replayed state).
    public func chased(from time100ns: Int64) -> SongEvents {
        let t = max(0, time100ns)
        var chase = ChaseState()
        var rest: [ScheduledMessage] = []
        for m in messages {
            if m.time100ns < t {
                chase.record(m)
            } else {
                rest.append(ScheduledMessage(time100ns: m.time100ns - t, group: m.group, bytes: m.bytes))
            }
        }
        let starts = sequenceStarts100ns.map { max(0, $0 - t) }
        return SongEvents(sorted: chase.replay(at: 0) + rest, length100ns: max(0, length100ns - t),
                          smpteOffset: smpteOffset, sequenceStarts100ns: starts, droppedSysExPackets: droppedSysExPackets)
    }

    /// The song cut at `time100ns`: every message before it, length `time100ns` (or less when
    /// the song is shorter). Notes still held there are ended by an all-notes-off on every
    /// channel that played one.
    public func truncated(at time100ns: Int64) -> SongEvents {
        let end = max(0, min(time100ns, length100ns))
        var kept = messages.filter { $0.time100ns < end }
        var channels = Set<Int>()
        for m in kept where m.bytes.count == 3 && m.bytes[0] & 0xF0 == 0x90 { channels.insert(Int(m.group) << 4 | Int(m.bytes[0] & 0x0F)) }
        for c in channels.sorted() {
            kept.append(ScheduledMessage(time100ns: end, group: UInt16(c >> 4), bytes: [0xB0 | UInt8(c & 0x0F), 123, 0]))
        }
        return SongEvents(sorted: kept, length100ns: end, smpteOffset: smpteOffset,
                          sequenceStarts100ns: sequenceStarts100ns.filter { $0 < end }, droppedSysExPackets: droppedSysExPackets)
    }

    /// The song played `count` times in a row (at least once). At each loop point every
    /// channel of every group the song uses gets All Notes Off (CC 123) and Reset All
    /// Controllers (CC 121) before the song's first messages play again.
    public func looped(count: Int) -> SongEvents {
        let n = max(1, count)
        guard n > 1, length100ns > 0 else { return self }
        var out: [ScheduledMessage] = []
        out.reserveCapacity(messages.count * n + (n - 1) * channelGroupsUsed * 32)
        for k in 0..<n {
            let base = Int64(k) * length100ns
            if k > 0 { out += SongEvents.loopResetMessages(groups: channelGroupsUsed, time100ns: base) }
            for m in messages { out.append(ScheduledMessage(time100ns: base + m.time100ns, group: m.group, bytes: m.bytes)) }
        }
        var starts: [Int64] = []
        for k in 0..<n { starts += sequenceStarts100ns.map { $0 + Int64(k) * length100ns } }
        return SongEvents(sorted: out, length100ns: Int64(n) * length100ns, smpteOffset: smpteOffset,
                          sequenceStarts100ns: starts, droppedSysExPackets: droppedSysExPackets * n)
    }

    /// All Notes Off and Reset All Controllers on the 16 channels of groups 1…`groups`.
    public static func loopResetMessages(groups: Int, time100ns: Int64) -> [ScheduledMessage] {
        var out: [ScheduledMessage] = []
        for g in 1...max(1, groups) {
            for ch in 0..<16 {
                out.append(ScheduledMessage(time100ns: time100ns, group: UInt16(g), bytes: [0xB0 | UInt8(ch), 123, 0]))
                out.append(ScheduledMessage(time100ns: time100ns, group: UInt16(g), bytes: [0xB0 | UInt8(ch), 121, 0]))
            }
        }
        return out
    }

    /// All Sound Off and Reset All Controllers on the 16 channels of groups 1…`groups`: what a
    /// player sends when it stops or before it seeks within a running stream.
    public static func stopMessages(groups: Int, time100ns: Int64) -> [ScheduledMessage] {
        var out: [ScheduledMessage] = []
        for g in 1...max(1, groups) {
            for ch in 0..<16 {
                out.append(ScheduledMessage(time100ns: time100ns, group: UInt16(g), bytes: [0xB0 | UInt8(ch), 120, 0]))
                out.append(ScheduledMessage(time100ns: time100ns, group: UInt16(g), bytes: [0xB0 | UInt8(ch), 121, 0]))
            }
        }
        return out
    }
}

/// The state of every channel a song has touched, for chasing.
struct ChaseState {
    struct Parameter: Equatable {
        var msb: UInt8?
        var lsb: UInt8?
    }

    struct Channel {
        var controllers = [UInt8?](repeating: nil, count: 128)
        var program: UInt8?
        /// Bank select values in force when the program was last changed.
        var bankAtProgram: (UInt8?, UInt8?) = (nil, nil)
        var pitchBend: (UInt8, UInt8)?
        var pressure: UInt8?
        /// 126 (mono) or 127 (poly) with its data byte.
        var mode: (UInt8, UInt8)?
        /// Current selection: RPN (101/100) and NRPN (99/98) selector values, and which of the
        /// two data entry goes to.
        var rpnSelect = Parameter()
        var nrpnSelect = Parameter()
        var nrpnActive = false
        /// Written (N)RPN data by parameter number (MSB << 7 | LSB), in first-write order.
        var rpnData: [(UInt16, Parameter)] = []
        var nrpnData: [(UInt16, Parameter)] = []
        var touched = false
    }

    /// Channels by group << 4 | channel.
    var channels: [Int: Channel] = [:]
    /// The last reset SysEx per group, and the SysEx sent after it (per group, in order).
    var resets: [UInt16: [UInt8]] = [:]
    var sysEx: [(UInt16, [UInt8])] = []

    /// Controllers that are not replayed as plain values: bank select (with the program),
    /// data entry / increment / decrement and the (N)RPN selectors (as parameters), and the
    /// channel mode messages.
    static func isPlainController(_ cc: UInt8) -> Bool {
        switch cc {
        case 0, 32, 6, 38, 96, 97, 98, 99, 100, 101: return false
        case 120...127: return false
        default: return true
        }
    }

    static func isReset(_ m: [UInt8]) -> Bool {
        guard m.count >= 5, m[0] == 0xF0 else { return false }
        if m[1] == 0x7E && m[3] == 0x09 && (1...3).contains(m[4]) { return true }                // GM on/off, GM2 on
        if m[1] == 0x41 && m.count >= 10 && m[3] == 0x42 && m[4] == 0x12 && m[5] == 0x40 && m[6] == 0x00 && m[7] == 0x7F {
            return true                                                                         // GS reset
        }
        if m[1] == 0x43 && m.count >= 8 && m[2] & 0xF0 == 0x10 && m[3] == 0x4C && m[4] == 0 && m[5] == 0 && m[6] == 0x7E {
            return true                                                                         // XG system on
        }
        return false
    }

    mutating func record(_ m: ScheduledMessage) {
        let b = m.bytes
        guard let status = b.first else { return }
        if status == 0xF0 {
            if ChaseState.isReset(b) {
                resets[m.group] = b
                sysEx.removeAll { $0.0 == m.group }
                channels = channels.filter { UInt16($0.key >> 4) != m.group }
            } else {
                sysEx.append((m.group, b))
            }
            return
        }
        guard status >= 0x80 && status < 0xF0, b.count >= 2 else { return }
        let key = Int(m.group) << 4 | Int(status & 0x0F)
        var c = channels[key] ?? Channel()
        let d1 = b[1], d2 = b.count > 2 ? b[2] : 0
        switch status & 0xF0 {
        case 0xB0: controller(&c, d1, d2)
        case 0xC0:
            c.program = d1
            c.bankAtProgram = (c.controllers[0], c.controllers[32])
            c.touched = true
        case 0xD0: c.pressure = d1; c.touched = true
        case 0xE0: c.pitchBend = (d1, d2); c.touched = true
        default: return     // notes and poly pressure are not chased
        }
        channels[key] = c
    }


    private mutating func controller(_ c: inout Channel, _ cc: UInt8, _ value: UInt8) {
        c.touched = true
        switch cc {
        case 101: c.rpnSelect.msb = value; c.nrpnActive = false
        case 100: c.rpnSelect.lsb = value; c.nrpnActive = false
        case 99: c.nrpnSelect.msb = value; c.nrpnActive = true
        case 98: c.nrpnSelect.lsb = value; c.nrpnActive = true
        case 6, 38, 96, 97:
            let select = c.nrpnActive ? c.nrpnSelect : c.rpnSelect
            guard let msb = select.msb, let lsb = select.lsb, !(msb == 127 && lsb == 127) else { return }
            let number = UInt16(msb) << 7 | UInt16(lsb)
            func update(_ list: inout [(UInt16, Parameter)]) {
                var p = list.first { $0.0 == number }?.1 ?? Parameter()
                switch cc {
                case 6: p.msb = value
                case 38: p.lsb = value
                case 96: p.msb = min(127, (p.msb ?? 0) + 1)
                default: p.msb = (p.msb ?? 0) > 0 ? (p.msb ?? 0) - 1 : 0
                }
                if let i = list.firstIndex(where: { $0.0 == number }) { list[i].1 = p } else { list.append((number, p)) }
            }
            if c.nrpnActive { update(&c.nrpnData) } else { update(&c.rpnData) }
        case 121:
            // Reset All Controllers (RP-015): modulation, expression, pedals, pressure, bend and
            // the (N)RPN selection back to their defaults; volume, pan, bank and program stay.
            for n in [1, 11, 64, 65, 66, 67] { c.controllers[n] = nil }
            c.pitchBend = nil
            c.pressure = nil
            c.rpnSelect = Parameter(); c.nrpnSelect = Parameter(); c.nrpnActive = false
        case 126, 127:
            c.mode = (cc, value)
        case 120, 122, 123, 124, 125:
            break
        default:
            c.controllers[Int(cc)] = value
        }
    }

    /// The messages that rebuild this state, all at `time`.
    func replay(at time: Int64) -> [ScheduledMessage] {
        var out: [ScheduledMessage] = []
        for (group, bytes) in resets.sorted(by: { $0.key < $1.key }) {
            out.append(ScheduledMessage(time100ns: time, group: group, bytes: bytes))
        }
        for (group, bytes) in sysEx { out.append(ScheduledMessage(time100ns: time, group: group, bytes: bytes)) }
        for (key, c) in channels.sorted(by: { $0.key < $1.key }) where c.touched {
            let group = UInt16(key >> 4)
            let ch = UInt8(key & 0x0F)
            func cc(_ n: UInt8, _ v: UInt8) { out.append(ScheduledMessage(time100ns: time, group: group, bytes: [0xB0 | ch, n, v])) }
            if let program = c.program {
                if let msb = c.bankAtProgram.0 { cc(0, msb) }
                if let lsb = c.bankAtProgram.1 { cc(32, lsb) }
                out.append(ScheduledMessage(time100ns: time, group: group, bytes: [0xC0 | ch, program]))
            }
            if let msb = c.controllers[0], c.program == nil || msb != c.bankAtProgram.0 { cc(0, msb) }
            if let lsb = c.controllers[32], c.program == nil || lsb != c.bankAtProgram.1 { cc(32, lsb) }
            for n in 0..<128 where ChaseState.isPlainController(UInt8(n)) {
                if let v = c.controllers[n] { cc(UInt8(n), v) }
            }
            if let (n, v) = c.mode { cc(n, v) }
            for (number, p) in c.rpnData {
                cc(101, UInt8(number >> 7)); cc(100, UInt8(number & 0x7F))
                if let msb = p.msb { cc(6, msb) }
                if let lsb = p.lsb { cc(38, lsb) }
            }
            for (number, p) in c.nrpnData {
                cc(99, UInt8(number >> 7)); cc(98, UInt8(number & 0x7F))
                if let msb = p.msb { cc(6, msb) }
                if let lsb = p.lsb { cc(38, lsb) }
            }
            // The selection in force, so later data entry goes where it went in the song.
            if !c.rpnData.isEmpty || !c.nrpnData.isEmpty || c.rpnSelect != Parameter() || c.nrpnSelect != Parameter() {
                if c.nrpnActive {
                    if c.rpnSelect != Parameter() || !c.rpnData.isEmpty { cc(101, c.rpnSelect.msb ?? 127); cc(100, c.rpnSelect.lsb ?? 127) }
                    cc(99, c.nrpnSelect.msb ?? 127); cc(98, c.nrpnSelect.lsb ?? 127)
                } else {
                    if c.nrpnSelect != Parameter() || !c.nrpnData.isEmpty { cc(99, c.nrpnSelect.msb ?? 127); cc(98, c.nrpnSelect.lsb ?? 127) }
                    cc(101, c.rpnSelect.msb ?? 127); cc(100, c.rpnSelect.lsb ?? 127)
                }
            }
            if let (lsb, msb) = c.pitchBend { out.append(ScheduledMessage(time100ns: time, group: group, bytes: [0xE0 | ch, lsb, msb])) }
            if let p = c.pressure { out.append(ScheduledMessage(time100ns: time, group: group, bytes: [0xD0 | ch, p])) }
        }
        return out
    }
}
