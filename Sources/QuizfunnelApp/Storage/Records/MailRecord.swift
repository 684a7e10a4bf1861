import Foundation

/// An issued confirmation link: which lead it confirms and until when.
public struct ConfirmationTokenRecord: Sendable, Equatable, Codable {
    /// Kept with the consent proof of the lead it confirms.
    var id: Int64?
    var leadID: Int64
    var tokenSHA256: String
    var createdAt: Date
    var expiresAt: Date
}

/// One mail in the outbox: what it is, to which lead, and how far its delivery got.
public struct MailRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case confirmation, result
    }

    public enum State: String, Sendable, Codable, CaseIterable {
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
}
