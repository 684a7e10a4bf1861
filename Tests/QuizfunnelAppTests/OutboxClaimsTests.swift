import Logging
import Synchronization
import Testing

@testable import QuizfunnelApp

/// A delivery pass keeps its claims while it runs: renewed every third of the lease, a row the database no longer
/// grants is no longer sent, every row is dropped once renewals have failed for as long as the lease may run, and what
/// the pass did not attempt is released when it ends. Each pass waits for what it checks, not for a fixed time: on a
/// loaded machine a timer may fire seconds late.
struct OutboxClaimsTests {
    @Test func claimsAreRenewedWhileThePassRunsAndTheRestReleasedAtItsEnd() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .milliseconds(600)) { ids in Set(ids) }
        try await claims.whileHolding([1, 2, 3], claimedAt: .now) { held in
            held.finish(1)
            try await Self.waitUntil { calls.recorded.renewals.count >= 2 }
            #expect(held.holds(2) && held.holds(3))
        }
        let (renewals, released) = calls.recorded
        #expect(renewals.allSatisfy { Set($0) == [2, 3] }, "a finished row is not renewed: \(renewals)")
        #expect(Set(released) == [2, 3])
    }

    @Test func aRowTheRenewalDoesNotGrantIsNoLongerHeld() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .milliseconds(600)) { ids in Set(ids).subtracting([2]) }
        try await claims.whileHolding([1, 2], claimedAt: .now) { held in
            try await Self.waitUntil { !held.holds(2) }
            #expect(held.holds(1))
        }
        #expect(calls.recorded.released == [1], "another instance took 2 over: it is not released either")
    }

    @Test func failedRenewalsDropEveryRowBeforeTheLeaseRunsOut() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .milliseconds(600)) { _ in throw StorageFault.unreachable }
        try await claims.whileHolding([1, 2], claimedAt: .now) { held in
            try await Self.waitUntil { held.remaining.isEmpty }
            #expect(!calls.recorded.renewals.isEmpty, "dropped after renewals failed, not before one was tried")
        }
        #expect(calls.recorded.released.isEmpty, "nothing is held any more, so nothing is released")
    }

    @Test func aPassThatFailsStillReleasesWhatItDidNotAttempt() async throws {
        let calls = Calls()
        let claims = calls.claims(lease: .seconds(30)) { ids in Set(ids) }
        await #expect(throws: StorageFault.diskFull) {
            try await claims.whileHolding([1, 2, 3], claimedAt: .now) { held in
                held.finish(1)
                throw StorageFault.diskFull
            }
        }
        #expect(Set(calls.recorded.released) == [2, 3])
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

    /// Returns once `condition` holds; fails the test after a minute.
    private static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("waited a minute in vain")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
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
