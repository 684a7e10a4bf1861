import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Queues `event` for each endpoint not switched off, inside the caller's transaction.
    static func enqueue(_ event: LeadEvent, for endpoints: [String], in db: Database) throws {
        guard !endpoints.isEmpty else { return }
        let disabled = Set(try String.fetchAll(db, sql: "SELECT url FROM webhookEndpoint"))
        let body = try event.body()
        let now = Date()
        for (index, endpoint) in endpoints.enumerated() where !disabled.contains(endpoint) {
            // One webhook-id per event and endpoint, so each receiver deduplicates its own deliveries.
            let id = endpoints.count == 1 ? event.id : "\(event.id)_\(index)"
            let record = WebhookEventRecord(
                id: id,
                endpoint: endpoint,
                type: event.type.rawValue,
                body: body,
                status: .pending,
                attempts: 0,
                createdAt: now,
                nextAttemptAt: now,
                deliveredAt: nil
            )
            try record.insert(db)
        }
    }

    /// Pending events whose next attempt is due, oldest first.
    func dueWebhookEvents(now: Date = Date(), limit: Int = 50) async throws -> [WebhookEventRecord] {
        try await self.writer.read { db in
            try WebhookEventRecord
                .filter(WebhookEventRecord.Columns.status == WebhookEventRecord.Status.pending.rawValue)
                .filter(WebhookEventRecord.Columns.nextAttemptAt <= now)
                .order(WebhookEventRecord.Columns.nextAttemptAt)
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// The earliest time a pending event is due, if any.
    func nextWebhookAttempt() async throws -> Date? {
        try await self.writer.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM webhookEvent WHERE status = 'pending'")
        }
    }

    /// Records an attempt and moves the event on: delivered, retried later, given up, or (410) its endpoint switched off.
    func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, event: WebhookEventRecord) async throws {
        try await self.writer.write { db in
            var delivery = delivery
            try delivery.insert(db)
            try event.update(db)
            if event.status == .disabled {
                try WebhookEndpointRecord(url: event.endpoint, disabledAt: delivery.attemptedAt).upsert(db)
                try db.execute(
                    sql: "UPDATE webhookEvent SET status = 'disabled' WHERE endpoint = ? AND status = 'pending'",
                    arguments: [event.endpoint]
                )
            }
        }
    }

    /// Delivery attempts, newest first.
    public func webhookDeliveries(limit: Int) async throws -> [WebhookDeliveryRecord] {
        try await self.writer.read { db in
            try WebhookDeliveryRecord.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
