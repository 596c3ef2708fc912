import ArgumentParser
import AudioOutput

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the ALSA PCMs that can play, for `dmus play --device NAME`.",
        discussion: "Example:\n  dmus devices")

    func run() throws {
        let devices = ALSADeviceList.playbackDevices()
        if devices.isEmpty {
            print("no ALSA playback PCMs found (no sound card?); `dmus render SONG -o OUT.wav` writes a file instead")
            return
        }
        for d in devices {
            print(d.description.isEmpty ? d.name : "\(d.name)\n    \(d.description)")
        }
    }
}
