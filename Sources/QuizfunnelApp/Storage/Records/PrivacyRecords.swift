import Foundation
import QuizfunnelDomain

/// What a one-click withdrawal did.
public struct Withdrawal: Sendable, Equatable {
    /// The address, for the confirmation page to show masked.
    var email: String
    /// The locale the person consented in, for the confirmation page.
    var locale: String
    /// Leads switched from subscribed to unsubscribed by this request (0 when already withdrawn).
    var leadsWithdrawn: Int
}

/// What an erasure removed. Only the address's hash stays, on the suppression list.
public struct Erasure: Sendable, Equatable, Codable {
    public var leads: Int
    public var results: Int
    public var webhookEvents: Int
    /// Mails to the address, sent or waiting, and with them every confirmation link it was given.
    public var mails: Int
    /// What the CRM reported about the address's leads.
    public var conversions: Int
}

/// A consent text as it was shown, kept by quiz, version, locale and digest.
public struct ConsentTextRecord: Sendable, Codable, Equatable {
    var quizID: String
    var version: String
    var locale: String
    var sha256: String
    var text: String
    var firstSeenAt: Date

    var key: KeptConsentTexts.Key {
        KeptConsentTexts.Key(quizID: self.quizID, version: self.version, locale: self.locale, sha256: self.sha256)
    }
}

/// An address that withdrew or was erased, by hash only.
public struct SuppressionRecord: Sendable, Codable, Equatable {
    var emailHash: String
    /// `unsubscribed` or `erased`.
    var reason: String
    var createdAt: Date
}

/// Everything held about one address: the answer to a data-protection access request.
public struct PersonalData: Sendable {
    var leads: [LeadRecord]
    var results: [ResultRecord]
    var suppression: SuppressionRecord?
    /// The consent texts the leads were given, by digest.
    var consentTexts: [ConsentTextRecord]
    var webhookEvents: [WebhookEventRecord]
    var mails: [MailRecord]
    /// What the CRM reported about the leads, oldest first.
    var conversions: [ConversionRecord]
}

extension ConsentTextRecord {
    /// The consent text of every quiz of `catalog` in every locale, as first seen at `now`.
    static func current(of catalog: QuizCatalog, at now: Date) -> [ConsentTextRecord] {
        catalog.quizzes.flatMap { quiz in
            quiz.locales.map { locale in
                let text = quiz.consentText(locale: locale)
                return ConsentTextRecord(
                    quizID: quiz.id,
                    version: quiz.consent.version,
                    locale: locale,
                    sha256: Digest.sha256(text),
                    text: text,
                    firstSeenAt: now
                )
            }
        }
    }
}
