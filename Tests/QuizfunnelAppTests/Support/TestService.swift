import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import QuizfunnelDomain
import Synchronization

@testable import QuizfunnelApp

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The real service on a fresh SQLite file in its own temporary folder, with the shipped quizzes and pages; or, with
/// `QUIZFUNNEL_TEST_BACKEND=postgres` (as `scripts/test` runs the backend-neutral API suites a second time), on a fresh
/// database of the test PostgreSQL server, made at the first `withClient`.
struct TestService {
    static let adminToken = "test-admin-token"
    /// The backend `withClient` serves from.
    static let runsOnPostgreSQL = ProcessInfo.processInfo.environment["QUIZFUNNEL_TEST_BACKEND"] == "postgres"

    let folder: URL
    /// The SQLite store: the one the service uses unless `runsOnPostgreSQL`, and where SQLite-only tests look.
    let database: AppDatabase
    let catalog: QuizCatalog
    /// The people's names, as `Refs.json` gives them.
    var refs = RefDirectory()
    /// This service's PostgreSQL database, once made.
    private let postgres = PostgresDatabaseOfTest()

    /// This service's PostgreSQL database, made and migrated at the first call.
    func postgresLocation() async throws -> PostgresLocation {
        try await self.postgres.location()
    }

    var databasePath: String { self.folder.appendingPathComponent("quizfunnel.sqlite").path }

    /// `optIn` overrides the quizzes' own mode: the suites written before double opt-in run on single opt-in, whose
    /// behaviour did not change; `nil` keeps the files' mode (the shipped quizzes are double opt-in).
    init(quizzesFolder: String = repositoryRoot.appendingPathComponent("Quizzes").path, optIn: OptInMode? = .single) throws {
        self.folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        self.database = try AppDatabase.open(path: self.folder.appendingPathComponent("quizfunnel.sqlite").path)
        let catalog = try QuizCatalog.load(folder: quizzesFolder)
        self.catalog =
            optIn.map { mode in
                QuizCatalog(
                    quizzes: catalog.quizzes.map { quiz in
                        var quiz = quiz
                        quiz.optIn = mode
                        return quiz
                    }
                )
            } ?? catalog
    }

    /// Runs `test` against the router, with `adminToken` as the configured token; abuse limits are off unless a test
    /// is about them.
    func withClient<Value: Sendable>(
        adminToken: String? = TestService.adminToken,
        webhooks: WebhookSettings = WebhookSettings(),
        abuse: AbuseSettings = .off,
        mail: MailSettings = MailSettings(),
        adPlatforms: AdPlatformSettings = AdPlatformSettings(),
        backgroundWork: Bool = true,
        _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let configuration = AppConfiguration(
            publicFolder: repositoryRoot.appendingPathComponent("Public").path,
            adminToken: adminToken,
            publicURL: "https://quiz.example.com/",
            webhooks: webhooks,
            abuse: abuse,
            mail: mail,
            adPlatforms: adPlatforms
        )
        var logger = Logger(label: "quizfunnel-test")
        logger.logLevel = .warning
        if Self.runsOnPostgreSQL {
            let location = try await self.postgres.location()
            let logger = logger
            return try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
                let repository = PostgresRepository(client: client, logger: logger)
                return try await Self.serve(
                    repository,
                    configuration: configuration,
                    catalog: self.catalog,
                    refs: self.refs,
                    logger: logger,
                    backgroundWork: backgroundWork,
                    test
                )
            }
        }
        return try await Self.serve(
            self.database,
            configuration: configuration,
            catalog: self.catalog,
            refs: self.refs,
            logger: logger,
            backgroundWork: backgroundWork,
            test
        )
    }

    private static func serve<Value: Sendable>(
        _ database: any FunnelRepository,
        configuration: AppConfiguration,
        catalog: QuizCatalog,
        refs: RefDirectory,
        logger: Logger,
        backgroundWork: Bool,
        _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        guard backgroundWork else {
            // The routes alone, without the services that run beside them (webhook deliveries, the funnel's flush), for
            // tests that drive those by hand and must not race them.
            let recorder = FunnelRecorder(database: database)
            let router = try buildRouter(
                configuration: configuration,
                database: database,
                catalog: catalog,
                refs: refs,
                recorder: recorder,
                logger: logger
            )
            return try await Application(router: router, logger: logger).test(.router, test)
        }
        let app = try buildApplication(configuration: configuration, database: database, catalog: catalog, refs: refs, logger: logger)
        return try await app.test(.router, test)
    }
}

/// A test service's PostgreSQL database: made and migrated at its first use, kept for the service's later clients.
final class PostgresDatabaseOfTest: Sendable {
    private let made = Mutex<PostgresLocation?>(nil)

    func location() async throws -> PostgresLocation {
        if let location = self.made.withLock({ $0 }) { return location }
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        self.made.withLock { $0 = location }
        return location
    }
}

/// Answers to the golf quiz that score each segment.
enum GolfAnswers {
    static let driver = [
        "saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party",
    ]
    static let putter = [
        "saturday": "no-hurry", "party": "deep-talk", "problem": "read-twice", "holiday": "cabin", "motto": "last-inch", "friends": "advice",
    ]
}

extension TestService {
    /// Every value of every row of every table of the SQLite file, as text.
    func everySQLiteValue() async throws -> [String] {
        try await self.database.writer.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            var values: [String] = []
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)") {
                    for (_, value) in row {
                        switch value.storage {
                        case .string(let text): values.append(text)
                        case .blob(let data): values.append(String(decoding: data, as: UTF8.self))
                        default: break
                        }
                    }
                }
            }
            return values
        }
    }
}
