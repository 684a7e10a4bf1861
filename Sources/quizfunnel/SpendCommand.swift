import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// `quizfunnel spend …`: what campaigns cost, as `POST` and `GET /api/admin/spend` take and give it.
struct SpendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Import and list ad spend, for cost per lead and return on spend.",
        subcommands: [SpendImportCommand.self, SpendListCommand.self]
    )
}

/// Imports a CSV (or JSON) file of spend: every row or none.
struct SpendImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import spend: Date,Expenses,Currency,UTMSource[,UTMMedium,UTMCampaign,Quiz], comma or semicolon.",
        discussion: """
            A row replaces a held row with the same day, source, medium, campaign and quiz, so importing the whole month \
            again every day is safe. One bad row refuses the whole file, naming its line and column.
            """
    )

    @OptionGroup var storage: DatabaseOptions

    @Argument(help: "The CSV file (a .json file holds an array of rows with the same names).")
    var file: String

    @Option(help: "The folder of quiz definitions, to check the Quiz column.")
    var quizzes = "Quizzes"

    func validate() throws {
        try self.storage.requireExisting()
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: self.file) else { throw ValidationError("Cannot read \(self.file).") }
        let known = Set(try loadCatalogOrExplain(folder: self.quizzes).quizzes.map(\.id))
        let rows: [SpendRow]
        do {
            rows =
                self.file.lowercased().hasSuffix(".json")
                ? try SpendImport.parse(json: data, knownQuizzes: known)
                : try SpendImport.parse(csv: String(decoding: data, as: UTF8.self), knownQuizzes: known)
        } catch {
            printToStandardError("\(self.file): \(error.description). Nothing was imported.")
            throw ExitCode.failure
        }
        let summary = try await self.storage.withStore { database in try await database.importSpend(rows, at: Date()) }
        print("\(summary.rows) rows: \(summary.added) added, \(summary.replaced) replaced, \(summary.unchanged) unchanged")
    }
}

/// Prints the spend held, as CSV in the import's own columns.
struct SpendListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the spend held, as CSV.")

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The first day (YYYY-MM-DD, UTC); default 29 days before --to.")
    var from: String?

    @Option(help: "The last day (YYYY-MM-DD, UTC); default today.")
    var to: String?

    func run() async throws {
        let range: StatsRange
        do {
            range = try StatsRange(from: self.from, to: self.to)
        } catch {
            throw error.commandLineError
        }
        let rows = try await self.storage.withStore { database in try await database.spend(from: range.from, to: range.to) }
        print(CSVWriter.record(["Date", "Expenses", "Currency", "UTMSource", "UTMMedium", "UTMCampaign", "Quiz"]), terminator: "")
        for row in rows {
            let fields = [row.day, SpendRow.decimal(row.amountMicros), row.currency, row.source, row.medium, row.campaign, row.quiz]
            print(CSVWriter.record(fields), terminator: "")
        }
    }
}
