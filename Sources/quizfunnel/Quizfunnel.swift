import ArgumentParser
import Foundation
import QuizfunnelDomain

/// The `quizfunnel` command: run the service, check quizzes, export mailing lists.
@main
struct Quizfunnel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quiz-based lead capture: run personality quizzes, keep consented leads, export one mailing list per segment.",
        subcommands: [
            ServeCommand.self, CheckCommand.self, ExportCommand.self, StatsCommand.self, EraseCommand.self, BackupCommand.self, MailCommand.self,
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
    @Option(name: .long, help: "The SQLite database file (created by serve when missing).")
    var database = "quizfunnel.sqlite"

    /// Fails unless the database file exists (commands other than serve never create it).
    func requireExisting() throws {
        guard FileManager.default.fileExists(atPath: self.database) else {
            throw ValidationError("No database at \(self.database): pass --database, or run serve first.")
        }
    }
}
