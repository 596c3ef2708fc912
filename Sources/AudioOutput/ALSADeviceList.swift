import CALSA

/// The PCMs ALSA knows that can play (`snd_device_name_hint`), for `dmus devices`.
public enum ALSADeviceList {
    public struct Device: Sendable, Equatable {
        public var name: String
        public var description: String
    }

    public static func playbackDevices() -> [Device] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let list = hints else { return [] }
        defer { snd_device_name_free_hint(list) }
        var out: [Device] = []
        var i = 0
        while let hint = list[i] {
            defer { i += 1 }
            func get(_ id: String) -> String? {
                guard let p = snd_device_name_get_hint(hint, id) else { return nil }
                defer { free(p) }
                return String(cString: p)
            }
            // IOID is absent for devices that do both directions; "Input" marks capture-only.
            if let io = get("IOID"), io == "Input" { continue }
            guard let name = get("NAME") else { continue }
            let description = (get("DESC") ?? "").split(separator: "\n").joined(separator: " — ")
            out.append(Device(name: name, description: description))
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
