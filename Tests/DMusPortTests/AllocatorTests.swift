import DMusPort
import Testing

@Suite struct AllocatorTests {
    @Test func poolsHandOutAndTakeBackEverything() {
        let a = AllocatorMXF(eventCapacity: 8, bufferCapacity: 2, bufferBytes: 64)
        var got: [EventIndex] = []
        while let e = a.getMessage() { got.append(e) }
        #expect(got.count == 8)
        #expect(Set(got.map(\.raw)).count == 8)
        // Chain them, give one a buffer, recycle the chain in one call.
        let b = a.getBuffer()!
        a.event(got[0]).pointee.eventBytes = 40
        a.event(got[0]).pointee.buffer = b
        for i in 0..<7 { a.event(got[i]).pointee.next = got[i + 1] }
        #expect(a.freeBufferCount == 1)
        a.putMessage(got[0])
        #expect(a.freeEventCount == 8)
        #expect(a.freeBufferCount == 2)
        // GetMessage returns zeroed events.
        let e = a.getMessage()!
        #expect(a.event(e).pointee.eventBytes == 0 && a.event(e).pointee.next.isNone)
    }

    @Test func packagesReturnTheirInnerChain() {
        let a = AllocatorMXF(eventCapacity: 4, bufferCapacity: 0, bufferBytes: 16)
        let outer = a.getMessage()!, inner1 = a.getMessage()!, inner2 = a.getMessage()!
        a.event(inner1).pointee.next = inner2
        a.event(outer).pointee.flags = .package
        a.event(outer).pointee.packageHead = inner1
        a.putMessage(outer)
        #expect(a.freeEventCount == 4)
    }

    @Test func payloadIsInlineUpToEightBytes() {
        let a = AllocatorMXF(eventCapacity: 2, bufferCapacity: 1, bufferBytes: 16)
        let e = a.getMessage()!
        a.event(e).pointee.setInline(0x90, 60, 100, count: 3)
        let bytes = a.withPayload(of: e) { Array($0) }
        #expect(bytes == [0x90, 60, 100])
        #expect(a.event(e).pointee.isShort)
    }

    @Test func spscRingKeepsOrderAndBounds() {
        let r = SPSCRing<Int32>(capacity: 4)
        for i in 0..<4 { #expect(r.push(Int32(i))) }
        #expect(!r.push(99))
        #expect((0..<4).map { _ in r.pop()! } == [0, 1, 2, 3])
        #expect(r.pop() == nil)
    }
}
