import Logging
import Synchronization
import Testing

@testable import QuizfunnelApp

/// A delivery pass keeps its claims while it runs: renewed every third of the lease, a row the database no longer
/// grants is no longer sent, every row is dropped once renewals have failed for as long as the lease may run, and what
/// the pass did not attempt is released when it ends.
struct OutboxClaimsTests {
    @Test func claimsAreRenewedWhileThePassRunsAndTheRestReleasedAtItsEnd() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .milliseconds(600)) { ids in Set(ids) }
        try await claims.whileHolding([1, 2, 3], claimedAt: .now) { held in
            held.finish(1)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(held.holds(2) && held.holds(3))
        }
        let (renewals, released) = calls.recorded
        #expect(renewals.count >= 2, "renewed every 200 ms: \(renewals)")
        #expect(renewals.allSatisfy { Set($0) == [2, 3] }, "a finished row is not renewed")
        #expect(Set(released) == [2, 3])
    }

    @Test func aRowTheRenewalDoesNotGrantIsNoLongerHeld() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .milliseconds(600)) { ids in Set(ids).subtracting([2]) }
        try await claims.whileHolding([1, 2], claimedAt: .now) { held in
            try await Task.sleep(for: .milliseconds(1000))
            #expect(held.holds(1))
            #expect(!held.holds(2), "another instance took it over")
        }
        #expect(calls.recorded.released == [1])
    }

    @Test func failedRenewalsDropEveryRowBeforeTheLeaseRunsOut() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .seconds(3)) { _ in throw StorageFault.unreachable }
        try await claims.whileHolding([1, 2], claimedAt: .now) { held in
            try await Task.sleep(for: .milliseconds(1200))
            #expect(held.holds(1), "one failed renewal leaves time for the next")
            try await Task.sleep(for: .milliseconds(2500))
            #expect(held.remaining.isEmpty, "the lease may have run out: nothing more is sent")
        }
    }

    @Test func withoutALeaseEveryRowIsHeldAndNothingIsRenewed() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: nil) { ids in Set(ids) }
        try await claims.whileHolding([1, 2], claimedAt: .now) { held in
            try await Task.sleep(for: .milliseconds(100))
            #expect(held.holds(1) && held.holds(2))
        }
        #expect(calls.recorded.renewals.isEmpty && calls.recorded.released.isEmpty)
    }
}

/// The renewals and releases a pass asked for.
private final class Calls: Sendable {
    private let state = Mutex<(renewals: [[Int64]], released: [Int64])>(([], []))

    var recorded: (renewals: [[Int64]], released: [Int64]) { self.state.withLock { $0 } }

    func claims(lease: Duration?, grant: @escaping @Sendable ([Int64]) throws -> Set<Int64>) -> OutboxClaims<Int64> {
        OutboxClaims(
            lease: lease,
            renew: { ids in
                self.state.withLock { $0.renewals.append(ids) }
                return try grant(ids)
            },
            release: { ids in self.state.withLock { $0.released += ids } },
            outbox: "test",
            logger: Logger(label: "test")
        )
    }
}
