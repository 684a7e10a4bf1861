import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Queues `event` for each endpoint not switched off, inside the caller's transaction; `subject` is the email hash
    /// of the person it is about.
    static func enqueue(_ event: LeadEvent, subject: String, for endpoints: [String], in db: Database) throws {
        // Encoding the body is the costly part, and it would happen inside the shared write transaction.
        guard !endpoints.isEmpty else { return }
        try self.enqueue(id: event.id, type: event.type.rawValue, body: try event.body(), subject: subject, for: endpoints, in: db)
    }

    static func enqueue(id eventID: String, type: String, body: Data, subject: String?, for endpoints: [String], in db: Database) throws {
        guard !endpoints.isEmpty else { return }
        let disabled = Set(try String.fetchAll(db, sql: "SELECT url FROM webhookEndpoint"))
        let now = Date()
        for (index, endpoint) in endpoints.enumerated() where !disabled.contains(endpoint) {
            // One webhook-id per event and endpoint, so each receiver deduplicates its own deliveries.
            let id = endpoints.count == 1 ? eventID : "\(eventID)_\(index)"
            let record = WebhookEventRecord(
                id: id,
                endpoint: endpoint,
                type: type,
                body: body,
                subject: subject,
                status: .pending,
                attempts: 0,
                createdAt: now,
                nextAttemptAt: now,
                deliveredAt: nil
            )
            try record.insert(db)
        }
    }

    /// Queues `lead`'s conversions for the ad platforms, inside the caller's transaction; erased with the person.
    static func enqueue(_ conversions: [AdConversionPlan.Event], of lead: LeadRecord, in db: Database) throws {
        for conversion in conversions {
            try self.enqueue(
                id: "conv_" + ResultID.make(),
                type: conversion.type,
                body: conversion.body,
                subject: lead.emailHash,
                for: [conversion.endpoint],
                in: db
            )
        }
    }

    /// Pending events whose next attempt is due, oldest first.
    public func dueWebhookEvents(now: Date, limit: Int) async throws -> [WebhookEventRecord] {
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
    public func nextWebhookAttempt() async throws -> Date? {
        try await self.writer.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM webhookEvent WHERE status = 'pending'")
        }
    }

    /// Records an attempt and moves the event on: delivered, retried later, given up, or (410) its endpoint switched off.
    public func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, event: WebhookEventRecord) async throws {
        try await self.write { db in
            var delivery = delivery
            try delivery.insert(db)
            var event = event
            if event.type == LeadErasedEvent.type, event.status != .pending {
                // Once told (or given up on), the erasure notice is the last copy of the address: drop it.
                event.body = Data()
                event.subject = nil
            }
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
