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

    func renewMailClaims(_ ids: [Int64]) async throws -> Set<Int64> {
        try await self.renewClaims(ids, in: .mail)
    }

    func releaseMailClaims(_ ids: [Int64]) async throws {
        try await self.releaseClaims(ids, in: .mail)
    }

    func renewWebhookClaims(_ ids: [String]) async throws -> Set<String> {
        try await self.renewClaims(ids, in: .webhookEvent)
    }

    func releaseWebhookClaims(_ ids: [String]) async throws {
        try await self.releaseClaims(ids, in: .webhookEvent)
    }

    /// An outbox table, and what its rows waiting to be sent look like.
    private enum Outbox: String {
        case mail = "mail"
        case webhookEvent = #""webhookEvent""#

        var waiting: String { self == .mail ? "state = 'queued'" : "status = 'pending'" }
    }

    /// How long a renewal may take: a third of the lease, the time between two renewals.
    private var renewalTimeout: Duration { (self.outboxLease ?? OutboxLease.defaultLength) / 3 }

    private func renewClaims<ID: PostgresArrayEncodable & PostgresDecodable & Hashable>(_ ids: [ID], in outbox: Outbox) async throws -> Set<ID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await self.pool.query(
            """
            UPDATE \(unescaped: outbox.rawValue) SET "leaseUntil" = now() + make_interval(secs => \(self.leaseSeconds))
            WHERE id = ANY(\(ids)) AND "leaseOwner" = \(self.instanceID) AND \(unescaped: outbox.waiting)
            RETURNING id
            """,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
        var held: Set<ID> = []
        for try await id in rows.decode(ID.self) { held.insert(id) }
        return held
    }

    private func releaseClaims<ID: PostgresArrayEncodable>(_ ids: [ID], in outbox: Outbox) async throws {
        guard !ids.isEmpty else { return }
        try await self.pool.query(
            """
            UPDATE \(unescaped: outbox.rawValue) SET "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE id = ANY(\(ids)) AND "leaseOwner" = \(self.instanceID)
            """,
            logger: self.logger,
            timeout: self.renewalTimeout
        )
    }
}
