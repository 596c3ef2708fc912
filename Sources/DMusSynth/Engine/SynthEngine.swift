#if canImport(Glibc)
import Glibc
#endif
import DMusPort

/// The render-thread half of a synth stream: channel state, voices, the patch table and the
/// event queue, all preallocated at stream creation. Every method runs on the wave-sink thread
/// and none allocates, locks or logs. The stream keeps this struct behind one pointer so the
/// hot paths never go through class properties.
struct SynthEngine {
    let sampleRate: Double
    let maxVoices: Int
    let poolCapacity: Int
    let channelGroups: Int
    let channelCount: Int

    let voices: UnsafeMutablePointer<Voice>
    let active: UnsafeMutablePointer<Int32>
    var activeCount = 0
    var soundingCount = 0
    var nextOrder: UInt64 = 0

    let channels: UnsafeMutablePointer<ChannelState>
    let controllers: ControllerBank
    let waves: UnsafeMutablePointer<WaveRecord>
    let instruments: UnsafeMutablePointer<InstrumentRecord>
    let patches: PatchTable
    var queue: EventQueue
    var clock: PhaseLockedSampleClock
    let maxFrames: Int
    /// The send effects; voices add into its send buses, `process` adds the wet signal.
    var effects: SendEffects
    /// The effect settings a GM/GS reset returns to (the stream's configuration).
    let defaultReverb: ReverbParameters?
    let defaultChorus: ChorusParameters?
    /// Where voices mix (see `VoicePartitions`), and the helper threads that share the work.
    let partitions: VoicePartitions
    var workers: VoiceWorkers?
    /// Whether any mix of this render wrote the partitions' send buses.
    var sendsMixed = false
    let sinc: SincTable
    var interpolation: Interpolation
    /// DAUD voice priority per channel (higher survives stealing longer).
    let channelPriority: UnsafeMutablePointer<Int32>

    /// Headroom for a full GM mix (reference §4.7 recommends −6 to −12 dB).
    var masterGain: Float = 0.5
    /// Universal master volume SysEx, 0…1.
    var masterVolume: Float = 1
    var stats = SynthStatistics()
    /// The end of the last render (stream frames), for events stamped "now" (time 0).
    var framesRendered: Int64 = 0

    static let maxWaves = 65_536
    static let maxInstruments = 16_384

    init(parameters: PortParameters, interpolation: Interpolation, reverb: ReverbParameters? = nil, chorus: ChorusParameters? = nil) {
        sampleRate = Double(parameters.sampleRate)
        maxVoices = max(1, parameters.voices)
        poolCapacity = maxVoices + 64    // room for stolen voices fading out
        channelGroups = parameters.channelGroups
        channelCount = parameters.channelGroups * 16
        voices = .allocate(capacity: poolCapacity); voices.initialize(repeating: Voice(), count: poolCapacity)
        active = .allocate(capacity: poolCapacity); active.initialize(repeating: 0, count: poolCapacity)
        channels = .allocate(capacity: channelCount)
        for c in 0..<channelCount { (channels + c).initialize(to: ChannelState(channel: c % 16)) }
        controllers = ControllerBank(channels: channelCount)
        waves = .allocate(capacity: SynthEngine.maxWaves)
        instruments = .allocate(capacity: SynthEngine.maxInstruments)
        patches = PatchTable(capacity: SynthEngine.maxInstruments)
        queue = EventQueue(capacity: 65_536)
        clock = PhaseLockedSampleClock(sampleRate: parameters.sampleRate)
        maxFrames = parameters.maxFramesPerRender
        effects = SendEffects(sampleRate: parameters.sampleRate, maxFrames: parameters.maxFramesPerRender)
        defaultReverb = reverb
        defaultChorus = chorus
        effects.setReverb(reverb)
        effects.setChorus(chorus)
        partitions = VoicePartitions(maxFrames: parameters.maxFramesPerRender)
        sinc = SincTable()
        self.interpolation = interpolation
        channelPriority = .allocate(capacity: channelCount)
        for c in 0..<channelCount { channelPriority[c] = SynthEngine.defaultPriority(channel: c % 16, group: c / 16) }
    }

    /// DAUD defaults (reference/dmus-interfaces.md §11): STANDARD | the channel's offset, so
    /// channel 10 is highest, then 1–9, then 11–16, and every group is equal.
    static func defaultPriority(channel: Int, group: Int) -> Int32 {
        rank(VoicePriority.defaultPriority(channel: channel))
    }

    /// A DAUD priority (unsigned) as the voice's signed rank, order kept.
    static func rank(_ daud: UInt32) -> Int32 { Int32(bitPattern: daud ^ 0x8000_0000) }

    func free() {
        voices.deallocate(); active.deallocate(); channels.deallocate(); controllers.free()
        waves.deallocate(); instruments.deallocate(); patches.free(); queue.free()
        effects.free(); partitions.free(); sinc.free(); channelPriority.deallocate()
    }

    // MARK: Render

    mutating func render(_ out: UnsafeMutablePointer<Float>, frames: Int, position: Int64) {
        var cursor = 0
        let end = position + Int64(frames)
        while let e = queue.first, e.frame < end {
            var at = 0
            if e.frame < position { stats.lateEvents += 1 } else { at = Int(e.frame - position) }
            if at > cursor { mixActive(out, offset: cursor, count: at - cursor); cursor = at }
            queue.removeFirst()
            apply(e)
        }
        if cursor < frames { mixActive(out, offset: cursor, count: frames - cursor) }
        partitions.sum(frames: frames, out: out, reverb: effects.reverbSend, chorus: effects.chorusSend, sends: sendsMixed)
        partitions.clear(frames: frames, sends: sendsMixed)
        sendsMixed = false
        effects.process(into: out, frames: frames)
        stats.framesRendered = end
        framesRendered = end
        stats.voicesPlaying = activeCount
        var peak = stats.peakLevel
        for i in 0..<(2 * frames) { peak = max(peak, abs(out[i])) }
        stats.peakLevel = peak
    }

    private mutating func mixActive(_ out: UnsafeMutablePointer<Float>, offset: Int, count: Int) {
        guard activeCount > 0 else { return }
        let rate = Float(sampleRate), reverbOn = effects.isReverbActive, chorusOn = effects.isChorusActive
        let finished = partitions.finishedSounding
        if reverbOn || chorusOn { sendsMixed = true }
        // Threads pay off only when there is enough to share (the result is the same).
        if let workers, workers.threadCount > 1, activeCount * count >= 2_048 {
            for p in 0..<VoicePartitions.count {
                workers.targets[p] = partitions.targets(p, sinc: sinc.coefficients, interpolation: interpolation,
                                                        sampleRate: rate, reverbOn: reverbOn, chorusOn: chorusOn)
            }
            workers.mix(activeCount: activeCount, offset: offset, count: count)
        } else {
            for p in 0..<VoicePartitions.count {
                let t = partitions.targets(p, sinc: sinc.coefficients, interpolation: interpolation,
                                           sampleRate: rate, reverbOn: reverbOn, chorusOn: chorusOn)
                finished[p] = mixPartition(p, voices: voices, active: active, activeCount: activeCount,
                                           targets: t, offset: offset, count: count)
            }
        }
        // Drop the voices that finished, keeping the order of the rest.
        for p in 0..<VoicePartitions.count { soundingCount -= finished[p] }
        var kept = 0
        for i in 0..<activeCount where voices[Int(active[i])].active {
            active[kept] = active[i]
            kept += 1
        }
        activeCount = kept
    }

    // MARK: Events

    mutating func apply(_ e: QueuedEvent) {
        switch e.kind {
        case .channelMessage:
            if e.group == 0 {
                for g in 0..<channelGroups { applyChannelMessage(g * 16 + Int(e.status & 0x0F), e) }
            } else if Int(e.group) <= channelGroups {
                applyChannelMessage(Int(e.group - 1) * 16 + Int(e.status & 0x0F), e)
            }
        case .gmReset, .gsReset, .xgReset:
            resetAll()
            effects.setReverb(defaultReverb)
            effects.setChorus(defaultChorus)
        case .gsEffect:
            // 40 01 3x: reverb (30–37) and chorus (38–3F) parameters, on the running settings.
            if let p = GSReverbParameter(rawValue: Int(e.data1)) {
                var r = effects.reverb ?? .gsDefault
                r.setGS(p, Int(e.data2))
                effects.setReverb(r)
            } else if let p = GSChorusParameter(rawValue: Int(e.data1)) {
                var c = effects.chorus ?? .gsDefault
                c.setGS(p, Int(e.data2))
                effects.setChorus(c)
            }
        case .masterVolume:
            masterVolume = Float(Int(e.data1) | Int(e.data2) << 7) / 16383
            for g in 0..<channelCount { updateVoices(onChannel: g) }
        case .gsDrumPart:
            let groups = e.group == 0 ? 0..<channelGroups : Int(e.group - 1)..<Int(e.group)
            for g in groups where g < channelGroups { channels[g * 16 + Int(e.data1 & 15)].isDrum = e.data2 != 0 }
        }
    }

    private mutating func applyChannelMessage(_ ch: Int, _ e: QueuedEvent) {
        switch e.status & 0xF0 {
        case 0x90:
            if e.data2 == 0 { noteOff(ch, key: e.data1) } else { noteOn(ch, key: e.data1, velocity: e.data2) }
        case 0x80: noteOff(ch, key: e.data1)
        case 0xB0: controlChange(ch, e.data1, e.data2)
        case 0xC0:
            let c = controllers.pointer(ch)
            channels[ch].program = e.data1 & 0x7F
            channels[ch].bankMSB = c[0]
            channels[ch].bankLSB = c[32]
        case 0xD0:
            channels[ch].channelPressure = e.data1
            updateVoices(onChannel: ch)
        case 0xE0:
            channels[ch].pitchWheel = UInt16(e.data1 & 0x7F) | UInt16(e.data2 & 0x7F) << 7
            updateVoices(onChannel: ch)
        default: break   // poly pressure: no default connection uses it yet
        }
    }

    private mutating func controlChange(_ ch: Int, _ number: UInt8, _ value: UInt8) {
        let n = Int(number & 0x7F), v = value & 0x7F
        let c = controllers.pointer(ch)
        switch n {
        case 6, 38:
            c[n] = v
            dataEntry(ch, msb: n == 6, value: v)
        case 64:
            c[n] = v
            let on = v >= 64
            channels[ch].sustainPedal = on
            if !on { releasePedalHeld(ch) }
        case 66:
            c[n] = v
            let on = v >= 64
            if on && !channels[ch].sostenutoPedal {
                for i in 0..<activeCount where voices[Int(active[i])].channelIndex == Int32(ch) && voices[Int(active[i])].keyDown {
                    voices[Int(active[i])].heldBySostenuto = true
                }
            } else if !on && channels[ch].sostenutoPedal {
                for i in 0..<activeCount {
                    let s = Int(active[i])
                    guard voices[s].channelIndex == Int32(ch), voices[s].heldBySostenuto else { continue }
                    voices[s].heldBySostenuto = false
                    if !voices[s].keyDown && !voices[s].heldByPedal { voices[s].release() }
                }
            }
            channels[ch].sostenutoPedal = on
        case 98, 99:
            c[n] = v; channels[ch].nrpnSelected = true
        case 100, 101:
            c[n] = v
            channels[ch].nrpnSelected = false
            channels[ch].rpnSelected = UInt16(c[101]) << 7 | UInt16(c[100])
        case 120: allSoundOff(ch)
        case 121:
            controllers.reset(channel: ch, all: false)
            channels[ch].pitchWheel = 8192
            channels[ch].channelPressure = 0
            channels[ch].sustainPedal = false
            channels[ch].rpnSelected = 0x3FFF
            releasePedalHeld(ch)
            updateVoices(onChannel: ch)
        case 123, 124, 125, 126, 127: allNotesOff(ch)
        default:
            c[n] = v
            updateVoices(onChannel: ch)
        }
    }

    private mutating func dataEntry(_ ch: Int, msb: Bool, value: UInt8) {
        guard !channels[ch].nrpnSelected else { return }
        switch channels[ch].rpnSelected {
        case 0:
            if msb { channels[ch].bendRangeSemitones = value } else { channels[ch].bendRangeCents = value }
        case 1:
            let old = channels[ch].fineTuning
            channels[ch].fineTuning = msb ? (UInt16(value) << 7 | (old & 0x7F)) : ((old & 0x3F80) | UInt16(value))
        case 2:
            if msb { channels[ch].coarseTuning = value }
        default: return
        }
        updateVoices(onChannel: ch)
    }

    private mutating func resetAll() {
        for ch in 0..<channelCount {
            allSoundOff(ch)
            channels[ch] = ChannelState(channel: ch % 16)
            controllers.reset(channel: ch, all: true)
        }
        masterVolume = 1
    }

    /// RUN: the running statistics start again (KSPROPERTY_SYNTH_RUNNINGSTATS).
    mutating func resetStatistics() {
        let frames = stats.framesRendered
        stats = SynthStatistics()
        stats.framesRendered = frames
    }

    /// STOP: every voice silenced at once and queued messages dropped.
    mutating func stopAll() {
        for i in 0..<activeCount { voices[Int(active[i])].active = false }
        activeCount = 0
        soundingCount = 0
        queue.removeAll()
        effects.reset()   // reverb and chorus tails too: a stopped stream restarts from silence
    }

    /// KSPROPERTY_SYNTH_VOLUME + _VOLUMEBOOST: the output gain (headroom included) changes and
    /// every sounding voice takes it, ramped.
    mutating func setMasterGain(_ gain: Float) {
        masterGain = gain
        for c in 0..<channelCount { updateVoices(onChannel: c) }
    }

    // MARK: Notes

    private func sourceValues(_ ch: Int, key: UInt8, velocity: UInt8) -> SourceValues {
        let c = channels[ch]
        return SourceValues(
            key: Double(key), velocity: Double(velocity), controllers: controllers.pointer(ch),
            pitchWheel: Double(c.pitchWheel), channelPressure: Double(c.channelPressure),
            rpn0: Double(c.bendRangeSemitones) + Double(c.bendRangeCents) / 100,
            rpn1: Double(c.fineTuning),
            rpn2: c.isDrum ? 64 : Double(c.coarseTuning))   // coarse tune never transposes drums
    }

    /// The instrument for a channel's bank and program, with the GS-style fallbacks.
    private func resolveInstrument(_ ch: Int) -> Int32 {
        let c = channels[ch]
        let drum = c.isDrum || c.bankMSB == 120
        var slot = patches.lookup(DownloadLayout.patch(bankMSB: c.bankMSB, bankLSB: c.bankLSB, program: c.program, isDrum: drum))
        if slot < 0 { slot = patches.lookup(DownloadLayout.patch(bankMSB: c.bankMSB, bankLSB: 0, program: c.program, isDrum: drum)) }
        if slot < 0 { slot = patches.lookup(DownloadLayout.patch(bankMSB: 0, bankLSB: 0, program: c.program, isDrum: drum)) }
        if slot < 0 && drum { slot = patches.lookup(DownloadLayout.patch(bankMSB: 0, bankLSB: 0, program: 0, isDrum: true)) }
        return slot
    }

    private mutating func noteOn(_ ch: Int, key: UInt8, velocity: UInt8) {
        let slot = resolveInstrument(ch)
        guard slot >= 0 else { stats.missingInstruments += 1; return }
        let inst = instruments[Int(slot)]
        // Exclusivity first, for every region the note will sound, so layers of this note
        // never cut each other.
        for r in 0..<inst.regionCount {
            let region = inst.regions[r]
            guard key >= region.keyLow, key <= region.keyHigh, velocity >= region.velocityLow, velocity <= region.velocityHigh else { continue }
            for i in 0..<activeCount {
                let s = Int(active[i])
                guard voices[s].channelIndex == Int32(ch), voices[s].instrumentSlot == slot else { continue }
                let sameNote = voices[s].key == key && voices[s].regionIndex == Int32(r) && !region.selfNonExclusive
                let sameGroup = region.keyGroup != 0 && voices[s].keyGroup == region.keyGroup
                if (sameNote || sameGroup) && voices[s].isSounding { voices[s].shutDown(); soundingCount -= 1 }
            }
        }
        let values = sourceValues(ch, key: key, velocity: velocity)
        for r in 0..<inst.regionCount {
            let region = inst.regions + r
            guard key >= region.pointee.keyLow, key <= region.pointee.keyHigh,
                  velocity >= region.pointee.velocityLow, velocity <= region.pointee.velocityHigh else { continue }
            guard let v = allocateVoice(priority: channelPriority[ch]) else { stats.lostNotes += 1; continue }
            startVoice(v, ch: ch, key: key, velocity: velocity, slot: slot, regionIndex: r, region: region, values: values)
        }
    }

    private mutating func startVoice(_ slotIndex: Int, ch: Int, key: UInt8, velocity: UInt8, slot: Int32, regionIndex: Int,
                                     region: UnsafeMutablePointer<RegionRecord>, values: SourceValues) {
        let wave = waves[Int(region.pointee.waveSlot)]
        let t = ConnectionEvaluator.evaluate(region, values)
        let rate = sampleRate
        func frames(_ tc: Double) -> Int { Int((ConnectionEvaluator.seconds(timecents: tc) * rate).rounded()) }
        func perFrame(_ tc: Double) -> Float {   // a full-scale linear segment's slope
            let f = ConnectionEvaluator.seconds(timecents: tc) * rate
            return f < 1 ? 1 : Float(1 / f)
        }
        var v = Voice()
        v.active = true
        v.channelIndex = Int32(ch)
        v.key = key
        v.velocity = velocity
        v.instrumentSlot = slot
        v.regionIndex = Int32(regionIndex)
        v.keyGroup = region.pointee.keyGroup
        v.priority = channelPriority[ch]
        nextOrder &+= 1
        v.startOrder = nextOrder
        v.frames = wave.frames
        v.frameCount = wave.frameCount
        v.loopMode = region.pointee.loopMode
        v.loopStart = region.pointee.loopStart
        v.loopEnd = region.pointee.loopEnd
        v.rateRatio = Float(wave.sampleRate / sampleRate)
        v.keyDown = true

        // EG1 (times carry their velocity and key scaling from the table).
        let delayFrames = frames(t.eg1DelayTimecents)
        let attackFrames = ConnectionEvaluator.seconds(timecents: t.eg1AttackTimecents) * rate
        v.holdFrames = frames(t.eg1HoldTimecents)
        v.attackStep = attackFrames < 1 ? 1 : Float(1 / attackFrames)
        v.decayFactor = dbLinearFactor(seconds: ConnectionEvaluator.seconds(timecents: t.eg1DecayTimecents))
        v.releaseFactor = dbLinearFactor(seconds: ConnectionEvaluator.seconds(timecents: t.eg1ReleaseTimecents))
        v.shutdownFactor = dbLinearFactor(seconds: ConnectionEvaluator.seconds(timecents: t.eg1ShutdownTimecents))
        let sustain = min(1, max(0, t.eg1SustainPermille / 1000))
        v.sustainAmplitude = sustain <= 0 ? 0 : Float(pow(10, -96 * (1 - sustain) / 20))
        v.amplitude = 0
        if delayFrames > 0 { v.stage = .delay; v.stageFramesLeft = delayFrames } else { v.stage = .attack }

        // EG2, linear 0…1.
        v.eg2FramesLeft = frames(t.eg2DelayTimecents)
        v.eg2Stage = v.eg2FramesLeft > 0 ? .delay : .attack
        v.eg2AttackRate = perFrame(t.eg2AttackTimecents)
        v.eg2HoldFrames = frames(t.eg2HoldTimecents)
        v.eg2DecayRate = perFrame(t.eg2DecayTimecents)
        v.eg2Sustain = Float(min(1, max(0, t.eg2SustainPermille / 1000)))
        v.eg2ReleaseRate = perFrame(t.eg2ReleaseTimecents)

        // LFOs.
        v.lfoStep = Float(LowPassFilter.hz(cents: t.lfoFrequencyCents) / rate)
        v.lfoDelayFrames = frames(t.lfoDelayTimecents)
        v.vibratoStep = Float(LowPassFilter.hz(cents: t.vibratoFrequencyCents) / rate)
        v.vibratoDelayFrames = frames(t.vibratoDelayTimecents)

        applyTotals(t, to: &v)
        v.gainLeft = v.baseLeft
        v.gainRight = v.baseRight
        v.controlCountdown = 0

        voices[slotIndex] = v
        active[activeCount] = Int32(slotIndex)
        activeCount += 1
        soundingCount += 1
        stats.peakVoices = max(stats.peakVoices, activeCount)
    }

    /// The MIDI-driven destinations: pitch, gain and pan, sends, filter, modulation depths.
    private func applyTotals(_ t: DestinationTotals, to v: inout Voice) {
        v.pitchCents = Float(t.pitchCents)
        let (l, r) = outputGains(t)
        v.baseLeft = l
        v.baseRight = r
        v.reverbSend = Float(min(1, max(0, t.reverbPermille / 1000)))
        v.chorusSend = Float(min(1, max(0, t.chorusPermille / 1000)))
        v.depths = t.depths
        // The filter runs only when its cutoff (with any modulation) can fall into the audible band.
        let cutoff = t.filterCutoffCents
        let modulated = t.depths.lfoToCutoffCents != 0 || t.depths.eg2ToCutoffCents != 0 || t.depths.vibratoToCutoffCents != 0
        let open = LowPassFilter.hz(cents: min(cutoff, 20_000)) >= LowPassFilter.bypassHz(sampleRate: sampleRate)
        let wasOn = v.filterOn
        v.filterOn = !open || modulated
        if v.filterOn {
            v.cutoffCents = Float(min(cutoff, 20_000))
            v.resonanceDB = Float(max(0, min(225, t.filterQCentibels)) / 10)
            v.filterHalfOverQ = Float(1 / (2 * LowPassFilter.q(resonanceDB: Double(v.resonanceDB))))
            v.filterDCGain = Float(LowPassFilter.dcGain(resonanceDB: Double(v.resonanceDB)))
            v.lastCutoffCents = -1e9   // recompute coefficients at the next control update
            if !wasOn { v.filter = LowPassFilter() }
        }
    }

    /// A free pool slot, stealing (with a fade, never a cut) when `maxVoices` are sounding.
    /// Only a voice whose priority is at most the new note's may be stolen (§11.1); with none,
    /// the note is dropped.
    private mutating func allocateVoice(priority: Int32) -> Int? {
        if soundingCount >= maxVoices {
            // Victim: a released voice before a held one, the quietest, then the oldest.
            var best = -1
            var bestPriority = Int32.max
            var bestScore = Double.infinity
            for i in 0..<activeCount {
                let s = Int(active[i])
                let p = voices[s].priority
                guard voices[s].isSounding, p <= priority else { continue }
                // DAUD priority first (compared exactly: the values span 32 bits), then
                // released before held, then quietest, then oldest.
                let released = voices[s].stage == .release
                let loudness = Double(voices[s].amplitude) * Double(max(voices[s].gainLeft, voices[s].gainRight))
                let score = (released ? 0 : 10) + min(loudness, 1) * 5 + Double(voices[s].startOrder) * 1e-12
                if p < bestPriority || (p == bestPriority && score < bestScore) { bestPriority = p; bestScore = score; best = s }
            }
            guard best >= 0 else { return nil }
            voices[best].shutDown(); soundingCount -= 1
        }
        if activeCount < poolCapacity {
            for s in 0..<poolCapacity where !voices[s].active { return s }
        }
        // Every slot holds a fading voice: cut the quietest one outright.
        var best = -1
        var quietest = Float.infinity
        for i in 0..<activeCount {
            let s = Int(active[i])
            if voices[s].stage == .shutdown && voices[s].amplitude < quietest { quietest = voices[s].amplitude; best = i }
        }
        guard best >= 0 else { return nil }
        let s = Int(active[best])
        voices[s].active = false
        activeCount -= 1
        active[best] = active[activeCount]
        return s
    }

    private mutating func noteOff(_ ch: Int, key: UInt8) {
        let pedal = channels[ch].sustainPedal
        for i in 0..<activeCount {
            let s = Int(active[i])
            guard voices[s].channelIndex == Int32(ch), voices[s].key == key, voices[s].keyDown else { continue }
            voices[s].keyDown = false
            if pedal { voices[s].heldByPedal = true } else if !voices[s].heldBySostenuto { voices[s].release() }
        }
    }

    private mutating func releasePedalHeld(_ ch: Int) {
        for i in 0..<activeCount {
            let s = Int(active[i])
            if voices[s].channelIndex == Int32(ch) && voices[s].heldByPedal {
                voices[s].heldByPedal = false
                if !voices[s].keyDown && !voices[s].heldBySostenuto { voices[s].release() }
            }
        }
    }

    private mutating func allNotesOff(_ ch: Int) {
        for i in 0..<activeCount {
            let s = Int(active[i])
            guard voices[s].channelIndex == Int32(ch), voices[s].keyDown else { continue }
            voices[s].keyDown = false
            if channels[ch].sustainPedal { voices[s].heldByPedal = true } else { voices[s].release() }
        }
    }

    private mutating func allSoundOff(_ ch: Int) {
        for i in 0..<activeCount {
            let s = Int(active[i])
            if voices[s].channelIndex == Int32(ch) && voices[s].isSounding { voices[s].shutDown(); soundingCount -= 1 }
        }
    }

    /// Re-evaluates the MIDI-driven destinations (pitch, gain, pan) of the channel's voices
    /// after a controller, pitch-wheel or pressure change. Envelope times stay latched.
    private mutating func updateVoices(onChannel ch: Int) {
        for i in 0..<activeCount {
            let s = Int(active[i])
            guard voices[s].channelIndex == Int32(ch) else { continue }
            let inst = instruments[Int(voices[s].instrumentSlot)]
            let region = inst.regions + Int(voices[s].regionIndex)
            let t = ConnectionEvaluator.evaluate(region, sourceValues(ch, key: voices[s].key, velocity: voices[s].velocity))
            applyTotals(t, to: &voices[s])
            voices[s].controlCountdown = 0   // take the new targets at the next frame, ramped
        }
    }

    // MARK: Conversions

    private func outputGains(_ t: DestinationTotals) -> (Float, Float) {
        let gainCB = min(120, t.gainCentibels)
        let amplitude = gainCB <= -1440 ? 0 : pow(10, gainCB / 200)
        let pan = min(0.5, max(-0.5, t.panPermille / 1000))
        let angle = Double.pi / 2 * (pan + 0.5)
        let g = amplitude * Double(masterGain * masterVolume)
        return (Float(g * cos(angle)), Float(g * sin(angle)))
    }

    /// Per-frame amplitude factor of a fall that covers 96 dB in `seconds`.
    private func dbLinearFactor(seconds: Double) -> Float {
        let frames = seconds * sampleRate
        if frames < 1 { return 0 }
        return Float(pow(10, -96 / 20 / frames))
    }

    // MARK: Downloads published by the client

    mutating func publishInstrument(slot: Int32) {
        let inst = instruments[Int(slot)]
        patches.insert(inst.patch, slot: slot, isGM: inst.isGM)
        if let alias = SynthEngine.generalMIDIAlias(inst.patch) { patches.insert(alias, slot: slot, isGM: true) }
    }

    mutating func unpublishInstrument(slot: Int32, patch: UInt32) {
        patches.remove(patch, slot: slot)
        if let alias = SynthEngine.generalMIDIAlias(patch) { patches.remove(alias, slot: slot) }
    }

    /// GM2 / DLS 2.2 bank MSB 121 is the default melodic bank, which GM1 songs reach as bank 0
    /// (Mobile DLS banks sit there). It answers bank-0 requests with GM precedence, so a real
    /// bank-0 instrument from any collection still wins.
    static func generalMIDIAlias(_ patch: UInt32) -> UInt32? {
        guard patch & DownloadLayout.patchDrumFlag == 0, (patch >> 16) & 0x7F == 121 else { return nil }
        return patch & ~(UInt32(0x7F) << 16)
    }
}
