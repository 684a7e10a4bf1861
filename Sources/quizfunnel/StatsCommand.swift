import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Prints a quiz's funnel, drop-off, segments, sources and refs, what it cost and earned, its people and its sharing as
/// tables: the numbers of the stats API.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show a quiz's funnel and attribution in the terminal.")

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The quiz.")
    var quiz: String

    @Option(help: "The first day, such as 2026-11-01 (default: 29 days before --to).")
    var from: String?

    @Option(help: "The last day (default: today, UTC).")
    var to: String?

    @Option(help: "The folder of quiz definitions, for question and segment names (and Refs.json, for people's names).")
    var quizzes = "Quizzes"

    @Flag(help: "Print the earnings report as CSV, as GET /api/admin/quizzes/{quiz}/report.csv gives it.")
    var csv = false

    func run() async throws {
        try self.storage.requireExisting()
        let catalog = try loadCatalogOrExplain(folder: self.quizzes)
        let refs = try loadRefsOrExplain(folder: self.quizzes)
        guard let quiz = catalog.quiz(id: self.quiz) else { throw ValidationError("No quiz \(self.quiz) in \(self.quizzes).") }
        let range: StatsRange
        do {
            range = try StatsRange(from: self.from, to: self.to)
        } catch {
            throw error.commandLineError
        }
        var stats = try await self.storage.withStore { database in
            try await database.funnelStats(of: quiz, from: range.from, to: range.to)
        }
        stats.name(refs)
        if self.csv {
            print(ReportCSV.text(of: stats), terminator: "")
        } else {
            print(StatsReport(stats).text)
        }
    }
}
