import Foundation
import GRDB

extension ConfirmationTokenRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "confirmationToken"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }

    /// Inserts the record through a cached statement with its values bound by hand, as the lead is: every double
    /// opt-in lead issues one on the writer, where GRDB's `Codable` encoding cost more than SQLite's insert itself
    /// (see BENCHMARKS.md).
    mutating func insertBound(_ db: Database) throws {
        let values: [String?] = [String(self.leadID), self.tokenSHA256, self.createdAt.storedText, self.expiresAt.storedText]
        _ = try SQLiteBinding(db.cachedStatement(sql: Self.insertSQL), texts: values).execute()
        self.id = db.lastInsertedRowID
    }

    private static let insertSQL = "INSERT INTO confirmationToken (leadID, tokenSHA256, createdAt, expiresAt) VALUES (?, ?, ?, ?)"
}

extension MailRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "mail"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }

    /// Inserts a new mail (no attempt yet) through a cached statement with its values bound by hand: every lead queues
    /// one on the writer, where GRDB's `Codable` encoding cost more than SQLite's insert itself (see BENCHMARKS.md).
    mutating func insertBound(_ db: Database) throws {
        precondition(self.attempts == 0 && self.sentAt == nil && self.lastReply == nil, "insertBound writes new mails only")
        // A new mail is due, and updated, when it is created: one time written out for three columns.
        let created = self.createdAt.storedText
        let values: [String?] = [
            self.messageID, self.kind.rawValue, self.quizID, String(self.leadID), self.confirmationToken, self.state.rawValue,
            created, self.nextAttemptAt.storedText(reusing: created, of: self.createdAt), self.giveUpAt.storedText,
            self.updatedAt.storedText(reusing: created, of: self.createdAt),
        ]
        _ = try SQLiteBinding(db.cachedStatement(sql: Self.insertSQL), texts: values).execute()
        self.id = db.lastInsertedRowID
    }

    private static let insertSQL = """
        INSERT INTO mail (messageID, kind, quizID, leadID, confirmationToken, state, createdAt, nextAttemptAt, giveUpAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Queued mails whose next attempt is due, oldest first, found through the partial index `mail_due`: the condition
    /// on `state` is a literal, not a bound value, so that SQLite sees it is the index's.
    static func due(now: Date, limit: Int) -> QueryInterfaceRequest<MailRecord> {
        MailRecord.filter(sql: "state = 'queued'")
            .filter(Columns.nextAttemptAt <= now)
            .order(Columns.nextAttemptAt)
            .limit(limit)
    }

    public enum Columns {
        static let leadID = Column("leadID")
        static let kind = Column("kind")
        static let state = Column("state")
        static let nextAttemptAt = Column("nextAttemptAt")
        static let createdAt = Column("createdAt")
    }
}
