import Foundation
import QuizfunnelDomain

/// A checked opt-in from the lead route, waiting for the result it names: the lead is built from both inside the shared
/// write, so the result needs no read of its own.
struct LeadOptIn: Sendable {
    var quiz: Quiz
    var email: EmailAddress
    var name: String?
    var consentOrigin: String
    /// SHA-256 of the quiz's consent text per locale, computed at start-up.
    var consentDigests: [String: String]?
    var receivedAt: Date
    var emailHash: String
    /// Drawn before the write, so the writer makes no system call for it; `nil` under double opt-in, where the lead
    /// gets its withdrawal link once the address is confirmed.
    var unsubscribeToken: String?
    /// The play's user agent and IP address, only where conversions to ad platforms carry them.
    var adClient: (userAgent: String?, ipAddress: String)? = nil

    /// The lead this opt-in makes from `result`: its segment, language and attribution come from the play.
    func lead(from result: PlayedResult) -> LeadRecord {
        let consentText = self.quiz.consentText(locale: result.locale)
        let attribution = result.attribution
        return LeadRecord(
            quizID: self.quiz.id,
            emailKey: self.email.key,
            email: self.email.address,
            name: self.name,
            segmentID: result.segmentID,
            resultID: result.id,
            consentVersion: self.quiz.consent.version,
            consentText: consentText,
            consentLocale: result.locale,
            consentedAt: self.receivedAt,
            consentTextSHA256: self.consentDigests?[result.locale] ?? Digest.sha256(consentText),
            consentOrigin: self.consentOrigin,
            utmSource: attribution.utm.source,
            utmMedium: attribution.utm.medium,
            utmCampaign: attribution.utm.campaign,
            utmTerm: attribution.utm.term,
            utmContent: attribution.utm.content,
            ref: attribution.ref,
            createdAt: self.receivedAt,
            updatedAt: self.receivedAt,
            status: self.quiz.optIn == .double ? .pending : .subscribed,
            emailHash: self.emailHash,
            unsubscribeToken: self.unsubscribeToken,
            variant: result.variant,
            consentAdMeasurement: self.quiz.consent.coversAdMeasurement,
            consentAdPersonalization: self.quiz.consent.coversAdPersonalization,
            adClientUserAgent: self.adClient?.userAgent,
            adClientIP: self.adClient?.ipAddress
        )
    }
}
