import Foundation
import PostgresNIO
import QuizfunnelDomain

/// Consent texts, withdrawal, erasure and the person look-up on PostgreSQL, as `AppDatabase+Privacy` on SQLite.
extension PostgresRepository {
    /// The leads of an address in every quiz, found through the (quizID, emailKey) index one quiz at a time (a loose
    /// index scan), as on SQLite: an index by address alone would cost every new lead a page at a random place.
    static let leadsOfAddress = """
        WITH RECURSIVE quiz(id) AS (
            SELECT min("quizID") FROM lead
            UNION ALL
            SELECT (SELECT min("quizID") FROM lead WHERE "quizID" > quiz.id) FROM quiz WHERE quiz.id IS NOT NULL
        )
        SELECT \(LeadRecord.postgresColumns) FROM lead WHERE "quizID" IN (SELECT id FROM quiz WHERE id IS NOT NULL) AND "emailKey" =
        """

    /// Keeps each quiz's current consent texts, and remembers them as committed.
    func keepConsentTexts(of catalog: QuizCatalog, at now: Date) async throws {
        let records = ConsentTextRecord.current(of: catalog, at: now)
        try await self.pool.withTransaction(logger: self.logger) { connection in
            for record in records {
                try await connection.query(
                    """
                    INSERT INTO "consentText" ("quizID", version, locale, sha256, text, "firstSeenAt")
                    VALUES (\(record.quizID), \(record.version), \(record.locale), \(record.sha256), \(record.text), \(now))
                    ON CONFLICT DO NOTHING
                    """,
                    logger: self.logger
                )
            }
        }
        let kept = records.map(\.key)
        self.keptConsentTexts.insert(committed: kept)
    }

    /// Every consent text kept for `quizID` (all quizzes when `nil`), oldest first.
    func consentTexts(quizID: String?) async throws -> [ConsentTextRecord] {
        let rows = try await self.pool.query(
            """
            SELECT "quizID", version, locale, sha256, text, "firstSeenAt" FROM "consentText"
            WHERE \(quizID)::text IS NULL OR "quizID" = \(quizID)
            ORDER BY "firstSeenAt", "quizID", version, locale
            """,
            logger: self.logger
        )
        var texts: [ConsentTextRecord] = []
        for try await row in rows { texts.append(try ConsentTextRecord(postgresRow: row)) }
        return texts
    }

    /// The lead a withdrawal token belongs to.
    func lead(unsubscribeToken token: String) async throws -> LeadRecord? {
        let rows = try await self.pool.query(
            #"SELECT \#(unescaped: LeadRecord.postgresColumns) FROM lead WHERE "unsubscribeToken" = \#(token)"#,
            logger: self.logger
        )
        for try await row in rows { return try LeadRecord(postgresRow: row) }
        return nil
    }

    /// Withdraws the token's address from every list, suppresses it and queues `lead.unsubscribed`; `nil` for an
    /// unknown token. Repeating it changes nothing.
    func withdraw(unsubscribeToken token: String, notifying webhookEndpoints: [String], baseURL: String, at now: Date) async throws -> Withdrawal? {
        try await self.sharedWrite { connection in
            let owners = try await connection.query(
                #"SELECT \#(unescaped: LeadRecord.postgresColumns) FROM lead WHERE "unsubscribeToken" = \#(token) FOR UPDATE"#,
                logger: self.logger
            )
            var found: LeadRecord?
            for try await row in owners { found = try LeadRecord(postgresRow: row) }
            guard let owner = found else { return nil }
            let leads = try await self.leads(ofAddress: owner.emailKey, locking: true, on: connection)
            var withdrawn = 0
            for var lead in leads where lead.status == .subscribed {
                lead.status = .unsubscribed
                lead.unsubscribedAt = now
                lead.updatedAt = now
                try await self.update(lead, on: connection)
                withdrawn += 1
                let event = lead.event(.unsubscribed, at: now, baseURL: baseURL)
                try await self.enqueue(event, subject: lead.emailHash, for: webhookEndpoints, on: connection)
            }
            // Withdrawn before the result mail went out: it does not go.
            try await connection.query(
                """
                UPDATE mail SET state = 'cancelled', "updatedAt" = \(now)
                WHERE "leadID" = ANY(\(leads.compactMap(\.id))) AND kind = 'result' AND state IN ('queued', 'held')
                """,
                logger: self.logger
            )
            var isSuppressed = false
            for try await _ in try await connection.query(#"SELECT 1 FROM suppression WHERE "emailHash" = \#(owner.emailHash)"#, logger: self.logger)
            {
                isSuppressed = true
            }
            if withdrawn > 0 || !isSuppressed {
                try await self.suppress(emailHash: owner.emailHash, reason: "unsubscribed", at: now, on: connection)
            }
            return Withdrawal(email: owner.email, locale: owner.consentLocale, leadsWithdrawn: withdrawn)
        }
    }

    /// Removes everything held about the address, keeps its hash on the suppression list, and queues `lead.erased` for
    /// the configured endpoints and every endpoint that was sent something about the person.
    func erase(emailKey: String, notifying webhookEndpoints: [String], at now: Date) async throws -> Erasure {
        let hash = Digest.emailHash(key: emailKey)
        return try await self.sharedWrite { connection in
            let leads = try await self.leads(ofAddress: emailKey, locking: true, on: connection)
            let leadIDs = leads.compactMap(\.id)
            var informed: [String] = []
            for try await endpoint in try await connection.query(
                #"SELECT DISTINCT endpoint FROM "webhookEvent" WHERE subject = \#(hash)"#,
                logger: self.logger
            ).decode(String.self) {
                informed.append(endpoint)
            }
            let webhookEvents = try await self.count(#"DELETE FROM "webhookEvent" WHERE subject = \#(hash) RETURNING 1"#, on: connection)
            // The leads' mails and confirmation links go with them (ON DELETE CASCADE).
            let mails = try await self.count(#"SELECT 1 FROM mail WHERE "leadID" = ANY(\#(leadIDs))"#, on: connection)
            // And so do the conversions the CRM reported.
            let conversions = try await self.count(#"SELECT 1 FROM conversion WHERE "leadID" = ANY(\#(leadIDs))"#, on: connection)
            try await connection.query("DELETE FROM lead WHERE id = ANY(\(leadIDs))", logger: self.logger)
            // A result another address also signed up from stays, as theirs, but without the words written in it.
            let resultIDs = Array(Set(leads.map(\.resultID)))
            let results = try await self.count(
                """
                DELETE FROM result WHERE id = ANY(\(resultIDs))
                    AND NOT EXISTS (SELECT 1 FROM lead WHERE lead."resultID" = result.id) RETURNING 1
                """,
                on: connection
            )
            try await connection.query("UPDATE result SET texts = NULL WHERE id = ANY(\(resultIDs)) AND texts IS NOT NULL", logger: self.logger)
            try await self.suppress(emailHash: hash, reason: "erased", at: now, on: connection)
            // Ad platforms are sent conversions, not erasure notices: their queued conversions are simply gone.
            let endpoints = webhookEndpoints + informed.filter { !webhookEndpoints.contains($0) && AdPlatform(endpoint: $0) == nil }
            for lead in leads {
                let event = LeadErasedEvent(id: "msg_" + ResultID.make(), occurredAt: now, leadID: lead.id ?? 0, email: lead.email, quiz: lead.quizID)
                try await self.enqueue(
                    id: event.id,
                    type: LeadErasedEvent.type,
                    body: try event.body(),
                    subject: hash,
                    for: endpoints,
                    on: connection
                )
            }
            return Erasure(leads: leads.count, results: results, webhookEvents: webhookEvents, mails: mails, conversions: conversions)
        }
    }

    /// Everything held about the address.
    func personalData(emailKey: String) async throws -> PersonalData {
        let hash = Digest.emailHash(key: emailKey)
        return try await self.pool.withConnection { connection in
            let leads = try await self.leads(ofAddress: emailKey, locking: false, on: connection).sorted { ($0.id ?? 0) < ($1.id ?? 0) }
            var results: [ResultRecord] = []
            for try await row in try await connection.query(
                #"SELECT \#(unescaped: ResultRecord.postgresColumns) FROM result WHERE id = ANY(\#(Array(Set(leads.map(\.resultID))))) ORDER BY "createdAt""#,
                logger: self.logger
            ) {
                results.append(try ResultRecord(postgresRow: row))
            }
            var consentTexts: [ConsentTextRecord] = []
            for lead in leads {
                for try await row in try await connection.query(
                    """
                    SELECT "quizID", version, locale, sha256, text, "firstSeenAt" FROM "consentText"
                    WHERE "quizID" = \(lead.quizID) AND version = \(lead.consentVersion) AND locale = \(lead.consentLocale)
                        AND sha256 = \(lead.consentTextSHA256)
                    """,
                    logger: self.logger
                ) {
                    let text = try ConsentTextRecord(postgresRow: row)
                    if !consentTexts.contains(text) { consentTexts.append(text) }
                }
            }
            var suppression: SuppressionRecord?
            for try await (emailHash, reason, createdAt) in try await connection.query(
                #"SELECT "emailHash", reason, "createdAt" FROM suppression WHERE "emailHash" = \#(hash)"#,
                logger: self.logger
            ).decode((String, String, Date).self) {
                suppression = SuppressionRecord(emailHash: emailHash, reason: reason, createdAt: createdAt)
            }
            var events: [WebhookEventRecord] = []
            for try await row in try await connection.query(
                #"SELECT \#(unescaped: WebhookEventRecord.postgresColumns) FROM "webhookEvent" WHERE subject = \#(hash) ORDER BY "createdAt""#,
                logger: self.logger
            ) {
                events.append(try WebhookEventRecord(postgresRow: row))
            }
            var mails: [MailRecord] = []
            for try await row in try await connection.query(
                #"SELECT \#(unescaped: MailRecord.postgresColumns) FROM mail WHERE "leadID" = ANY(\#(leads.compactMap(\.id))) ORDER BY id"#,
                logger: self.logger
            ) {
                mails.append(try MailRecord(postgresRow: row))
            }
            return PersonalData(
                leads: leads,
                results: results,
                suppression: suppression,
                consentTexts: consentTexts,
                webhookEvents: events,
                mails: mails,
                conversions: try await self.conversions(ofLeads: leads.compactMap(\.id), on: connection)
            )
        }
    }

    func leads(ofAddress emailKey: String, locking: Bool, on connection: PostgresConnection) async throws -> [LeadRecord] {
        var query = PostgresQuery(unsafeSQL: Self.leadsOfAddress + " $1" + (locking ? " FOR UPDATE" : ""))
        query.binds.append(emailKey)
        var leads: [LeadRecord] = []
        for try await row in try await connection.query(query, logger: self.logger) { leads.append(try LeadRecord(postgresRow: row)) }
        return leads
    }

    /// The rows `query` returns, counted.
    func count(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query, logger: self.logger) { count += 1 }
        return count
    }
}
