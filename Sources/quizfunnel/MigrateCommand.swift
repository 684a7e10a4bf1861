import ArgumentParser
import Logging
import QuizfunnelApp

/// `quizfunnel migrate`: brings the store's schema up to date without serving, as a Kubernetes init container would
/// before the service's containers start. `serve` runs the same migrations itself.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database's schema up to date without serving (serve does this too).",
        discussion: """
            Takes a SQLite file or a PostgreSQL URL (postgres://user@host:5432/dbname?sslmode=require). On PostgreSQL \
            the migrations run under an advisory lock, so instances starting together apply each exactly once. Prints \
            the migrations it applied, in order.
            """
    )

    @OptionGroup var storage: DatabaseOptions

    func run() async throws {
        let location = try self.storage.location()
        let applied: [String]
        let total: Int
        switch location {
        case .sqlite(let path):
            applied = try AppDatabase.migrate(path: path)
            total = AppDatabase.migrationNames.count
        case .postgres(let postgres):
            do {
                applied = try await PostgresDatabase.migrate(postgres, logger: Logger(label: "quizfunnel.migrate"))
            } catch {
                printToStandardError("Could not migrate \(location): \(String(reflecting: error))")
                throw ExitCode.failure
            }
            total = PostgresDatabase.migrationNames.count
        }
        if applied.isEmpty {
            print("The schema of \(location) is up to date (\(total) migrations).")
        } else {
            print("Applied \(applied.count) migrations to \(location): \(applied.joined(separator: ", ")).")
        }
    }
}
