import SMF

/// "First Light", an original ~40-second demo in D major at 108 BPM, written note by note:
/// a two-bar intro, an eight-bar A section, a six-bar B section with a tom fill, and a final
/// chord under a short ritardando. Format 1, 480 PPQ: a conductor track and one track per part.
enum DemoSong {
    static let ppq = 480
    /// The music starts one eighth note in, after the GM reset and the channel set-up.
    static let origin = 240

    // MARK: Harmony

    struct Chord {
        var bass: Int
        var voicing: [Int]
    }

    static let D = Chord(bass: 38, voicing: [54, 57, 62, 64])
    static let Dmaj9 = Chord(bass: 38, voicing: [54, 57, 61, 64])
    static let Gmaj7 = Chord(bass: 43, voicing: [54, 59, 62, 67])
    static let AoverCs = Chord(bass: 37, voicing: [57, 61, 64, 69])
    static let Bm7 = Chord(bass: 35, voicing: [57, 62, 66, 69])
    static let G = Chord(bass: 43, voicing: [55, 59, 62, 67])
    static let Em7 = Chord(bass: 40, voicing: [55, 59, 62, 64])
    static let A7sus4 = Chord(bass: 45, voicing: [55, 57, 62, 64])
    static let A7 = Chord(bass: 45, voicing: [55, 57, 61, 64])
    static let DoverFs = Chord(bass: 42, voicing: [54, 57, 62, 66])
    static let Asus4 = Chord(bass: 45, voicing: [57, 62, 64, 69])
    static let A = Chord(bass: 45, voicing: [57, 61, 64, 69])
    static let Fsm7 = Chord(bass: 42, voicing: [57, 61, 64, 66])
    static let Dadd9 = Chord(bass: 38, voicing: [54, 57, 62, 64, 69])

    /// (start beat, length in beats, chord). Bar b starts at beat 4·b.
    static let changes: [(start: Double, length: Double, chord: Chord)] = [
        // Intro
        (0, 4, Dmaj9), (4, 4, Gmaj7),
        // A
        (8, 4, D), (12, 4, AoverCs), (16, 4, Bm7), (20, 4, G),
        (24, 4, Em7), (28, 2, A7sus4), (30, 2, A7), (32, 2, DoverFs), (34, 2, G), (36, 2, Asus4), (38, 2, A),
        // B
        (40, 4, G), (44, 4, A), (48, 4, Fsm7), (52, 4, Bm7), (56, 4, Em7), (60, 4, A7),
        // Fill bar and the final chord (held under the ritardando)
        (64, 2, Gmaj7), (66, 2, A7), (68, 4, Dadd9),
    ]
    static let aStart = 8.0, bStart = 40.0, fillBar = 64.0, finalBar = 68.0

    /// Lead melody: (beat, length, key, velocity).
    static let melody: [(Double, Double, Int, Int)] = [
        // A section
        (8, 1.5, 78, 96), (9.5, 0.5, 76, 84), (10, 1, 74, 90), (11, 1, 69, 84),
        (12, 1.5, 73, 94), (13.5, 0.5, 74, 84), (14, 2, 76, 92),
        (16, 1, 78, 96), (17, 1, 81, 100), (18, 1.5, 78, 92), (19.5, 0.5, 76, 84),
        (20, 3, 74, 94), (23, 1, 71, 82),
        (24, 1, 79, 96), (25, 1, 78, 90), (26, 1, 76, 88), (27, 1, 74, 86),
        (28, 2, 76, 94), (30, 1, 73, 88), (31, 1, 76, 90),
        (32, 1, 78, 96), (33, 1, 76, 90), (34, 1.5, 74, 92), (35.5, 0.5, 71, 82),
        (36, 1.5, 74, 94), (37.5, 2.5, 73, 90),
        // B section
        (40, 2.5, 83, 104), (42.5, 0.5, 81, 90), (43, 1, 79, 92),
        (44, 1.5, 81, 100), (45.5, 0.5, 79, 88), (46, 2, 76, 92),
        (48, 1, 78, 94), (49, 1, 76, 88), (50, 1, 73, 88), (51, 1, 76, 92),
        (52, 3, 78, 100), (55, 0.5, 76, 86), (55.5, 0.5, 78, 90),
        (56, 1, 79, 96), (57, 1, 83, 104), (58, 1.5, 81, 98), (59.5, 0.5, 79, 88),
        (60, 1.5, 81, 100), (61.5, 0.5, 79, 88), (62, 2, 76, 94),
        (64, 2, 78, 96), (66, 1, 76, 90), (67, 1, 73, 88),
        (68, 4.5, 74, 100),
    ]

    // MARK: Event building

    struct Part {
        var events: [(tick: Int, rank: Int, seq: Int, kind: MIDIEvent.Kind)] = []
        var rng = LCG(seed: 0)

        init(seed: UInt64) { rng = LCG(seed: seed) }

        static func tick(_ beat: Double) -> Int { DemoSong.origin + Int((beat * Double(DemoSong.ppq)).rounded()) }

        mutating func add(_ tick: Int, rank: Int, _ kind: MIDIEvent.Kind) {
            events.append((tick, rank, events.count, kind))
        }

        mutating func meta(_ tick: Int, _ type: UInt8, _ data: [UInt8]) { add(tick, rank: 0, .meta(type: type, data: data)) }
        mutating func name(_ text: String) { meta(0, MIDIMetaType.trackName, Array(text.utf8)) }
        mutating func cc(_ ch: UInt8, _ tick: Int, _ number: UInt8, _ value: UInt8) {
            add(tick, rank: 1, .channel(status: 0xB0 | ch, data1: number, data2: value))
        }
        mutating func program(_ ch: UInt8, _ tick: Int, _ program: UInt8) {
            add(tick, rank: 1, .channel(status: 0xC0 | ch, data1: program, data2: 0))
        }
        mutating func bend(_ ch: UInt8, _ tick: Int, _ value: Int) {
            let v = max(0, min(16383, value))
            add(tick, rank: 2, .channel(status: 0xE0 | ch, data1: UInt8(v & 0x7F), data2: UInt8(v >> 7)))
        }
        /// A note from `beat` for `length` beats; `gate` ticks are cut from the end.
        mutating func note(_ ch: UInt8, _ beat: Double, _ length: Double, _ key: Int, _ velocity: Int, gate: Int = 0, humanize: Int = 4) {
            let on = Self.tick(beat)
            let off = max(on + 1, Self.tick(beat + length) - gate)
            let jitter = humanize > 0 ? Int(rng.nextUInt32() % UInt32(2 * humanize + 1)) - humanize : 0
            let v = UInt8(max(1, min(127, velocity + jitter)))
            add(on, rank: 4, .channel(status: 0x90 | ch, data1: UInt8(key), data2: v))
            add(off, rank: 3, .channel(status: 0x80 | ch, data1: UInt8(key), data2: 64))
        }

        /// Bank 0, program, volume, pan and effect sends, after a Reset All Controllers.
        mutating func setup(_ ch: UInt8, program p: UInt8, volume: UInt8, pan: UInt8, reverb: UInt8, chorus: UInt8) {
            let t = 60 + Int(ch) * 4
            cc(ch, t, 121, 0)
            cc(ch, t, 0, 0)
            cc(ch, t, 32, 0)
            program(ch, t, p)
            cc(ch, t, 7, volume)
            cc(ch, t, 10, pan)
            cc(ch, t, 91, reverb)
            cc(ch, t, 93, chorus)
        }

        func track(endTick: Int) -> MIDITrack {
            var sorted = events
            sorted.sort { a, b in
                if a.tick != b.tick { return a.tick < b.tick }
                if a.rank != b.rank { return a.rank < b.rank }
                return a.seq < b.seq
            }
            var out = sorted.map { MIDIEvent(tick: UInt64($0.tick), kind: $0.kind) }
            out.append(MIDIEvent(tick: UInt64(endTick), kind: .meta(type: MIDIMetaType.endOfTrack, data: [])))
            return MIDITrack(events: out)
        }
    }

    static func tempoBytes(bpm: Double) -> [UInt8] {
        let us = Int((60_000_000 / bpm).rounded())
        return [UInt8(us >> 16 & 0xFF), UInt8(us >> 8 & 0xFF), UInt8(us & 0xFF)]
    }

    // MARK: The parts

    static func conductor() -> Part {
        var p = Part(seed: 1)
        p.name("First Light (DMus demo)")
        p.meta(0, MIDIMetaType.copyright, Array("Original demo song generated by DMus (dmus-resources)".utf8))
        p.meta(0, MIDIMetaType.timeSignature, [4, 2, 24, 8])
        p.meta(0, MIDIMetaType.keySignature, [2, 0])  // D major
        p.meta(0, MIDIMetaType.setTempo, tempoBytes(bpm: 108))
        p.add(0, rank: 1, .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]))  // GM System On
        p.meta(Part.tick(0), MIDIMetaType.marker, Array("Intro".utf8))
        p.meta(Part.tick(aStart), MIDIMetaType.marker, Array("A".utf8))
        p.meta(Part.tick(bStart), MIDIMetaType.marker, Array("B".utf8))
        p.meta(Part.tick(fillBar), MIDIMetaType.marker, Array("Fill".utf8))
        p.meta(Part.tick(finalBar), MIDIMetaType.marker, Array("Ending".utf8))
        // Ritardando into the last chord.
        p.meta(Part.tick(fillBar + 2), MIDIMetaType.setTempo, tempoBytes(bpm: 102))
        p.meta(Part.tick(finalBar), MIDIMetaType.setTempo, tempoBytes(bpm: 92))
        p.meta(Part.tick(finalBar + 2), MIDIMetaType.setTempo, tempoBytes(bpm: 80))
        return p
    }

    static func lead() -> Part {
        let ch: UInt8 = 0
        var p = Part(seed: 2)
        p.name("Lead (Flute)")
        p.setup(ch, program: 73, volume: 104, pan: 64, reverb: 64, chorus: 0)
        // RPN 0: pitch-bend range ±2 semitones, then the null RPN.
        let t = 60 + 2
        for (n, v) in [(101, 0), (100, 0), (6, 2), (38, 0), (101, 127), (100, 127)] as [(UInt8, UInt8)] { p.cc(ch, t, n, v) }
        for m in melody {
            // Slurred pairs (a short note into the next) stay legato; others breathe a little.
            p.note(ch, m.0, m.1, m.2, m.3, gate: m.1 <= 0.5 ? 0 : 24)
        }
        // A scoop into the first note of the B section: from a semitone under up to pitch.
        let s = Part.tick(bStart)
        for i in 1...8 { p.bend(ch, s + i * 20, 8192 - 4096 + 512 * i) }
        // A little fall off the end of the A section's last note.
        let f = Part.tick(39.5)
        for i in 1...6 { p.bend(ch, f + i * 30, 8192 - 300 * i) }
        p.bend(ch, Part.tick(40) - 2, 8192 - 4096)
        // Vibrato from the mod wheel swells on the last note, then resets.
        let e = Part.tick(finalBar + 1)
        for i in 0...8 { p.cc(ch, e + i * 120, 1, UInt8(i * 9)) }
        p.cc(ch, Part.tick(finalBar + 4.5) + 10, 1, 0)
        p.bend(ch, Part.tick(finalBar + 4.5) + 10, 8192)
        return p
    }

    static func electricPiano() -> Part {
        let ch: UInt8 = 1
        var p = Part(seed: 3)
        p.name("Comping (Electric Piano)")
        p.setup(ch, program: 4, volume: 100, pan: 40, reverb: 48, chorus: 40)
        for c in changes where c.start < finalBar {
            let v = c.chord.voicing
            if c.start < aStart {
                // Intro: a gentle spread chord per bar.
                for (i, k) in v.enumerated() { p.note(ch, c.start + Double(i) * 0.25, c.length - Double(i) * 0.25, k + 12, 60) }
                continue
            }
            // Syncopated comping: on the beat, on the "and" of 2, on 4 (2-beat chords: the first
            // two); lighter in the B section, where the guitar arpeggios take over.
            let hits: [(Double, Double, Int)]
            if c.start >= bStart && c.start < fillBar {
                hits = [(0, 1.25, 66), (2.5, 1.25, 58)]
            } else {
                hits = c.length >= 4 ? [(0, 1.25, 78), (1.5, 1.25, 70), (3, 0.75, 66)] : [(0, 1.25, 76), (1.5, 0.5, 68)]
            }
            for h in hits {
                for k in v { p.note(ch, c.start + h.0, h.1, k, h.2, gate: 30) }
            }
        }
        // The final chord, rolled.
        for (i, k) in Dadd9.voicing.enumerated() { p.note(ch, finalBar + Double(i) * 0.125, 4.5 - Double(i) * 0.125, k + 12, 72) }
        return p
    }

    /// D major pitch classes.
    static let scale: Set<Int> = [2, 4, 6, 7, 9, 11, 1]

    /// The nearest D-major note above or below `key`.
    static func scaleStep(from key: Int, up: Bool) -> Int {
        var k = key
        repeat { k += up ? 1 : -1 } while !scale.contains((k % 12 + 12) % 12)
        return k
    }

    static func bass() -> Part {
        let ch: UInt8 = 2
        var p = Part(seed: 4)
        p.name("Bass (Fingered)")
        p.setup(ch, program: 33, volume: 110, pan: 64, reverb: 20, chorus: 0)
        // Intro bar 2: a held note under the Gmaj7 to lead in.
        p.note(ch, 4, 4, Gmaj7.bass, 80, gate: 20)
        for (i, c) in changes.enumerated() where c.start >= aStart && c.start < finalBar {
            let r = c.chord.bass
            let next = i + 1 < changes.count ? changes[i + 1].chord.bass : r
            let fifth = r + 7 <= 52 ? r + 7 : r - 5
            if c.length >= 4 {
                p.note(ch, c.start, 1.5, r, 100, gate: 30)
                p.note(ch, c.start + 1.5, 0.5, r, 80, gate: 20)
                p.note(ch, c.start + 2, 1, fifth, 90, gate: 30)
                // Beat 4: the octave, then the scale step that leads into the next root.
                let lead = next > r ? scaleStep(from: next, up: false) : scaleStep(from: next, up: true)
                p.note(ch, c.start + 3, 0.5, r + 12, 84, gate: 20)
                p.note(ch, c.start + 3.5, 0.5, lead, 80, gate: 20)
            } else {
                p.note(ch, c.start, 1.5, r, 98, gate: 30)
                p.note(ch, c.start + 1.5, 0.5, fifth, 82, gate: 20)
            }
        }
        p.note(ch, finalBar, 4.5, Dadd9.bass, 104)
        p.note(ch, finalBar, 4.5, Dadd9.bass - 12, 80)
        return p
    }

    static func strings() -> Part {
        let ch: UInt8 = 3
        var p = Part(seed: 5)
        p.name("Pad (Strings)")
        p.setup(ch, program: 48, volume: 78, pan: 88, reverb: 72, chorus: 20)
        // Swell in during the intro with expression.
        for i in 0...16 { p.cc(ch, Part.tick(Double(i) * 0.5), 11, UInt8(60 + i * 4)) }
        for c in changes where c.start < finalBar {
            for k in c.chord.voicing { p.note(ch, c.start, c.length, k - (c.start >= bStart ? 0 : 12), 72, humanize: 2) }
        }
        for k in Dadd9.voicing { p.note(ch, finalBar, 4.5, k - 12, 80, humanize: 0) }
        p.note(ch, finalBar, 4.5, Dadd9.voicing.last! + 12, 70, humanize: 0)
        return p
    }

    static func guitar() -> Part {
        let ch: UInt8 = 4
        var p = Part(seed: 6)
        p.name("Arpeggio (Nylon Guitar)")
        p.setup(ch, program: 24, volume: 104, pan: 96, reverb: 52, chorus: 0)
        // B section only: eighth-note arpeggios up and down the voicing, under the melody.
        for c in changes where c.start >= bStart && c.start < fillBar {
            let v = c.chord.voicing
            let order = [0, 1, 2, 3, 2, 1, 2, 3]
            for j in 0..<Int(c.length * 2) {
                p.note(ch, c.start + Double(j) * 0.5, 0.75, v[order[j % order.count] % v.count], j % 2 == 0 ? 84 : 72, gate: 0)
            }
        }
        return p
    }

    static func drums() -> Part {
        let ch: UInt8 = 9
        var p = Part(seed: 7)
        p.name("Drums")
        p.setup(ch, program: 0, volume: 100, pan: 64, reverb: 40, chorus: 0)
        func hit(_ beat: Double, _ key: Int, _ vel: Int) { p.note(ch, beat, 0.25, key, vel, humanize: 5) }
        let kick = 36, snare = 38, closed = 42, pedal = 44, open = 46, crash = 49, ride = 51, bell = 53
        let tambourine = 54, crash2 = 57, sideStick = 37

        // Intro: hats alone, then a kick and side stick, and a snare pickup into the A section.
        for b in 0..<16 { hit(Double(b) * 0.5, closed, b % 2 == 0 ? 58 : 40) }
        hit(4, kick, 84); hit(5, sideStick, 60); hit(6, kick, 70); hit(7, sideStick, 64)
        hit(7.5, snare, 56); hit(7.75, snare, 70)

        // A section groove.
        for bar in 0..<8 {
            let s = aStart + Double(bar) * 4
            hit(s, kick, 104); hit(s + 1.5, kick, 80); hit(s + 2, kick, 96)
            hit(s + 1, snare, 100)
            if bar != 7 { hit(s + 3, snare, 104) }  // bar 8 ends with the snare build instead
            for e in 0..<8 {
                let t = s + Double(e) * 0.5
                if e == 7 && bar % 2 == 1 && bar != 7 { hit(t, open, 70) } else { hit(t, closed, e % 2 == 0 ? 78 : 54) }
            }
            if bar % 4 == 2 { hit(s + 3.75, snare, 34) }  // ghost note
        }
        hit(aStart, crash, 100)
        // Snare build at the end of the A section.
        for (i, v) in [60, 70, 82, 96].enumerated() { hit(aStart + 31 + Double(i) * 0.25, snare, v) }

        // B section: ride, tambourine, pedal hat.
        hit(bStart, crash, 104); hit(bStart, crash2, 80)
        for bar in 0..<6 {
            let s = bStart + Double(bar) * 4
            hit(s, kick, 102); hit(s + 1.5, kick, 78); hit(s + 2, kick, 94); hit(s + 3.5, kick, 70)
            hit(s + 1, snare, 100); hit(s + 3, snare, 104)
            for e in 0..<8 { hit(s + Double(e) * 0.5, e == 0 ? bell : ride, e % 2 == 0 ? 80 : 60) }
            hit(s + 1, pedal, 50); hit(s + 3, pedal, 50)
            hit(s + 1, tambourine, 52); hit(s + 3, tambourine, 56)
        }

        // Fill bar: two beats of groove, then sixteenth-note toms down the kit.
        hit(fillBar, kick, 100); hit(fillBar, crash2, 84); hit(fillBar + 1, snare, 96)
        hit(fillBar + 0.5, closed, 60); hit(fillBar + 1.5, closed, 56)
        let toms = [50, 50, 48, 48, 47, 47, 45, 45]
        for (i, k) in toms.enumerated() { hit(fillBar + 2 + Double(i) * 0.25, k, 76 + i * 3) }
        hit(fillBar + 2, kick, 80)
        hit(fillBar + 3, kick, 90)

        // The ending: crash, kick and a low tom under the final chord.
        hit(finalBar, kick, 110); hit(finalBar, crash, 110); hit(finalBar, crash2, 96); hit(finalBar, 41, 80)
        return p
    }

    static func make() -> MIDIFile {
        let parts = [conductor(), lead(), electricPiano(), bass(), strings(), guitar(), drums()]
        let end = Part.tick(finalBar + 5)
        return MIDIFile(format: 1, division: .ticksPerQuarter(UInt16(ppq)), tracks: parts.map { $0.track(endTick: end) })
    }
}
