import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuizfunnelApp
import QuizfunnelDomain

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The real service on a fresh SQLite file in its own temporary folder, with the shipped quizzes and pages.
struct TestService {
    static let adminToken = "test-admin-token"

    let folder: URL
    let database: AppDatabase
    let catalog: QuizCatalog

    var databasePath: String { self.folder.appendingPathComponent("quizfunnel.sqlite").path }

    init(quizzesFolder: String = repositoryRoot.appendingPathComponent("Quizzes").path) throws {
        self.folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        self.database = try AppDatabase.open(path: self.folder.appendingPathComponent("quizfunnel.sqlite").path)
        self.catalog = try QuizCatalog.load(folder: quizzesFolder)
    }

    /// Runs `test` against the router, with `adminToken` as the configured token.
    func withClient<Value: Sendable>(
        adminToken: String? = TestService.adminToken,
        webhooks: WebhookSettings = WebhookSettings(),
        _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let configuration = AppConfiguration(
            publicFolder: repositoryRoot.appendingPathComponent("Public").path,
            adminToken: adminToken,
            publicURL: "https://quiz.example.com/",
            webhooks: webhooks
        )
        var logger = Logger(label: "quizfunnel-test")
        logger.logLevel = .warning
        let app = try buildApplication(configuration: configuration, database: self.database, catalog: self.catalog, logger: logger)
        return try await app.test(.router, test)
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
