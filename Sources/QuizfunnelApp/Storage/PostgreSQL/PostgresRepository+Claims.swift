import PostgresNIO

/// Claims on outbox rows, renewed while a delivery pass runs and released when it ends, so that a live instance keeps
/// its rows however slow a receiver is, and a dead one's rows pass to another within about a lease. The lease is timed
/// by the database's clock; a renewal counts only the rows this instance still holds.
extension PostgresRepository {
    /// The claim's length in seconds, for `make_interval`.
    var leaseSeconds: Double {
        let lease = self.outboxLease ?? OutboxLease.defaultLength
        return Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
    }

    /// How long a renewal may take: a third of the lease, the time between two renewals.
    private var renewalTimeout: Duration { (self.outboxLease ?? OutboxLease.defaultLength) / 3 }

    func renewMailClaims(_ ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try await self.pool.query(
            """
            UPDATE mail SET "leaseUntil" = now() + make_interval(secs => \(self.leaseSeconds))
            WHERE id = ANY(\(ids)) AND "leaseOwner" = \(self.instanceID) AND state = 'queued'
            RETURNING id
            """,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
        var held: Set<Int64> = []
        for try await id in rows.decode(Int64.self) { held.insert(id) }
        return held
    }

    func releaseMailClaims(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await self.pool.query(
            #"UPDATE mail SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE id = ANY(\#(ids)) AND "leaseOwner" = \#(self.instanceID)"#,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
    }

    func renewWebhookClaims(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await self.pool.query(
            """
            UPDATE "webhookEvent" SET "leaseUntil" = now() + make_interval(secs => \(self.leaseSeconds))
            WHERE id = ANY(\(ids)) AND "leaseOwner" = \(self.instanceID) AND status = 'pending'
            RETURNING id
            """,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
        var held: Set<String> = []
        for try await id in rows.decode(String.self) { held.insert(id) }
        return held
    }

    func releaseWebhookClaims(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await self.pool.query(
            #"UPDATE "webhookEvent" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE id = ANY(\#(ids)) AND "leaseOwner" = \#(self.instanceID)"#,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
    }
}
