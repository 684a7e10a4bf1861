import Foundation
import QuizfunnelApp
import Testing

/// `quizfunnel migrate` prepares the store without serving (a Kubernetes init container), and every command finds the
/// store through `--database`, then `DATABASE_URL`.
@Suite struct MigrateCommandTests {
    @Test func migrateAppliesEveryMigrationOnceWithoutServing() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }

        let first = try await runQuizfunnel(["migrate", "--database", path])
        let second = try await runQuizfunnel(["migrate"], environment: ["DATABASE_URL": path])

        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.hasPrefix("Applied \(AppDatabase.migrationNames.count) migrations to \(path): createResult, "))
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output == "The schema of \(path) is up to date (\(AppDatabase.migrationNames.count) migrations).\n")
    }

    @Test func aPostgreSQLServerThatCannotBeReachedFailsExportAtOnceWithTheReason() async throws {
        let run = try await runQuizfunnel(
            ["export"],
            environment: ["DATABASE_URL": "postgres://app:hunter2@127.0.0.1:\(closedPort())/leads?sslmode=disable"]
        )

        #expect(run.status != 0)
        #expect(run.errors.contains("Cannot open postgres://app@127.0.0.1:"))
        #expect(run.errors.contains("Connection refused"))
        #expect(!run.errors.contains("hunter2"), "the password is never shown")
        #expect(run.duration < .seconds(10), "a refused connection is reported, not retried")
    }

    @Test func backupOnPostgreSQLPointsToPgDump() async throws {
        let run = try await runQuizfunnel(["backup", "--output", "/tmp/never-written.sqlite", "--database", "postgres://app:pw@db.invalid/leads"])

        #expect(run.status != 0)
        #expect(run.errors.contains("postgres://app@db.invalid:5432/leads?sslmode=require is PostgreSQL: back it up with pg_dump"))
    }

    @Test func aMalformedDatabaseURLIsNamed() async throws {
        let run = try await runQuizfunnel(["stats", "--database", "postgres://app@db/x?sslmode=prefer", "--quiz", "golf-club"])

        #expect(run.status != 0)
        #expect(run.errors.contains("sslmode=prefer is not supported"))
    }

    private static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-migrate-\(UUID()).sqlite").path
    }

    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
