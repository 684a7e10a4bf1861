import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Writes `answers.csv`, the same as `GET /api/admin/answers.csv`.
struct AnswersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "Export every result of a quiz with its answers, one column per question (free answers included)."
    )

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The quiz whose results to write (optional when the quiz folder holds one quiz).")
    var quiz: String?

    @Option(help: "Only results of this segment.")
    var segment: String?

    @Option(help: "Only results stored since this ISO 8601 time.")
    var since: String?

    @Option(help: "The file to write; - or none for standard output.")
    var output: String?

    @Option(help: "The folder of quiz definitions, for the questions' columns.")
    var quizzes = "Quizzes"

    func validate() throws {
        if let since, Timestamp.parse(since) == nil {
            throw ValidationError("--since must be an ISO 8601 time such as 2026-11-23T09:30:00Z.")
        }
        try self.storage.requireExisting()
    }

    func run() async throws {
        let catalog = try loadCatalogOrExplain(folder: self.quizzes)
        guard let quizID = self.quiz ?? (catalog.quizzes.count == 1 ? catalog.quizzes[0].id : nil) else {
            throw ValidationError(
                "--quiz is required: the columns are the questions of one quiz (\(catalog.quizzes.map(\.id).joined(separator: ", ")))."
            )
        }
        guard let quiz = catalog.quiz(id: quizID) else { throw ValidationError("--quiz: no quiz \"\(quizID)\" in \(self.quizzes).") }
        if let segment, quiz.segment(id: segment) == nil {
            throw ValidationError("--segment: quiz \"\(quiz.id)\" has no segment \"\(segment)\".")
        }
        let output = try OutputFile(path: self.output)
        let filter = ResultFilter(quizID: quiz.id, segmentID: self.segment, since: self.since.flatMap(Timestamp.parse))
        try await self.storage.withStore { database in
            try await database.exportAnswers(matching: filter, of: quiz) { chunk in try output.write(chunk) }
        }
        try output.finish()
    }
}
