import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain
import Synchronization

/// The per-address limit's token buckets in the database, shared by every instance: one atomic upsert takes a token
/// (a second instance taking one for the same address waits for the row and then sees the first one's take), on the
/// database's clock. Buckets that have been full for a period are deleted now and then, so the table holds only the
/// addresses of the last period.
struct PostgresAddressLimiter: AddressLimiter {
    let repository: PostgresRepository
    let limit: RateLimit
    /// When the last sweep of full buckets ran (seconds since 1970), so that one runs at most once a period.
    private let lastSweep = SweepClock()

    init(repository: PostgresRepository, limit: RateLimit) {
        self.repository = repository
        self.limit = limit
    }

    func take(_ emailHash: String) async throws -> TokenBucket.TakeResult {
        guard self.repository.readiness.isReady else { throw StorageFault.unreachable }
        let capacity = Double(self.limit.requests)
        let rate = capacity / self.limit.period
        let logger = self.repository.logger
        let sweeps = self.lastSweep.isDue(every: self.limit.period)
        do {
            return try await self.repository.pool.withConnection(timeout: PostgresPool.leaseTimeout) { connection in
                if sweeps {
                    try await connection.query(
                        #"DELETE FROM "addressAllowance" WHERE "updatedAt" < now() - make_interval(secs => \#(self.limit.period))"#,
                        logger: logger
                    )
                }
                let taken = try await connection.query(
                    """
                    INSERT INTO "addressAllowance" AS a ("emailHash", tokens, "updatedAt") VALUES (\(emailHash), \(capacity - 1), now())
                    ON CONFLICT ("emailHash") DO UPDATE
                    SET tokens = least(\(capacity), a.tokens + extract(epoch FROM now() - a."updatedAt")::float8 * \(rate)) - 1,
                        "updatedAt" = now()
                    WHERE least(\(capacity), a.tokens + extract(epoch FROM now() - a."updatedAt")::float8 * \(rate)) >= 1
                    RETURNING tokens
                    """,
                    logger: logger
                )
                for try await _ in taken { return .allowed }
                let rows = try await connection.query(
                    """
                    SELECT (1 - least(\(capacity), tokens + extract(epoch FROM now() - "updatedAt")::float8 * \(rate))) / \(rate)
                    FROM "addressAllowance" WHERE "emailHash" = \(emailHash)
                    """,
                    logger: logger
                )
                for try await wait in rows.decode(Double.self) { return .refused(retryAfter: max(wait, 0)) }
                return .refused(retryAfter: 1 / rate)
            }
        } catch {
            guard let fault = StorageFault(error) else { throw error }
            self.repository.health.record(fault)
            throw fault
        }
    }
}

/// When a sweep last ran, shared by the copies of a limiter.
private final class SweepClock: Sendable {
    private let last = Atomic<Int>(0)

    /// True, once, when `period` seconds have passed since the last sweep.
    func isDue(every period: Double) -> Bool {
        let now = Int(Date().timeIntervalSince1970)
        let last = self.last.load(ordering: .relaxed)
        guard Double(now - last) >= period else { return false }
        return self.last.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
    }
}
