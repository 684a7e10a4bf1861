import Foundation
import QuizfunnelDomain

extension LeadRecord {
    /// The lead as the domain and the exports know it; its withdrawal link starts with `baseURL`
    /// (`https://quiz.example.com`, or empty for a relative link).
    func lead(baseURL: String) -> Lead {
        Lead(
            id: self.id ?? 0,
            status: self.status,
            email: self.email,
            name: self.name,
            quizID: self.quizID,
            segmentID: self.segmentID,
            consent: ConsentRecord(
                version: self.consentVersion,
                text: self.consentText,
                textSHA256: self.consentTextSHA256,
                method: self.consentMethod,
                origin: self.consentOrigin,
                locale: self.consentLocale,
                consentedAt: self.consentedAt,
                confirmedAt: self.confirmedAt
            ),
            utm: UTM(source: self.utmSource, medium: self.utmMedium, campaign: self.utmCampaign, term: self.utmTerm, content: self.utmContent),
            ref: self.ref,
            createdAt: self.createdAt,
            updatedAt: self.updatedAt,
            unsubscribeURL: self.unsubscribeToken.map { "\(baseURL)/u/\($0)" },
            variant: self.variant
        )
    }

    /// Takes the consent, segment and attribution of a new opt-in, keeping the lead's identity, creation time and
    /// withdrawal link. Under single opt-in, a new opt-in after a withdrawal subscribes the lead again: it is a new,
    /// provable consent. Under double opt-in (`newer` is pending) only an address already confirmed stays subscribed,
    /// with its confirmation; any other becomes pending until it is confirmed again, and keeps the time it withdrew.
    mutating func recordOptIn(from newer: LeadRecord) {
        let previous = self
        let name = newer.name ?? self.name
        self = newer
        self.id = previous.id
        self.createdAt = previous.createdAt
        self.unsubscribeToken = previous.unsubscribeToken ?? newer.unsubscribeToken
        self.name = name
        if newer.status == .pending {
            guard previous.status == .subscribed else {
                self.unsubscribedAt = previous.unsubscribedAt
                return
            }
            // The address was proven before: the new ticked box is a new consent from a confirmed address.
            self.consentMethod = previous.consentMethod
            self.confirmedAt = previous.confirmedAt
            self.confirmationTokenID = previous.confirmationTokenID
            self.confirmingIP = previous.confirmingIP
            self.confirmingUserAgent = previous.confirmingUserAgent
        }
        self.status = .subscribed
        self.unsubscribedAt = nil
    }
}

extension LeadRecord {
    /// This pending lead as confirmed by the link `token` at `now`: subscribed, with the confirmation in its consent
    /// proof (and who confirmed, when the operator keeps that), and its withdrawal link (`unsubscribeToken` unless it
    /// had one).
    func confirmed(by token: ConfirmationTokenRecord, at now: Date, unsubscribeToken: String, client: ConfirmingClient?) -> LeadRecord {
        var confirmed = self
        confirmed.status = .subscribed
        confirmed.confirmedAt = now
        confirmed.confirmationTokenID = token.id
        confirmed.consentMethod = ConsentRecord.doubleOptIn
        confirmed.updatedAt = now
        confirmed.unsubscribedAt = nil
        confirmed.unsubscribeToken = self.unsubscribeToken ?? unsubscribeToken
        confirmed.confirmingIP = client?.ipAddress
        confirmed.confirmingUserAgent = client?.userAgent
        return confirmed
    }
}

extension LeadRecord {
    /// The webhook event of `type` about this lead at `date`, with a new id; its withdrawal link starts with `baseURL`.
    func event(_ type: LeadEvent.Kind, at date: Date, baseURL: String) -> LeadEvent {
        LeadEvent(id: "msg_" + ResultID.make(), type: type, occurredAt: date, lead: self.lead(baseURL: baseURL))
    }
}
