import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// The PostgreSQL store keeps results and leads by the same rules as SQLite's: one lead per quiz and address, the
/// consent text kept, the confirmation link or result mail queued in the lead's own transaction, and webhook events only
/// for a subscribed address.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresLeadTests {
    @Test func aSingleOptInLeadIsStoredOncePerAddressWithItsMailAndEvent() async throws {
        try await Self.withRepository { repository in
            let result = try await Self.saveResult(in: repository)

            let first = try await Self.saveLead("Anna@Example.com", from: result, optIn: .single, in: repository)
            let second = try await Self.saveLead("anna@example.com", from: result, optIn: .single, in: repository)
            let missing = try await repository.saveLead(fromResult: ResultID.make(), quizID: "golf-club", mail: nil, notifying: [], baseURL: "") {
                _ in
                Issue.record("no result, no lead")
                throw CancellationError()
            }

            #expect(first?.isNew == true)
            #expect(second?.isNew == false, "the same address, normalised in Swift, is the same lead")
            #expect(missing == nil)
            #expect(try await Self.count("lead", in: repository) == 1)
            #expect(try await Self.count("\"consentText\"", in: repository) == 1)
            #expect(try await Self.count("mail WHERE kind = 'result'", in: repository) == 1, "no second result mail within 24 hours")
            #expect(try await Self.count("\"webhookEvent\"", in: repository) == 2, "lead.created, then lead.updated")
        }
    }

    @Test func aDoubleOptInLeadIsPendingWithOneLinkPerTenMinutes() async throws {
        try await Self.withRepository { repository in
            let result = try await Self.saveResult(in: repository)

            let first = try await Self.saveLead("jan@example.pl", from: result, optIn: .double, in: repository)
            _ = try await Self.saveLead("jan@example.pl", from: result, optIn: .double, in: repository)

            #expect(first?.isNew == true)
            let lead = try #require(try await repository.lead(quizID: "golf-club", emailKey: "jan@example.pl"))
            #expect(lead.status == .pending)
            #expect(lead.unsubscribeToken == nil, "a pending address gets its withdrawal link when confirmed")
            #expect(try await Self.count("\"confirmationToken\"", in: repository) == 1, "a second link only after ten minutes")
            #expect(try await Self.count("mail WHERE kind = 'confirmation' AND \"confirmationToken\" IS NOT NULL", in: repository) == 1)
            #expect(try await Self.count("\"webhookEvent\"", in: repository) == 0, "a CRM never hears of an unconfirmed address")
        }
    }

    // MARK: Helpers

    private static let catalog: QuizCatalog = try! QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)

    static func withRepository(_ body: @Sendable (PostgresRepository) async throws -> Void) async throws {
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await body(PostgresRepository(client: client, logger: PostgresTestServer.logger))
        }
        try await PostgresTestServer.drop(location)
    }

    static func saveResult(in repository: PostgresRepository) async throws -> ResultRecord {
        let result = Self.makeResult()
        try await repository.saveResult(result, answersJSON: #"{"saturday":"big-start"}"#)
        return result
    }

    /// A driver's result of the golf quiz, from Facebook.
    static func makeResult() -> ResultRecord {
        ResultRecord(
            id: ResultID.make(),
            quizID: "golf-club",
            segmentID: "driver",
            answers: ["saturday": "big-start"],
            locale: "en",
            attribution: Attribution(utm: UTM(source: "facebook", medium: "social", campaign: nil, term: nil, content: nil), ref: nil),
            createdAt: Date(),
            shareRef: ResultID.makeShareRef()
        )
    }

    static func saveLead(
        _ address: String,
        from result: ResultRecord,
        optIn: OptInMode,
        in repository: PostgresRepository
    ) async throws -> SavedLead? {
        var quiz = try #require(Self.catalog.quizzes.first { $0.id == "golf-club" })
        quiz.optIn = optIn
        let email = try EmailAddress(validating: address)
        let lead = LeadOptIn(
            quiz: quiz,
            email: email,
            name: nil,
            consentOrigin: "https://quiz.example.com",
            consentDigests: nil,
            receivedAt: Date(),
            emailHash: Digest.emailHash(key: email.key),
            unsubscribeToken: optIn == .single ? UnsubscribeToken.make() : nil
        )
        return try await repository.saveLead(
            fromResult: result.id,
            quizID: "golf-club",
            mail: LeadMailPlan(issuesConfirmation: optIn == .double, settings: MailSettings(), senderDomain: "example.com"),
            notifying: ["https://crm.example.com/hook"],
            baseURL: "https://quiz.example.com"
        ) { lead.lead(from: $0) }
    }

    static func count(_ table: String, in repository: PostgresRepository) async throws -> Int {
        var count = 0
        let rows = try await repository.pool.query(
            PostgresQuery(unsafeSQL: "SELECT count(*)::bigint FROM \(table)"),
            logger: PostgresTestServer.logger
        )
        for try await value in rows.decode(Int.self) { count = value }
        return count
    }
}

extension PostgresRepository {
    /// The quiz's lead for a normalised address, outside any shared write.
    func lead(quizID: String, emailKey: String) async throws -> LeadRecord? {
        try await self.pool.withConnection { connection in try await self.lead(quizID: quizID, emailKey: emailKey, on: connection) }
    }
}
