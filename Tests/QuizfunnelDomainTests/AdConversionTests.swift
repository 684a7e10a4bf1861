import Foundation
import QuizfunnelDomain
import Testing

/// The bodies sent to Meta's Conversions API and GA4's Measurement Protocol, field by field, as documented in
/// `../shared/reference/measurement.md`.
@Suite struct AdConversionTests {
    static let conversion = AdConversion(
        leadID: 1842,
        quizID: "golf-club",
        segmentID: "driver",
        variant: "b",
        emailSHA256: "f7d54c22dda5b1780276601cd005909b70543fc4a6ba72d735b4cb9bbb611f01",
        eventTime: Date(timeIntervalSince1970: 1_796_000_000.75),
        eventSourceURL: "https://quiz.example.com/q/golf-club",
        fbclid: "IwAR0abc",
        landedAt: Date(timeIntervalSince1970: 1_795_999_000.1234),
        clientUserAgent: "Mozilla/5.0",
        clientIPAddress: "203.0.113.7",
        allowsAdPersonalization: true,
        ga4ClientID: "123456789.1795999000"
    )

    @Test func metaGetsOneLeadEventWithTheHashedAddressAndTheClickId() throws {
        let body = try #require(
            try JSONSerialization.jsonObject(with: Self.conversion.body(for: .meta, metaTestEventCode: "TEST1")) as? [String: Any]
        )

        #expect(body["test_event_code"] as? String == "TEST1")
        let events = try #require(body["data"] as? [[String: Any]])
        #expect(events.count == 1)
        let event = events[0]
        #expect(event["event_name"] as? String == "Lead")
        #expect(event["event_time"] as? Int == 1_796_000_000)
        #expect(event["event_id"] as? String == "1842")
        #expect(event["action_source"] as? String == "website")
        #expect(event["event_source_url"] as? String == "https://quiz.example.com/q/golf-club")
        let user = try #require(event["user_data"] as? [String: Any])
        #expect(user["em"] as? [String] == ["f7d54c22dda5b1780276601cd005909b70543fc4a6ba72d735b4cb9bbb611f01"])
        #expect(user["fbc"] as? String == "fb.1.1795999000123.IwAR0abc")
        #expect(user["client_user_agent"] as? String == "Mozilla/5.0")
        #expect(user["client_ip_address"] as? String == "203.0.113.7")
        #expect(event["custom_data"] as? [String: String] == ["quiz": "golf-club", "segment": "driver", "variant": "b"])
    }

    @Test func withoutAClickIdOrClientDetailsThoseFieldsAreLeftOut() throws {
        var conversion = Self.conversion
        (conversion.fbclid, conversion.clientUserAgent, conversion.clientIPAddress) = (nil, nil, nil)

        let body = String(decoding: try conversion.body(for: .meta), as: UTF8.self)

        #expect(!body.contains("fbc") && !body.contains("client_") && !body.contains("test_event_code"))
    }

    @Test func ga4GetsGenerateLeadWithTheConsentSignals() throws {
        let body = try #require(try JSONSerialization.jsonObject(with: Self.conversion.body(for: .ga4)) as? [String: Any])

        #expect(body["client_id"] as? String == "123456789.1795999000")
        #expect(body["timestamp_micros"] as? Int == 1_796_000_000_750_000)
        #expect(body["consent"] as? [String: String] == ["ad_user_data": "GRANTED", "ad_personalization": "GRANTED"])
        let events = try #require(body["events"] as? [[String: Any]])
        #expect(events.count == 1 && events[0]["name"] as? String == "generate_lead")
        #expect(
            events[0]["params"] as? [String: String]
                == [
                    "quiz": "golf-club", "segment": "driver", "variant": "b", "lead_id": "1842",
                    "page_location": "https://quiz.example.com/q/golf-club",
                ]
        )
        var measurementOnly = Self.conversion
        measurementOnly.allowsAdPersonalization = false
        let denied = try JSONSerialization.jsonObject(with: measurementOnly.body(for: .ga4)) as? [String: Any]
        #expect(denied?["consent"] as? [String: String] == ["ad_user_data": "GRANTED", "ad_personalization": "DENIED"])
    }

    @Test func platformsAreQueuedUnderEndpointsThatAreNeverURLs() {
        #expect(AdPlatform.allCases.map(\.endpoint) == ["ad:meta", "ad:ga4"])
        #expect(AdPlatform(endpoint: "ad:ga4") == .ga4)
        #expect(AdPlatform(endpoint: "https://crm.example.com/hook") == nil)
    }
}
