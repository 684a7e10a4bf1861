import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import QuizfunnelApp

/// A write that fails for a reason outside the request answers 503 with `Retry-After`, never 201 and never a bare 500;
/// `/readyz` turns 503; and the service recovers by itself when the fault is gone, with every lead it acknowledged still
/// there. On SQLite the disk fills up (the file may grow by no page); on PostgreSQL the database turns read-only, as a
/// standby does after a failover. (PostgreSQL stopped under load is the system suite's `test_instances.py`.)
@Suite struct StorageFaultTests {
    @Test(.enabled(if: !TestService.runsOnPostgreSQL, "fills the SQLite file with max_page_count"))
    func aFullDiskAnswers503AndTheServiceRecoversByItself() async throws {
        let service = try TestService()
        try await service.withClient(backgroundWork: false) { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            let pages = try await service.database.writer.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                return pages
            }
            #expect(pages > 0)

            // Leads are taken while the file's free space lasts; the first that needs a new page is refused.
            var acknowledged: [String] = []
            var refusal: TestResponse?
            for number in 0..<2_000 where refusal == nil {
                let email = "full\(number)@example.com"
                let response = try await client.subscribe(resultID: result.resultId, email: email)
                if response.status == .created {
                    acknowledged.append(email)
                } else {
                    refusal = response
                }
            }
            let refused = try #require(refusal, "the file never filled up")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "5")
            #expect(!String(buffer: refused.body).contains("full"), "the answer names no SQL, path or fault")
            #expect(service.database.health.currentFault == .diskFull)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            #expect(try await client.subscribe(resultID: result.resultId, email: "later@example.com").status == .serviceUnavailable)

            // The space comes back: the next probe turns the service ready, and leads are taken again.
            try await service.database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1073741823")
            }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            #expect(service.database.health.currentFault == nil)
            #expect(try await client.subscribe(resultID: result.resultId, email: "later@example.com").status == .created)

            let exported = try await client.exportCSV()
            for email in acknowledged + ["later@example.com"] {
                #expect(exported.contains(email), "\(email) was answered 201")
            }
        }
    }

    @Test(.enabled(if: TestService.runsOnPostgreSQL, "turns a PostgreSQL database read-only"))
    func aReadOnlyDatabaseAnswers503AndTheServiceRecoversByItself() async throws {
        let service = try TestService()
        let database = try await service.postgresLocation().database
        try await service.withClient(backgroundWork: false) { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            #expect(try await client.subscribe(resultID: result.resultId, email: "before@example.com").status == .created)

            try await Self.setReadOnly(true, database: database)
            let refused = try await client.subscribe(resultID: result.resultId, email: "during@example.com")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "5")
            #expect(!String(buffer: refused.body).contains("read-only"), "the answer names no SQL or fault")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)

            try await Self.setReadOnly(false, database: database)
            var ready = false
            for _ in 0..<50 where !ready {
                ready = try await client.execute(uri: "/readyz", method: .get).status == .ok
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ready, "the next probe's write succeeds, and the service is ready again")
            #expect(try await client.subscribe(resultID: result.resultId, email: "after@example.com").status == .created)

            let exported = try await client.exportCSV()
            #expect(exported.contains("before@example.com") && exported.contains("after@example.com"))
            #expect(!exported.contains("during@example.com"))
        }
    }

    /// Makes new sessions of `database` read-only (or not) and ends its open ones, so that the pool reconnects to it.
    private static func setReadOnly(_ readOnly: Bool, database: String) async throws {
        let server = try PostgresTestServer.serverLocationForTests()
        try await PostgresDatabase.withClient(server, logger: PostgresTestServer.logger) { client in
            let setting = readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only"
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(database) \(setting)"), logger: PostgresTestServer.logger)
            try await client.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(database) AND pid <> pg_backend_pid()",
                logger: PostgresTestServer.logger
            )
        }
    }
}
