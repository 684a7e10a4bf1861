import Foundation
import PostgresNIO
import Testing

@testable import QuizfunnelApp

/// Both backends keep one ordered list of named migrations; on PostgreSQL, instances that start together apply each
/// exactly once, and `quizfunnel migrate` prepares a database without serving.
@Suite struct PostgresMigrationTests {
    @Test func bothBackendsHaveTheSameMigrationsInTheSameOrder() {
        #expect(PostgresDatabase.migrationNames == AppDatabase.migrationNames)
    }

    @Test(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
    func twoInstancesStartingTogetherApplyEachMigrationOnce() async throws {
        let location = try await PostgresTestServer.makeDatabase()

        async let first = PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        async let second = PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        let runs = try await [first, second]
        let third = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)

        #expect(runs.sorted { $0.count < $1.count } == [[], PostgresDatabase.migrationNames], "one applies them all, the other none")
        #expect(third.isEmpty)
        let (recorded, tables) = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            var recorded: [Int] = []
            for try await count in try await client.query("SELECT count(*)::bigint FROM quizfunnel_migration").decode(Int.self) {
                recorded.append(count)
            }
            var tables: [String] = []
            let names = try await client.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            )
            for try await name in names.decode(String.self) { tables.append(name) }
            return (recorded, tables)
        }
        #expect(recorded == [PostgresDatabase.migrationNames.count])
        #expect(
            tables == [
                "addressAllowance", "confirmationToken", "consentText", "conversion", "funnelCount", "lead", "mail", "quizfunnel_migration", "result",
                "spend", "storageProbe", "suppression", "variantCount", "webhookDelivery", "webhookEndpoint", "webhookEvent",
            ]
        )
        try await PostgresTestServer.drop(location)
    }

    @Test(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
    func migrateRunsOnAPostgreSQLURLWithoutShowingItsPassword() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let url = PostgresTestServer.url(of: location)

        let first = try await runQuizfunnel(["migrate", "--database", url])
        let second = try await runQuizfunnel(["migrate"], environment: ["DATABASE_URL": url])

        #expect(first.status == 0, "\(first.errors)")
        let shown = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)?sslmode=disable"
        #expect(first.output.hasPrefix("Applied \(PostgresDatabase.migrationNames.count) migrations to \(shown): createResult, "))
        #expect(second.output == "The schema of \(shown) is up to date (\(PostgresDatabase.migrationNames.count) migrations).\n")
        #expect(!(first.output + first.errors + second.output + second.errors).contains(location.password ?? "(none)"))
        try await PostgresTestServer.drop(location)
    }

    @Test func migrateNamesAnUnreachableServerAndFails() async throws {
        // Port 1 on the loopback refuses connections at once.
        let run = try await runQuizfunnel(["migrate", "--database", "postgres://app:secret@127.0.0.1:1/x?sslmode=disable"])

        #expect(run.status != 0)
        #expect(run.errors.contains("Could not migrate postgres://app@127.0.0.1:1/x?sslmode=disable"))
        #expect(!run.errors.contains("secret"))
    }
}
