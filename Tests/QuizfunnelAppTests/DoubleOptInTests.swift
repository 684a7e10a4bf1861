import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// The shipped golf quiz is double opt-in: an address is kept pending until its owner confirms it from a mail.
@Suite struct DoubleOptInTests {
    @Test func aSubmittedAddressIsPendingWithAHeldConfirmationMailAndNoWebhook() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(webhooks: WebhookSettings(endpoints: ["https://crm.example.com/hook"]), backgroundWork: false) { client in
            let result = try await client.playGolf(GolfAnswers.driver, extra: ["lang": "pl"])

            let response = try await client.subscribe(resultID: result.resultId, email: "jan@example.pl")

            #expect(String(buffer: response.body) == #"{"status":"pending"}"#)
            let mails = try decode([MailEntryBody].self, from: try await client.admin("/api/admin/mail"))
            #expect(mails.map(\.kind) == ["confirmation"])
            #expect(mails.first?.state == "held")
            #expect(mails.first?.recipient == "j•••@example.pl")
            let mail = try decode(HeldMailBody.self, from: try await client.admin("/api/admin/mail/\(try #require(mails.first?.id))"))
            #expect(mail.subject == "Potwierdź swój adres: Jakim kijem golfowym jesteś?")
            #expect(mail.text.contains(try #require(mail.links["confirm"])))
            #expect(!mail.text.contains("Fairway X1"), "the confirmation carries no offer")
            #expect(mail.source.contains("Auto-Submitted: auto-generated"))
            #expect(csvLines(try await client.exportCSV()).count == 1, "a pending address is not in the default export")
            #expect(csvLines(try await client.exportCSV(query: "?status=pending")).count == 2)
        }
        let events = try await service.count(#""webhookEvent""#)
        #expect(events == 0, "a CRM never receives an unconfirmed address")
    }

    @Test func openingTheLinkChangesNothingAndPressingConfirmSubscribes() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(webhooks: WebhookSettings(endpoints: ["https://crm.example.com/hook"]), backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.fi", confirming: false)
            let link = try await client.confirmationLink()
            let path = String(link[try #require(link.range(of: "/c/")).lowerBound...])

            let page = try await client.execute(uri: path, method: .get)

            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(page.headers[.xRobotsTag] == "noindex")
            #expect(String(buffer: page.body).contains("a•••@example.fi is not confirmed yet"))
            #expect(try await self.lead(in: service).status == .pending)

            let confirmed = try await client.confirm(link)
            #expect(String(buffer: confirmed.body).contains("Your address is confirmed"))
            let again = try await client.confirm(link)
            #expect(String(buffer: again.body).contains("is already confirmed"))

            let row = try #require(csvLines(try await client.exportCSV()).last)
            #expect(row.contains(",double-opt-in,"))
            #expect(!row.hasSuffix(",,"), "confirmed_at is filled")
        }
        let lead = try await self.lead(in: service)
        #expect(lead.status == .subscribed)
        #expect(lead.confirmedAt != nil)
        #expect(lead.confirmationTokenID != nil)
        #expect(lead.confirmingIP == nil, "the confirming client is kept only when the operator asks")
        #expect(try await service.storedWebhookEvents().map(\.type) == ["lead.created"])
        #expect(try await service.storedMails().map(\.kind) == [.confirmation, .result])
    }

    /// Plays with `answers` in `lang`, subscribes `email`, confirms it, and reads the result mail the service holds.
    static func heldResultMail(_ client: any TestClientProtocol, answers: [String: String], lang: String, email: String) async throws -> HeldMailBody
    {
        let result = try await client.playGolf(answers, extra: ["lang": lang])
        _ = try await client.subscribe(resultID: result.resultId, email: email)
        try await client.confirm(try await client.confirmationLink())
        let mails = try decode([MailEntryBody].self, from: try await client.admin("/api/admin/mail"))
        return try decode(HeldMailBody.self, from: try await client.admin("/api/admin/mail/\(try #require(mails.first { $0.kind == "result" }).id)"))
    }

    @Test func theBuiltInResultMailListsTheSegmentsProducts() async throws {
        try await TestService(optIn: nil).withClient(backgroundWork: false) { client in
            let mail = try await Self.heldResultMail(client, answers: GolfAnswers.putter, lang: "fi", email: "pekka@example.fi")

            #expect(mail.text.contains("- Last Inch putter, € 229: https://example.com/golf/last-inch\n- Putting mat, € 79: "))
            #expect(mail.html?.contains(#"<a href="https://example.com/golf/putting-mat">Putting mat</a> – € 79"#) == true)
            #expect(mail.html?.contains("https://quiz.example.com/images/golf-club/putter.fi.png") == true, "the share card in the player's language")
        }
    }

    @Test func theResultMailCarriesTheSegmentsOfferAndOneClickUnsubscribe() async throws {
        try await TestService(optIn: nil).withClient(backgroundWork: false) { client in
            let mail = try await Self.heldResultMail(client, answers: GolfAnswers.driver, lang: "pl", email: "jan@example.pl")

            #expect(mail.subject == "Driver: najnowsze drivery i zaproszenie")
            #expect(mail.text.contains("Fairway X1"))
            #expect(mail.text.contains("- Fairway Launch X driver, € 449: https://example.com/golf/launch-x\n"), "the segment's products")
            #expect(mail.html?.contains(#"<a href="https://example.com/golf/launch-x">Fairway Launch X driver</a> – € 449"#) == true)
            #expect(mail.html?.contains("https://quiz.example.com/images/golf-club/driver.pl.png") == true)
            let unsubscribe = try #require(mail.links["unsubscribe"])
            #expect(mail.source.contains("List-Unsubscribe: <\(unsubscribe)>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
            #expect(mail.source.contains("List-Id: <golf-club.fairway.example>"))
            #expect(mail.source.contains("Content-Language: pl"))
        }
    }

    @Test func aPendingAddressGetsItsWithdrawalLinkWhenItIsConfirmed() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.fi", confirming: false)
            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna@example.fi"))
            let pending = try #require(person.leads.first?.lead)
            #expect(pending.unsubscribeUrl == nil, "nothing to withdraw from before the address is confirmed")

            try await client.confirm(try await client.confirmationLink())

            let token = try await client.unsubscribeToken(of: "anna@example.fi")
            let page = try await client.execute(uri: "/u/\(token)", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("a•••@example.fi"))
        }
        // The lookup by withdrawal link goes through the index, which holds subscribed addresses only. (SQLite's plan;
        // PostgreSQL's planner scans a table of one row whatever its indexes.)
        guard !TestService.runsOnPostgreSQL else { return }
        let plan = try await service.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM lead WHERE unsubscribeToken = ?", arguments: ["x"]).map {
                $0["detail"] as String
            }
        }
        #expect(plan == ["SEARCH lead USING INDEX lead_on_unsubscribeToken (unsubscribeToken=?)"])
    }

    @Test func theAnswerIsTheSameWhetherOrNotTheAddressIsKnown() async throws {
        try await TestService(optIn: nil).withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("known@example.com")
            let result = try await client.playGolf(GolfAnswers.putter)

            let known = try await client.subscribe(resultID: result.resultId, email: "known@example.com")
            let unknown = try await client.subscribe(resultID: result.resultId, email: "unknown@example.com")

            #expect(known.status == unknown.status)
            #expect(String(buffer: known.body) == String(buffer: unknown.body))
            let mails = try decode([MailEntryBody].self, from: try await client.admin("/api/admin/mail"))
            // The known, confirmed address got its result mail a moment ago: none again within 24 hours, no new link.
            #expect(mails.filter { $0.kind == "confirmation" }.count == 2)
            #expect(mails.filter { $0.kind == "result" }.count == 1)
        }
    }

    @Test func thisWasntMeForgetsTheAddressAndTheFormCannotMailItAgain() async throws {
        let service = try TestService(optIn: nil)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("stranger@example.com", confirming: false)

            let rejected = try await client.confirm(try await client.confirmationLink(), action: "reject")
            #expect(String(buffer: rejected.body).contains("We have forgotten this address"))

            let result = try await client.playGolf(GolfAnswers.driver)
            let again = try await client.subscribe(resultID: result.resultId, email: "Stranger@example.com")
            #expect(String(buffer: again.body) == #"{"status":"pending"}"#)
        }
        #expect(try await service.count("lead") == 0)
        #expect(try await service.count("mail") == 0)
        #expect(try await service.texts("SELECT reason FROM suppression") == ["rejected"])
    }

    @Test func anUnknownOrExpiredLinkOffersANewMailAndRevealsNothing() async throws {
        try await TestService(optIn: nil).withClient(mail: MailSettings(confirmationTTL: 0.001), backgroundWork: false) { client in
            try await client.playAndSubscribe("late@example.com", confirming: false)
            let link = try await client.confirmationLink()
            let path = String(link[try #require(link.range(of: "/c/")).lowerBound...])
            let unknownPath = "/c/" + String(repeating: "A", count: 43)

            let expired = try await client.execute(uri: path, method: .get)
            let unknown = try await client.execute(uri: unknownPath, method: .get)
            let confirmAttempt = try await client.confirm(link)

            #expect(expired.status == .notFound)
            #expect(String(buffer: expired.body) == String(buffer: unknown.body).replacingOccurrences(of: unknownPath, with: path))
            #expect(!String(buffer: expired.body).contains("example.com"))
            #expect(String(buffer: confirmAttempt.body).contains("does not work any more"))
        }
    }

    private func lead(in service: TestService) async throws -> LeadRecord {
        try #require(try await service.storedLeads().first)
    }
}
