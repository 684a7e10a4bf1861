import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Confirms the address behind `token` in one transaction: the lead becomes subscribed with `confirmedAt` and the
    /// token's id in its consent proof, gets its withdrawal link (`unsubscribeToken`, drawn before the write) unless it
    /// had one, and its result mail and webhook event are queued.
    public func confirm(
        token: String,
        client: ConfirmingClient?,
        unsubscribeToken: String,
        plan: LeadMailPlan,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?
    ) async throws -> ConfirmationOutcome {
        let digest = Digest.sha256(token)
        return try await self.sharedWrite { db in
            guard let (record, lead) = try Self.tokenAndLead(digest, in: db) else { return .unknown }
            if lead.status == .subscribed { return .alreadyConfirmed(lead) }
            guard lead.status == .pending, record.expiresAt > plan.now else { return .expired }
            // A lead that was subscribed before is known to the CRM already.
            let wasSubscribedBefore = lead.unsubscribedAt != nil
            let confirmed = lead.confirmed(by: record, at: plan.now, unsubscribeToken: unsubscribeToken, client: client)
            try confirmed.update(db)
            if try !Self.isMailBlocked(emailHash: confirmed.emailHash, in: db) {
                try Self.sendResultMailIfDue(to: confirmed, plan: plan, in: db)
            }
            let event = confirmed.event(wasSubscribedBefore ? .updated : .created, at: plan.now, baseURL: baseURL)
            try Self.enqueue(event, subject: confirmed.emailHash, for: webhookEndpoints, in: db)
            if let ads, confirmed.consentAdMeasurement,
                let landing = try Row.fetchOne(db, sql: "SELECT fbclid, createdAt FROM result WHERE id = ?", arguments: [confirmed.resultID])
            {
                try Self.enqueue(ads.events(for: confirmed, fbclid: landing["fbclid"], landedAt: landing["createdAt"]), of: confirmed, in: db)
            }
            return .confirmed(confirmed)
        }
    }

    /// "This wasn't me": forgets the pending lead behind `token` (a lead that was subscribed before goes back to
    /// unsubscribed) and puts the address on the suppression list, so the form cannot mail it again.
    public func reject(token: String, at now: Date) async throws -> ConfirmationOutcome {
        let digest = Digest.sha256(token)
        return try await self.sharedWrite { db in
            guard let (_, lead) = try Self.tokenAndLead(digest, in: db) else { return .unknown }
            if lead.status == .subscribed { return .alreadyConfirmed(lead) }
            guard lead.status == .pending else { return .expired }
            if lead.unsubscribedAt == nil {
                _ = try lead.delete(db)
            } else {
                var withdrawn = lead
                withdrawn.status = .unsubscribed
                withdrawn.updatedAt = now
                try withdrawn.update(db)
                try db.execute(
                    sql:
                        "UPDATE mail SET state = 'cancelled', confirmationToken = NULL, updatedAt = ? WHERE leadID = ? AND state IN ('queued', 'held')",
                    arguments: [now.storedText, lead.id]
                )
            }
            try SuppressionRecord(emailHash: lead.emailHash, reason: "rejected", createdAt: now).upsert(db)
            return .rejected(lead)
        }
    }

    /// Sends a new confirmation link for the pending lead behind `token` (expired or not), within the resend limits.
    /// Says nothing of whether it did: the page must not reveal anything about the address.
    public func resendConfirmation(token: String, plan: LeadMailPlan) async throws {
        let digest = Digest.sha256(token)
        try await self.sharedWrite { db in
            guard let (_, lead) = try Self.tokenAndLead(digest, in: db), lead.status == .pending else { return }
            guard try !Self.isMailBlocked(emailHash: lead.emailHash, in: db) else { return }
            try Self.issueConfirmation(for: lead, plan: plan, in: db)
        }
    }

    /// The lead a token confirms, for the page a GET shows (nothing changes).
    public func confirmationState(token: String, at now: Date) async throws -> (lead: LeadRecord, isExpired: Bool)? {
        let digest = Digest.sha256(token)
        return try await self.writer.read { db in
            try Self.tokenAndLead(digest, in: db).map { ($0.lead, $0.token.expiresAt <= now) }
        }
    }

    private static func tokenAndLead(_ digest: String, in db: Database) throws -> (token: ConfirmationTokenRecord, lead: LeadRecord)? {
        guard let token = try ConfirmationTokenRecord.filter(Column("tokenSHA256") == digest).fetchOne(db),
            let lead = try LeadRecord.fetchOne(db, key: token.leadID)
        else { return nil }
        return (token, lead)
    }
}
