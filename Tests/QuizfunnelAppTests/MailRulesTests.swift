import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// How often an address is mailed, and what withdrawal, erasure and time do to the mails and links it was given.
@Suite struct MailRulesTests {
    @Test func aPendingAddressGetsANewLinkAtMostOnceInTenMinutesAndThreeTimesInAll() async throws {
        let service = try TestService(optIn: nil)
        let resultID = try await service.withClient(backgroundWork: false) { client in try await client.playGolf(GolfAnswers.driver).resultId }
        let start = Date()
        // Twenty submissions over forty minutes, one every two minutes.
        for minute in stride(from: 0, to: 40, by: 2) {
            try await self.submit("anna@example.com", result: resultID, at: start.addingTimeInterval(Double(minute) * 60), in: service)
        }
        let times = try await service.dates(#"SELECT "createdAt" FROM "confirmationToken" ORDER BY "createdAt""#)
        #expect(times.count == 3)
        #expect(abs(times[0].timeIntervalSince(start)) < 1)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 10 * 60 - 1 && $1.timeIntervalSince($0) <= 12 * 60 })
    }

    @Test func earlierLinksKeepWorkingAfterANewOneWasSent() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com", confirming: false)
            let first = try await client.confirmationLink()
            let resultID = try await client.playGolf(GolfAnswers.putter).resultId
            try await self.submit("anna@example.com", result: resultID, at: Date().addingTimeInterval(11 * 60), in: service)
            #expect(try await client.confirmationLink() != first)

            let response = try await client.confirm(first)

            #expect(String(buffer: response.body).contains("Your address is confirmed"))
        }
    }

    @Test func unconfirmedLeadsAreDroppedAfterTheRetentionAndTheirSuppressionStays() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("pending@example.com", confirming: false)
            try await client.playAndSubscribe("confirmed@example.com")
            try await client.playAndSubscribe("stranger@example.com", confirming: false)
            try await client.confirm(try await client.confirmationLink(), action: "reject")
        }

        let dropped = try await service.withStore { store in
            [
                try await store.dropUnconfirmedLeads(lastMailedBefore: Date().addingTimeInterval(-60), at: Date()),
                try await store.dropUnconfirmedLeads(lastMailedBefore: Date().addingTimeInterval(60), at: Date()),
            ]
        }

        #expect(dropped == [0, 1])
        #expect(try await service.texts("SELECT email FROM lead") == ["confirmed@example.com"])
        #expect(try await service.count("suppression") == 1)
    }

    @Test func unsubscribingCancelsAResultMailNotSentYet() async throws {
        let service = try TestService(optIn: .single)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com")
            let token = try await client.unsubscribeToken(of: "anna@example.com")

            _ = try await client.execute(uri: "/api/unsubscribe?token=\(token)", method: .post)

            let mails = try decode([MailEntryBody].self, from: try await client.admin("/api/admin/mail"))
            #expect(mails.map { "\($0.kind) \($0.state)" } == ["result cancelled"])
        }
    }

    @Test func erasureTakesTheMailsAndLinksWithIt() async throws {
        let service = try TestService(optIn: nil)
        let secret = try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com", confirming: false)
            let link = try await client.confirmationLink()

            let response = try await client.admin("/api/admin/leads/anna@example.com", method: .delete)

            #expect(try decode(ErasureAnswer.self, from: response).erased.mails == 1)
            return String(link.split(separator: "/").last!)
        }
        let everything = try await service.everyStoredValue().joined(separator: "\n")
        #expect(!everything.contains(secret))
        #expect(!everything.contains("anna@example.com"))
        #expect(try await service.count(#""confirmationToken""#) == 0)
    }

    @Test func theFunnelCountsConfirmationsAndTheMedianTimeToConfirm() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("one@example.com")
            try await client.playAndSubscribe("two@example.com", confirming: false)

            let stats = try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))

            #expect(stats.funnel.leads == 2)
            #expect(stats.funnel.confirmations == 1)
            #expect(stats.funnel.rates.leadToConfirmation == 0.5)
            #expect(try #require(stats.medianSecondsToConfirm) < 60)
        }
    }

    @Test func theConfirmingClientIsKeptOnlyWhenTheOperatorSwitchesItOn() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(mail: MailSettings(recordsConfirmationClient: true), backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com")
        }
        let lead = try #require(try await service.storedLeads().first)
        #expect(lead.confirmingIP != nil)
    }

    /// A lead submitted straight to the database at `time`, as the lead route would with the shipped quiz.
    private func submit(_ email: String, result resultID: String, at time: Date, in service: TestService) async throws {
        let quiz = try #require(service.catalog.quiz(id: "golf-club"))
        let address = try EmailAddress(validating: email)
        let optIn = LeadOptIn(
            quiz: quiz,
            email: address,
            consentOrigin: "https://quiz.example.com",
            receivedAt: time,
            emailHash: Digest.emailHash(key: address.key),
            unsubscribeToken: UnsubscribeToken.make()
        )
        let plan = LeadMailPlan(issuesConfirmation: true, settings: MailSettings(), senderDomain: "fairway.example", now: time)
        _ = try await service.withStore { store in
            try await store.saveLead(fromResult: resultID, quizID: quiz.id, mail: plan) { optIn.lead(from: $0) }
        }
    }

    struct ErasureAnswer: Decodable {
        var erased: Erasure
    }
}
