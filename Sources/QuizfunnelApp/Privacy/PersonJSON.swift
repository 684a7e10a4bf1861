import Foundation
import Hummingbird
import QuizfunnelDomain

/// The answer to an access request: everything held about one address, as `GET /api/admin/leads/{email}` returns it.
struct PersonJSON: ResponseEncodable {
    struct LeadDetail: Encodable {
        var lead: LeadJSON
        var resultId: String
        var unsubscribedAt: String?
        /// The id of the confirmation link that confirmed the address (double opt-in), and who pressed Confirm when
        /// the operator keeps that.
        var confirmationTokenId: Int64?
        var confirmingIp: String?
        var confirmingUserAgent: String?
        /// Whether the consent text covered ad measurement and personalisation: whether conversions go to ad platforms.
        var adMeasurement: Bool
        var adPersonalization: Bool
        /// The play's user agent and IP, kept only where conversions carry them.
        var adClientUserAgent: String?
        var adClientIp: String?
    }

    struct MailJSON: Encodable {
        var kind: String
        var quiz: String
        var state: String
        var messageId: String
        var createdAt: String
        var sentAt: String?
    }

    struct ResultJSON: Encodable {
        var id: String
        var quiz: String
        var segment: String
        var answers: [String: String]
        var locale: String
        var utm: UTM
        var ref: String?
        var shareRef: String?
        var texts: [String: String]?
        var quizVersion: String?
        var variant: String?
        /// The ad networks' click ids of the landing URL.
        var clickIds: ClickIDs?
        var createdAt: String
    }

    struct ConsentTextJSON: Encodable, ResponseEncodable {
        var quiz: String
        var version: String
        var locale: String
        var sha256: String
        var text: String
        var firstSeenAt: String

        init(_ record: ConsentTextRecord) {
            self.quiz = record.quizID
            self.version = record.version
            self.locale = record.locale
            self.sha256 = record.sha256
            self.text = record.text
            self.firstSeenAt = Timestamp.iso8601(record.firstSeenAt)
        }
    }

    struct SuppressionJSON: Encodable {
        var reason: String
        var since: String
    }

    struct WebhookEventJSON: Encodable {
        var id: String
        var type: String
        var endpoint: String
        var status: String
        var createdAt: String
        var deliveredAt: String?
    }

    /// What the CRM reported about one of the leads.
    struct ConversionJSON: Encodable {
        var id: String?
        var lead: String
        var quiz: String
        var value: Double
        var currency: String
        var status: String
        var at: String
        var recordedAt: String
    }

    var email: String
    var leads: [LeadDetail]
    var results: [ResultJSON]
    var consentTexts: [ConsentTextJSON]
    var suppression: SuppressionJSON?
    var webhookEvents: [WebhookEventJSON]
    var mails: [MailJSON]
    var conversions: [ConversionJSON]

    init(email: String, data: PersonalData, baseURL: String) {
        self.email = email
        self.leads = data.leads.map { record in
            LeadDetail(
                lead: LeadJSON(record.lead(baseURL: baseURL)),
                resultId: record.resultID,
                unsubscribedAt: record.unsubscribedAt.map(Timestamp.iso8601),
                confirmationTokenId: record.confirmationTokenID,
                confirmingIp: record.confirmingIP,
                confirmingUserAgent: record.confirmingUserAgent,
                adMeasurement: record.consentAdMeasurement,
                adPersonalization: record.consentAdPersonalization,
                adClientUserAgent: record.adClientUserAgent,
                adClientIp: record.adClientIP
            )
        }
        self.results = data.results.map { result in
            ResultJSON(
                id: result.id,
                quiz: result.quizID,
                segment: result.segmentID,
                answers: result.answers,
                locale: result.locale,
                utm: result.attribution.utm,
                ref: result.ref,
                shareRef: result.shareRef,
                texts: result.texts,
                quizVersion: result.quizVersion,
                variant: result.variant,
                clickIds: result.fbclid == nil && result.gclid == nil ? nil : ClickIDs(fbclid: result.fbclid, gclid: result.gclid),
                createdAt: Timestamp.iso8601(result.createdAt)
            )
        }
        self.consentTexts = data.consentTexts.map(ConsentTextJSON.init)
        self.suppression = data.suppression.map { SuppressionJSON(reason: $0.reason, since: Timestamp.iso8601($0.createdAt)) }
        self.webhookEvents = data.webhookEvents.map { event in
            WebhookEventJSON(
                id: event.id,
                type: event.type,
                endpoint: event.endpoint,
                status: event.status.rawValue,
                createdAt: Timestamp.iso8601(event.createdAt),
                deliveredAt: event.deliveredAt.map(Timestamp.iso8601)
            )
        }
        self.conversions = data.conversions.map { conversion in
            ConversionJSON(
                id: conversion.externalID,
                lead: String(conversion.leadID),
                quiz: conversion.quizID,
                value: Double(conversion.amountMicros) / 1_000_000,
                currency: conversion.currency,
                status: conversion.status,
                at: Timestamp.iso8601(conversion.at),
                recordedAt: Timestamp.iso8601(conversion.recordedAt)
            )
        }
        self.mails = data.mails.map { mail in
            MailJSON(
                kind: mail.kind.rawValue,
                quiz: mail.quizID,
                state: mail.state.rawValue,
                messageId: mail.messageID,
                createdAt: Timestamp.iso8601(mail.createdAt),
                sentAt: mail.sentAt.map(Timestamp.iso8601)
            )
        }
    }
}
