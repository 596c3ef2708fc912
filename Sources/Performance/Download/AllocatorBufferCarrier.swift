import DMusPort

/// Carries a download buffer image to the port in allocator buffers: each `getBuffer()` holds
/// at most `getBufferSize()` bytes, wrapped in an event whose `eventBytes` is the count;
/// every event but the download's last is INCOMPLETE. Chains go to the port in batches so a
/// download of any size needs only a few pool buffers.
struct AllocatorBufferCarrier {
    let port: PortDMus
    /// Events per `download` call; the rest follow in later calls.
    var batchEvents = 16

    /// Sends one download image; returns its handle and the allocator buffers it used.
    func send(_ image: [UInt8]) throws(PerformanceError) -> (handle: DownloadHandle, buffers: Int) {
        let allocator = port.allocator
        let chunk = allocator.getBufferSize()
        var offset = 0
        var buffers = 0
        while true {
            var head = EventIndex.none, tail = EventIndex.none
            var count = 0
            var last = false
            while count < batchEvents && !last {
                let n = min(chunk, image.count - offset)
                last = offset + n >= image.count
                let e = image.withUnsafeBytes { src in
                    allocator.makeEvent(payload: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + n)]),
                                        flags: last ? [] : .incomplete)
                }
                guard let e else {
                    allocator.putMessage(head)
                    throw PerformanceError("download: the allocator has no free events or buffers")
                }
                if n > KernelEvent.inlineCapacity { buffers += 1 }
                if head.isNone { head = e } else { allocator.event(tail).pointee.next = e }
                tail = e
                offset += n
                count += 1
            }
            let result: DownloadResult
            do { result = try port.download(head) } catch { throw PerformanceError("download refused: \(error)") }
            if case .complete(let handle, _) = result { return (handle, buffers) }
            if last { throw PerformanceError("download: the synth did not complete a download it received whole") }
        }
    }
}
