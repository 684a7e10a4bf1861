import Foundation
import PostgresNIO
import QuizfunnelDomain

/// The mails and webhook events a lead's write queues, in the same transaction, as on SQLite.
extension PostgresRepository {
    /// True when no mail may go to the address: its owner refused it or its mailbox does not exist.
    func isMailBlocked(emailHash: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.execute(PostgresLeadStatements.SelectSuppressionReason(emailHash: emailHash), logger: self.logger)
        for try await reason in rows { return MailRules.blockingSuppressions.contains(reason) }
        return false
    }

    /// Issues a confirmation link and queues its mail for the pending `lead`, within `MailRules`' resend limits (a lead
    /// just inserted, `isNew`, had no link before).
    func issueConfirmation(for lead: LeadRecord, isNew: Bool, plan: LeadMailPlan, on connection: PostgresConnection) async throws {
        guard let token = plan.confirmationToken, let leadID = lead.id else { return }
        if !isNew {
            let since = lead.unsubscribedAt ?? .distantPast
            let rows = try await connection.query(
                #"SELECT count(*)::bigint, max("createdAt") FROM "confirmationToken" WHERE "leadID" = \#(leadID) AND "createdAt" > \#(since)"#,
                logger: self.logger
            )
            for try await (count, last) in rows.decode((Int, Date?).self) {
                if count >= MailRules.confirmationsPerAddress { return }
                if let last, plan.now.timeIntervalSince(last) < MailRules.confirmationInterval { return }
            }
        }
        try await connection.query(
            """
            INSERT INTO "confirmationToken" ("leadID", "tokenSHA256", "createdAt", "expiresAt")
            VALUES (\(leadID), \(token.sha256), \(plan.now), \(plan.now.addingTimeInterval(plan.confirmationTTL)))
            """,
            logger: self.logger
        )
        try await self.enqueueMail(.confirmation, for: lead, plan: plan, confirmationToken: token.secret, on: connection)
    }

    /// Queues the result mail for the subscribed `lead` unless it had one in the last 24 hours.
    func sendResultMailIfDue(to lead: LeadRecord, isNew: Bool, plan: LeadMailPlan, on connection: PostgresConnection) async throws {
        guard let leadID = lead.id else { return }
        if !isNew {
            let rows = try await connection.query(
                #"SELECT max("createdAt") FROM mail WHERE "leadID" = \#(leadID) AND kind = 'result'"#,
                logger: self.logger
            )
            for try await last in rows.decode(Date?.self) {
                if let last, plan.now.timeIntervalSince(last) < MailRules.resultMailInterval { return }
            }
        }
        try await self.enqueueMail(.result, for: lead, plan: plan, confirmationToken: nil, on: connection)
    }

    private func enqueueMail(
        _ kind: MailRecord.Kind,
        for lead: LeadRecord,
        plan: LeadMailPlan,
        confirmationToken: String?,
        on connection: PostgresConnection
    ) async throws {
        let mail = PostgresLeadStatements.InsertMail(kind, for: lead, plan: plan, confirmationToken: confirmationToken)
        try await connection.run(mail, logger: self.logger)
    }

    /// Queues `lead`'s conversions for the ad platforms; erased with the person.
    func enqueue(_ conversions: [AdConversionPlan.Event], of lead: LeadRecord, on connection: PostgresConnection) async throws {
        for conversion in conversions {
            try await self.enqueue(
                id: "conv_" + ResultID.make(),
                type: conversion.type,
                body: conversion.body,
                subject: lead.emailHash,
                for: [conversion.endpoint],
                on: connection
            )
        }
    }

    /// Queues `event` for each endpoint not switched off; `subject` is the email hash of the person it is about.
    func enqueue(_ event: LeadEvent, subject: String, for endpoints: [String], on connection: PostgresConnection) async throws {
        guard !endpoints.isEmpty else { return }
        try await self.enqueue(id: event.id, type: event.type.rawValue, body: try event.body(), subject: subject, for: endpoints, on: connection)
    }

    func enqueue(
        id eventID: String,
        type: String,
        body: Data,
        subject: String?,
        for endpoints: [String],
        on connection: PostgresConnection
    ) async throws {
        guard !endpoints.isEmpty else { return }
        var disabled: Set<String> = []
        for try await url in try await connection.query(#"SELECT url FROM "webhookEndpoint""#, logger: self.logger).decode(String.self) {
            disabled.insert(url)
        }
        let now = Date()
        for (index, endpoint) in endpoints.enumerated() where !disabled.contains(endpoint) {
            // One webhook-id per event and endpoint, so each receiver deduplicates its own deliveries.
            let id = endpoints.count == 1 ? eventID : "\(eventID)_\(index)"
            try await connection.query(
                """
                INSERT INTO "webhookEvent" (id, endpoint, type, body, subject, status, attempts, "createdAt", "nextAttemptAt")
                VALUES (\(id), \(endpoint), \(type), \(ByteBuffer(data: body)), \(subject), 'pending', 0, \(now), \(now))
                """,
                logger: self.logger
            )
        }
    }
}
