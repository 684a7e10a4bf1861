import Foundation
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Every command works on PostgreSQL as on a SQLite file: `export`, `stats` and `erase` given a `postgres://` URL read
/// and change the same store `serve` writes, and a database whose schema is behind the build is refused, not guessed at.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresCommandTests {
    @Test func exportStatsAndEraseWorkOnAPostgreSQLDatabase() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            let repository = PostgresRepository(client: client, logger: PostgresTestServer.logger)
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("ola@example.no", from: result, optIn: .single, in: repository)
            let key = FunnelKey(quizID: "golf-club", day: Self.today, metric: .lead, locale: "en", attribution: Attribution(utm: UTM(), ref: nil))
            try await repository.addFunnelCounts { [key: 1] }
        }
        let url = PostgresTestServer.url(of: location)

        let export = try await runQuizfunnel(["export", "--database", url])
        let stats = try await runQuizfunnel(["stats", "--quiz", "golf-club"], environment: ["DATABASE_URL": url])
        let erase = try await runQuizfunnel(["erase", "--email", "Ola@Example.no", "--database", url])
        let afterwards = try await runQuizfunnel(["export", "--database", url, "--status", "all"])

        #expect(export.status == 0, "\(export.errors)")
        #expect(export.output.contains("ola@example.no,,golf-club,driver,"))
        #expect(stats.status == 0, "\(stats.errors)")
        #expect(stats.output.contains("leads              1"), "\(stats.output)")
        #expect(erase.status == 0, "\(erase.errors)")
        #expect(erase.output.hasPrefix("Erased ola@example.no: 1 leads, 1 results"))
        #expect(afterwards.status == 0)
        #expect(!afterwards.output.contains("ola@example.no"))
        try await PostgresTestServer.drop(location)
    }

    @Test func aDatabaseNotYetMigratedIsRefusedWithWhatToRun() async throws {
        let location = try await PostgresTestServer.makeDatabase()

        let run = try await runQuizfunnel(["export", "--database", PostgresTestServer.url(of: location)])

        #expect(run.status != 0)
        #expect(run.errors.contains("lacks \(PostgresDatabase.migrationNames.count) of this build's migrations"))
        #expect(run.errors.contains("run quizfunnel migrate first"))
        try await PostgresTestServer.drop(location)
    }

    private static var today: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
