import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Withdrawal, the person look-up and erasure on PostgreSQL, by SQLite's rules.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresPrivacyTests {
    @Test func aPersonCanBeLookedUpWithdrawnAndErased() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let catalog = try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)
            try await repository.keepConsentTexts(of: catalog, at: Date())
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("anna@example.com", from: result, optIn: .single, in: repository)
            let token = try #require(try await repository.lead(quizID: "golf-club", emailKey: "anna@example.com")?.unsubscribeToken)

            let person = try await repository.personalData(emailKey: "anna@example.com")
            let withdrawal = try await repository.withdraw(
                unsubscribeToken: token,
                notifying: ["https://crm.example.com/hook"],
                baseURL: "",
                at: Date()
            )
            let again = try await repository.withdraw(unsubscribeToken: token, notifying: [], baseURL: "", at: Date())
            let erasure = try await repository.erase(emailKey: "anna@example.com", notifying: [], at: Date())
            let afterwards = try await repository.personalData(emailKey: "anna@example.com")

            #expect(person.leads.map(\.email) == ["anna@example.com"])
            #expect(person.results.map(\.answers) == [["saturday": "big-start"]])
            #expect(person.consentTexts.count == 1)
            #expect(person.mails.map(\.kind) == [.result])
            #expect(person.webhookEvents.map(\.type) == ["lead.created"])
            #expect(withdrawal?.leadsWithdrawn == 1)
            #expect(again?.leadsWithdrawn == 0, "withdrawing twice changes nothing")
            #expect(erasure == Erasure(leads: 1, results: 1, webhookEvents: 2, mails: 1, conversions: 0))
            #expect(afterwards.leads.isEmpty && afterwards.results.isEmpty && afterwards.mails.isEmpty)
            #expect(afterwards.suppression?.reason == "erased", "only the address's hash stays")
            #expect(afterwards.webhookEvents.map(\.type) == ["lead.erased"], "the endpoint told of the person hears of the erasure")
            #expect(try await repository.consentTexts(quizID: "golf-club").count >= 1)
        }
    }
}
