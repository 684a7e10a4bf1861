import ArgumentParser
import Foundation
import QuizfunnelApp

/// Makes a consistent, fsynced copy of the database while the service runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database consistently (safe while serve runs), fsync the copy, and check it.",
        discussion: "Restore: stop serve, move the damaged file and its -wal and -shm files away, copy the backup to the database path, start serve."
    )

    @Option(help: "The file to write (replaced if it exists).")
    var output: String

    @OptionGroup var storage: DatabaseOptions

    func validate() throws {
        _ = try self.path()
    }

    /// The SQLite file to copy; a PostgreSQL database is refused in one line.
    private func path() throws -> String {
        guard let path = try self.storage.sqlitePath() else {
            throw ValidationError(
                "\(try self.storage.location()) is PostgreSQL: back it up with pg_dump (or your provider's point-in-time recovery); "
                    + "quizfunnel backup copies SQLite files."
            )
        }
        try self.storage.requireExisting()
        guard URL(fileURLWithPath: self.output).standardizedFileURL != URL(fileURLWithPath: path).standardizedFileURL else {
            throw ValidationError("--output must not be the database itself.")
        }
        return path
    }

    func run() async throws {
        let database = try AppDatabase.open(path: try self.path())
        let summary = try await database.backup(to: self.output)
        print("Backed up \(summary.leads) leads and \(summary.results) results to \(summary.path) (\(summary.bytes) bytes); integrity_check ok.")
    }
}
