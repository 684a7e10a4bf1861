import Foundation
import GRDB
import Testing

@testable import QuizfunnelApp

/// The outbox's index of due mails holds queued mails only: every lead queues a result mail, held when there is no SMTP
/// server, and neither a held nor a sent mail is ever looked for by time. (SQLite's plan; PostgreSQL's planner scans a
/// table this small whatever its indexes.)
@Suite struct MailOutboxIndexTests {
    @Test func dueMailsAreFoundThroughThePartialIndex() async throws {
        let service = try TestService()
        let plan = try await service.database.writer.read { db in
            let statement = try MailRecord.due(now: Date(), limit: 10).makePreparedRequest(db).statement
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String }
        }

        #expect(plan == ["SEARCH mail USING INDEX mail_due (nextAttemptAt<?)"])
    }

    @Test func aHeldMailIsNeitherDueNorInTheIndex() async throws {
        let service = try TestService(optIn: .single)
        try await service.withClient(backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com")
        }

        let (states, indexed, due) = try await service.database.writer.read { db in
            (
                try String.fetchAll(db, sql: "SELECT state FROM mail"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail INDEXED BY mail_due WHERE state = 'queued'")!,
                try MailRecord.due(now: .distantFuture, limit: 10).fetchAll(db)
            )
        }

        #expect(states == ["held"], "the result mail waits in the outbox, to be read in the dashboard")
        #expect(indexed == 0)
        #expect(due.isEmpty)
    }
}
