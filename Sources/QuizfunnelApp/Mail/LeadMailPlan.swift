import Foundation
import QuizfunnelDomain

/// What a lead's save may mail, drawn before the shared write so that the writer only compares and inserts: the
/// quiz's opt-in mode, a confirmation token and the Message-IDs the mails would get.
struct LeadMailPlan: Sendable {
    var optIn: OptInMode
    /// `.queued` when the service has an SMTP server, else `.held`.
    var state: MailRecord.State
    var confirmationToken: ConfirmationToken
    var confirmationMessageID: String
    var resultMessageID: String
    var confirmationTTL: TimeInterval
    var now: Date

    init(optIn: OptInMode, settings: MailSettings, senderDomain: String, now: Date = Date()) {
        self.optIn = optIn
        self.state = settings.smtp == nil ? .held : .queued
        self.confirmationToken = ConfirmationToken.make()
        self.confirmationMessageID = MailRecord.makeMessageID(domain: senderDomain)
        self.resultMessageID = MailRecord.makeMessageID(domain: senderDomain)
        self.confirmationTTL = settings.confirmationTTL
        self.now = now
    }
}

/// The rules for how often an address is mailed.
enum MailRules {
    /// A pending address gets at most this many confirmation mails…
    static let confirmationsPerAddress = 3
    /// …and at most one in this long.
    static let confirmationInterval: TimeInterval = 10 * 60
    /// A subscribed address that opts in again gets the result mail again only after this long.
    static let resultMailInterval: TimeInterval = 24 * 3600
    /// Retries end this long after the mail was queued.
    static func retryWindow(of kind: MailRecord.Kind) -> TimeInterval {
        kind == .confirmation ? 24 * 3600 : 48 * 3600
    }
    /// Suppression reasons that stop every mail to an address: its owner said "This wasn't me", or it does not exist.
    static let blockingSuppressions = ["rejected", "bounced"]
}

extension MailRecord {
    /// `random@domain`, 128 random bits: the same on every attempt, so a re-send after a crash is recognisable.
    static func makeMessageID(domain: String) -> String {
        "\(ResultID.make())@\(domain)"
    }
}
