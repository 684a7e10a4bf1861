import AsyncHTTPClient
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Conversions sent from the server to Meta and GA4: queued in the transaction that subscribes a lead whose consent
/// covers ad measurement, delivered through the outbox to a real receiver, and gone with an erased person. Runs on
/// SQLite and, in `scripts/test`, on PostgreSQL.
@Suite struct AdConversionAPITests {
    /// The golf quiz (double opt-in unless `optIn` says otherwise) whose consent text declares it covers ad measurement.
    static func service(optIn: OptInMode? = nil, adMeasurement: Bool = true) throws -> TestService {
        let folder = try QuizReloadTests.quizFolder()
        try QuizReloadTests.changeGolf(in: folder) { quiz in
            var consent = quiz["consent"] as! [String: Any]
            consent["adMeasurement"] = adMeasurement
            quiz["consent"] = consent
        }
        return try TestService(quizzesFolder: folder.path, optIn: optIn)
    }

    @Test func aConfirmedLeadIsSentToBothPlatformsWithTheDocumentedFields() async throws {
        let receiver = AdPlatformReceiver()
        try await receiver.run(sendsClientDetails: true) { settings in
            let service = try Self.service()
            let landed = Date()
            let (leadID, confirmedBetween) = try await service.withClient(
                abuse: AbuseSettings(playLimit: nil, eventLimit: nil, emailLimit: nil, trustsProxy: true, minimumFillTime: 0),
                adPlatforms: settings,
                backgroundWork: false
            ) { client in
                let result = try await client.playGolf(GolfAnswers.driver, extra: ["clickIds": ["fbclid": "IwAR-click.1"]])
                let lead = try await client.execute(
                    uri: "/api/quizzes/golf-club/leads",
                    method: .post,
                    headers: [
                        .contentType: "application/json", .userAgent: "Mozilla/5.0 (Phone) Test", HTTPField.Name("X-Forwarded-For")!: "203.0.113.7",
                    ],
                    body: ByteBuffer(string: #"{"resultId": "\#(result.resultId)", "email": "Anna@Example.com", "consent": true}"#)
                )
                #expect(lead.status == .created)
                #expect(try await service.storedWebhookEvents().isEmpty, "nothing is sent for an address not yet confirmed")
                let before = Date()
                try await client.confirm(try await client.confirmationLink())
                let feed = try decode([LeadJSON].self, from: try await client.admin("/api/admin/leads?quiz=golf-club"))
                return (feed[0].id, before...Date())
            }
            #expect(try await service.storedWebhookEvents().map(\.endpoint).sorted() == ["ad:ga4", "ad:meta"])
            try await service.withStore { store in _ = try await Self.worker(store, settings).deliverDueEvents() }

            let meta = try #require(receiver.requests.first { $0.path == "/v21.0/1234567890/events" })
            #expect(meta.query == ["access_token": "meta-token"])
            #expect(meta.body["test_event_code"] as? String == "TEST42")
            let event = try #require((meta.body["data"] as? [[String: Any]])?.first)
            #expect(event["event_name"] as? String == "Lead")
            #expect(event["event_id"] as? String == leadID)
            #expect(event["action_source"] as? String == "website")
            #expect(event["event_source_url"] as? String == "https://quiz.example.com/q/golf-club")
            let eventTime = try #require(event["event_time"] as? Int)
            #expect(
                (Int(confirmedBetween.lowerBound.timeIntervalSince1970)...Int(confirmedBetween.upperBound.timeIntervalSince1970)).contains(eventTime)
            )
            let user = try #require(event["user_data"] as? [String: Any])
            // SHA-256 of "anna@example.com": trimmed and lower-cased before hashing.
            #expect(user["em"] as? [String] == ["f7d54c22dda5b1780276601cd005909b70543fc4a6ba72d735b4cb9bbb611f01"])
            #expect(user["client_user_agent"] as? String == "Mozilla/5.0 (Phone) Test")
            #expect(user["client_ip_address"] as? String == "203.0.113.7")
            let fbc = try #require(user["fbc"] as? String)
            let match = try #require(fbc.wholeMatch(of: /fb\.1\.(\d{13})\.IwAR-click\.1/))
            let clickMilliseconds = try #require(Int(match.output.1))
            #expect(abs(Double(clickMilliseconds) / 1000 - landed.timeIntervalSince1970) < 60)
            #expect(event["custom_data"] as? [String: String] == ["quiz": "golf-club", "segment": "driver"])

            let ga4 = try #require(receiver.requests.first { $0.path == "/mp/collect" })
            #expect(ga4.query == ["measurement_id": "G-TEST123", "api_secret": "ga4-secret"])
            #expect((ga4.body["client_id"] as? String)?.wholeMatch(of: /\d{7,10}\.\d{10}/) != nil)
            #expect(ga4.body["consent"] as? [String: String] == ["ad_user_data": "GRANTED", "ad_personalization": "DENIED"])
            let micros = try #require(ga4.body["timestamp_micros"] as? Int)
            #expect(abs(Double(micros) / 1e6 - Double(eventTime)) < 1)
            let ga4Event = try #require((ga4.body["events"] as? [[String: Any]])?.first)
            #expect(ga4Event["name"] as? String == "generate_lead")
            #expect(
                ga4Event["params"] as? [String: String] == [
                    "quiz": "golf-club", "segment": "driver", "lead_id": leadID, "page_location": "https://quiz.example.com/q/golf-club",
                ]
            )
            #expect(receiver.requests.count == 2)
            #expect(try await service.storedWebhookEvents().map(\.status) == [.delivered, .delivered])
        }
    }

    @Test func aPlatformThatIsDownGetsEachConversionOnceWhenItIsBack() async throws {
        let receiver = AdPlatformReceiver(answers: [(503, ""), (503, ""), (429, ""), (200, "{}")])
        try await receiver.run { settings in
            let service = try Self.service(optIn: .single)
            try await service.withClient(adPlatforms: settings, backgroundWork: false) { client in
                try await client.playAndSubscribe("anna@example.com")
            }
            try await service.withStore { store in
                let worker = Self.worker(store, settings)
                for _ in 0..<8 {
                    try await Task.sleep(for: .milliseconds(30))
                    try await worker.deliverDueEvents()
                }
            }
            let deliveries = try await service.withStore { try await $0.webhookDeliveries(limit: 20) }
            #expect(deliveries.filter { $0.statusCode == 200 }.map(\.endpoint).sorted() == ["ad:ga4", "ad:meta"])
            #expect(deliveries.count == 5, "two 503s and a 429 retried, then one success per platform")
            #expect(try await service.storedWebhookEvents().allSatisfy { $0.status == .delivered })
        }
    }

    @Test func aLeadWithoutAdMeasurementConsentIsNeverSent() async throws {
        let receiver = AdPlatformReceiver()
        try await receiver.run { settings in
            let service = try Self.service(optIn: .single, adMeasurement: false)
            try await service.withClient(adPlatforms: settings) { client in
                try await client.playAndSubscribe("anna@example.com")
                let person = String(buffer: try await client.admin("/api/admin/leads/anna@example.com").body)
                #expect(person.contains(#""adMeasurement":false"#))
            }
            #expect(try await service.storedWebhookEvents().isEmpty)
            #expect(receiver.requests.isEmpty)
        }
    }

    @Test func anErasedPersonsQueuedConversionsAreGoneAndNoPlatformIsSentANotice() async throws {
        let receiver = AdPlatformReceiver()
        try await receiver.run { settings in
            let service = try Self.service(optIn: .single)
            try await service.withClient(adPlatforms: settings, backgroundWork: false) { client in
                try await client.playAndSubscribe("anna@example.com")
                #expect(try await service.storedWebhookEvents().count == 2)
                #expect(try await client.admin("/api/admin/leads/anna@example.com", method: .delete).status == .ok)
            }
            #expect(try await service.storedWebhookEvents().isEmpty)
            try await service.withStore { store in _ = try await Self.worker(store, settings).deliverDueEvents() }
            #expect(receiver.requests.isEmpty)
        }
    }

    @Test func aRefusedConversionIsFinalWithThePlatformsMessageAndAnOldOneIsDropped() async throws {
        let refusal = #"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"A1"}}"#
        let receiver = AdPlatformReceiver(answers: [(400, refusal)])
        try await receiver.run { settings in
            let service = try Self.service(optIn: .single)
            let metaOnly = AdPlatformSettings(meta: settings.meta)
            try await service.withClient(adPlatforms: metaOnly, backgroundWork: false) { client in
                try await client.playAndSubscribe("anna@example.com")
                try await client.playAndSubscribe("old@example.com")
            }
            // The second conversion waited eight days in the outbox (the platform was not set up, say).
            let events = try await service.storedWebhookEvents()
            try await Self.age(events[1].id, by: 8 * 86_400, in: service)
            try await service.withStore { store in
                let worker = Self.worker(store, metaOnly)
                for _ in 0..<3 { try await worker.deliverDueEvents() }
            }

            #expect(receiver.requests.count == 1, "a refusal is not retried, and an old conversion is not sent")
            let stored = Dictionary(uniqueKeysWithValues: try await service.storedWebhookEvents().map { ($0.id, $0.status) })
            #expect(stored == [events[0].id: .failed, events[1].id: .dropped])
            let deliveries = try await service.withStore { try await $0.webhookDeliveries(limit: 10) }
            #expect(Set(deliveries.map(\.error)) == ["Invalid parameter", "older than 7 days: dropped, not sent"])
        }
    }

    // MARK: Helpers

    static func worker(_ store: any FunnelRepository, _ settings: AdPlatformSettings) -> WebhookDeliveryService {
        WebhookDeliveryService(
            database: store,
            settings: WebhookSettings(retryBase: 0.001),
            httpClient: HTTPClient.shared,
            logger: Logger(label: "test"),
            adPlatforms: settings
        )
    }

    /// Moves a queued event's creation back by `seconds`.
    static func age(_ id: String, by seconds: TimeInterval, in service: TestService) async throws {
        if TestService.runsOnPostgreSQL {
            try await service.withStore { store in
                let repository = try #require(store as? PostgresRepository)
                try await repository.pool.query(
                    #"UPDATE "webhookEvent" SET "createdAt" = "createdAt" - make_interval(secs => \#(seconds)) WHERE id = \#(id)"#,
                    logger: Logger(label: "test")
                )
            }
        } else {
            try await service.database.writer.write { db in
                var event = try #require(try WebhookEventRecord.fetchOne(db, key: id))
                event.createdAt = event.createdAt.addingTimeInterval(-seconds)
                try event.update(db)
            }
        }
    }
}
