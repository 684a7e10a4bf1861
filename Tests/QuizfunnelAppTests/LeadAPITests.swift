import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

@Suite struct LeadAPITests {
    @Test func storesTheLeadWithItsConsentRecord() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver, extra: ["lang": "fi", "utm": ["source": "linkedin"], "ref": "ceo"])

            let response = try await client.subscribe(resultID: result.resultId, email: "Anna.Virtanen@Example.fi", name: "Anna Virtanen")

            #expect(response.status == .created)
            // The golf quiz is double opt-in: kept pending until the address is confirmed.
            #expect(String(buffer: response.body) == #"{"status":"pending"}"#)
        }
        let lead = try #require(try await self.leads(in: service).first)
        #expect(lead.status == .pending)
        #expect(lead.email == "Anna.Virtanen@Example.fi")
        #expect(lead.emailKey == "anna.virtanen@example.fi")
        #expect(lead.segmentID == "driver")
        #expect(lead.consentVersion == "2026-11-23")
        #expect(lead.consentText.hasPrefix("Kyllä, lähettäkää minulle sähköpostilla"))
        #expect(lead.consentLocale == "fi")
        #expect(abs(lead.consentedAt.timeIntervalSinceNow) < 60)
        #expect(lead.utmSource == "linkedin")
        #expect(lead.ref == "ceo")
    }

    @Test(arguments: [
        (#""consent": false"#, "consent: must be true: a lead is only taken with an explicit opt-in"),
        (#""consent": "true""#, "consent: expected a boolean"),
        (#""consent": 1"#, "consent: expected a boolean"),
        (#""other": true"#, "consent: must be true: a lead is only taken with an explicit opt-in"),
    ])
    func withoutALiteralTrueConsentNothingIsStored(consent: String, message: String) async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)

            let response = try await client.post(
                "/api/quizzes/golf-club/leads",
                json: #"{"resultId": "\#(result.resultId)", "email": "anna@example.com", \#(consent)}"#
            )

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
        #expect(try await self.leads(in: service).isEmpty)
    }

    @Test(arguments: ["anna@example", "=1+2@example.com", "anna@@example.com", "", String(repeating: "a", count: 65) + "@example.com"])
    func invalidEmailsAre422(email: String) async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)

            let response = try await client.subscribe(resultID: result.resultId, email: email)

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response).hasPrefix("email: "))
        }
    }

    @Test func aLeadNeedsAResultOfTheSameQuiz() async throws {
        try await TestService().withClient { client in
            let golf = try await client.playGolf(GolfAnswers.driver)

            let unknown = try await client.subscribe(resultID: "AAAAAAAAAAAAAAAAAAAAAA", email: "anna@example.com")
            let otherQuiz = try await client.subscribe(resultID: golf.resultId, email: "anna@example.com", quiz: "social-seller")
            let malformed = try await client.subscribe(resultID: "'; DROP TABLE lead; --", email: "anna@example.com")

            for response in [unknown, otherQuiz, malformed] {
                #expect(response.status == .unprocessableContent)
                #expect(try errorMessage(response).hasPrefix("resultId: "))
            }
        }
    }

    @Test func aLaterPlayUpdatesTheOneLeadPerQuizAndAddress() async throws {
        let service = try TestService()
        let secondResultID = try await service.withClient { client in
            let first = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: first.resultId, email: "anna@example.com", name: "Anna")
            let second = try await client.playGolf(GolfAnswers.putter, extra: ["lang": "es"])

            let response = try await client.subscribe(resultID: second.resultId, email: "ANNA@example.com")

            #expect(response.status == .created)
            return second.resultId
        }
        let leads = try await self.leads(in: service)
        #expect(leads.count == 1)
        #expect(leads[0].resultID == secondResultID)
        #expect(leads[0].segmentID == "putter")
        #expect(leads[0].consentLocale == "es")
        #expect(leads[0].name == "Anna")
        #expect(leads[0].email == "ANNA@example.com")
    }

    @Test(.enabled(if: !TestService.runsOnPostgreSQL, "SQLite's own settings; PostgreSQL's test server runs with fsync on"))
    func aSavedLeadIsOnDiskWithSynchronousFull() async throws {
        let service = try TestService()

        let (synchronous, journalMode) = try await service.database.writer.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }

        #expect(synchronous == 2)  // FULL
        #expect(journalMode == "wal")
    }

    private func leads(in service: TestService) async throws -> [LeadRecord] {
        try await service.storedLeads()
    }
}
