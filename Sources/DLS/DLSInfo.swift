/// A RIFF `LIST INFO`: ordered (id, text) pairs such as `INAM` (name) and `ICOP` (copyright).
public struct DLSInfo: Sendable, Equatable {
    public var entries: [DLSInfoEntry]

    public init(entries: [DLSInfoEntry] = []) { self.entries = entries }

    public init(name: String) { self.entries = [DLSInfoEntry(id: "INAM", text: name)] }

    /// Text of the first entry with this four-character id.
    public subscript(id: String) -> String? {
        get { entries.first { $0.id == id }?.text }
        set {
            if let i = entries.firstIndex(where: { $0.id == id }) {
                if let newValue { entries[i].text = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(DLSInfoEntry(id: id, text: newValue))
            }
        }
    }

    /// `INAM`: the collection, instrument or wave name.
    public var name: String? {
        get { self["INAM"] }
        set { self["INAM"] = newValue }
    }

    public var isEmpty: Bool { entries.isEmpty }
}

public struct DLSInfoEntry: Sendable, Equatable {
    /// Four-character chunk id, e.g. `INAM`.
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}
