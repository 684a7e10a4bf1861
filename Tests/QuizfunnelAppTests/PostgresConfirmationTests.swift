import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Confirming an address from its link on PostgreSQL, by SQLite's rules.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresConfirmationTests {
    @Test func confirmingSubscribesOnceWithTheProofAndQueuesTheResultMailAndEvent() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("anna@example.fi", from: result, optIn: .double, in: repository)
            let secret = try await Self.heldLinkSecret(in: repository)

            let state = try await repository.confirmationState(token: secret, at: Date())
            let first = try await Self.confirm(secret, in: repository)
            let second = try await Self.confirm(secret, in: repository)
            let unknown = try await Self.confirm(String(repeating: "A", count: 43), in: repository)

            #expect(state?.lead.status == .pending)
            #expect(state?.isExpired == false)
            guard case .confirmed(let lead) = first else { throw PostgresRowError(message: "not confirmed: \(first)") }
            #expect(lead.consentMethod == ConsentRecord.doubleOptIn)
            #expect(lead.confirmationTokenID != nil)
            #expect(lead.unsubscribeToken == "withdraw-link-token", "the withdrawal link is made on confirmation")
            guard case .alreadyConfirmed = second else { throw PostgresRowError(message: "confirmed twice: \(second)") }
            #expect(unknown == .unknown)
            #expect(try await PostgresLeadTests.count("mail WHERE kind = 'result'", in: repository) == 1)
            #expect(try await PostgresLeadTests.count("\"webhookEvent\" WHERE type = 'lead.created'", in: repository) == 1)
        }
    }

    @Test func thisWasntMeForgetsThePendingAddressAndSuppressesIt() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("stranger@example.com", from: result, optIn: .double, in: repository)
            let secret = try await Self.heldLinkSecret(in: repository)

            let outcome = try await repository.reject(token: secret, at: Date())
            let again = try await PostgresLeadTests.saveLead("stranger@example.com", from: result, optIn: .double, in: repository)

            guard case .rejected = outcome else { throw PostgresRowError(message: "not rejected: \(outcome)") }
            #expect(again?.isNew == false, "a rejected address is not kept pending again")
            #expect(try await PostgresLeadTests.count("lead", in: repository) == 0)
            #expect(try await PostgresLeadTests.count("mail", in: repository) == 0, "its mails went with it")
            #expect(try await PostgresLeadTests.count("suppression WHERE reason = 'rejected'", in: repository) == 1)
        }
    }

    private static func confirm(_ secret: String, in repository: PostgresRepository) async throws -> ConfirmationOutcome {
        try await repository.confirm(
            token: secret,
            client: nil,
            unsubscribeToken: "withdraw-link-token",
            plan: LeadMailPlan(issuesConfirmation: false, settings: MailSettings(), senderDomain: "example.com"),
            notifying: ["https://crm.example.com/hook"],
            baseURL: "https://quiz.example.com"
        )
    }

    /// The link's secret in the newest confirmation mail, as the mail would carry it.
    private static func heldLinkSecret(in repository: PostgresRepository) async throws -> String {
        let rows = try await repository.pool.query(
            #"SELECT "confirmationToken" FROM mail WHERE kind = 'confirmation' ORDER BY id DESC LIMIT 1"#,
            logger: PostgresTestServer.logger
        )
        for try await secret in rows.decode(String.self) { return secret }
        throw PostgresRowError(message: "no confirmation mail")
    }
}
