import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// An erased person is gone from every table and export; only the hash of their address stays, as a suppression.
@Suite struct ErasureTests {
    @Test func deleteRemovesThePersonFromEveryTable() async throws {
        let service = try TestService()
        let settings = WebhookSettings(endpoints: ["http://127.0.0.1:9/hook"], signer: WebhookSigner(secret: "secret"))
        try await service.withClient(webhooks: settings) { client in
            let kept = try await client.playAndSubscribe("bob@example.com")
            let anna = try await client.playAndSubscribe("Anna.Erased@example.com")
            // Someone else signed up from Anna's result too: that result stays, as theirs.
            _ = try await client.subscribe(resultID: anna.resultId, email: "carl@example.com")

            let response = try await client.admin("/api/admin/leads/anna.erased@example.com", method: .delete)

            #expect(response.status == .ok)
            struct Answer: Decodable {
                var erased: Erasure
                var suppressed: Bool
            }
            let answer = try decode(Answer.self, from: response)
            #expect(answer.erased == Erasure(leads: 1, results: 0, webhookEvents: 1, mails: 1, conversions: 0) && answer.suppressed)
            let everything = try await service.everyStoredValue().joined(separator: "\n").lowercased()
            #expect(everything.components(separatedBy: "anna.erased").count == 2, "one copy left: the lead.erased notice")
            #expect(everything.contains(#""type":"lead.erased""#))
            #expect(everything.contains("bob@example.com"))
            #expect(try await client.exportCSV(query: "?status=all").lowercased().contains("anna.erased") == false)
            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna.erased@example.com"))
            #expect(person.leads.isEmpty && person.results.isEmpty)
            #expect(person.suppression?.reason == "erased")
            _ = kept
        }
        // The receiver is told once, then the notice's copy of the address goes too.
        let notices = try await service.storedWebhookEvents().filter { $0.type == "lead.erased" }
        #expect(notices.count == 1)
        var delivered = try #require(notices.first)
        delivered.status = .delivered
        try await service.withStore { [delivered] store in
            try await store.recordWebhookAttempt(
                WebhookDeliveryRecord(
                    eventID: delivered.id,
                    endpoint: delivered.endpoint,
                    attempt: 1,
                    attemptedAt: Date(),
                    statusCode: 204,
                    durationMilliseconds: 3
                ),
                event: delivered
            )
        }
        #expect(try await service.everyStoredValue().joined().lowercased().contains("anna.erased") == false)
    }

    @Test func anErasedPersonWhoPlaysAgainIsNotALead() async throws {
        let service = try TestService()
        try await service.withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            _ = try await client.admin("/api/admin/leads/anna@example.com", method: .delete)

            _ = try await client.playGolf(GolfAnswers.putter)

            #expect(csvLines(try await client.exportCSV(query: "?status=all")).count == 1)
        }
    }

    @Test func erasingAnUnknownAddressStillSuppressesIt() async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            #expect(try await client.admin("/api/admin/leads/nobody@example.com").status == .notFound)

            let response = try await client.admin("/api/admin/leads/nobody@example.com", method: .delete)

            #expect(response.status == .ok)
            #expect(try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/nobody@example.com")).suppression?.reason == "erased")
            #expect(try await client.admin("/api/admin/leads/not-an-address", method: .delete).status == .unprocessableContent)
            #expect(
                try await client.execute(uri: "/api/admin/leads/anna@example.com", method: .delete).status == .unauthorized,
                "erasure needs the admin token"
            )
        }
    }

    @Test func theEraseCommandDoesTheSame() async throws {
        let service = try TestService()
        try await service.withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            try await client.playAndSubscribe("bob@example.com")
        }

        let run = try await runQuizfunnel(["erase", "--email", "ANNA@example.com", "--database", try await service.databaseArgument()])

        #expect(run.status == 0)
        #expect(run.output.contains("Erased anna@example.com: 1 leads, 1 results, 0 webhook events"))
        let everything = try await service.everyStoredValue().joined(separator: "\n")
        #expect(everything.contains("anna@example.com") == false)
        #expect(everything.contains("bob@example.com"))
        #expect(everything.contains(Digest.emailHash(key: "anna@example.com")))
    }
}
