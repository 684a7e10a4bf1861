import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Withdrawing is as easy as opting in, and an unsubscribed person never comes back as subscribed by accident.
@Suite struct WithdrawalTests {
    @Test func openingTheLinkOnlyAsksAndThePostWithdraws() async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")

            let page = try await client.execute(uri: "/u/\(token)", method: .get)

            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("a•••@example.com"))
            #expect(html.contains(#"<form method="post" action="/u/\#(token)">"#))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(try await client.exportCSV().contains("anna@example.com"), "a link scanner's GET must not unsubscribe")

            let confirmed = try await client.execute(uri: "/u/\(token)", method: .post, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))

            #expect(confirmed.status == .ok)
            #expect(String(buffer: confirmed.body).contains("You are unsubscribed"))
            #expect(try await client.exportCSV().contains("anna@example.com") == false)
            #expect(try await client.exportCSV(query: "?status=unsubscribed").contains("anna@example.com"))
        }
    }

    @Test(arguments: ["query", "form", "json"])
    func theOneClickEndpointTakesTheTokenEveryWayMailClientsSendIt(way: String) async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")

            let response: TestResponse
            switch way {
            case "query":
                response = try await client.execute(
                    uri: "/api/unsubscribe?token=\(token)",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "List-Unsubscribe=One-Click")
                )
            case "form":
                response = try await client.execute(
                    uri: "/api/unsubscribe",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "List-Unsubscribe=One-Click&token=\(token)")
                )
            default:
                response = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)
            }

            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"unsubscribed"}"#)
            #expect(try await client.exportCSV().contains("anna@example.com") == false)
        }
    }

    @Test func unknownAndMalformedTokensAre404() async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            let unknown = String(repeating: "A", count: 32)
            #expect(try await client.post("/api/unsubscribe", json: #"{"token": "\#(unknown)"}"#).status == .notFound)
            #expect(try await client.post("/api/unsubscribe", json: #"{"token": "' OR 1=1 --"}"#).status == .notFound)
            #expect(try await client.execute(uri: "/u/\(unknown)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/u/short", method: .post).status == .notFound)
            #expect(try await client.post("/api/unsubscribe", json: "{}").status == .unprocessableContent)
        }
    }

    @Test func oneClickWithdrawsTheAddressFromEveryListAndKeepsItsHash() async throws {
        let service = try TestService()
        try await service.withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            let social = try await client.post("/api/quizzes/social-seller/results", object: ["answers": SocialAnswers.any])
            let socialResult = try decode(ResultBody.self, from: social)
            _ = try await client.subscribe(resultID: socialResult.resultId, email: "Anna@Example.com", quiz: "social-seller")
            let token = try await client.unsubscribeToken(of: "anna@example.com")

            _ = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)

            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna@example.com"))
            #expect(person.leads.map(\.lead.status) == ["unsubscribed", "unsubscribed"])
            #expect(person.leads.allSatisfy { $0.unsubscribedAt != nil })
            #expect(person.suppression?.reason == "unsubscribed")
            #expect(try await client.exportCSV().contains("@example.com") == false)
        }
    }

    @Test func playingAgainWithoutConsentingAgainKeepsThemUnsubscribed() async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            let first = try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")
            _ = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)

            // Plays again, leaves the address without ticking the box, and reuses the old result.
            let again = try await client.playGolf(GolfAnswers.putter)
            let unticked = try await client.post(
                "/api/quizzes/golf-club/leads",
                object: ["resultId": again.resultId, "email": "anna@example.com", "consent": false]
            )
            #expect(unticked.status == .unprocessableContent)

            #expect(try await client.exportCSV().contains("anna@example.com") == false)
            #expect(try await client.exportCSV(query: "?status=unsubscribed").contains("anna@example.com"))
            _ = first
        }
    }

    @Test func aNewExplicitOptInIsANewConsent() async throws {
        try await TestService().withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")
            _ = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)
            try await Task.sleep(for: .milliseconds(5))

            try await client.playAndSubscribe("anna@example.com", answers: GolfAnswers.putter)

            let rows = csvLines(try await client.exportCSV())
            #expect(rows.count == 2 && rows[1].hasPrefix("anna@example.com,,golf-club,putter,"))
            #expect(try await client.unsubscribeToken(of: "anna@example.com") == token, "the link in old mails keeps working")
        }
    }

    @Test func aStaleSubscribedRowIsNotExportedOverANewerWithdrawal() async throws {
        // Defence in depth: even if a row said subscribed (an old backup restored into a newer list, say), a
        // suppression entry newer than its consent keeps it out of the subscribed export.
        let service = try TestService()
        try await service.withClient { (client: any TestClientProtocol) async throws in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")
            _ = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)
            try await service.execute("UPDATE lead SET status = 'subscribed'")

            #expect(try await client.exportCSV().contains("anna@example.com") == false)
        }
    }

    @Test func webhooksAreToldAboutTheWithdrawal() async throws {
        let service = try TestService()
        let settings = WebhookSettings(endpoints: ["http://127.0.0.1:9/hook"], signer: WebhookSigner(secret: "secret"))
        try await service.withClient(webhooks: settings) { client in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")
            _ = try await client.post("/api/unsubscribe", json: #"{"token": "\#(token)"}"#)
        }
        let types = try await service.storedWebhookEvents().map(\.type)
        #expect(types == ["lead.created", "lead.unsubscribed"])
    }
}

/// An answer to every question of the social-seller quiz.
enum SocialAnswers {
    static var any: [String: String] {
        let url = repositoryRoot.appendingPathComponent("Quizzes/social-seller.json")
        let quiz = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let questions = quiz["questions"] as! [[String: Any]]
        return Dictionary(
            uniqueKeysWithValues: questions.map { question in
                (question["id"] as! String, (question["answers"] as! [[String: Any]])[0]["id"] as! String)
            }
        )
    }
}
