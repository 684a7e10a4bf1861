import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// `quizfunnel conversions import FILE`: revenue back from the CRM, as `POST /api/admin/conversions` takes it.
struct ConversionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversions",
        abstract: "Record which leads became customers, for revenue and return on spend.",
        subcommands: [ConversionsImportCommand.self]
    )
}

/// Records a CSV (or JSON) file of conversions: every one or none.
struct ConversionsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record conversions: lead (or email[,quiz]),value,currency[,at,status,id], comma or semicolon.",
        discussion: """
            A conversion with the CRM's id (its deal id) replaces the one held with that id, so importing the same \
            export again changes nothing. One bad line, or one naming no lead, refuses the whole file.
            """
    )

    @OptionGroup var storage: DatabaseOptions

    @Argument(help: "The CSV file (a .json file holds a conversion or an array of them).")
    var file: String

    func validate() throws {
        try self.storage.requireExisting()
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: self.file) else { throw ValidationError("Cannot read \(self.file).") }
        let now = Date()
        do {
            let conversions =
                self.file.lowercased().hasSuffix(".json")
                ? try ConversionImport.parse(json: data)
                : try ConversionImport.parse(csv: String(decoding: data, as: UTF8.self))
            let summary = try await self.storage.withStore { database in try await database.recordConversions(conversions, at: now) }
            print("\(summary.rows) conversions: \(summary.added) added, \(summary.replaced) replaced, \(summary.unchanged) unchanged")
        } catch let error as ImportError {
            printToStandardError("\(self.file): \(error.description). Nothing was recorded.")
            throw ExitCode.failure
        }
    }
}
