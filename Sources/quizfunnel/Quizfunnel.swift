import ArgumentParser
import Foundation
import Logging
import QuizfunnelApp
import QuizfunnelDomain

/// The `quizfunnel` command: run the service, check quizzes, export mailing lists.
@main
struct Quizfunnel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quiz-based lead capture: run personality quizzes, keep consented leads, export one mailing list per segment.",
        subcommands: [
            ServeCommand.self, CheckCommand.self, ExportCommand.self, AnswersCommand.self, StatsCommand.self, SpendCommand.self,
            ConversionsCommand.self, EraseCommand.self, BackupCommand.self,
            MailCommand.self,
            MigrateCommand.self,
        ]
    )
}

extension FieldError {
    /// The error for a command-line option: `--since must be an ISO 8601 time ….`
    var commandLineError: ValidationError {
        ValidationError("--\(self.field) \(self.message).")
    }
}

/// The database option shared by commands that read or write the store.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            The SQLite database file (serve creates it when missing), or a PostgreSQL URL such as \
            postgres://user@host:5432/dbname?sslmode=require (the password in the URL or in PGPASSWORD). Without this \
            option DATABASE_URL is read, then quizfunnel.sqlite.
            """
    )
    var database: String?

    /// Where the store is: `--database`, else `DATABASE_URL`, else the default file.
    func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.resolve(option: self.database, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--database (or DATABASE_URL): \(error.description).")
        }
    }

    /// The SQLite file the store is in; `nil` for a PostgreSQL database.
    func sqlitePath() throws -> String? {
        guard case .sqlite(let path) = try self.location() else { return nil }
        return path
    }

    /// Fails unless the store exists: a SQLite file must be there (commands other than serve never create it); a
    /// PostgreSQL database is checked when it is opened.
    func requireExisting() throws {
        guard case .sqlite(let path) = try self.location() else { return }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("No database at \(path): pass --database, or run serve first.")
        }
    }

    /// Runs `body` with the store, for a command other than serve. A PostgreSQL server that does not answer within 10 s,
    /// or whose schema is behind this build's, fails the command at once with the reason.
    func withStore<Value: Sendable>(_ body: @escaping @Sendable (any FunnelRepository) async throws -> Value) async throws -> Value {
        try self.requireExisting()
        let location = try self.location()
        switch location {
        case .sqlite(let path):
            return try await body(try AppDatabase.open(path: path))
        case .postgres(let postgres):
            var logger = Logger(label: "quizfunnel")
            logger.logLevel = .warning
            do {
                return try await PostgresDatabase.withRepository(postgres, logger: logger, body)
            } catch let error as PostgresUnreachable {
                printToStandardError("Cannot open \(location): \(error.description).")
                throw ExitCode.failure
            } catch let error as PostgresSchemaBehind {
                printToStandardError("Cannot open \(location): \(error.description).")
                throw ExitCode.failure
            }
        }
    }
}
