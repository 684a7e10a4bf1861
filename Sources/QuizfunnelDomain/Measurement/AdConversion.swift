import Foundation

/// An ad platform that conversions are sent to from the server: Meta's Conversions API and Google Analytics 4's
/// Measurement Protocol.
public enum AdPlatform: String, Sendable, CaseIterable, Codable {
    case meta
    case ga4

    /// The outbox endpoint its events are queued for (`ad:meta`); never a URL, so never a webhook receiver.
    public var endpoint: String { "ad:" + self.rawValue }

    public init?(endpoint: String) {
        guard endpoint.hasPrefix("ad:") else { return nil }
        self.init(rawValue: String(endpoint.dropFirst(3)))
    }

    /// The event's name on the platform.
    public var eventName: String {
        switch self {
        case .meta: "Lead"
        case .ga4: "generate_lead"
        }
    }
}

/// A lead that became subscribed, as the ad platforms are told of it (see `../shared/reference/measurement.md`).
public struct AdConversion: Sendable, Equatable {
    public var leadID: Int64
    public var quizID: String
    public var segmentID: String
    public var variant: String?
    /// Hex SHA-256 of the trimmed, lower-cased address.
    public var emailSHA256: String
    /// When the lead became subscribed: confirmed, under double opt-in.
    public var eventTime: Date
    /// The quiz's page (`https://quiz.example.com/q/golf-club`).
    public var eventSourceURL: String
    /// The `fbclid` of the URL the player landed on, and when they landed (the result's time stands for it).
    public var fbclid: String?
    public var landedAt: Date
    /// The play's user agent and IP address, only where the operator allows sending them.
    public var clientUserAgent: String?
    public var clientIPAddress: String?
    /// Whether the person's consent covers ad personalisation as well as measurement.
    public var allowsAdPersonalization: Bool
    /// GA4's `client_id`: a random id for this play (there is no `_ga` cookie).
    public var ga4ClientID: String

    public init(
        leadID: Int64,
        quizID: String,
        segmentID: String,
        variant: String?,
        emailSHA256: String,
        eventTime: Date,
        eventSourceURL: String,
        fbclid: String?,
        landedAt: Date,
        clientUserAgent: String? = nil,
        clientIPAddress: String? = nil,
        allowsAdPersonalization: Bool = false,
        ga4ClientID: String
    ) {
        self.leadID = leadID
        self.quizID = quizID
        self.segmentID = segmentID
        self.variant = variant
        self.emailSHA256 = emailSHA256
        self.eventTime = eventTime
        self.eventSourceURL = eventSourceURL
        self.fbclid = fbclid
        self.landedAt = landedAt
        self.clientUserAgent = clientUserAgent
        self.clientIPAddress = clientIPAddress
        self.allowsAdPersonalization = allowsAdPersonalization
        self.ga4ClientID = ga4ClientID
    }

    /// `fb.1.{milliseconds}.{fbclid}`: Meta's click id as its pixel would have kept it in the `_fbc` cookie.
    public var fbc: String? {
        self.fbclid.map { "fb.1.\(Int64((self.landedAt.timeIntervalSince1970 * 1000).rounded(.down))).\($0)" }
    }

    /// The request body for `platform`.
    public func body(for platform: AdPlatform, metaTestEventCode: String? = nil) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch platform {
        case .meta: return try encoder.encode(MetaBody(self, testEventCode: metaTestEventCode))
        case .ga4: return try encoder.encode(GA4Body(self))
        }
    }
}

/// `POST /{pixel-id}/events`: one `Lead` event.
struct MetaBody: Encodable {
    struct Event: Encodable {
        struct UserData: Encodable {
            var em: [String]
            var client_user_agent: String?
            var client_ip_address: String?
            var fbc: String?
        }

        var event_name: String
        var event_time: Int64
        var event_id: String
        var action_source = "website"
        var event_source_url: String
        var user_data: UserData
        var custom_data: [String: String]
    }

    var data: [Event]
    var test_event_code: String?

    init(_ conversion: AdConversion, testEventCode: String?) {
        var custom = ["quiz": conversion.quizID, "segment": conversion.segmentID]
        custom["variant"] = conversion.variant
        self.data = [
            Event(
                event_name: AdPlatform.meta.eventName,
                event_time: Int64(conversion.eventTime.timeIntervalSince1970.rounded(.down)),
                event_id: String(conversion.leadID),
                event_source_url: conversion.eventSourceURL,
                user_data: .init(
                    em: [conversion.emailSHA256],
                    client_user_agent: conversion.clientUserAgent,
                    client_ip_address: conversion.clientIPAddress,
                    fbc: conversion.fbc
                ),
                custom_data: custom
            )
        ]
        self.test_event_code = testEventCode
    }
}

/// `POST /mp/collect`: one `generate_lead` event with the consent signals of Consent Mode v2.
struct GA4Body: Encodable {
    struct Consent: Encodable {
        var ad_user_data: String
        var ad_personalization: String
    }

    struct Event: Encodable {
        var name: String
        var params: [String: String]
    }

    var client_id: String
    var timestamp_micros: Int64
    var consent: Consent
    var events: [Event]

    init(_ conversion: AdConversion) {
        var params = ["quiz": conversion.quizID, "segment": conversion.segmentID, "lead_id": String(conversion.leadID)]
        params["variant"] = conversion.variant
        params["page_location"] = conversion.eventSourceURL
        self.client_id = conversion.ga4ClientID
        self.timestamp_micros = Int64((conversion.eventTime.timeIntervalSince1970 * 1_000_000).rounded(.down))
        // Only a person whose consent covers ad measurement is ever sent.
        self.consent = Consent(ad_user_data: "GRANTED", ad_personalization: conversion.allowsAdPersonalization ? "GRANTED" : "DENIED")
        self.events = [Event(name: AdPlatform.ga4.eventName, params: params)]
    }
}
