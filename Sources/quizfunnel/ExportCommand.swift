import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Writes the mailing-list CSV, the same as `GET /api/admin/leads.csv`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export leads in a CRM's import format, one mailing list per quiz and segment."
    )

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "Only leads of this quiz.")
    var quiz: String?

    @Option(help: "Only leads of this segment.")
    var segment: String?

    @Option(help: "The file to write; - or none for standard output.")
    var output: String?

    @Option(help: "generic, mailchimp, hubspot, salesforce, klaviyo, brevo, activecampaign or ndjson.")
    var format = "generic"

    @Flag(help: "Start with a UTF-8 byte order mark (for Excel on Windows).")
    var bom = false

    @Option(help: "comma or semicolon (European Excel, Brevo).")
    var delimiter = "comma"

    @Option(help: "Only leads created or changed since this ISO 8601 time, for incremental syncs.")
    var since: String?

    @Option(help: "subscribed, unsubscribed or all.")
    var status = "subscribed"

    @Option(help: "The service's public address (as serve --public-url), so unsubscribe links are absolute.")
    var publicURL: String?

    private var options: ExportOptions {
        get throws {
            let values = [
                "format": self.format, "bom": self.bom ? "1" : "0", "delimiter": self.delimiter, "since": self.since ?? "", "status": self.status,
            ]
            do {
                return try ExportOptions(parsing: values)
            } catch {
                throw error.commandLineError
            }
        }
    }

    func validate() throws {
        _ = try self.options
        try self.storage.requireExisting()
    }

    func run() async throws {
        let output = try OutputFile(path: self.output)
        let options = try self.options
        let filter = LeadFilter(quizID: self.quiz, segmentID: self.segment, since: options.since, status: options.status)
        let baseURL = self.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        try await self.storage.withStore { database in
            try await database.export(matching: filter, as: options.writer, baseURL: baseURL) { chunk in try output.write(chunk) }
        }
        try output.finish()
    }
}
