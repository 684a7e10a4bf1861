import Foundation
import GRDB

/// The secret of a confirmation link, `/c/{token}`: 32 random bytes in unpadded base64url (43 characters). It holds no
/// address and no id; only its SHA-256 is stored, so the table cannot be used to confirm anyone.
struct ConfirmationToken: Sendable, Equatable {
    let secret: String
    /// Computed with the secret, before the write that stores it.
    let sha256: String

    static func make() -> ConfirmationToken {
        let secret = Digest.base64URL(Digest.randomBytes(32))
        return ConfirmationToken(secret: secret, sha256: Digest.sha256(secret))
    }

    /// True for text shaped like a token this service issues, so malformed tokens never reach the database.
    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        Digest.isBase64URL(text, length: 43)
    }
}

/// An issued confirmation link: which lead it confirms and until when.
struct ConfirmationTokenRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "confirmationToken"
    /// Kept with the consent proof of the lead it confirms.
    var id: Int64?
    var leadID: Int64
    var tokenSHA256: String
    var createdAt: Date
    var expiresAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
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

/// One mail in the outbox: what it is, to which lead, and how far its delivery got.
struct MailRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "mail"

    enum Kind: String, Sendable, Codable {
        case confirmation, result
    }

    enum State: String, Sendable, Codable, CaseIterable {
        /// Kept, not sent: the service runs without `--smtp` (shown in the dashboard's Mail view).
        case held
        /// Waiting for its (next) attempt.
        case queued
        case sent
        /// Refused for good (5xx) or not delivered within its window.
        case failed
        /// Not wanted any more: the person unsubscribed before the result mail went out.
        case cancelled
    }

    var id: Int64?
    /// The id inside `Message-ID`'s angle brackets, the same on every attempt.
    var messageID: String
    var kind: Kind
    var quizID: String
    var leadID: Int64
    /// A confirmation mail's link secret while the mail may still be sent.
    var confirmationToken: String?
    var state: State
    var attempts: Int = 0
    var createdAt: Date
    var nextAttemptAt: Date
    /// Retries end here: 24 hours after a confirmation, 48 after a result mail.
    var giveUpAt: Date
    var updatedAt: Date
    var sentAt: Date?
    /// The server's last reply, or why there was none.
    var lastReply: String?

    mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }

    /// Inserts a new mail (no attempt yet) through a cached statement with its values bound by hand: every lead queues
    /// one on the writer, where GRDB's `Codable` encoding cost more than SQLite's insert itself (see BENCHMARKS.md).
    mutating func insertBound(_ db: Database) throws {
        precondition(self.attempts == 0 && self.sentAt == nil && self.lastReply == nil, "insertBound writes new mails only")
        let values: [String?] = [
            self.messageID, self.kind.rawValue, self.quizID, String(self.leadID), self.confirmationToken, self.state.rawValue,
            self.createdAt.storedText, self.nextAttemptAt.storedText, self.giveUpAt.storedText, self.updatedAt.storedText,
        ]
        _ = try SQLiteBinding(db.cachedStatement(sql: Self.insertSQL), texts: values).execute()
        self.id = db.lastInsertedRowID
    }

    private static let insertSQL = """
        INSERT INTO mail (messageID, kind, quizID, leadID, confirmationToken, state, createdAt, nextAttemptAt, giveUpAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    enum Columns {
        static let leadID = Column(CodingKeys.leadID)
        static let kind = Column(CodingKeys.kind)
        static let state = Column(CodingKeys.state)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}
