import Foundation

/// What a change may mail, drawn before the shared write so that the writer only compares and inserts: the
/// Message-ID of the one mail it may queue (a confirmation or a result mail) and, where it may issue a confirmation
/// link, the link's secret and digest.
public struct LeadMailPlan: Sendable {
    /// `.queued` when the service has an SMTP server, else `.held`.
    var state: MailRecord.State
    var messageID: String
    /// `nil` where no link is issued (single opt-in, a confirmation): no random draw or digest for nothing.
    var confirmationToken: ConfirmationToken?
    var confirmationTTL: TimeInterval
    var now: Date

    init(issuesConfirmation: Bool, settings: MailSettings, senderDomain: String, now: Date = Date()) {
        self.state = settings.smtp == nil ? .held : .queued
        self.messageID = MailRecord.makeMessageID(domain: senderDomain)
        self.confirmationToken = issuesConfirmation ? ConfirmationToken.make() : nil
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
