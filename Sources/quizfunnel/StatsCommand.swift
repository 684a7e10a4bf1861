import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Prints a quiz's funnel, drop-off, segments, sources and refs as tables: the numbers of the stats API.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show a quiz's funnel and attribution in the terminal.")

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The quiz.")
    var quiz: String

    @Option(help: "The first day, such as 2026-11-01 (default: 29 days before --to).")
    var from: String?

    @Option(help: "The last day (default: today, UTC).")
    var to: String?

    @Option(help: "The folder of quiz definitions, for question and segment names.")
    var quizzes = "Quizzes"

    func run() async throws {
        try self.storage.requireExisting()
        let catalog = try loadCatalogOrExplain(folder: self.quizzes)
        guard let quiz = catalog.quiz(id: self.quiz) else { throw ValidationError("No quiz \(self.quiz) in \(self.quizzes).") }
        let range: StatsRange
        do {
            range = try StatsRange(from: self.from, to: self.to)
        } catch {
            throw error.commandLineError
        }
        let stats = try await self.storage.withStore { database in
            try await database.funnelStats(of: quiz, from: range.from, to: range.to)
        }
        print(StatsReport(stats).text)
    }
}
