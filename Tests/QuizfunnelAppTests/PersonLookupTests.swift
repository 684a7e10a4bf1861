import Foundation
import GRDB
import Testing

@testable import QuizfunnelApp

/// Withdrawal, erasure and the person view find an address's leads in every quiz through the (quizID, emailKey) index.
///
/// SQLite only: these read the look-up's GRDB request and SQLite's query plan. PostgreSQL's look-up is
/// `PostgresPrivacyTests`', and the API suites run on both.
@Suite(.enabled(if: !TestService.runsOnPostgreSQL, "the look-up's GRDB request and SQLite's query plan"))
struct PersonLookupTests {
    @Test func everyQuizWithTheAddressIsFoundAndNoOther() async throws {
        let service = try TestService()
        try await service.database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO result (id, quizID, segmentID, answers, locale, createdAt) VALUES ('r', 'q', 's', '{}', 'en', '2026-11-23')"
            )
            for (quiz, address) in [
                ("a-first", "anna@example.com"), ("a-first", "bob@example.com"), ("m-middle", "bob@example.com"),
                ("m-middle", "anna@example.comx"), ("z-last", "anna@example.com"), ("zz-none", "carl@example.com"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO lead (quizID, emailKey, email, segmentID, resultID, consentVersion, consentText, consentLocale,
                                          consentedAt, createdAt, updatedAt, emailHash, unsubscribeToken)
                        VALUES (?, ?, ?, 's', 'r', '1', 'Yes', 'en', '2026-11-23', '2026-11-23', '2026-11-23', ?, ?)
                        """,
                    arguments: [quiz, address, address, Digest.emailHash(key: address), UnsubscribeToken.make()]
                )
            }
        }

        let quizzes = try await service.database.writer.read { db in
            try LeadRecord.ofAddress(emailKey: "anna@example.com").fetchAll(db).map(\.quizID).sorted()
        }

        #expect(quizzes == ["a-first", "z-last"])
    }

    @Test func theLookUpSearchesTheIndexInsteadOfReadingEveryLead() async throws {
        let service = try TestService()
        let plan = try await service.database.writer.read { db in
            let request = LeadRecord.ofAddress(emailKey: "anna@example.com")
            let statement = try request.makePreparedRequest(db).statement
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String }
        }

        #expect(plan.contains { $0.contains("SEARCH lead USING INDEX sqlite_autoindex_lead_1 (quizID=? AND emailKey=?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN lead") }, "\(plan)")
    }
}
