import Logging
import Synchronization

/// The lease on outbox rows that several instances share (`--outbox-lease`).
public enum OutboxLease {
    /// Short, so that a dead instance's rows pass to another within about this; a live instance renews its claims.
    public static let defaultLength = Duration.seconds(30)
}

/// Keeps one delivery pass's claims on outbox rows: renews them every third of the lease while the pass runs, tells
/// the pass which rows it still holds, and releases the rows it did not attempt when it ends (also when the service is
/// stopping), so that another instance may send them at once. A row whose renewal the database refused (another
/// instance took it over) is no longer held, and neither is any row once renewals have failed for as long as the lease
/// may still run: the pass then stops sending rather than send what another instance may be sending.
struct OutboxClaims<ID: Hashable & Sendable>: Sendable {
    /// The lease; `nil` where rows are not claimed (one SQLite process), where every row is held for the whole pass.
    let lease: Duration?
    let renew: @Sendable ([ID]) async throws -> Set<ID>
    let release: @Sendable ([ID]) async throws -> Void
    /// Names the outbox in the log ("mail", "webhook").
    let outbox: String
    let logger: Logger

    /// Runs `pass` over the rows `ids`, claimed at `claimedAt`, renewing their claims meanwhile.
    func whileHolding<Value: Sendable>(
        _ ids: [ID],
        claimedAt: ContinuousClock.Instant,
        _ pass: (HeldClaims<ID>) async throws -> Value
    ) async throws -> Value {
        let held = HeldClaims(ids)
        guard let lease, !ids.isEmpty else { return try await pass(held) }
        let outcome: Result<Value, any Error>
        do {
            outcome = .success(
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await self.renewals(of: held, lease: lease, claimedAt: claimedAt) }
                    defer { group.cancelAll() }
                    return try await pass(held)
                }
            )
        } catch {
            outcome = .failure(error)
        }
        // Also when the pass failed (the store, or the stop's cancellation): what it did not attempt is free at once.
        let left = held.remaining
        if !left.isEmpty {
            // In a task of its own: a pass cut short by the stop is cancelled, and a cancelled task's query throws.
            do {
                try await Task { try await self.release(left) }.value
            } catch {
                self.logger.warning(
                    "Outbox claims not released; they pass to another instance when their lease runs out",
                    metadata: ["outbox": "\(self.outbox)", "count": "\(left.count)", "error": "\(type(of: error))"]
                )
            }
        }
        return try outcome.get()
    }

    private func renewals(of held: HeldClaims<ID>, lease: Duration, claimedAt: ContinuousClock.Instant) async {
        let interval = lease / 3
        var heldUntil = claimedAt + lease
        while true {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            let ids = held.remaining
            guard !ids.isEmpty else { continue }
            let asked = ContinuousClock.now
            do {
                let kept = try await self.renew(ids)
                heldUntil = asked + lease
                let lost = held.keep(kept)
                if lost > 0 {
                    self.logger.warning("Outbox claims lost to another instance", metadata: ["outbox": "\(self.outbox)", "count": "\(lost)"])
                }
            } catch {
                guard !Task.isCancelled else { return }
                // The claims may run out before the next renewal: stop sending them.
                if ContinuousClock.now + interval >= heldUntil {
                    let lost = held.loseAll()
                    self.logger.error(
                        "Outbox claims could not be renewed; the pass stops sending",
                        metadata: ["outbox": "\(self.outbox)", "count": "\(lost)", "error": "\(type(of: error))"]
                    )
                }
            }
        }
    }
}

/// The rows of one delivery pass that this instance still holds.
final class HeldClaims<ID: Hashable & Sendable>: Sendable {
    private let held: Mutex<Set<ID>>

    init(_ ids: [ID]) {
        self.held = Mutex(Set(ids))
    }

    /// True while this instance may deliver the row.
    func holds(_ id: ID) -> Bool {
        self.held.withLock { $0.contains(id) }
    }

    /// The row's attempt is recorded (which ends its claim): neither renew nor release it any more.
    func finish(_ id: ID) {
        _ = self.held.withLock { $0.remove(id) }
    }

    /// The rows still held and not yet attempted.
    var remaining: [ID] {
        self.held.withLock { Array($0) }
    }

    /// Keeps only the rows a renewal still holds; returns how many were lost.
    func keep(_ renewed: Set<ID>) -> Int {
        self.held.withLock { held in
            let before = held.count
            held.formIntersection(renewed)
            return before - held.count
        }
    }

    /// Holds nothing any more; returns how many rows were lost.
    func loseAll() -> Int {
        self.held.withLock { held in
            defer { held.removeAll() }
            return held.count
        }
    }
}
