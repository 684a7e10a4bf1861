import Foundation
import PostgresNIO
import QuizfunnelDomain

/// The mail and webhook outboxes' delivery side on PostgreSQL, with several instances on one database: each due row is
/// claimed by one instance under a lease (`FOR UPDATE SKIP LOCKED`, the lease timed by the database's clock), committed
/// before the network call; an instance that dies mid-delivery has its rows taken over when the lease runs out.
extension PostgresRepository {
    /// Queued mails due at `now`, claimed for this instance, oldest first.
    func dueMails(now: Date, limit: Int) async throws -> [MailRecord] {
        let rows = try await self.pool.query(
            """
            WITH due AS MATERIALIZED (
                SELECT id FROM mail
                WHERE state = 'queued' AND "nextAttemptAt" <= \(now) AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
                ORDER BY "nextAttemptAt", id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            )
            UPDATE mail SET "leaseOwner" = \(self.instanceID), "leaseUntil" = now() + make_interval(secs => \(self.leaseSeconds))
            FROM due WHERE mail.id = due.id
            RETURNING \(unescaped: MailRecord.postgresColumns.split(separator: ",").map { "mail.\($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", "))
            """,
            logger: self.logger
        )
        var mails: [MailRecord] = []
        for try await row in rows { mails.append(try MailRecord(postgresRow: row)) }
        return mails.sorted { ($0.nextAttemptAt, $0.id ?? 0) < ($1.nextAttemptAt, $1.id ?? 0) }
    }

    /// The earliest time a queued mail is due, if any.
    func nextMailAttempt() async throws -> Date? {
        try await self.firstValue(#"SELECT min("nextAttemptAt") FROM mail WHERE state = 'queued'"#, as: Date?.self) ?? nil
    }

    /// What a mail is rendered from: its lead and, for a confirmation, the token's record.
    func mailSubject(_ mail: MailRecord) async throws -> (lead: LeadRecord, token: ConfirmationTokenRecord?)? {
        try await self.pool.withConnection { connection in
            var found: LeadRecord?
            for try await row in try await connection.query(
                "SELECT \(unescaped: LeadRecord.postgresColumns) FROM lead WHERE id = \(mail.leadID)",
                logger: self.logger
            ) {
                found = try LeadRecord(postgresRow: row)
            }
            guard let lead = found else { return nil }
            guard let secret = mail.confirmationToken else { return (lead, nil) }
            var token: ConfirmationTokenRecord?
            for try await (id, leadID, sha256, createdAt, expiresAt) in try await connection.query(
                #"SELECT id, "leadID", "tokenSHA256", "createdAt", "expiresAt" FROM "confirmationToken" WHERE "tokenSHA256" = \#(Digest.sha256(secret))"#,
                logger: self.logger
            ).decode((Int64, Int64, String, Date, Date).self) {
                token = ConfirmationTokenRecord(id: id, leadID: leadID, tokenSHA256: sha256, createdAt: createdAt, expiresAt: expiresAt)
            }
            return (lead, token)
        }
    }

    /// Records an attempt's outcome and ends the claim. A final state drops the link's secret; a bounce (5.1.x) also
    /// suppresses the address.
    func recordMailAttempt(_ mail: MailRecord, bounced: Bool) async throws {
        guard let id = mail.id else { return }
        let secret = mail.state == .queued || mail.state == .held ? mail.confirmationToken : nil
        try await self.pool.withTransaction(logger: self.logger) { connection in
            try await connection.query(
                """
                UPDATE mail SET state = \(mail.state.rawValue), attempts = \(mail.attempts), "nextAttemptAt" = \(mail.nextAttemptAt),
                    "updatedAt" = \(mail.updatedAt), "sentAt" = \(mail.sentAt), "lastReply" = \(mail.lastReply),
                    "confirmationToken" = \(secret), "leaseOwner" = NULL, "leaseUntil" = NULL
                WHERE id = \(id)
                """,
                logger: self.logger
            )
            guard bounced else { return }
            for try await hash in try await connection.query(#"SELECT "emailHash" FROM lead WHERE id = \#(mail.leadID)"#, logger: self.logger)
                .decode(String.self)
            {
                try await self.suppress(emailHash: hash, reason: "bounced", at: mail.updatedAt, on: connection)
            }
        }
    }

    /// Mails by state, for the outbox gauge.
    func mailCounts() async throws -> [MailRecord.State: Int] {
        var counts: [MailRecord.State: Int] = [:]
        for try await (state, count) in try await self.pool.query("SELECT state, count(*)::bigint FROM mail GROUP BY state", logger: self.logger)
            .decode((String, Int).self)
        {
            if let state = MailRecord.State(rawValue: state) { counts[state] = count }
        }
        return counts
    }

    /// The newest mails with the address each went to, newest first.
    func recentMails(limit: Int) async throws -> [(mail: MailRecord, email: String)] {
        let columns = MailRecord.postgresColumns.split(separator: ",").map { "mail.\($0.trimmingCharacters(in: .whitespaces))" }
        let rows = try await self.pool.query(
            #"SELECT \#(unescaped: columns.joined(separator: ", ")), lead.email AS "leadEmail" FROM mail JOIN lead ON lead.id = mail."leadID" ORDER BY mail.id DESC LIMIT \#(limit)"#,
            logger: self.logger
        )
        var mails: [(mail: MailRecord, email: String)] = []
        for try await row in rows { mails.append((try MailRecord(postgresRow: row), try row.makeRandomAccess()["leadEmail"].decode(String.self))) }
        return mails
    }

    /// One mail by id.
    func mail(id: Int64) async throws -> MailRecord? {
        for try await row in try await self.pool.query(
            "SELECT \(unescaped: MailRecord.postgresColumns) FROM mail WHERE id = \(id)",
            logger: self.logger
        ) {
            return try MailRecord(postgresRow: row)
        }
        return nil
    }

    /// The key of the advisory lock the retention sweep runs under: "qfsweep1" in ASCII.
    static let sweepLock: Int64 = 0x7166_7377_6565_7031

    /// Deletes pending leads whose last link is older than `cutoff` (one subscribed before goes back to unsubscribed);
    /// returns how many changed. One instance sweeps at a time: the others find the lock taken and skip this round
    /// (`pg_try_advisory_xact_lock`, held until the sweep's transaction ends); a second sweep would change nothing anyway.
    func dropUnconfirmedLeads(lastMailedBefore cutoff: Date, at now: Date) async throws -> Int {
        let stale = #"status = 'pending' AND COALESCE((SELECT max("createdAt") FROM "confirmationToken" WHERE "leadID" = lead.id), "updatedAt") <"#
        return try await self.pool.withTransaction(logger: self.logger) { connection in
            for try await isOurs in try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.sweepLock))", logger: self.logger)
                .decode(Bool.self)
            {
                guard isOurs else { return 0 }
            }
            var changed = 0
            for try await _ in try await connection.query(
                #"UPDATE lead SET status = 'unsubscribed', "updatedAt" = \#(now) WHERE "unsubscribedAt" IS NOT NULL AND \#(unescaped: stale) \#(cutoff) RETURNING 1"#,
                logger: self.logger
            ) { changed += 1 }
            for try await _ in try await connection.query(
                #"DELETE FROM lead WHERE "unsubscribedAt" IS NULL AND \#(unescaped: stale) \#(cutoff) RETURNING 1"#,
                logger: self.logger
            ) { changed += 1 }
            return changed
        }
    }

    /// Pending events due at `now`, claimed for this instance, oldest first.
    func dueWebhookEvents(now: Date, limit: Int) async throws -> [WebhookEventRecord] {
        let columns = WebhookEventRecord.postgresColumns.split(separator: ",").map { #""webhookEvent".\#($0.trimmingCharacters(in: .whitespaces))"# }
        let rows = try await self.pool.query(
            """
            WITH due AS MATERIALIZED (
                SELECT id FROM "webhookEvent"
                WHERE status = 'pending' AND "nextAttemptAt" <= \(now) AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
                ORDER BY "nextAttemptAt", id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            )
            UPDATE "webhookEvent" SET "leaseOwner" = \(self.instanceID), "leaseUntil" = now() + make_interval(secs => \(self.leaseSeconds))
            FROM due WHERE "webhookEvent".id = due.id
            RETURNING \(unescaped: columns.joined(separator: ", "))
            """,
            logger: self.logger
        )
        var events: [WebhookEventRecord] = []
        for try await row in rows { events.append(try WebhookEventRecord(postgresRow: row)) }
        return events.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    /// The earliest time a pending event is due, if any.
    func nextWebhookAttempt() async throws -> Date? {
        try await self.firstValue(#"SELECT min("nextAttemptAt") FROM "webhookEvent" WHERE status = 'pending'"#, as: Date?.self) ?? nil
    }

    /// Records an attempt, ends the claim and moves the event on: delivered, retried later, given up, or (410) its
    /// endpoint switched off.
    func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, event: WebhookEventRecord) async throws {
        var event = event
        if event.type == LeadErasedEvent.type, event.status != .pending {
            // Once told (or given up on), the erasure notice is the last copy of the address: drop it.
            event.body = Data()
            event.subject = nil
        }
        try await self.pool.withTransaction(logger: self.logger) { [event] connection in
            try await connection.query(
                """
                INSERT INTO "webhookDelivery" ("eventID", endpoint, attempt, "attemptedAt", "statusCode", error, "durationMilliseconds")
                VALUES (\(delivery.eventID), \(delivery.endpoint), \(delivery.attempt), \(delivery.attemptedAt), \(delivery.statusCode),
                    \(delivery.error), \(delivery.durationMilliseconds))
                """,
                logger: self.logger
            )
            try await connection.query(
                """
                UPDATE "webhookEvent" SET status = \(event.status.rawValue), attempts = \(event.attempts), "nextAttemptAt" = \(event.nextAttemptAt),
                    "deliveredAt" = \(event.deliveredAt), body = \(ByteBuffer(data: event.body)), subject = \(event.subject),
                    "leaseOwner" = NULL, "leaseUntil" = NULL
                WHERE id = \(event.id)
                """,
                logger: self.logger
            )
            guard event.status == .disabled else { return }
            try await connection.query(
                """
                INSERT INTO "webhookEndpoint" (url, "disabledAt") VALUES (\(event.endpoint), \(delivery.attemptedAt))
                ON CONFLICT (url) DO UPDATE SET "disabledAt" = excluded."disabledAt"
                """,
                logger: self.logger
            )
            try await connection.query(
                #"UPDATE "webhookEvent" SET status = 'disabled' WHERE endpoint = \#(event.endpoint) AND status = 'pending'"#,
                logger: self.logger
            )
        }
    }

    /// Delivery attempts, newest first.
    func webhookDeliveries(limit: Int) async throws -> [WebhookDeliveryRecord] {
        let rows = try await self.pool.query(
            """
            SELECT id, "eventID", endpoint, attempt, "attemptedAt", "statusCode", error, "durationMilliseconds"
            FROM "webhookDelivery" ORDER BY id DESC LIMIT \(limit)
            """,
            logger: self.logger
        )
        var deliveries: [WebhookDeliveryRecord] = []
        for try await (id, eventID, endpoint, attempt, attemptedAt, statusCode, error, duration) in rows.decode(
            (Int64, String, String, Int, Date, Int?, String?, Int).self
        ) {
            deliveries.append(
                WebhookDeliveryRecord(
                    id: id,
                    eventID: eventID,
                    endpoint: endpoint,
                    attempt: attempt,
                    attemptedAt: attemptedAt,
                    statusCode: statusCode,
                    error: error,
                    durationMilliseconds: duration
                )
            )
        }
        return deliveries
    }

    /// The first value of the first row of `query`, or `nil` without a row.
    private func firstValue<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type) async throws -> Value? {
        for try await value in try await self.pool.query(query, logger: self.logger).decode(Value.self) { return value }
        return nil
    }
}
