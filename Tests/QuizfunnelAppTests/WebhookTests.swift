import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import QuizfunnelApp

@Suite struct WebhookTests {
    @Test func signaturesMatchTheStandardWebhooksSpecification() {
        // The example from the Standard Webhooks specification.
        let signer = WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")

        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Data(#"{"test": 2432232314}"#.utf8))

        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func aLeadAndItsEventsAreWrittenTogether() async throws {
        let service = try TestService()
        let settings = WebhookSettings(endpoints: ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"])
        try await service.withClient(webhooks: settings) { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com")
            _ = try await client.subscribe(resultID: result.resultId, email: "ANNA@example.com", name: "Anna")
        }

        let events = try await service.storedWebhookEvents()
        #expect(events.map(\.type) == ["lead.created", "lead.created", "lead.updated", "lead.updated"])
        #expect(Set(events.map(\.endpoint)) == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"])
        #expect(Set(events.map(\.id)).count == 4)
        let payload = try JSONSerialization.jsonObject(with: events[2].body) as? [String: Any]
        #expect(payload?["quiz"] as? String == "golf-club")
        #expect(payload?["segment"] as? String == "driver")
        #expect((payload?["lead"] as? [String: Any])?["name"] as? String == "Anna")
        #expect((payload?["consent"] as? [String: Any])?["version"] as? String == "2026-11-23")
    }

    @Test func failedDeliveriesAreRetriedUntilTheReceiverAcceptsThem() async throws {
        let receiver = Receiver(answers: [503, 500, 204])
        try await receiver.run { endpoint in
            let service = try TestService()
            let settings = WebhookSettings(endpoints: [endpoint], signer: WebhookSigner(secret: "test-secret"), retryBase: 0.001)
            try await self.saveLead(in: service, settings: settings)
            let deliveries = try await service.withStore { store in
                let worker = self.worker(store, settings)
                for _ in 0..<3 {
                    try await Task.sleep(for: .milliseconds(20))
                    try await worker.deliverDueEvents()
                }
                return try await store.webhookDeliveries(limit: 10)
            }

            #expect(deliveries.map(\.statusCode) == [204, 500, 503])
            #expect(deliveries.map(\.attempt) == [3, 2, 1])
            #expect(try await service.storedWebhookEvents().first?.status == .delivered)
            let requests = receiver.requests
            #expect(Set(requests.map(\.id)).count == 1)
            #expect(
                requests.allSatisfy {
                    $0.signature == WebhookSigner(secret: "test-secret").signature(id: $0.id, timestamp: $0.timestamp, body: $0.body)
                }
            )
        }
    }

    @Test func a410SwitchesTheEndpointOff() async throws {
        let receiver = Receiver(answers: [410])
        try await receiver.run { endpoint in
            let service = try TestService()
            let settings = WebhookSettings(endpoints: [endpoint], signer: WebhookSigner(secret: "s"), retryBase: 0.001)
            try await self.saveLead(in: service, settings: settings)

            try await service.withStore { store in try await self.worker(store, settings).deliverDueEvents() }
            try await self.saveLead(in: service, settings: settings, email: "later@example.com")

            #expect(try await service.storedWebhookEvents().map(\.status) == [.disabled])
            #expect(receiver.requests.count == 1)
        }
    }

    @Test func anAttemptCutShortByShutdownIsStillRecorded() async throws {
        // The receiver cancels the delivering task as the request arrives, as a graceful shutdown would.
        let delivering = Mutex<Task<Int, any Error>?>(nil)
        let receiver = Receiver(answers: [204], onRequest: { delivering.withLock { $0?.cancel() } })
        try await receiver.run { endpoint in
            let service = try TestService()
            let settings = WebhookSettings(endpoints: [endpoint], signer: WebhookSigner(secret: "s"), retryBase: 0.001)
            try await self.saveLead(in: service, settings: settings)
            let deliveries = try await service.withStore { store in
                let worker = self.worker(store, settings)
                let (started, start) = AsyncStream<Void>.makeStream()
                let task = Task {
                    for await _ in started { break }
                    return try await worker.deliverDueEvents()
                }
                delivering.withLock { $0 = task }
                start.yield()
                _ = await task.result
                return try await store.webhookDeliveries(limit: 10)
            }

            // Whether the answer arrived before the cancellation or not, the one request the receiver saw is recorded,
            // and the event is either delivered or still pending for the next run, never forgotten.
            #expect(receiver.requests.count == 1)
            #expect(deliveries.count == 1)
            let event = try await service.storedWebhookEvents().first
            #expect(event?.attempts == 1)
            #expect(event?.status == (deliveries.first?.statusCode == 204 ? .delivered : .pending))
        }
    }

    @Test func theDeliveriesAreVisibleToTheAdmin() async throws {
        let receiver = Receiver(answers: [502, 200])
        try await receiver.run { endpoint in
            let service = try TestService()
            let settings = WebhookSettings(endpoints: [endpoint], signer: WebhookSigner(secret: "s"), retryBase: 0.001)
            try await self.saveLead(in: service, settings: settings)
            try await service.withStore { store in
                let worker = self.worker(store, settings)
                try await worker.deliverDueEvents()
                try await Task.sleep(for: .milliseconds(20))
                try await worker.deliverDueEvents()
            }

            try await service.withClient(webhooks: settings, backgroundWork: false) { client in
                let response = try await client.execute(
                    uri: "/api/admin/webhooks/deliveries",
                    method: .get,
                    headers: [.authorization: "Bearer \(TestService.adminToken)"]
                )
                let body = String(buffer: response.body)

                #expect(response.status == .ok)
                #expect(body.contains(#""statusCode":200"#) && body.contains(#""statusCode":502"#))
            }
        }
    }

    /// Saves a lead with `settings`' endpoints; the tests deliver its events by hand, so no delivery runs meanwhile.
    private func saveLead(in service: TestService, settings: WebhookSettings, email: String = "anna@example.com") async throws {
        try await service.withClient(webhooks: settings, backgroundWork: false) { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            #expect(try await client.subscribe(resultID: result.resultId, email: email).status == .created)
        }
    }

    private func worker(_ store: any FunnelRepository, _ settings: WebhookSettings) -> WebhookDeliveryService {
        WebhookDeliveryService(database: store, settings: settings, httpClient: HTTPClient.shared, logger: Logger(label: "test"))
    }
}

/// A real HTTP receiver on a loopback port that answers a scripted sequence of status codes (the last one repeats).
final class Receiver: Sendable {
    struct Received: Sendable {
        var id: String
        var timestamp: Int
        var signature: String
        var body: Data
    }

    private let state: Mutex<(answers: [Int], requests: [Received])>
    /// Called as each request arrives, before it is answered.
    private let onRequest: @Sendable () -> Void

    init(answers: [Int], onRequest: @escaping @Sendable () -> Void = {}) {
        self.state = Mutex((answers, []))
        self.onRequest = onRequest
    }

    var requests: [Received] { self.state.withLock { $0.requests } }

    func run(_ test: @Sendable (_ endpoint: String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.onRequest()
            let received = Received(
                id: request.headers[HTTPField.Name("webhook-id")!] ?? "",
                timestamp: Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0,
                signature: request.headers[HTTPField.Name("webhook-signature")!] ?? "",
                body: Data(buffer: body)
            )
            return self.state.withLock { state in
                state.requests.append(received)
                return HTTPResponse.Status(code: state.answers.count > 1 ? state.answers.removeFirst() : state.answers[0])
            }
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await test("http://127.0.0.1:\(client.port!)/hook")
        }
    }
}
