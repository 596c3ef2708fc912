/// Collects warnings while reading, with a cap so hostile input cannot grow the list without
/// bound (a file of junk bytes could otherwise produce one warning per byte).
struct SMFWarningLog {
    private(set) var items: [SMFWarning] = []
    private var suppressed = 0
    let maxCount: Int

    init(maxCount: Int) {
        self.maxCount = max(0, maxCount)
    }

    mutating func add(_ offset: Int, track: Int? = nil, _ message: @autoclosure () -> String) {
        if items.count < maxCount {
            items.append(SMFWarning(offset: offset, track: track, message: message()))
        } else {
            suppressed += 1
        }
    }

    /// The collected warnings, plus one that counts the suppressed ones.
    func finished(endOffset: Int) -> [SMFWarning] {
        guard suppressed > 0 else { return items }
        return items + [SMFWarning(offset: endOffset, message: "\(suppressed) further warnings suppressed")]
    }
}
