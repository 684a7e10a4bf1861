import Foundation
import QuizfunnelDomain

/// What the store needs to queue a lead's conversions in the transaction that subscribes it: the quiz's platforms and
/// page, and the time. Built per request by the controller that subscribes or confirms.
public struct AdConversionPlan: Sendable {
    var platforms: [AdPlatform]
    /// The quiz's page, `https://quiz.example.com/q/golf-club`.
    var eventSourceURL: String
    var metaTestEventCode: String?
    var sendsClientDetails: Bool
    var now: Date

    init(quiz: Quiz, settings: AdPlatformSettings, baseURL: String, now: Date = Date()) {
        self.platforms = settings.platforms(for: quiz)
        self.eventSourceURL = baseURL + "/q/" + quiz.id
        self.metaTestEventCode = settings.meta?.testEventCode
        self.sendsClientDetails = settings.sendsClientDetails
        self.now = now
    }

    /// A queued conversion: its outbox endpoint (`ad:meta`), type and body.
    struct Event {
        var endpoint: String
        var type: String
        var body: Data
    }

    /// The conversions of `lead`, just subscribed, from the result it came from (its `fbclid`, and when the player
    /// landed); none when its consent does not cover ad measurement.
    func events(for lead: LeadRecord, fbclid: String?, landedAt: Date) throws -> [Event] {
        guard lead.consentAdMeasurement, let leadID = lead.id else { return [] }
        let conversion = AdConversion(
            leadID: leadID,
            quizID: lead.quizID,
            segmentID: lead.segmentID,
            variant: lead.variant,
            emailSHA256: lead.emailHash,
            eventTime: self.now,
            eventSourceURL: self.eventSourceURL,
            fbclid: fbclid,
            landedAt: landedAt,
            clientUserAgent: self.sendsClientDetails ? lead.adClientUserAgent : nil,
            clientIPAddress: self.sendsClientDetails ? lead.adClientIP : nil,
            allowsAdPersonalization: lead.consentAdPersonalization,
            ga4ClientID: "\(UInt32.random(in: 1_000_000...UInt32.max)).\(Int64(landedAt.timeIntervalSince1970))"
        )
        return try self.platforms.map { platform in
            Event(
                endpoint: platform.endpoint,
                type: "conversion." + platform.eventName,
                body: try conversion.body(for: platform, metaTestEventCode: self.metaTestEventCode)
            )
        }
    }

    /// How many conversions a lead's consent kept from being sent.
    func withheld(for lead: LeadRecord) -> Int {
        lead.consentAdMeasurement ? 0 : self.platforms.count
    }
}
