import Foundation
import GRDB
import QuizfunnelDomain

extension LeadFilter {
    /// `request` narrowed to the leads this filter covers.
    func apply(to request: QueryInterfaceRequest<LeadRecord>) -> QueryInterfaceRequest<LeadRecord> {
        var request = request
        if let quizID = self.quizID { request = request.filter(LeadRecord.Columns.quizID == quizID) }
        if let segmentID = self.segmentID { request = request.filter(LeadRecord.Columns.segmentID == segmentID) }
        if let since = self.since { request = request.filter(LeadRecord.Columns.updatedAt >= since) }
        switch self.status {
        case .subscribed?:
            // A withdrawal newer than the consent wins, whatever the row says.
            request = request.filter(LeadRecord.Columns.status == LeadStatus.subscribed.rawValue)
                .filter(
                    sql:
                        "NOT EXISTS (SELECT 1 FROM suppression WHERE suppression.emailHash = lead.emailHash AND suppression.createdAt >= lead.consentedAt)"
                )
        case .unsubscribed?, .pending?:
            request = request.filter(LeadRecord.Columns.status == self.status!.rawValue)
        case nil:
            break
        }
        return request
    }
}

extension AppDatabase {
    /// Stores a scored result with `answersJSON`, its answers as a JSON object (see `ResultViews`); returns once it is
    /// committed.
    public func saveResult(_ result: ResultRecord, answersJSON: String) async throws {
        assert((try? JSONDecoder().decode([String: String].self, from: Data(answersJSON.utf8))) == result.answers, "answersJSON is not the answers")
        try await self.sharedWrite { db in try result.insert(db, answersJSON: answersJSON) }
    }

    /// Saves a lead from the result `resultID` of `quizID`, all in one shared, committed transaction: reads the result
    /// (without its answers), lets `makeLead` build the lead from it or throw to take nothing, inserts the lead or
    /// records a new opt-in on the quiz's existing lead with the same address, keeps the consent text shown, queues the
    /// mails `mail` allows (a confirmation for a pending address, the result mail for a subscribed one), and queues a
    /// `lead.created` or `lead.updated` event for each webhook endpoint once the address is subscribed, and its
    /// conversions for the ad platforms of `ads` when it becomes subscribed. Returns `nil` when there is no such result.
    ///
    /// The result is read inside the write rather than before it: one hop to a reader thread and back per lead was a
    /// visible share of the lead route's profile (see BENCHMARKS.md). `makeLead` runs on the writer, so it must be quick.
    public func saveLead(
        fromResult resultID: String,
        quizID: String,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?,
        makeLead: @escaping @Sendable (PlayedResult) throws -> LeadRecord
    ) async throws -> SavedLead? {
        try await self.sharedWrite { db in
            guard let result = try PlayedResult.fetch(id: resultID, quizID: quizID, in: db) else {
                return nil
            }
            let lead = try makeLead(result)
            let outcome = try self.saveLead(lead, mail: plan, notifying: webhookEndpoints, baseURL: baseURL, in: db)
            var saved = SavedLead(result: result, isNew: outcome.isNew)
            if let ads, outcome.becameSubscribed, let subscribed = outcome.lead {
                saved.withheldAdConversions = ads.withheld(for: subscribed)
                try Self.enqueue(ads.events(for: subscribed, fbclid: result.fbclid, landedAt: result.createdAt), of: subscribed, in: db)
            }
            return saved
        }
    }

    /// Inserts `lead`, or records its opt-in on the existing lead of the same quiz and address.
    private func saveLead(
        _ lead: LeadRecord,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        in db: Database
    ) throws -> LeadSaveOutcome {
        let isMailBlocked = try plan != nil && Self.isMailBlocked(emailHash: lead.emailHash, in: db)
        // An address whose owner said "This wasn't me", or that does not exist, is not kept pending: nobody can confirm
        // it, and the answer is the same as for any other.
        if isMailBlocked, lead.status == .pending { return LeadSaveOutcome(isNew: false, lead: nil, becameSubscribed: false) }
        var saved = lead
        let isNew = try saved.insertUnlessKnown(db)
        var wasSubscribed = false
        if !isNew {
            guard var existing = try LeadRecord.fetchOne(db, quizID: lead.quizID, emailKey: lead.emailKey) else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "lead neither inserted nor found")
            }
            wasSubscribed = existing.status == .subscribed
            existing.recordOptIn(from: lead)
            try existing.update(db)
            saved = existing
        }
        try self.keepConsentText(of: saved, in: db)
        let outcome = LeadSaveOutcome(isNew: isNew, lead: saved, becameSubscribed: saved.status == .subscribed && !wasSubscribed)
        guard saved.status == .subscribed else {
            // Pending: the CRM hears of it once it is confirmed.
            if let plan, !isMailBlocked { try Self.issueConfirmation(for: saved, isNew: isNew, plan: plan, in: db) }
            return outcome
        }
        if let plan, !isMailBlocked { try Self.sendResultMailIfDue(to: saved, isNew: isNew, plan: plan, in: db) }
        if !webhookEndpoints.isEmpty {
            let event = saved.event(isNew ? .created : .updated, at: saved.updatedAt, baseURL: baseURL)
            try Self.enqueue(event, subject: saved.emailHash, for: webhookEndpoints, in: db)
        }
        return outcome
    }

    /// Keeps the consent text a lead was given, by quiz, version, locale and digest, unless it is known to be kept.
    private func keepConsentText(of lead: LeadRecord, in db: Database) throws {
        let key = KeptConsentTexts.Key(quizID: lead.quizID, version: lead.consentVersion, locale: lead.consentLocale, sha256: lead.consentTextSHA256)
        guard !self.keptConsentTexts.contains(key) else { return }
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO consentText (quizID, version, locale, sha256, text, firstSeenAt) VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            lead.quizID, lead.consentVersion, lead.consentLocale, lead.consentTextSHA256, lead.consentText, lead.consentedAt.storedText,
        ])
    }

    /// Calls `body` with the matching leads in batches of `batchSize`, oldest first, never holding the whole list in memory.
    public func forEachLeadBatch(
        matching filter: LeadFilter,
        baseURL: String,
        batchSize: Int,
        _ body: ([Lead]) async throws -> Void
    ) async throws {
        // The next batch is read while the caller writes this one out: reading and formatting share the two halves
        // of the work (see BENCHMARKS.md), and at most two batches are held at a time.
        let read: @Sendable (Int64) async throws -> [Lead] = { lastID in
            try await self.writer.read { db in
                try filter.apply(to: LeadRecord.filter(LeadRecord.Columns.id > lastID))
                    .order(LeadRecord.Columns.id)
                    .limit(batchSize)
                    .fetchAll(db)
            }
            .map { $0.lead(baseURL: baseURL) }
        }
        var next = Task { try await read(0) }
        defer { next.cancel() }
        while true {
            let batch = try await next.value
            guard let last = batch.last?.id else { return }
            next = Task { try await read(last) }
            try await body(batch)
        }
    }
}

extension AppDatabase {
    /// Calls `body` with the matching results in batches, oldest first (by time, then id), the next batch read while
    /// `body` writes this one out.
    public func forEachResultBatch(matching filter: ResultFilter, batchSize: Int, _ body: ([ResultRecord]) async throws -> Void) async throws {
        let read: @Sendable (ResultRecord?) async throws -> [ResultRecord] = { last in
            try await self.writer.read { db in
                try ResultRecord.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM result
                        WHERE quizID = ? AND (? IS NULL OR segmentID = ?) AND (? IS NULL OR createdAt >= ?)
                            AND (createdAt, id) > (?, ?)
                        ORDER BY createdAt, id LIMIT ?
                        """,
                    arguments: [
                        filter.quizID, filter.segmentID, filter.segmentID, filter.since?.storedText, filter.since?.storedText,
                        last?.createdAt.storedText ?? "", last?.id ?? "", batchSize,
                    ]
                )
            }
        }
        var next = Task { try await read(nil) }
        defer { next.cancel() }
        while true {
            let batch = try await next.value
            guard let last = batch.last else { return }
            next = Task { try await read(last) }
            try await body(batch)
        }
    }
}

extension AppDatabase {
    /// The most recently changed matching leads, newest first.
    public func newestLeads(matching filter: LeadFilter, limit: Int, baseURL: String) async throws -> [Lead] {
        try await self.writer.read { db in
            try filter.apply(to: LeadRecord.all())
                .order(LeadRecord.Columns.updatedAt.desc, LeadRecord.Columns.id.desc)
                .limit(limit)
                .fetchAll(db)
                .map { $0.lead(baseURL: baseURL) }
        }
    }
}
