import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain

/// A scored result to store, written with the other results of its batch in one statement.
struct PostgresResultWrite: PostgresBatchedWrite {
    let result: ResultRecord
    let answersJSON: String
    let logger: Logger

    func writeAlone(on connection: PostgresConnection) async throws {
        let result = self.result
        try await connection.query(
            """
            INSERT INTO result (id, "quizID", "segmentID", answers, locale, "utmSource", "utmMedium", "utmCampaign",
                "utmTerm", "utmContent", ref, "createdAt", "shareRef", texts, "quizVersion", variant, fbclid, gclid)
            VALUES (\(result.id), \(result.quizID), \(result.segmentID), \(self.answersJSON)::jsonb, \(result.locale),
                \(result.utmSource), \(result.utmMedium), \(result.utmCampaign), \(result.utmTerm), \(result.utmContent),
                \(result.ref), \(result.createdAt), \(result.shareRef), \(result.textsJSON)::jsonb, \(result.quizVersion),
                \(result.variant), \(result.fbclid), \(result.gclid))
            """,
            logger: self.logger
        )
    }

    /// One `INSERT … SELECT FROM unnest(…)`; a result whose id is taken (`ON CONFLICT DO NOTHING`) is handed back, to
    /// fail on its own as it did before.
    static func writeTogether(_ writes: [Self], on connection: PostgresConnection, logger: Logger) async throws -> [Void?] {
        let results = writes.map(\.result)
        func column(_ value: (ResultRecord) -> String?) -> PostgresNullableArray<String> { PostgresNullableArray(results.map(value)) }
        let rows = try await connection.query(
            """
            INSERT INTO result (id, "quizID", "segmentID", answers, locale, "utmSource", "utmMedium", "utmCampaign",
                "utmTerm", "utmContent", ref, "createdAt", "shareRef", texts, "quizVersion", variant, fbclid, gclid)
            SELECT id, quiz, segment, answers::jsonb, locale, source, medium, campaign, term, content, ref, created, share,
                texts::jsonb, version, variant, fbclid, gclid
            FROM unnest(\(results.map(\.id)), \(results.map(\.quizID)), \(results.map(\.segmentID)), \(writes.map(\.answersJSON)),
                \(results.map(\.locale)), \(column(\.utmSource)), \(column(\.utmMedium)), \(column(\.utmCampaign)),
                \(column(\.utmTerm)), \(column(\.utmContent)), \(column(\.ref)), \(results.map(\.createdAt)), \(column(\.shareRef)),
                \(column(\.textsJSON)), \(column(\.quizVersion)), \(column(\.variant)), \(column(\.fbclid)), \(column(\.gclid)))
                AS row(id, quiz, segment, answers, locale, source, medium, campaign, term, content, ref, created, share, texts,
                    version, variant, fbclid, gclid)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        var inserted = Set<String>()
        for try await id in rows.decode(String.self) { inserted.insert(id) }
        return results.map { inserted.contains($0.id) ? () : nil }
    }
}

/// An opt-in to save from a stored result, as `FunnelRepository.saveLead` says. A batch's new addresses are written
/// together, one statement per table; an address the quiz already has is handed back, to be written on its own
/// (`PostgresRepository.saveLead(_:on:)`), whose rules for a known lead (resend limits, the 24-hour result mail) need
/// reads of its own.
struct PostgresLeadWrite: PostgresBatchedWrite {
    let repository: PostgresRepository
    let resultID: String
    let quizID: String
    let plan: LeadMailPlan?
    let webhookEndpoints: [String]
    let baseURL: String
    let ads: AdConversionPlan?
    let makeLead: @Sendable (PlayedResult) throws -> LeadRecord

    func writeAlone(on connection: PostgresConnection) async throws -> SavedLead? {
        try await self.repository.saveLead(self, on: connection)
    }

    static func writeTogether(_ writes: [Self], on connection: PostgresConnection, logger: Logger) async throws -> [SavedLead??] {
        let repository = writes[0].repository
        var answers = [SavedLead??](repeating: nil, count: writes.count)  // nil: written on its own
        let results = try await Self.results(Set(writes.map(\.resultID)), on: connection, logger: logger)
        var leads: [(index: Int, lead: LeadRecord, result: PlayedResult)] = []
        for (index, write) in writes.enumerated() {
            guard let (quizID, result) = results[write.resultID], quizID == write.quizID else {
                answers[index] = .some(nil)  // no such result: nothing written
                continue
            }
            // One that makes no lead (a bot, another variant) throws again on its own, with its error.
            guard let lead = try? write.makeLead(result) else { continue }
            leads.append((index, lead, result))
        }
        let blocked = try await Self.blockedAddresses(Set(leads.map(\.lead.emailHash)), on: connection, logger: logger)
        // As on its own: an address nobody can confirm is not kept pending, and the answer is the same as for any other.
        leads.removeAll { entry in
            guard writes[entry.index].plan != nil, blocked.contains(entry.lead.emailHash), entry.lead.status == .pending else { return false }
            answers[entry.index] = .some(SavedLead(result: entry.result, isNew: false))
            return true
        }
        guard !leads.isEmpty else { return answers }
        let ids = try await Self.insert(leads.map(\.lead), on: connection, logger: logger)
        var mails: [PostgresLeadStatements.InsertMail] = []
        var tokens: [(leadID: Int64, sha256: String, createdAt: Date, expiresAt: Date)] = []
        for (entry, id) in zip(leads, ids) {
            guard let id else { continue }  // the quiz has this address, or another write of the batch took it
            var lead = entry.lead
            lead.id = id
            let write = writes[entry.index]
            try await repository.keepConsentText(of: lead, on: connection)
            var saved = SavedLead(result: entry.result, isNew: true)
            let mailsAllowed = write.plan != nil && !blocked.contains(lead.emailHash)
            if lead.status == .pending {
                // The CRM hears of it once it is confirmed.
                if mailsAllowed, let plan = write.plan, let token = plan.confirmationToken {
                    tokens.append((id, token.sha256, plan.now, plan.now.addingTimeInterval(plan.confirmationTTL)))
                    mails.append(.init(.confirmation, for: lead, plan: plan, confirmationToken: token.secret))
                }
            } else {
                if mailsAllowed, let plan = write.plan { mails.append(.init(.result, for: lead, plan: plan, confirmationToken: nil)) }
                let event = lead.event(.created, at: lead.updatedAt, baseURL: write.baseURL)
                try await repository.enqueue(event, subject: lead.emailHash, for: write.webhookEndpoints, on: connection)
                if let ads = write.ads {
                    saved.withheldAdConversions = ads.withheld(for: lead)
                    let conversions = try ads.events(for: lead, fbclid: entry.result.fbclid, landedAt: entry.result.createdAt)
                    try await repository.enqueue(conversions, of: lead, on: connection)
                }
            }
            answers[entry.index] = .some(saved)
        }
        try await Self.insertTokens(tokens, on: connection, logger: logger)
        try await Self.insert(mails, on: connection, logger: logger)
        return answers
    }

    /// The results `ids` with their quizzes, by id.
    private static func results(_ ids: Set<String>, on connection: PostgresConnection, logger: Logger) async throws -> [String: (String, PlayedResult)] {
        let rows = try await connection.query(
            """
            SELECT "quizID", id, "segmentID", locale, "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", ref,
                "createdAt", variant, fbclid
            FROM result WHERE id = ANY(\(Array(ids)))
            """,
            logger: logger
        )
        var results: [String: (String, PlayedResult)] = [:]
        for try await row in rows {
            var cells = PostgresCells(row)
            let quizID: String = try cells.next()
            let id: String = try cells.next()
            let segmentID: String = try cells.next()
            let locale: String = try cells.next()
            let utm = UTM(source: try cells.next(), medium: try cells.next(), campaign: try cells.next(), term: try cells.next(), content: try cells.next())
            let ref: String? = try cells.next()
            results[id] = (
                quizID,
                PlayedResult(
                    id: id,
                    segmentID: segmentID,
                    locale: locale,
                    attribution: Attribution(utm: utm, ref: ref),
                    createdAt: try cells.next(),
                    variant: try cells.next(),
                    fbclid: try cells.next()
                )
            )
        }
        return results
    }

    /// Which of `hashes` are suppressed for a reason that stops every mail (`MailRules.blockingSuppressions`).
    private static func blockedAddresses(_ hashes: Set<String>, on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        let rows = try await connection.query(
            #"SELECT "emailHash" FROM suppression WHERE "emailHash" = ANY(\#(Array(hashes))) AND reason = ANY(\#(MailRules.blockingSuppressions))"#,
            logger: logger
        )
        var blocked = Set<String>()
        for try await hash in rows.decode(String.self) { blocked.insert(hash) }
        return blocked
    }

    /// Inserts `leads` unless their quiz has their address; each one's new id, or `nil` where it was not inserted
    /// (the quiz has the address, or an earlier lead of `leads` has it).
    private static func insert(_ leads: [LeadRecord], on connection: PostgresConnection, logger: Logger) async throws -> [Int64?] {
        func text(_ value: (LeadRecord) -> String?) -> PostgresNullableArray<String> { PostgresNullableArray(leads.map(value)) }
        func date(_ value: (LeadRecord) -> Date?) -> PostgresNullableArray<Date> { PostgresNullableArray(leads.map(value)) }
        let rows = try await connection.query(
            """
            INSERT INTO lead ("quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText",
                "consentLocale", "consentedAt", "consentTextSHA256", "consentMethod", "consentOrigin", "utmSource", "utmMedium",
                "utmCampaign", "utmTerm", "utmContent", ref, "createdAt", "updatedAt", status, "emailHash", "unsubscribeToken",
                "unsubscribedAt", "confirmedAt", "confirmationTokenID", "confirmingIP", "confirmingUserAgent", variant,
                "consentAdMeasurement", "consentAdPersonalization", "adClientUserAgent", "adClientIP")
            SELECT * FROM unnest(\(text(\.quizID)), \(text(\.emailKey)), \(text(\.email)), \(text(\.name)), \(text(\.segmentID)),
                \(text(\.resultID)), \(text(\.consentVersion)), \(text(\.consentText)), \(text(\.consentLocale)),
                \(date(\.consentedAt)), \(text(\.consentTextSHA256)), \(text(\.consentMethod)), \(text(\.consentOrigin)),
                \(text(\.utmSource)), \(text(\.utmMedium)), \(text(\.utmCampaign)), \(text(\.utmTerm)), \(text(\.utmContent)),
                \(text(\.ref)), \(date(\.createdAt)), \(date(\.updatedAt)), \(text(\.status.rawValue)), \(text(\.emailHash)),
                \(text(\.unsubscribeToken)), \(date(\.unsubscribedAt)), \(date(\.confirmedAt)),
                \(PostgresNullableArray(leads.map(\.confirmationTokenID))), \(text(\.confirmingIP)), \(text(\.confirmingUserAgent)),
                \(text(\.variant)), \(leads.map(\.consentAdMeasurement)), \(leads.map(\.consentAdPersonalization)),
                \(text(\.adClientUserAgent)), \(text(\.adClientIP)))
            ON CONFLICT ("quizID", "emailKey") DO NOTHING
            RETURNING id, "quizID", "emailKey"
            """,
            logger: logger
        )
        var inserted: [String: Int64] = [:]  // by quiz and address key
        for try await (id, quizID, emailKey) in rows.decode((Int64, String, String).self) { inserted[quizID + "\u{0}" + emailKey] = id }
        // Each id goes to the first lead of its address: a second one in the batch is written on its own, as an opt-in
        // of a known address.
        return leads.map { inserted.removeValue(forKey: $0.quizID + "\u{0}" + $0.emailKey) }
    }

    private static func insertTokens(
        _ tokens: [(leadID: Int64, sha256: String, createdAt: Date, expiresAt: Date)],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !tokens.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO "confirmationToken" ("leadID", "tokenSHA256", "createdAt", "expiresAt")
            SELECT * FROM unnest(\(tokens.map(\.leadID)), \(tokens.map(\.sha256)), \(tokens.map(\.createdAt)), \(tokens.map(\.expiresAt)))
            """,
            logger: logger
        )
    }

    private static func insert(_ mails: [PostgresLeadStatements.InsertMail], on connection: PostgresConnection, logger: Logger) async throws {
        guard !mails.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO mail ("messageID", kind, "quizID", "leadID", "confirmationToken", state, "createdAt", "nextAttemptAt",
                "giveUpAt", "updatedAt")
            SELECT message, kind, quiz, lead, token, state, now, now, "giveUpAt", now
            FROM unnest(\(mails.map(\.messageID)), \(mails.map(\.kind)), \(mails.map(\.quizID)), \(PostgresNullableArray(mails.map(\.leadID))),
                \(PostgresNullableArray(mails.map(\.confirmationToken))), \(mails.map(\.state)), \(mails.map(\.now)),
                \(mails.map(\.giveUpAt)))
                AS row(message, kind, quiz, lead, token, state, now, "giveUpAt")
            """,
            logger: logger
        )
    }
}
