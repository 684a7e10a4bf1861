import Foundation
import GRDB
import QuizfunnelDomain

/// Which leads an export or a query covers; `nil` means all.
public struct LeadFilter: Sendable, Equatable {
    public var quizID: String?
    public var segmentID: String?
    /// Only leads created or changed at or after this time.
    public var since: Date?
    /// `nil` for every status.
    public var status: LeadStatus?

    public init(quizID: String? = nil, segmentID: String? = nil, since: Date? = nil, status: LeadStatus? = .subscribed) {
        self.quizID = quizID
        self.segmentID = segmentID
        self.since = since
        self.status = status
    }

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
        case .unsubscribed?:
            request = request.filter(LeadRecord.Columns.status == LeadStatus.unsubscribed.rawValue)
        case nil:
            break
        }
        return request
    }
}

extension AppDatabase {
    /// Stores a scored result; returns once it is committed.
    func saveResult(_ result: ResultRecord) async throws {
        try await self.commits.write { db in try result.insert(db) }
    }

    /// The result a lead comes from, without its answers.
    func playedResult(id: String, quizID: String) async throws -> PlayedResult? {
        try await self.writer.read { db in
            try PlayedResult.fetchOne(db.cachedStatement(sql: PlayedResult.query), arguments: [id, quizID])
        }
    }

    /// Inserts the lead, or records a new opt-in on the quiz's existing lead with the same address; keeps the consent
    /// text shown; and queues a `lead.created` or `lead.updated` event for each webhook endpoint, all in one committed
    /// transaction. Returns true for a new lead.
    @discardableResult
    func saveLead(_ lead: LeadRecord, notifying webhookEndpoints: [String] = [], baseURL: String = "") async throws -> Bool {
        try await self.commits.write { db in
            let existing = try LeadRecord.fetchOne(db, quizID: lead.quizID, emailKey: lead.emailKey)
            var saved: LeadRecord
            if var existing {
                existing.recordOptIn(from: lead)
                try existing.update(db)
                saved = existing
            } else {
                saved = lead
                try saved.insertPrepared(db)
            }
            try Self.keepConsentText(of: saved, in: db)
            let event = LeadEvent(
                id: "msg_" + ResultID.make(),
                type: existing == nil ? .created : .updated,
                occurredAt: saved.updatedAt,
                lead: saved.lead(baseURL: baseURL)
            )
            try Self.enqueue(event, subject: saved.emailHash, for: webhookEndpoints, in: db)
            return existing == nil
        }
    }

    /// Keeps the consent text a lead was given, by quiz, version, locale and digest.
    static func keepConsentText(of lead: LeadRecord, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO consentText (quizID, version, locale, sha256, text, firstSeenAt) VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [lead.quizID, lead.consentVersion, lead.consentLocale, lead.consentTextSHA256, lead.consentText, lead.consentedAt]
        )
    }

    /// Calls `body` with the matching leads in batches of `batchSize`, oldest first, never holding the whole list in memory.
    public func forEachLeadBatch(
        matching filter: LeadFilter,
        baseURL: String = "",
        batchSize: Int = 1000,
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
    /// The most recently changed matching leads, newest first.
    func newestLeads(matching filter: LeadFilter, limit: Int, baseURL: String = "") async throws -> [Lead] {
        try await self.writer.read { db in
            try filter.apply(to: LeadRecord.all())
                .order(LeadRecord.Columns.updatedAt.desc, LeadRecord.Columns.id.desc)
                .limit(limit)
                .fetchAll(db)
                .map { $0.lead(baseURL: baseURL) }
        }
    }
}
