import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// The `quizfunnel` command: run the service, check quizzes, export mailing lists.
@main
struct Quizfunnel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quiz-based lead capture: run personality quizzes, keep consented leads, export one mailing list per segment.",
        subcommands: [
            ServeCommand.self, CheckCommand.self, ExportCommand.self, StatsCommand.self, EraseCommand.self, BackupCommand.self, MailCommand.self,
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
            The SQLite database file (serve creates it when missing). Without this option DATABASE_URL is read, then \
            quizfunnel.sqlite.
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

    /// The SQLite file the store is in. A PostgreSQL URL is read and checked, and `migrate` prepares its schema, but
    /// this build keeps its data in SQLite only, and says so rather than starting on the wrong store.
    func sqlitePath() throws -> String {
        switch try self.location() {
        case .sqlite(let path):
            return path
        case .postgres(let location):
            throw ValidationError(
                "\(location) is a PostgreSQL database: this build of quizfunnel keeps its data in a SQLite file (pass --database FILE); "
                    + "on PostgreSQL it runs `quizfunnel migrate` only."
            )
        }
    }

    /// Fails unless the database file exists (commands other than serve never create it).
    func requireExisting() throws {
        let path = try self.sqlitePath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("No database at \(path): pass --database, or run serve first.")
        }
    }
}
