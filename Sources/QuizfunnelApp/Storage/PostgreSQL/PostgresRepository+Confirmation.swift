import Foundation
import PostgresNIO
import QuizfunnelDomain

/// Confirming an address from its link (double opt-in) on PostgreSQL, as `AppDatabase+Confirmation` does on SQLite.
extension PostgresRepository {
    /// Confirms the address behind `token` in one shared transaction: subscribed, with `confirmedAt` and the token's id
    /// in its consent proof and its withdrawal link; its result mail and webhook event queued.
    func confirm(
        token: String,
        client: ConfirmingClient?,
        unsubscribeToken: String,
        plan: LeadMailPlan,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?
    ) async throws -> ConfirmationOutcome {
        let digest = Digest.sha256(token)
        return try await self.sharedWrite { connection in
            // FOR UPDATE: two instances pressing Confirm for one lead at once confirm it once.
            guard let (record, lead) = try await self.tokenAndLead(digest, locking: true, on: connection) else { return .unknown }
            if lead.status == .subscribed { return .alreadyConfirmed(lead) }
            guard lead.status == .pending, record.expiresAt > plan.now else { return .expired }
            let wasSubscribedBefore = lead.unsubscribedAt != nil
            let confirmed = lead.confirmed(by: record, at: plan.now, unsubscribeToken: unsubscribeToken, client: client)
            try await self.update(confirmed, on: connection)
            if try await !self.isMailBlocked(emailHash: confirmed.emailHash, on: connection) {
                try await self.sendResultMailIfDue(to: confirmed, isNew: false, plan: plan, on: connection)
            }
            let event = confirmed.event(wasSubscribedBefore ? .updated : .created, at: plan.now, baseURL: baseURL)
            try await self.enqueue(event, subject: confirmed.emailHash, for: webhookEndpoints, on: connection)
            // Only a lead whose consent covers ad measurement is sent: no other needs its landing read.
            if let ads, confirmed.consentAdMeasurement {
                let landings = try await connection.query(
                    #"SELECT fbclid, "createdAt" FROM result WHERE id = \#(confirmed.resultID)"#,
                    logger: self.logger
                )
                for try await (fbclid, landedAt) in landings.decode((String?, Date).self) {
                    try await self.enqueue(ads.events(for: confirmed, fbclid: fbclid, landedAt: landedAt), of: confirmed, on: connection)
                }
            }
            return .confirmed(confirmed)
        }
    }

    /// "This wasn't me": forgets the pending lead behind `token` (one subscribed before goes back to unsubscribed) and
    /// suppresses its address.
    func reject(token: String, at now: Date) async throws -> ConfirmationOutcome {
        let digest = Digest.sha256(token)
        return try await self.sharedWrite { connection in
            guard let (_, lead) = try await self.tokenAndLead(digest, locking: true, on: connection) else { return .unknown }
            if lead.status == .subscribed { return .alreadyConfirmed(lead) }
            guard lead.status == .pending, let leadID = lead.id else { return .expired }
            if lead.unsubscribedAt == nil {
                try await connection.query("DELETE FROM lead WHERE id = \(leadID)", logger: self.logger)
            } else {
                var withdrawn = lead
                withdrawn.status = .unsubscribed
                withdrawn.updatedAt = now
                try await self.update(withdrawn, on: connection)
                try await connection.query(
                    """
                    UPDATE mail SET state = 'cancelled', "confirmationToken" = NULL, "updatedAt" = \(now)
                    WHERE "leadID" = \(leadID) AND state IN ('queued', 'held')
                    """,
                    logger: self.logger
                )
            }
            try await self.suppress(emailHash: lead.emailHash, reason: "rejected", at: now, on: connection)
            return .rejected(lead)
        }
    }

    /// Sends a new link for the pending lead behind `token`, within the resend limits; says nothing of whether it did.
    func resendConfirmation(token: String, plan: LeadMailPlan) async throws {
        let digest = Digest.sha256(token)
        try await self.sharedWrite { connection in
            guard let (_, lead) = try await self.tokenAndLead(digest, locking: true, on: connection), lead.status == .pending else { return }
            guard try await !self.isMailBlocked(emailHash: lead.emailHash, on: connection) else { return }
            try await self.issueConfirmation(for: lead, isNew: false, plan: plan, on: connection)
        }
    }

    /// The lead a token confirms, for the page a GET shows; nothing changes.
    func confirmationState(token: String, at now: Date) async throws -> (lead: LeadRecord, isExpired: Bool)? {
        let digest = Digest.sha256(token)
        return try await self.pool.withConnection { connection in
            try await self.tokenAndLead(digest, locking: false, on: connection).map { ($0.lead, $0.token.expiresAt <= now) }
        }
    }

    /// Puts an address on the suppression list, or renews its entry with `reason`.
    func suppress(emailHash: String, reason: String, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO suppression ("emailHash", reason, "createdAt") VALUES (\(emailHash), \(reason), \(now))
            ON CONFLICT ("emailHash") DO UPDATE SET reason = excluded.reason, "createdAt" = excluded."createdAt"
            """,
            logger: self.logger
        )
    }

    private func tokenAndLead(
        _ digest: String,
        locking: Bool,
        on connection: PostgresConnection
    ) async throws -> (token: ConfirmationTokenRecord, lead: LeadRecord)? {
        let rows = try await connection.query(
            """
            SELECT id, "leadID", "tokenSHA256", "createdAt", "expiresAt" FROM "confirmationToken" WHERE "tokenSHA256" = \(digest)
            """,
            logger: self.logger
        )
        var found: ConfirmationTokenRecord?
        for try await (id, leadID, sha256, createdAt, expiresAt) in rows.decode((Int64, Int64, String, Date, Date).self) {
            found = ConfirmationTokenRecord(id: id, leadID: leadID, tokenSHA256: sha256, createdAt: createdAt, expiresAt: expiresAt)
        }
        guard let token = found else { return nil }
        let leads = try await connection.query(
            "SELECT \(unescaped: LeadRecord.postgresColumns) FROM lead WHERE id = \(token.leadID) \(unescaped: locking ? "FOR UPDATE" : "")",
            logger: self.logger
        )
        for try await row in leads { return (token, try LeadRecord(postgresRow: row)) }
        return nil
    }
}
