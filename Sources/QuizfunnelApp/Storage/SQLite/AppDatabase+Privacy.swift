import Foundation
import GRDB
import QuizfunnelDomain

extension ConsentTextRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "consentText"
}

extension SuppressionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "suppression"
}

extension AppDatabase {
    /// Keeps each quiz's current consent texts, so every version ever published can be printed later, and remembers them
    /// as committed: leads given one of them need no insert of their own.
    public func keepConsentTexts(of catalog: QuizCatalog, at now: Date) async throws {
        let records = ConsentTextRecord.current(of: catalog, at: now)
        try await self.write { db in
            for record in records { try record.insert(db, onConflict: .ignore) }
        }
        let kept = records.map(\.key)
        self.keptConsentTexts.insert(committed: kept)
    }

    /// Every consent text kept for `quizID` (all quizzes when `nil`), oldest first.
    public func consentTexts(quizID: String?) async throws -> [ConsentTextRecord] {
        try await self.writer.read { db in
            var request = ConsentTextRecord.all()
            if let quizID { request = request.filter(Column("quizID") == quizID) }
            return try request.order(Column("firstSeenAt"), Column("quizID"), Column("version"), Column("locale")).fetchAll(db)
        }
    }

    /// The lead a withdrawal token belongs to.
    public func lead(unsubscribeToken token: String) async throws -> LeadRecord? {
        try await self.writer.read { db in
            try LeadRecord.filter(LeadRecord.Columns.unsubscribeToken == token).fetchOne(db)
        }
    }

    /// Withdraws the token's address from every list: its leads become unsubscribed, its hash goes on the suppression
    /// list, and each endpoint is sent `lead.unsubscribed`. `nil` for an unknown token. Repeating it changes nothing.
    public func withdraw(
        unsubscribeToken token: String,
        notifying webhookEndpoints: [String],
        baseURL: String,
        at now: Date
    ) async throws
        -> Withdrawal?
    {
        try await self.sharedWrite { db in
            guard let owner = try LeadRecord.filter(LeadRecord.Columns.unsubscribeToken == token).fetchOne(db) else { return nil }
            let leads = try LeadRecord.ofAddress(emailKey: owner.emailKey).fetchAll(db)
            var withdrawn = 0
            for var lead in leads where lead.status == .subscribed {
                lead.status = .unsubscribed
                lead.unsubscribedAt = now
                lead.updatedAt = now
                try lead.update(db)
                withdrawn += 1
                let event = lead.event(.unsubscribed, at: now, baseURL: baseURL)
                try Self.enqueue(event, subject: lead.emailHash, for: webhookEndpoints, in: db)
            }
            // Withdrawn before the result mail went out: it does not go.
            try MailRecord
                .filter(leads.compactMap(\.id).contains(MailRecord.Columns.leadID))
                .filter(MailRecord.Columns.kind == MailRecord.Kind.result.rawValue)
                .filter([MailRecord.State.queued.rawValue, MailRecord.State.held.rawValue].contains(MailRecord.Columns.state))
                .updateAll(db, MailRecord.Columns.state.set(to: MailRecord.State.cancelled.rawValue), Column("updatedAt").set(to: now))
            let isSuppressed = try SuppressionRecord.fetchOne(db, key: owner.emailHash) != nil
            if withdrawn > 0 || !isSuppressed {
                try SuppressionRecord(emailHash: owner.emailHash, reason: "unsubscribed", createdAt: now).upsert(db)
            }
            return Withdrawal(email: owner.email, locale: owner.consentLocale, leadsWithdrawn: withdrawn)
        }
    }

    /// Removes everything held about the address with key `emailKey` (leads, the results they came from, webhook events
    /// about them), keeps its hash on the suppression list, and sends `lead.erased` to the configured endpoints and to
    /// every endpoint that was sent something about the person.
    public func erase(emailKey: String, notifying webhookEndpoints: [String], at now: Date) async throws -> Erasure {
        let hash = Digest.emailHash(key: emailKey)
        return try await self.sharedWrite { db in
            let leads = try LeadRecord.ofAddress(emailKey: emailKey).fetchAll(db)
            let informed = try String.fetchAll(db, sql: "SELECT DISTINCT endpoint FROM webhookEvent WHERE subject = ?", arguments: [hash])
            let webhookEvents = try WebhookEventRecord.filter(WebhookEventRecord.Columns.subject == hash).deleteAll(db)
            // The leads' mails and confirmation links go with them (ON DELETE CASCADE).
            let mails = try MailRecord.filter(leads.compactMap(\.id).contains(MailRecord.Columns.leadID)).fetchCount(db)
            // And so do the conversions the CRM reported.
            let conversions = try Self.conversions(ofLeads: leads.compactMap(\.id), in: db).count
            try LeadRecord.ofAddress(emailKey: emailKey).deleteAll(db)
            var results = 0
            for resultID in Set(leads.map(\.resultID)) {
                // A result another address also signed up from stays, as theirs, but without the words written in it.
                let stillUsed = try LeadRecord.filter(Column("resultID") == resultID).fetchCount(db) > 0
                if !stillUsed, try ResultRecord.deleteOne(db, key: resultID) { results += 1 }
                if stillUsed { try db.execute(sql: "UPDATE result SET texts = NULL WHERE id = ?", arguments: [resultID]) }
            }
            try SuppressionRecord(emailHash: hash, reason: "erased", createdAt: now).upsert(db)
            // Ad platforms are sent conversions, not erasure notices: their queued conversions are simply gone.
            let endpoints = webhookEndpoints + informed.filter { !webhookEndpoints.contains($0) && AdPlatform(endpoint: $0) == nil }
            for lead in leads {
                let event = LeadErasedEvent(id: "msg_" + ResultID.make(), occurredAt: now, leadID: lead.id ?? 0, email: lead.email, quiz: lead.quizID)
                try Self.enqueue(id: event.id, type: LeadErasedEvent.type, body: try event.body(), subject: hash, for: endpoints, in: db)
            }
            return Erasure(leads: leads.count, results: results, webhookEvents: webhookEvents, mails: mails, conversions: conversions)
        }
    }

    /// Everything held about the address with key `emailKey`.
    public func personalData(emailKey: String) async throws -> PersonalData {
        let hash = Digest.emailHash(key: emailKey)
        return try await self.writer.read { db in
            let leads = try LeadRecord.ofAddress(emailKey: emailKey).order(LeadRecord.Columns.id).fetchAll(db)
            let results = try ResultRecord.filter(keys: Set(leads.map(\.resultID))).order(Column("createdAt")).fetchAll(db)
            var consentTexts: [ConsentTextRecord] = []
            for lead in leads {
                let text = try ConsentTextRecord.fetchOne(
                    db,
                    key: ["quizID": lead.quizID, "version": lead.consentVersion, "locale": lead.consentLocale, "sha256": lead.consentTextSHA256]
                )
                if let text, !consentTexts.contains(text) { consentTexts.append(text) }
            }
            return PersonalData(
                leads: leads,
                results: results,
                suppression: try SuppressionRecord.fetchOne(db, key: hash),
                consentTexts: consentTexts,
                webhookEvents: try WebhookEventRecord.filter(WebhookEventRecord.Columns.subject == hash).order(Column("createdAt")).fetchAll(db),
                mails: try MailRecord.filter(leads.compactMap(\.id).contains(MailRecord.Columns.leadID)).order(Column("id")).fetchAll(db),
                conversions: try Self.conversions(ofLeads: leads.compactMap(\.id), in: db)
            )
        }
    }
}
