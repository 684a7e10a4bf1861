import ArgumentParser
import Foundation
import Logging
import QuizfunnelApp
import QuizfunnelDomain

/// Runs the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the quiz service.",
        discussion: "Admin routes need the bearer token in the QUIZFUNNEL_ADMIN_TOKEN environment variable; without it they answer 401."
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The folder of quiz definitions (*.json).")
    var quizzes = "Quizzes"

    @Option(name: .customLong("public"), help: "The folder of the play page, its scripts, styles and images.")
    var publicFolder = "Public"

    @Option(help: "The address players reach the service at, such as https://quiz.example.com (for share links and og: tags).")
    var publicURL: String?

    @Option(name: .customLong("webhook"), help: "A URL that receives every new or changed lead, signed with QUIZFUNNEL_WEBHOOK_SECRET (repeatable).")
    var webhooks: [String] = []

    @Option(help: "Seconds before the first retry of a failed webhook delivery; each later one waits about twice as long.")
    var webhookRetryBase = 5.0

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be from 0 to 65535.") }
        for webhook in self.webhooks where !(webhook.hasPrefix("https://") || webhook.hasPrefix("http://")) {
            throw ValidationError("--webhook \(webhook) must be an absolute http or https URL.")
        }
        if !self.webhooks.isEmpty, ProcessInfo.processInfo.environment["QUIZFUNNEL_WEBHOOK_SECRET"]?.isEmpty ?? true {
            throw ValidationError("--webhook needs a signing secret in QUIZFUNNEL_WEBHOOK_SECRET.")
        }
        guard self.webhookRetryBase > 0 else { throw ValidationError("--webhook-retry-base must be more than 0.") }
        if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
            throw ValidationError("--public-url must be an absolute http or https URL.")
        }
    }

    func run() async throws {
        var logger = Logger(label: "quizfunnel")
        logger.logLevel = self.logLevel
        let catalog = try loadCatalogOrExplain(folder: self.quizzes)
        let database = try AppDatabase.open(path: self.storage.database)
        let configuration = AppConfiguration(
            host: self.host,
            port: self.port,
            publicFolder: self.publicFolder,
            adminToken: ProcessInfo.processInfo.environment["QUIZFUNNEL_ADMIN_TOKEN"],
            publicURL: self.publicURL,
            webhooks: WebhookSettings(
                endpoints: self.webhooks,
                signer: ProcessInfo.processInfo.environment["QUIZFUNNEL_WEBHOOK_SECRET"].map(WebhookSigner.init(secret:)),
                retryBase: self.webhookRetryBase
            )
        )
        if configuration.adminToken?.isEmpty ?? true {
            logger.warning("QUIZFUNNEL_ADMIN_TOKEN is not set: admin routes (exports) answer 401")
        }
        logger.info("Quizzes loaded", metadata: ["count": "\(catalog.quizzes.count)", "database": "\(self.storage.database)"])
        let app = try buildApplication(configuration: configuration, database: database, catalog: catalog, logger: logger)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Loads the quizzes, or prints every problem to standard error and fails.
func loadCatalogOrExplain(folder: String) throws -> QuizCatalog {
    do {
        return try QuizCatalog.load(folder: folder)
    } catch {
        printToStandardError(error.description)
        printToStandardError("Refusing to start: fix the quiz problems above (quizfunnel check \(folder) lists them).")
        throw ExitCode.failure
    }
}

func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
