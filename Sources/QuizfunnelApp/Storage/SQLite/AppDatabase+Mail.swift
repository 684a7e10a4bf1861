import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// True when no mail may go to the address: its owner refused it or its mailbox does not exist.
    static func isMailBlocked(emailHash: String, in db: Database) throws -> Bool {
        // Asked for every lead on the writer: a cached statement, bound by hand.
        let reason = try SQLiteBinding(db.cachedStatement(sql: "SELECT reason FROM suppression WHERE emailHash = ?"), texts: [emailHash])
            .firstRow { try $0.requiredText(0) }
        return reason.map(MailRules.blockingSuppressions.contains) ?? false
    }

    /// Queues a mail of `kind` for `lead` inside the caller's transaction.
    static func enqueueMail(
        _ kind: MailRecord.Kind,
        for lead: LeadRecord,
        messageID: String,
        state: MailRecord.State,
        confirmationToken: String? = nil,
        at now: Date,
        in db: Database
    ) throws {
        var mail = MailRecord(
            messageID: messageID,
            kind: kind,
            quizID: lead.quizID,
            leadID: lead.id!,
            confirmationToken: confirmationToken,
            state: state,
            createdAt: now,
            nextAttemptAt: now,
            giveUpAt: now.addingTimeInterval(MailRules.retryWindow(of: kind)),
            updatedAt: now
        )
        try mail.insertBound(db)
    }

    /// Issues a confirmation link and queues its mail for the pending `lead`, unless the address already had
    /// `MailRules.confirmationsPerAddress` links since it became pending, or one in the last ten minutes (a lead just
    /// inserted, `isNew`, had none). Earlier links keep working until they expire: mails can arrive out of order.
    static func issueConfirmation(for lead: LeadRecord, isNew: Bool = false, plan: LeadMailPlan, in db: Database) throws {
        guard let token = plan.confirmationToken else { return }
        if !isNew {
            let since = lead.unsubscribedAt ?? .distantPast
            let row = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*), MAX(createdAt) FROM confirmationToken WHERE leadID = ? AND createdAt > ?",
                arguments: [lead.id, since.storedText]
            )!
            let count: Int = row[0]
            let last: Date? = row[1]
            if count >= MailRules.confirmationsPerAddress { return }
            if let last, plan.now.timeIntervalSince(last) < MailRules.confirmationInterval { return }
        }
        var record = ConfirmationTokenRecord(
            leadID: lead.id!,
            tokenSHA256: token.sha256,
            createdAt: plan.now,
            expiresAt: plan.now.addingTimeInterval(plan.confirmationTTL)
        )
        try record.insertBound(db)
        try Self.enqueueMail(
            .confirmation,
            for: lead,
            messageID: plan.messageID,
            state: plan.state,
            confirmationToken: token.secret,
            at: plan.now,
            in: db
        )
    }

    /// Queues the result mail for the subscribed `lead` unless it had one in the last 24 hours (a lead just inserted,
    /// `isNew`, had none).
    static func sendResultMailIfDue(to lead: LeadRecord, isNew: Bool = false, plan: LeadMailPlan, in db: Database) throws {
        if !isNew {
            let last = try Date.fetchOne(db, sql: "SELECT MAX(createdAt) FROM mail WHERE leadID = ? AND kind = 'result'", arguments: [lead.id])
            if let last, plan.now.timeIntervalSince(last) < MailRules.resultMailInterval { return }
        }
        try Self.enqueueMail(.result, for: lead, messageID: plan.messageID, state: plan.state, at: plan.now, in: db)
    }

    /// Queued mails whose next attempt is due, oldest first.
    public func dueMails(now: Date, limit: Int) async throws -> [MailRecord] {
        try await self.writer.read { db in try MailRecord.due(now: now, limit: limit).fetchAll(db) }
    }

    /// The earliest time a queued mail is due, if any.
    public func nextMailAttempt() async throws -> Date? {
        try await self.writer.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM mail WHERE state = 'queued'")
        }
    }

    /// What a mail is rendered from: its lead and, for a confirmation, the token's record.
    public func mailSubject(_ mail: MailRecord) async throws -> (lead: LeadRecord, token: ConfirmationTokenRecord?)? {
        try await self.writer.read { db in
            guard let lead = try LeadRecord.fetchOne(db, key: mail.leadID) else { return nil }
            let token = try mail.confirmationToken.flatMap {
                try ConfirmationTokenRecord.filter(Column("tokenSHA256") == Digest.sha256($0)).fetchOne(db)
            }
            return (lead, token)
        }
    }

    /// Records an attempt's outcome. A final state drops the link's secret; a bounce (5.1.x) also suppresses the address.
    public func recordMailAttempt(_ mail: MailRecord, bounced: Bool) async throws {
        try await self.write { db in
            var mail = mail
            if mail.state != .queued && mail.state != .held { mail.confirmationToken = nil }
            try mail.update(db)
            guard bounced, let hash = try String.fetchOne(db, sql: "SELECT emailHash FROM lead WHERE id = ?", arguments: [mail.leadID]) else {
                return
            }
            try SuppressionRecord(emailHash: hash, reason: "bounced", createdAt: mail.updatedAt).upsert(db)
        }
    }

    /// Mails by state, for the outbox gauge.
    public func mailCounts() async throws -> [MailRecord.State: Int] {
        try await self.writer.read { db in
            var counts: [MailRecord.State: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM mail GROUP BY state") {
                if let state = MailRecord.State(rawValue: row[0]) { counts[state] = row[1] }
            }
            return counts
        }
    }

    /// The newest mails with the address each went to, newest first.
    public func recentMails(limit: Int) async throws -> [(mail: MailRecord, email: String)] {
        try await self.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT mail.*, lead.email AS leadEmail FROM mail JOIN lead ON lead.id = mail.leadID ORDER BY mail.id DESC LIMIT ?",
                arguments: [limit]
            ).map { (try MailRecord(row: $0), $0["leadEmail"]) }
        }
    }

    /// One mail by id.
    public func mail(id: Int64) async throws -> MailRecord? {
        try await self.writer.read { db in try MailRecord.fetchOne(db, key: id) }
    }

    /// Deletes pending leads whose last confirmation link is older than `cutoff`; a lead that was subscribed before
    /// goes back to unsubscribed instead. Returns how many leads changed.
    public func dropUnconfirmedLeads(lastMailedBefore cutoff: Date, at now: Date) async throws -> Int {
        try await self.write { db in
            let stale = """
                status = 'pending' AND COALESCE((SELECT MAX(createdAt) FROM confirmationToken WHERE leadID = lead.id), updatedAt) < ?
                """
            try db.execute(
                sql: "UPDATE lead SET status = 'unsubscribed', updatedAt = ? WHERE unsubscribedAt IS NOT NULL AND \(stale)",
                arguments: [now.storedText, cutoff.storedText]
            )
            let reverted = db.changesCount
            try db.execute(sql: "DELETE FROM lead WHERE unsubscribedAt IS NULL AND \(stale)", arguments: [cutoff.storedText])
            return reverted + db.changesCount
        }
    }
}
