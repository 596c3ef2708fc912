import DMusPort

/// Builds a region's one connection table at download time (client thread): the defaults,
/// then the articulation that applies — the region's own lists when it has any, otherwise the
/// instrument's (DLS2: a region list replaces the instrument list as a whole) — where every
/// (source, control, destination) triple the file names replaces the default one.
enum ArticulationCompiler {
    static func compile(instrumentLists: [[DownloadConnection]], regionLists: [[DownloadConnection]]?) -> [CompiledConnection] {
        let chosen = (regionLists ?? instrumentLists).flatMap { $0 }.map(CompiledConnection.init)
        var named = Set<UInt64>()
        for c in chosen { named.insert(c.triple) }
        var table = DefaultConnections.table.map(CompiledConnection.init).filter { !named.contains($0.triple) }
        table.append(contentsOf: chosen)
        return table
    }
}
