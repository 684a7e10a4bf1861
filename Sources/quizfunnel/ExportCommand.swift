import ArgumentParser
import Foundation
import QuizfunnelApp

/// Writes the mailing-list CSV, the same as `GET /api/admin/leads.csv`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export consented leads as CSV, one mailing list per quiz and segment."
    )

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "Only leads of this quiz.")
    var quiz: String?

    @Option(help: "Only leads of this segment.")
    var segment: String?

    @Option(help: "The file to write; - or none for standard output.")
    var output: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: self.storage.database) else {
            throw ValidationError("No database at \(self.storage.database): pass --database, or run serve first.")
        }
    }

    func run() async throws {
        let database = try AppDatabase.open(path: self.storage.database)
        let handle = try self.outputHandle()
        try await database.exportCSV(matching: LeadFilter(quizID: self.quiz, segmentID: self.segment)) { chunk in
            try handle.write(contentsOf: Data(chunk.utf8))
        }
        if handle != FileHandle.standardOutput {
            try handle.synchronize()
            try handle.close()
        }
    }

    private func outputHandle() throws -> FileHandle {
        guard let output = self.output, output != "-" else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw ValidationError("Cannot write \(output).")
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    }
}
