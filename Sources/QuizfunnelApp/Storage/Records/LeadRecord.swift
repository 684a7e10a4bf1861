import Foundation
import QuizfunnelDomain

/// A consented email address in one quiz's list, with the consent record of its latest opt-in.
public struct LeadRecord: Sendable, Equatable {
    var id: Int64?
    var quizID: String
    /// The lower-cased address: one lead per quiz and key.
    var emailKey: String
    var email: String
    var name: String?
    var segmentID: String
    var resultID: String
    var consentVersion: String
    var consentText: String
    var consentLocale: String
    var consentedAt: Date
    /// SHA-256 of `consentText`: the key of the kept `consentText` row.
    var consentTextSHA256: String
    var consentMethod: String = ConsentRecord.checkbox
    /// The page's or the embedding site's origin.
    var consentOrigin: String?
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    var utmTerm: String?
    var utmContent: String?
    var ref: String?
    var createdAt: Date
    var updatedAt: Date
    var status: LeadStatus = .subscribed
    /// `Digest.emailHash` of `emailKey`, matched against the suppression list.
    var emailHash: String
    /// The secret in this lead's one-click withdrawal link; it stays the same across re-opt-ins. `nil` until the
    /// address is first subscribed: a pending address has nothing to withdraw from (its way out is "This wasn't me" on
    /// the confirmation page), and a random token's index entry is one more page written at a random place per lead,
    /// which double opt-in spends on the confirmation link's digest instead (see BENCHMARKS.md).
    var unsubscribeToken: String?
    var unsubscribedAt: Date?
    /// When the address was confirmed from the confirmation mail, and by which token (double opt-in).
    var confirmedAt: Date?
    var confirmationTokenID: Int64?
    /// Kept only with `--record-confirmation-client`: personal data.
    var confirmingIP: String?
    var confirmingUserAgent: String?
    /// The variant of the quiz the player was shown (from the result).
    var variant: String?
    /// Whether the consent text the person ticked declared that it covers ad measurement (and ad personalisation):
    /// only then are conversions sent to ad platforms.
    var consentAdMeasurement = false
    var consentAdPersonalization = false
    /// The play's user agent and IP address, kept only where the operator sends them with conversions.
    var adClientUserAgent: String?
    var adClientIP: String?
}
