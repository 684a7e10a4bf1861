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
        if let status = self.status { request = request.filter(LeadRecord.Columns.status == status.rawValue) }
        return request
    }
}

extension AppDatabase {
    func saveResult(_ result: ResultRecord) async throws {
        try await self.writer.write { db in try result.insert(db) }
    }

    func result(id: String, quizID: String) async throws -> ResultRecord? {
        try await self.writer.read { db in
            try ResultRecord.filter(key: id).filter(Column("quizID") == quizID).fetchOne(db)
        }
    }

    /// Inserts the lead, or records a new opt-in on the quiz's existing lead with the same address, and queues a
    /// `lead.created` or `lead.updated` event for each webhook endpoint in the same transaction. Returns true for a new lead.
    @discardableResult
    func saveLead(_ lead: LeadRecord, notifying webhookEndpoints: [String] = []) async throws -> Bool {
        try await self.writer.write { db in
            let existing =
                try LeadRecord
                .filter(LeadRecord.Columns.quizID == lead.quizID && LeadRecord.Columns.emailKey == lead.emailKey)
                .fetchOne(db)
            var saved: LeadRecord
            if var existing {
                existing.recordOptIn(from: lead)
                try existing.update(db)
                saved = existing
            } else {
                saved = lead
                try saved.insert(db)
            }
            let event = LeadEvent(
                id: "msg_" + ResultID.make(),
                type: existing == nil ? .created : .updated,
                occurredAt: saved.updatedAt,
                lead: saved.lead
            )
            try Self.enqueue(event, for: webhookEndpoints, in: db)
            return existing == nil
        }
    }

    /// Calls `body` with the matching leads in batches of `batchSize`, oldest first, never holding the whole list in memory.
    public func forEachLeadBatch(matching filter: LeadFilter, batchSize: Int = 1000, _ body: ([Lead]) async throws -> Void) async throws {
        var lastID: Int64 = 0
        while true {
            let batch = try await self.writer.read { [lastID] db in
                try filter.apply(to: LeadRecord.filter(LeadRecord.Columns.id > lastID))
                    .order(LeadRecord.Columns.id)
                    .limit(batchSize)
                    .fetchAll(db)
            }
            guard let last = batch.last?.id else { return }
            lastID = last
            try await body(batch.map(\.lead))
        }
    }
}

extension AppDatabase {
    /// The most recently changed matching leads, newest first.
    func newestLeads(matching filter: LeadFilter, limit: Int) async throws -> [Lead] {
        try await self.writer.read { db in
            try filter.apply(to: LeadRecord.all())
                .order(LeadRecord.Columns.updatedAt.desc, LeadRecord.Columns.id.desc)
                .limit(limit)
                .fetchAll(db)
                .map(\.lead)
        }
    }
}
