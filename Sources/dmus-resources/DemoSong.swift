import SMF

/// "First Light", an original demo of about 100 seconds in D major at 100 BPM, written note by
/// note to show the default collection off: a piano intro under the sustain pedal, two
/// verses (flute, then trumpet over strings and guitar), a synth solo full of pitch bends
/// over a TR-808 kit, a brush-kit breakdown with choir and a reverb swell, a final chorus on
/// the brass section, and a timpani roll into the last chord under a ritardando.
/// Format 1, 480 PPQ: a conductor track and one track per part; every part changes program
/// at least once, and reverb/chorus sends (CC91/CC93) move with the sections.
enum DemoSong {
    static let ppq = 480
    /// The music starts one eighth note in, after the GM reset and the channel set-up.
    static let origin = 240

    // MARK: Form (beats; a bar is 4 beats)

    static let intro = 0.0, verse1 = 16.0, verse2 = 48.0, solo = 80.0, breakdown = 112.0, finale = 128.0, ending = 152.0
    static let end = 160.0

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

    typealias Change = (start: Double, length: Double, chord: Chord)

    /// Chord changes relative to a section start.
    static let introChanges: [Change] = [(0, 4, Dmaj9), (4, 4, Gmaj7), (8, 4, Bm7), (12, 2, A7sus4), (14, 2, A7)]
    static let verseChanges: [Change] = [
        (0, 4, D), (4, 4, AoverCs), (8, 4, Bm7), (12, 4, G),
        (16, 4, Em7), (20, 2, A7sus4), (22, 2, A7), (24, 2, DoverFs), (26, 2, G), (28, 2, Asus4), (30, 2, A),
    ]
    static let soloChanges: [Change] = [
        (0, 4, Bm7), (4, 4, G), (8, 4, D), (12, 4, A), (16, 4, Bm7), (20, 4, G), (24, 4, Em7), (28, 4, A7),
    ]
    static let breakdownChanges: [Change] = [(0, 4, G), (4, 4, A), (8, 4, Fsm7), (12, 4, Bm7)]
    static let finaleChanges: [Change] = [(0, 4, G), (4, 4, A), (8, 4, Fsm7), (12, 4, Bm7), (16, 4, Em7), (20, 4, A7)]
    static let endingChanges: [Change] = [(0, 2, Gmaj7), (2, 2, A7), (4, 4, Dadd9)]

    static func at(_ start: Double, _ changes: [Change]) -> [Change] { changes.map { ($0.start + start, $0.length, $0.chord) } }

    /// Every chord of the song, in order.
    static let changes: [Change] = at(intro, introChanges) + at(verse1, verseChanges) + at(verse2, verseChanges)
        + at(solo, soloChanges) + at(breakdown, breakdownChanges) + at(finale, finaleChanges) + at(ending, endingChanges)

    /// Verse melody, relative to the verse start: (beat, length, key, velocity).
    static let verseMelody: [(Double, Double, Int, Int)] = [
        (0, 1.5, 78, 96), (1.5, 0.5, 76, 84), (2, 1, 74, 90), (3, 1, 69, 84),
        (4, 1.5, 73, 94), (5.5, 0.5, 74, 84), (6, 2, 76, 92),
        (8, 1, 78, 96), (9, 1, 81, 100), (10, 1.5, 78, 92), (11.5, 0.5, 76, 84),
        (12, 3, 74, 94), (15, 1, 71, 82),
        (16, 1, 79, 96), (17, 1, 78, 90), (18, 1, 76, 88), (19, 1, 74, 86),
        (20, 2, 76, 94), (22, 1, 73, 88), (23, 1, 76, 90),
        (24, 1, 78, 96), (25, 1, 76, 90), (26, 1.5, 74, 92), (27.5, 0.5, 71, 82),
        (28, 1.5, 74, 94), (29.5, 2.5, 73, 90),
    ]

    /// Chorus melody (finale), relative to its start.
    static let chorusMelody: [(Double, Double, Int, Int)] = [
        (0, 2.5, 83, 104), (2.5, 0.5, 81, 90), (3, 1, 79, 92),
        (4, 1.5, 81, 100), (5.5, 0.5, 79, 88), (6, 2, 76, 92),
        (8, 1, 78, 94), (9, 1, 76, 88), (10, 1, 73, 88), (11, 1, 76, 92),
        (12, 3, 78, 100), (15, 0.5, 76, 86), (15.5, 0.5, 78, 90),
        (16, 1, 79, 96), (17, 1, 83, 104), (18, 1.5, 81, 98), (19.5, 0.5, 79, 88),
        (20, 1.5, 81, 100), (21.5, 0.5, 79, 88), (22, 2, 76, 94),
    ]

    /// The synth solo, relative to its start: (beat, length, key, velocity, bend) where bend
    /// is a gesture: 0 none, 1 scoop up from a whole tone below, 2 bend up a whole tone and
    /// back, 3 dive down at the end.
    static let soloLine: [(Double, Double, Int, Int, Int)] = [
        (0, 1.5, 78, 100, 1), (1.5, 0.5, 81, 92, 0), (2, 1, 83, 100, 0), (3, 0.5, 81, 90, 0), (3.5, 0.5, 78, 88, 0),
        (4, 2, 79, 96, 0), (6, 0.5, 78, 88, 0), (6.5, 0.5, 76, 86, 0), (7, 1, 74, 92, 0),
        (8, 1, 76, 94, 0), (9, 0.5, 78, 90, 0), (9.5, 0.5, 81, 92, 0), (10, 2, 83, 104, 2),
        (12, 1.5, 85, 100, 1), (13.5, 0.5, 83, 90, 0), (14, 2, 81, 96, 0),
        (16, 0.5, 83, 96, 0), (16.5, 0.5, 86, 104, 0), (17, 0.5, 83, 92, 0), (17.5, 0.5, 81, 90, 0),
        (18, 0.5, 78, 92, 0), (18.5, 0.5, 81, 94, 0), (19, 1, 78, 96, 0),
        (20, 1.5, 79, 98, 1), (21.5, 0.5, 81, 92, 0), (22, 2, 83, 104, 2),
        (24, 1, 86, 108, 0), (25, 1, 83, 98, 0), (26, 1, 79, 94, 0), (27, 1, 76, 92, 0),
        (28, 3, 81, 104, 3), (31, 1, 73, 90, 0),
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
            let t = 60 + Int(ch % 8) * 4
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


    // MARK: Gestures

    /// A pitch-bend curve from `from` to `to` (−1…1 of the ±2-semitone range) over `length` beats.
    static func bendCurve(_ p: inout Part, _ ch: UInt8, at beat: Double, length: Double, from: Double, to: Double, steps: Int = 12) {
        for i in 0...steps {
            let x = Double(i) / Double(steps)
            let v = from + (to - from) * (x * x * (3 - 2 * x))
            p.bend(ch, Part.tick(beat + length * x), 8192 + Int((v * 8191).rounded()))
        }
    }

    /// RPN 0: pitch-bend range ±2 semitones, then the null RPN.
    static func bendRange(_ p: inout Part, _ ch: UInt8) {
        for (n, v) in [(101, 0), (100, 0), (6, 2), (38, 0), (101, 127), (100, 127)] as [(UInt8, UInt8)] { p.cc(ch, 70, n, v) }
    }

    /// A controller ramp from `from` to `to` over `length` beats.
    static func ramp(_ p: inout Part, _ ch: UInt8, _ number: UInt8, at beat: Double, length: Double, from: Int, to: Int, steps: Int = 16) {
        for i in 0...steps {
            let v = from + (to - from) * i / steps
            p.cc(ch, Part.tick(beat + length * Double(i) / Double(steps)), number, UInt8(max(0, min(127, v))))
        }
    }

    // MARK: The parts

    static func conductor() -> Part {
        var p = Part(seed: 1)
        p.name("First Light (DMus demo)")
        p.meta(0, MIDIMetaType.copyright, Array("Original demo song generated by DMus (dmus-resources)".utf8))
        p.meta(0, MIDIMetaType.timeSignature, [4, 2, 24, 8])
        p.meta(0, MIDIMetaType.keySignature, [2, 0])  // D major
        p.meta(0, MIDIMetaType.setTempo, tempoBytes(bpm: 100))
        p.add(0, rank: 1, .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]))  // GM System On
        for (beat, name) in [(intro, "Intro"), (verse1, "Verse 1"), (verse2, "Verse 2"), (solo, "Solo"), (breakdown, "Breakdown"),
                             (finale, "Chorus"), (ending, "Ending")] {
            p.meta(Part.tick(beat), MIDIMetaType.marker, Array(name.utf8))
        }
        // Ritardando into the last chord.
        p.meta(Part.tick(ending + 2), MIDIMetaType.setTempo, tempoBytes(bpm: 94))
        p.meta(Part.tick(ending + 4), MIDIMetaType.setTempo, tempoBytes(bpm: 84))
        p.meta(Part.tick(ending + 6), MIDIMetaType.setTempo, tempoBytes(bpm: 72))
        return p
    }

    /// Channel 1: the melody — flute, trumpet, saw lead, brass section.
    static func lead() -> Part {
        let ch: UInt8 = 0
        var p = Part(seed: 2)
        p.name("Lead (Flute, Trumpet, Saw Lead, Brass)")
        p.setup(ch, program: 73, volume: 100, pan: 64, reverb: 60, chorus: 0)
        bendRange(&p, ch)
        // Verse 1: flute, with a scoop into the last phrase.
        for m in verseMelody { p.note(ch, verse1 + m.0, m.1, m.2, m.3, gate: m.1 <= 0.5 ? 0 : 24) }
        bendCurve(&p, ch, at: verse1 + 24, length: 0.3, from: -0.5, to: 0, steps: 6)
        // Verse 2: trumpet an octave down, brighter when pushed.
        p.program(ch, Part.tick(verse2 - 1), 56)
        p.cc(ch, Part.tick(verse2 - 1), 91, 50)
        for m in verseMelody { p.note(ch, verse2 + m.0, m.1, m.2 - 12, min(127, m.3 + 6), gate: m.1 <= 0.5 ? 10 : 40) }
        bendCurve(&p, ch, at: verse2 + 29.5, length: 2, from: 0, to: 0, steps: 1)
        // A fall off the trumpet's last note.
        bendCurve(&p, ch, at: verse2 + 31.2, length: 0.7, from: 0, to: -1, steps: 10)
        p.bend(ch, Part.tick(solo) - 20, 8192)
        // Solo: saw lead with bends, the reverb opening up across it and the mod wheel on long notes.
        p.program(ch, Part.tick(solo - 1), 81)
        ramp(&p, ch, 91, at: solo, length: 32, from: 40, to: 90)
        for m in soloLine {
            let start = solo + m.0
            p.note(ch, start, m.1, m.2, m.3, gate: m.1 <= 0.5 ? 20 : 30, humanize: 3)
            switch m.4 {
            case 1: bendCurve(&p, ch, at: start - 0.02, length: 0.35, from: -1, to: 0, steps: 8)
            case 2:
                bendCurve(&p, ch, at: start + 0.5, length: 0.5, from: 0, to: 1, steps: 8)
                bendCurve(&p, ch, at: start + 1.3, length: 0.5, from: 1, to: 0, steps: 8)
            case 3:
                ramp(&p, ch, 1, at: start + 0.5, length: 1.5, from: 0, to: 90, steps: 8)
                bendCurve(&p, ch, at: start + 2.2, length: 0.7, from: 0, to: -1, steps: 10)
                p.cc(ch, Part.tick(start + 3), 1, 0)
                p.bend(ch, Part.tick(start + 3) - 10, 8192)
            default: break
            }
        }
        // Finale: brass section, the melody doubled an octave down by the same patch.
        p.program(ch, Part.tick(finale - 1), 61)
        p.cc(ch, Part.tick(finale - 1), 91, 56)
        for m in chorusMelody {
            p.note(ch, finale + m.0, m.1, m.2 - 12, m.3, gate: m.1 <= 0.5 ? 10 : 40)
            p.note(ch, finale + m.0, m.1, m.2 - 24, m.3 - 20, gate: m.1 <= 0.5 ? 10 : 40, humanize: 0)
        }
        // Ending: the tune's last phrase, then the tonic held with a swell of vibrato.
        for (b, l, k, v) in [(0.0, 1.0, 78, 96), (1, 1, 76, 90), (2, 1, 73, 90), (3, 1, 76, 94)] as [(Double, Double, Int, Int)] {
            p.note(ch, ending + b, l, k - 12, v, gate: 30)
        }
        p.note(ch, ending + 4, 4.5, 62, 100)
        ramp(&p, ch, 1, at: ending + 5, length: 3, from: 0, to: 80, steps: 8)
        p.cc(ch, Part.tick(end + 1), 1, 0)
        return p
    }

    /// A chord broken upwards (left hand, then the right), for the piano under the pedal.
    static func brokenChord(_ p: inout Part, _ ch: UInt8, _ c: Change, velocity: Int) {
        p.note(ch, c.start, c.length, c.chord.bass, velocity + 4)
        p.note(ch, c.start + 0.5, c.length - 0.5, c.chord.bass + 7, velocity - 6)
        for (i, k) in c.chord.voicing.enumerated() {
            p.note(ch, c.start + 1 + 0.5 * Double(i), c.length - 1 - 0.5 * Double(i), k + 12, velocity - 8 + 4 * (i % 2))
        }
    }

    /// Presses the sustain pedal just after each chord change and lifts it just before the next.
    static func pedal(_ p: inout Part, _ ch: UInt8, _ changes: [Change]) {
        for c in changes {
            p.cc(ch, Part.tick(c.start) + 30, 64, 127)
            p.cc(ch, Part.tick(c.start + c.length) - 20, 64, 0)
        }
    }

    /// EP comping: on the beat, the "and" of 2 and beat 4 (two-beat chords: the first two).
    static func comp(_ p: inout Part, _ ch: UInt8, _ changes: [Change], light: Bool) {
        for c in changes {
            let hits: [(Double, Double, Int)] = light
                ? [(0, 1.25, 62), (2.5, 1.25, 56)]
                : c.length >= 4 ? [(0, 1.25, 76), (1.5, 1.25, 68), (3, 0.75, 64)] : [(0, 1.25, 74), (1.5, 0.5, 66)]
            for h in hits where h.0 < c.length {
                for k in c.chord.voicing { p.note(ch, c.start + h.0, h.1, k, h.2, gate: 30) }
            }
        }
    }

    /// Channel 2: piano in the intro and breakdown (with the sustain pedal), electric piano
    /// comping elsewhere.
    static func keys() -> Part {
        let ch: UInt8 = 1
        var p = Part(seed: 3)
        p.name("Keys (Piano, Electric Piano)")
        p.setup(ch, program: 0, volume: 100, pan: 44, reverb: 56, chorus: 0)
        let introC = at(intro, introChanges)
        for c in introC { brokenChord(&p, ch, c, velocity: 74) }
        pedal(&p, ch, introC)
        p.program(ch, Part.tick(verse1) - 60, 4)
        p.cc(ch, Part.tick(verse1) - 60, 93, 60)
        comp(&p, ch, at(verse1, verseChanges), light: false)
        comp(&p, ch, at(verse2, verseChanges), light: true)
        comp(&p, ch, at(solo, soloChanges), light: false)
        // Breakdown: back to the piano, under the pedal, with the reverb opened up.
        p.program(ch, Part.tick(breakdown) - 60, 0)
        p.cc(ch, Part.tick(breakdown) - 60, 93, 0)
        ramp(&p, ch, 91, at: breakdown, length: 8, from: 56, to: 100, steps: 8)
        let bd = at(breakdown, breakdownChanges)
        for c in bd { brokenChord(&p, ch, c, velocity: 70) }
        pedal(&p, ch, bd)
        p.program(ch, Part.tick(finale) - 60, 4)
        p.cc(ch, Part.tick(finale) - 60, 91, 56)
        p.cc(ch, Part.tick(finale) - 60, 93, 60)
        comp(&p, ch, at(finale, finaleChanges), light: false)
        comp(&p, ch, Array(at(ending, endingChanges).prefix(2)), light: false)
        // The final chord, rolled.
        for (i, k) in Dadd9.voicing.enumerated() { p.note(ch, ending + 4 + Double(i) * 0.125, 4.5 - Double(i) * 0.125, k + 12, 72) }
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

    /// A walking-ish bass line: root, root, fifth, octave and a step into the next root.
    static func bassLine(_ p: inout Part, _ ch: UInt8, _ changes: [Change], next after: Chord) {
        for (i, c) in changes.enumerated() {
            let r = c.chord.bass
            let next = i + 1 < changes.count ? changes[i + 1].chord.bass : after.bass
            let fifth = r + 7 <= 52 ? r + 7 : r - 5
            if c.length >= 4 {
                p.note(ch, c.start, 1.5, r, 100, gate: 30)
                p.note(ch, c.start + 1.5, 0.5, r, 80, gate: 20)
                p.note(ch, c.start + 2, 1, fifth, 90, gate: 30)
                let lead = next > r ? scaleStep(from: next, up: false) : scaleStep(from: next, up: true)
                p.note(ch, c.start + 3, 0.5, r + 12, 84, gate: 20)
                p.note(ch, c.start + 3.5, 0.5, lead, 80, gate: 20)
            } else {
                p.note(ch, c.start, 1.5, r, 98, gate: 30)
                p.note(ch, c.start + 1.5, 0.5, fifth, 82, gate: 20)
            }
        }
    }

    /// Channel 3: fingered bass, a synth bass in the solo.
    static func bass() -> Part {
        let ch: UInt8 = 2
        var p = Part(seed: 4)
        p.name("Bass (Fingered, Synth)")
        p.setup(ch, program: 33, volume: 108, pan: 64, reverb: 16, chorus: 0)
        p.note(ch, intro + 12, 4, A7.bass, 80, gate: 20)
        bassLine(&p, ch, at(verse1, verseChanges), next: D)
        bassLine(&p, ch, at(verse2, verseChanges), next: Bm7)
        // Solo: synth bass, eighths with octave jumps.
        p.program(ch, Part.tick(solo) - 60, 38)
        for c in at(solo, soloChanges) {
            for e in 0..<8 {
                let k = c.chord.bass + (e % 4 == 3 ? 12 : 0)
                p.note(ch, c.start + Double(e) * 0.5, 0.5, k, e % 2 == 0 ? 104 : 84, gate: 60, humanize: 2)
            }
        }
        // Breakdown: one long note per chord on the upright bass.
        p.program(ch, Part.tick(breakdown) - 60, 32)
        for c in at(breakdown, breakdownChanges) { p.note(ch, c.start, c.length, c.chord.bass, 84, gate: 40) }
        p.program(ch, Part.tick(finale) - 60, 33)
        bassLine(&p, ch, at(finale, finaleChanges), next: Gmaj7)
        p.note(ch, ending, 2, Gmaj7.bass, 96, gate: 20)
        p.note(ch, ending + 2, 2, A7.bass, 96, gate: 20)
        p.note(ch, ending + 4, 4.5, Dadd9.bass, 104)
        p.note(ch, ending + 4, 4.5, Dadd9.bass - 12, 80)
        return p
    }

    /// Channel 4: strings, a chorused warm pad in the solo, choir in the breakdown.
    static func pad() -> Part {
        let ch: UInt8 = 3
        var p = Part(seed: 5)
        p.name("Pad (Strings, Warm Pad, Choir)")
        p.setup(ch, program: 48, volume: 80, pan: 88, reverb: 72, chorus: 20)
        // Intro: a swell with expression.
        ramp(&p, ch, 11, at: intro, length: 8, from: 40, to: 110)
        for c in at(intro, introChanges) { for k in c.chord.voicing { p.note(ch, c.start, c.length, k - 12, 64, humanize: 2) } }
        for c in at(verse2, verseChanges) { for k in c.chord.voicing { p.note(ch, c.start, c.length, k, 70, humanize: 2) } }
        // Solo: a warm pad whose chorus send rises.
        p.program(ch, Part.tick(solo) - 60, 89)
        ramp(&p, ch, 93, at: solo, length: 16, from: 20, to: 110)
        for c in at(solo, soloChanges) { for k in c.chord.voicing { p.note(ch, c.start, c.length, k, 66, humanize: 2) } }
        p.program(ch, Part.tick(breakdown) - 60, 52)
        p.cc(ch, Part.tick(breakdown) - 60, 93, 30)
        for c in at(breakdown, breakdownChanges) { for k in c.chord.voicing { p.note(ch, c.start, c.length, k, 74, humanize: 2) } }
        p.program(ch, Part.tick(finale) - 60, 48)
        p.cc(ch, Part.tick(finale) - 60, 93, 20)
        for c in at(finale, finaleChanges) + at(ending, endingChanges) {
            let l = c.chord.voicing == Dadd9.voicing ? 4.5 : c.length
            for k in c.chord.voicing { p.note(ch, c.start, l, k, 74, humanize: 2) }
        }
        return p
    }

    /// Channel 5: nylon guitar arpeggios, a muted guitar in the solo.
    static func guitar() -> Part {
        let ch: UInt8 = 4
        var p = Part(seed: 6)
        p.name("Guitar (Nylon, Muted)")
        p.setup(ch, program: 24, volume: 100, pan: 100, reverb: 48, chorus: 0)
        func arpeggio(_ changes: [Change]) {
            let order = [0, 1, 2, 3, 2, 1, 2, 3]
            for c in changes {
                let v = c.chord.voicing
                for j in 0..<Int(c.length * 2) {
                    p.note(ch, c.start + Double(j) * 0.5, 0.75, v[order[j % order.count] % v.count], j % 2 == 0 ? 84 : 72, gate: 0)
                }
            }
        }
        arpeggio(at(verse2, verseChanges))
        // Solo: muted sixteenths on the upper chord tones.
        p.program(ch, Part.tick(solo) - 60, 28)
        for c in at(solo, soloChanges) {
            let v = c.chord.voicing
            for s in 0..<16 where s % 4 != 1 {
                p.note(ch, c.start + Double(s) * 0.25, 0.25, v[2 + (s / 2) % 2], s % 4 == 0 ? 96 : 70, gate: 20, humanize: 6)
            }
        }
        p.program(ch, Part.tick(finale) - 60, 24)
        arpeggio(at(finale, finaleChanges))
        return p
    }

    /// Channel 6: colour — a reverse cymbal into the chorus, glockenspiel over it, a timpani roll.
    static func colour() -> Part {
        let ch: UInt8 = 5
        var p = Part(seed: 8)
        p.name("Colour (Reverse Cymbal, Glockenspiel, Timpani)")
        p.setup(ch, program: 119, volume: 96, pan: 64, reverb: 80, chorus: 0)
        p.note(ch, finale - 2, 2, 60, 100, humanize: 0)
        p.program(ch, Part.tick(finale) - 30, 9)
        for m in chorusMelody where m.0 < 16 && m.1 >= 1 { p.note(ch, finale + m.0, 1, m.2 + 12, m.3 - 30, humanize: 2) }
        p.program(ch, Part.tick(ending) - 60, 47)
        // Timpani roll on D, growing into the last chord.
        var b = ending + 2
        var i = 0
        while b < ending + 4 {
            p.note(ch, b, 0.125, 38, 50 + i * 3, humanize: 3)
            b += 0.125
            i += 1
        }
        p.note(ch, ending + 4, 4, 38, 110, humanize: 0)
        return p
    }

    /// Channel 10: standard kit, a TR-808 kit in the solo and a brush kit in the breakdown.
    static func drums() -> Part {
        let ch: UInt8 = 9
        var p = Part(seed: 7)
        p.name("Drums (Standard, TR-808, Brush kits)")
        p.setup(ch, program: 0, volume: 100, pan: 64, reverb: 40, chorus: 0)
        func hit(_ beat: Double, _ key: Int, _ vel: Int) { p.note(ch, beat, 0.25, key, vel, humanize: 5) }
        let kick = 36, snare = 38, clap = 39, closed = 42, pedalHat = 44, open = 46, crash = 49, ride = 51, bell = 53
        let tambourine = 54, crash2 = 57, sideStick = 37, cowbell = 56, shaker = 82

        func fill(_ at: Double) {
            let toms = [50, 50, 48, 48, 47, 47, 45, 45]
            for (i, k) in toms.enumerated() { hit(at + Double(i) * 0.25, k, 76 + i * 3) }
            hit(at, kick, 80); hit(at + 1, kick, 90)
        }
        func verseGroove(_ start: Double, bars: Int) {
            for bar in 0..<bars {
                let s = start + Double(bar) * 4
                hit(s, kick, 104); hit(s + 1.5, kick, 80); hit(s + 2, kick, 96)
                hit(s + 1, snare, 100)
                if bar != bars - 1 { hit(s + 3, snare, 104) }
                for e in 0..<8 {
                    let t = s + Double(e) * 0.5
                    if e == 7 && bar % 2 == 1 && bar != bars - 1 { hit(t, open, 70) } else { hit(t, closed, e % 2 == 0 ? 78 : 54) }
                }
                if bar % 4 == 2 { hit(s + 3.75, snare, 34) }  // ghost note (soft layer)
            }
        }

        // Intro: hats and side stick from bar 3, a snare pickup.
        for b in 0..<16 { hit(8 + Double(b) * 0.5, closed, b % 2 == 0 ? 56 : 38) }
        hit(12, kick, 84); hit(13, sideStick, 60); hit(14, kick, 70); hit(15, sideStick, 64)
        hit(15.5, snare, 56); hit(15.75, snare, 70)
        // Verse 1 and 2.
        hit(verse1, crash, 100)
        verseGroove(verse1, bars: 8)
        for (i, v) in [60, 70, 82, 96].enumerated() { hit(verse1 + 31 + Double(i) * 0.25, snare, v) }
        hit(verse2, crash, 104); hit(verse2, crash2, 80)
        verseGroove(verse2, bars: 8)
        fill(verse2 + 30)
        // Solo: TR-808 kit.
        p.program(ch, Part.tick(solo) - 60, 25)
        for bar in 0..<8 {
            let s = solo + Double(bar) * 4
            hit(s, kick, 110); hit(s + 1.5, kick, 90); hit(s + 2.5, kick, 96)
            hit(s + 1, clap, 100); hit(s + 3, clap, 104)
            for x in 0..<16 {
                let t = s + Double(x) * 0.25
                if x == 14 { hit(t, open, 80) } else if x != 15 { hit(t, closed, x % 4 == 0 ? 90 : x % 2 == 0 ? 70 : 50) }
            }
            if bar % 2 == 1 { hit(s + 3.5, cowbell, 80) }
        }
        hit(solo, crash, 110)
        // Breakdown: brush kit, swishes and a light ride.
        p.program(ch, Part.tick(breakdown) - 60, 40)
        for bar in 0..<4 {
            let s = breakdown + Double(bar) * 4
            hit(s, kick, 70)
            for q in 0..<4 { hit(s + Double(q), ride, q == 0 ? 70 : 56) }
            for x in 0..<8 { hit(s + Double(x) * 0.5 + 0.25, snare, x % 2 == 1 ? 56 : 36) }
            hit(s + 1, pedalHat, 50); hit(s + 3, pedalHat, 50)
        }
        // Finale: standard kit, ride and tambourine.
        p.program(ch, Part.tick(finale) - 60, 0)
        hit(finale, crash, 110); hit(finale, crash2, 90)
        for bar in 0..<6 {
            let s = finale + Double(bar) * 4
            hit(s, kick, 102); hit(s + 1.5, kick, 78); hit(s + 2, kick, 94); hit(s + 3.5, kick, 70)
            hit(s + 1, snare, 100)
            if bar != 5 { hit(s + 3, snare, 104) }
            for e in 0..<8 { hit(s + Double(e) * 0.5, e == 0 ? bell : ride, e % 2 == 0 ? 80 : 60) }
            hit(s + 1, tambourine, 52); hit(s + 3, tambourine, 56)
            for e in 0..<8 where e % 2 == 1 { hit(s + Double(e) * 0.5, shaker, 44) }
        }
        fill(finale + 22)
        // Ending: two bars of hits, then the last chord.
        hit(ending, crash, 100); hit(ending, kick, 100); hit(ending + 2, kick, 100); hit(ending + 2, crash2, 90)
        hit(ending + 1, snare, 90); hit(ending + 3, snare, 96)
        hit(ending + 4, kick, 110); hit(ending + 4, crash, 110); hit(ending + 4, crash2, 96)
        return p
    }

    static func make() -> MIDIFile {
        let parts = [conductor(), lead(), keys(), bass(), pad(), guitar(), colour(), drums()]
        let endTick = Part.tick(end + 2)
        return MIDIFile(format: 1, division: .ticksPerQuarter(UInt16(ppq)), tracks: parts.map { $0.track(endTick: endTick) })
    }
}
