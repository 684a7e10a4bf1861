import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain

/// The store on PostgreSQL, to the same rules as `AppDatabase` on SQLite: every part of `FunnelRepository`, with the
/// group commit (`PostgresGroupCommitter`), outbox claims under leases for several instances, and storage faults mapped
/// from SQLSTATE. Each part is tested on a real server, and the API suites run on both backends.
struct PostgresRepository: Sendable {
    /// The pooled connections, every wait on them under a deadline.
    let pool: PostgresPool
    let logger: Logger
    /// Where requests' results and leads are written, in shared transactions.
    let commits: PostgresGroupCommitter
    /// Consent texts already committed, which leads given them need not insert again.
    let keptConsentTexts = KeptConsentTexts()
    /// Whether the last write failed with a storage fault (the server gone, its disk full).
    let health = StorageHealth()
    /// One funnel flush at a time (`addFunnelCounts`).
    let funnelFlushes = AsyncLock()

    /// Whether the schema is known to be current: at once for a command, which checks it first; for `serve` once
    /// `PostgresStore` has migrated it.
    let readiness: StoreReadiness

    /// Names this instance in the outboxes' claims (`--instance-id`, by default the host name).
    let instanceID: String

    /// How long this instance's claims of due mails and webhook events hold (`--outbox-lease`): longer than the slowest
    /// delivery (SMTP's DATA time-out is two minutes). Another instance takes a row over once its claim has run out.
    let outboxLease: Duration?

    init(
        pool: PostgresPool,
        logger: Logger,
        instanceID: String = ProcessInfo.processInfo.hostName,
        outboxLease: Duration = OutboxLease.defaultLength,
        readiness: StoreReadiness = .always
    ) {
        self.outboxLease = outboxLease
        self.pool = pool
        self.logger = logger
        self.instanceID = instanceID
        self.readiness = readiness
        self.commits = PostgresGroupCommitter(pool: pool, logger: logger, onCommit: AppMetrics.writeBatch(size:))
    }

    /// The store on `client`'s connections, for a command or a test.
    init(client: PostgresClient, logger: Logger, instanceID: String = ProcessInfo.processInfo.hostName) {
        self.init(pool: PostgresPool(client: client), logger: logger, instanceID: instanceID)
    }

    /// Stores a scored result with `answersJSON`, its answers as a JSON object; returns once it is committed.
    func saveResult(_ result: ResultRecord, answersJSON: String) async throws {
        try await self.sharedWrite(batched: PostgresResultWrite(result: result, answersJSON: answersJSON, logger: self.logger))
    }

    /// Saves a lead from the result `resultID` of `quizID` in one shared, committed transaction, as
    /// `FunnelRepository.saveLead` says; `nil` when there is no such result.
    func saveLead(
        fromResult resultID: String,
        quizID: String,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?,
        makeLead: @escaping @Sendable (PlayedResult) throws -> LeadRecord
    ) async throws -> SavedLead? {
        let write = PostgresLeadWrite(
            repository: self,
            resultID: resultID,
            quizID: quizID,
            plan: plan,
            webhookEndpoints: webhookEndpoints,
            baseURL: baseURL,
            ads: ads,
            makeLead: makeLead
        )
        return try await self.sharedWrite(batched: write)
    }

    /// Saves `write` on its own, inside the shared transaction (its batch wrote the others together).
    func saveLead(_ write: PostgresLeadWrite, on connection: PostgresConnection) async throws -> SavedLead? {
        guard let result = try await PlayedResult.fetch(id: write.resultID, quizID: write.quizID, on: connection, logger: self.logger) else {
            return nil
        }
        let lead = try write.makeLead(result)
        let outcome = try await self.saveLead(lead, mail: write.plan, notifying: write.webhookEndpoints, baseURL: write.baseURL, on: connection)
        var saved = SavedLead(result: result, isNew: outcome.isNew)
        if let ads = write.ads, outcome.becameSubscribed, let subscribed = outcome.lead {
            saved.withheldAdConversions = ads.withheld(for: subscribed)
            let conversions = try ads.events(for: subscribed, fbclid: result.fbclid, landedAt: result.createdAt)
            try await self.enqueue(conversions, of: subscribed, on: connection)
        }
        return saved
    }

    /// Inserts `lead`, or records its opt-in on the existing lead of the same quiz and address.
    private func saveLead(
        _ lead: LeadRecord,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        on connection: PostgresConnection
    ) async throws -> LeadSaveOutcome {
        let isMailBlocked = plan == nil ? false : try await self.isMailBlocked(emailHash: lead.emailHash, on: connection)
        // As on SQLite: an address nobody can confirm is not kept pending, and the answer is the same as for any other.
        if isMailBlocked, lead.status == .pending { return LeadSaveOutcome(isNew: false, lead: nil, becameSubscribed: false) }
        var saved = lead
        let isNew = try await saved.insertUnlessKnown(on: connection, logger: self.logger)
        var wasSubscribed = false
        if !isNew {
            guard var existing = try await self.lead(quizID: lead.quizID, emailKey: lead.emailKey, on: connection) else {
                throw PostgresRowError(message: "lead neither inserted nor found")
            }
            wasSubscribed = existing.status == .subscribed
            existing.recordOptIn(from: lead)
            try await self.update(existing, on: connection)
            saved = existing
        }
        try await self.keepConsentText(of: saved, on: connection)
        let outcome = LeadSaveOutcome(isNew: isNew, lead: saved, becameSubscribed: saved.status == .subscribed && !wasSubscribed)
        guard saved.status == .subscribed else {
            // Pending: the CRM hears of it once it is confirmed.
            if let plan, !isMailBlocked { try await self.issueConfirmation(for: saved, isNew: isNew, plan: plan, on: connection) }
            return outcome
        }
        if let plan, !isMailBlocked { try await self.sendResultMailIfDue(to: saved, isNew: isNew, plan: plan, on: connection) }
        if !webhookEndpoints.isEmpty {
            let event = saved.event(isNew ? .created : .updated, at: saved.updatedAt, baseURL: baseURL)
            try await self.enqueue(event, subject: saved.emailHash, for: webhookEndpoints, on: connection)
        }
        return outcome
    }

    /// The quiz's lead for a normalised address.
    func lead(quizID: String, emailKey: String, on connection: PostgresConnection) async throws -> LeadRecord? {
        let rows = try await connection.query(
            "SELECT \(unescaped: LeadRecord.postgresColumns) FROM lead WHERE \"quizID\" = \(quizID) AND \"emailKey\" = \(emailKey)",
            logger: self.logger
        )
        for try await row in rows { return try LeadRecord(postgresRow: row) }
        return nil
    }

    /// Writes every field of the known `lead` back.
    func update(_ lead: LeadRecord, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE lead SET email = \(lead.email), name = \(lead.name), "segmentID" = \(lead.segmentID), "resultID" = \(lead.resultID),
                "consentVersion" = \(lead.consentVersion), "consentText" = \(lead.consentText), "consentLocale" = \(lead.consentLocale),
                "consentedAt" = \(lead.consentedAt), "consentTextSHA256" = \(lead.consentTextSHA256), "consentMethod" = \(lead.consentMethod),
                "consentOrigin" = \(lead.consentOrigin), "utmSource" = \(lead.utmSource), "utmMedium" = \(lead.utmMedium),
                "utmCampaign" = \(lead.utmCampaign), "utmTerm" = \(lead.utmTerm), "utmContent" = \(lead.utmContent), ref = \(lead.ref),
                "updatedAt" = \(lead.updatedAt), status = \(lead.status.rawValue), "unsubscribeToken" = \(lead.unsubscribeToken),
                "unsubscribedAt" = \(lead.unsubscribedAt), "confirmedAt" = \(lead.confirmedAt),
                "confirmationTokenID" = \(lead.confirmationTokenID), "confirmingIP" = \(lead.confirmingIP),
                "confirmingUserAgent" = \(lead.confirmingUserAgent), variant = \(lead.variant),
                "consentAdMeasurement" = \(lead.consentAdMeasurement), "consentAdPersonalization" = \(lead.consentAdPersonalization),
                "adClientUserAgent" = \(lead.adClientUserAgent), "adClientIP" = \(lead.adClientIP)
            WHERE id = \(lead.id)
            """,
            logger: self.logger
        )
    }

    /// Keeps the consent text a lead was given, unless it is known to be kept.
    func keepConsentText(of lead: LeadRecord, on connection: PostgresConnection) async throws {
        let key = KeptConsentTexts.Key(quizID: lead.quizID, version: lead.consentVersion, locale: lead.consentLocale, sha256: lead.consentTextSHA256)
        guard !self.keptConsentTexts.contains(key) else { return }
        try await connection.query(
            """
            INSERT INTO "consentText" ("quizID", version, locale, sha256, text, "firstSeenAt")
            VALUES (\(lead.quizID), \(lead.consentVersion), \(lead.consentLocale), \(lead.consentTextSHA256), \(lead.consentText),
                \(lead.consentedAt))
            ON CONFLICT DO NOTHING
            """,
            logger: self.logger
        )
    }
}

extension PlayedResult {
    /// The result `id` of `quizID`, or `nil`, read inside the shared write.
    static func fetch(id: String, quizID: String, on connection: PostgresConnection, logger: Logger) async throws -> PlayedResult? {
        for try await result in try await connection.execute(PostgresLeadStatements.SelectPlayedResult(id: id, quizID: quizID), logger: logger) {
            return result
        }
        return nil
    }
}

extension PostgresRepository: FunnelRepository {}
