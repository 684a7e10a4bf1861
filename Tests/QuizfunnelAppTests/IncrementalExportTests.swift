import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@Suite struct IncrementalExportTests {
    @Test func eachPresetIsServedWithItsTypeAndName() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com", name: "Anna Virtanen")

            let mailchimp = try await self.export(client, "?format=mailchimp&segment=driver")
            let ndjson = try await self.export(client, "?format=ndjson")
            let excel = try await self.export(client, "?format=brevo&bom=1&delimiter=semicolon")

            #expect(mailchimp.headers[.contentDisposition] == "attachment; filename=\"leads-driver-mailchimp.csv\"")
            #expect(String(buffer: mailchimp.body).hasPrefix("Email Address,First Name,Last Name,Tags,"))
            #expect(String(buffer: mailchimp.body).contains("\r\nanna@example.com,Anna,Virtanen,\"golf-club,golf-club:driver\","))
            #expect(ndjson.headers[.contentType] == "application/x-ndjson")
            let line = try JSONDecoder().decode(LeadJSON.self, from: Data(String(buffer: ndjson.body).split(separator: "\n")[0].utf8))
            #expect(line.email == "anna@example.com" && line.segment == "driver" && line.consent.method == "checkbox")
            #expect(Array(excel.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(buffer: excel.body).dropFirst().hasPrefix("EMAIL;FIRSTNAME;LASTNAME;"))
        }
    }

    @Test(arguments: [
        ("?format=excel", "format: must be one of generic, mailchimp, hubspot, salesforce, klaviyo, brevo, activecampaign, ndjson"),
        ("?since=yesterday", "since: must be an ISO 8601 time such as 2026-11-23T09:30:00Z"),
        ("?status=bounced", "status: must be subscribed, pending, unsubscribed or all"),
        ("?delimiter=tab", "delimiter: must be comma or semicolon"),
    ])
    func unknownOptionsAre422(query: String, message: String) async throws {
        try await TestService().withClient { client in
            let response = try await self.export(client, query)

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
    }

    @Test func sinceGivesExactlyTheNewAndChangedLeads() async throws {
        try await TestService().withClient { client in
            let first = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: first.resultId, email: "old@example.com")
            _ = try await client.subscribe(resultID: first.resultId, email: "changed@example.com")
            try await Task.sleep(for: .milliseconds(20))
            let checkpoint = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
            try await Task.sleep(for: .milliseconds(20))
            let second = try await client.playGolf(GolfAnswers.putter)
            _ = try await client.subscribe(resultID: second.resultId, email: "changed@example.com")
            _ = try await client.subscribe(resultID: second.resultId, email: "new@example.com")

            let lines = csvLines(String(buffer: try await self.export(client, "?since=\(checkpoint)").body))

            #expect(lines.dropFirst().map { $0.prefix { $0 != "," } }.sorted() == ["changed@example.com", "new@example.com"])
        }
    }

    @Test func statusFiltersAndDefaultsToSubscribed() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com")

            let subscribed = csvLines(String(buffer: try await self.export(client, "").body))
            let unsubscribed = csvLines(String(buffer: try await self.export(client, "?status=unsubscribed").body))
            let all = csvLines(String(buffer: try await self.export(client, "?status=all").body))

            #expect(subscribed.count == 2 && subscribed[1].contains(",subscribed,"))
            #expect(unsubscribed.count == 1)
            #expect(all.count == 2)
        }
    }

    @Test func thePollingFeedIsNewestFirstWithStableIDs() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            for email in ["a@example.com", "b@example.com", "c@example.com"] {
                _ = try await client.subscribe(resultID: result.resultId, email: email)
                try await Task.sleep(for: .milliseconds(5))
            }

            let first = try await self.poll(client, "?quiz=golf-club")
            _ = try await client.subscribe(resultID: result.resultId, email: "A@example.com")
            let second = try await self.poll(client, "?quiz=golf-club&limit=2")

            #expect(first.map(\.email) == ["c@example.com", "b@example.com", "a@example.com"])
            #expect(second.map(\.email) == ["A@example.com", "c@example.com"])
            #expect(second[0].id == first[2].id)
            #expect(Set(first.map(\.id)).count == 3)
        }
    }

    private func export(_ client: any TestClientProtocol, _ query: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/admin/leads.csv\(query)", method: .get, headers: [.authorization: "Bearer \(TestService.adminToken)"])
    }

    private func poll(_ client: any TestClientProtocol, _ query: String) async throws -> [LeadJSON] {
        let response = try await client.execute(
            uri: "/api/admin/leads\(query)",
            method: .get,
            headers: [.authorization: "Bearer \(TestService.adminToken)"]
        )
        #expect(response.status == .ok)
        return try decode([LeadJSON].self, from: response)
    }
}
