import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import QuizfunnelApp
import QuizfunnelDomain

/// Runs the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the quiz service.",
        discussion: """
            Admin routes need the bearer token in the QUIZFUNNEL_ADMIN_TOKEN environment variable; without it they answer 401. \
            GET /metrics needs the bearer token in QUIZFUNNEL_METRICS_TOKEN when that is set.
            """
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

    @Option(help: "Results and leads per client address: like 60/min, 5/s or 1000/hour, or off (for benchmarks).")
    var rateLimit = "60/min"

    @Option(help: "Funnel event batches per client address, or off.")
    var eventRateLimit = "600/min"

    @Option(help: "Lead submissions per email address across quizzes, or off.")
    var emailRateLimit = "5/hour"

    @Option(help: "Seconds a person needs at least from seeing a result to leaving an address; faster leads are dropped quietly.")
    var minimumFillTime = 2.0

    @Flag(help: "Take the client address from the last X-Forwarded-For entry (only behind a proxy that sets it).")
    var trustProxy = false

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "The name of this instance in logs and in the outboxes' leases (default: the host name).")
    var instanceID: String = ProcessInfo.processInfo.hostName

    @Option(help: "PostgreSQL: the most connections this instance opens (instances × this must stay under the server's max_connections).")
    var databasePoolSize = 10

    @Option(
        help: """
            PostgreSQL: seconds a claim on due mails and webhook events lasts. The instance renews its claims while it delivers; \
            when it dies, another takes its rows over once the claim runs out.
            """
    )
    var outboxLease = Double(OutboxLease.defaultLength.components.seconds)

    @Option(
        help: """
            Seconds a stop (SIGTERM, SIGINT) may take: requests in flight finish or answer 503, deliveries finish the send in flight, \
            the funnel counts are flushed. Past it the service says what it was waiting for and exits with status 1.
            """
    )
    var shutdownTimeout = 10.0

    @OptionGroup(title: "Mail") var mail: MailOptions

    @OptionGroup(title: "Conversions sent to ad platforms") var adPlatforms: AdPlatformOptions

    @Option(help: "The log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "text, or json for one JSON object a line (request id, route, status, duration; never an email address).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument {
        case text, json
    }

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
        _ = try self.abuseSettings
        _ = try self.mail.settings
        _ = try self.adPlatforms.settings()
        guard self.databasePoolSize >= 2 else { throw ValidationError("--database-pool-size must be 2 or more.") }
        guard self.outboxLease >= 1 else { throw ValidationError("--outbox-lease must be 1 second or more.") }
        guard self.shutdownTimeout >= 1 else { throw ValidationError("--shutdown-timeout must be 1 second or more.") }
        guard self.minimumFillTime >= 0 else { throw ValidationError("--minimum-fill-time must be 0 or more seconds.") }
    }

    private var abuseSettings: AbuseSettings {
        get throws {
            func limit(_ text: String, option: String) throws -> RateLimit? {
                do {
                    return try RateLimit.parse(text)
                } catch {
                    throw ValidationError("--\(option) \(error.message).")
                }
            }
            return AbuseSettings(
                playLimit: try limit(self.rateLimit, option: "rate-limit"),
                eventLimit: try limit(self.eventRateLimit, option: "event-rate-limit"),
                emailLimit: try limit(self.emailRateLimit, option: "email-rate-limit"),
                trustsProxy: self.trustProxy,
                minimumFillTime: self.minimumFillTime
            )
        }
    }

    func run() async throws {
        if self.logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(MetricsController.factory(for: metrics))
        var logger = Logger(label: "quizfunnel")
        logger.logLevel = self.logLevel
        logger[metadataKey: "instance"] = "\(self.instanceID)"
        let catalog = try loadCatalogOrExplain(folder: self.quizzes)
        let refs = try loadRefsOrExplain(folder: self.quizzes)
        let mail = try self.mail.settings
        if mail.smtp != nil {
            let senderless = catalog.quizzes.filter { mail.sender(of: $0) == nil }.map(\.id)
            guard senderless.isEmpty else {
                printToStandardError(
                    "Refusing to start: with --smtp, every quiz needs a sender; \(senderless.joined(separator: ", ")) has no emails.from, "
                        + "and --mail-from is not set."
                )
                throw ExitCode.failure
            }
        }
        let location = try self.storage.location()
        let database: any FunnelRepository
        let storeService: PostgresStore?
        switch location {
        case .sqlite(let path):
            let file = try await openDatabaseOrExplain(path: path)
            try await file.keepConsentTexts(of: catalog)
            (database, storeService) = (file, nil)
        case .postgres(let postgres):
            // Serves at once; the store turns ready (and /readyz 200) once the server has answered and been migrated.
            let store = try PostgresStore(
                location: postgres,
                catalog: catalog,
                instanceID: self.instanceID,
                poolSize: self.databasePoolSize,
                outboxLease: .milliseconds(Int(self.outboxLease * 1000)),
                logger: logger
            )
            (database, storeService) = (store.repository, store)
        }
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
            ),
            abuse: try self.abuseSettings,
            mail: mail,
            metrics: metrics,
            metricsToken: ProcessInfo.processInfo.environment["QUIZFUNNEL_METRICS_TOKEN"],
            adPlatforms: try self.adPlatforms.settings()
        )
        if configuration.adminToken?.isEmpty ?? true {
            logger.warning("QUIZFUNNEL_ADMIN_TOKEN is not set: admin routes (exports) answer 401")
        }
        if let smtp = mail.smtp {
            logger.info("Mail goes through \(smtp.displayURL)")
        } else {
            logger.warning("No --smtp: mails are held, not sent; read them in the dashboard's Mail view (/admin)")
        }
        logger.info("Quizzes loaded", metadata: ["count": "\(catalog.quizzes.count)", "database": "\(location)"])
        let work = RunningWork()
        let app = try buildApplication(
            configuration: configuration,
            database: database,
            catalog: catalog,
            refs: refs,
            logger: logger,
            storeService: storeService,
            quizFolder: self.quizzes,
            work: work
        )
        let timeout = Duration.milliseconds(Int(self.shutdownTimeout * 1000))
        // A storage call waiting at the stop, and each one after it, gets 40 % of the time: the requests in flight and then
        // the funnel flush each wait at most that long for a dead database, and the stop still ends in time.
        try await runUntilStopped(app, timeout: timeout, work: work, logger: logger) { storeService?.beginStop(grace: timeout * 2 / 5) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
