import Logging
import PostgresNIO
import QuizfunnelDomain
import ServiceLifecycle

/// The PostgreSQL store as `serve` runs it: the connection pool, and the start-up that waits for the server.
///
/// Add it to the application's services first, so that it stops last. Its start-up reaches the server, applies the
/// migrations under their advisory lock and keeps the quizzes' consent texts, retrying every `retryInterval` with one
/// log line a try until the server answers, so that a service started before its database (as Kubernetes may) waits
/// rather than exits. Until then the store is not ready: `/readyz` and writes answer 503.
public struct PostgresStore: Service {
    /// The store the controllers and services use.
    public let repository: any FunnelRepository
    private let postgres: PostgresRepository
    private let location: PostgresLocation
    private let catalog: QuizCatalog
    private let logger: Logger

    static let retryInterval = Duration.seconds(5)

    public init(
        location: PostgresLocation,
        catalog: QuizCatalog,
        instanceID: String,
        poolSize: Int = 10,
        outboxLease: Duration = OutboxLease.defaultLength,
        logger: Logger
    ) throws {
        var background = logger
        // The pool logs each failed connection attempt; the start-up says it once per try, in words.
        background.logLevel = .critical
        let client = PostgresClient(
            configuration: try PostgresDatabase.configuration(for: location, poolSize: poolSize),
            backgroundLogger: background
        )
        self.postgres = PostgresRepository(
            pool: PostgresPool(client: client),
            logger: logger,
            instanceID: instanceID,
            outboxLease: outboxLease,
            readiness: StoreReadiness(isReady: false)
        )
        self.repository = self.postgres
        self.location = location
        self.catalog = catalog
        self.logger = logger
    }

    /// The service is stopping: storage calls waiting now, and those begun later, get at most `grace` (then 503).
    public func beginStop(grace: Duration) {
        self.postgres.pool.deadlines.stop(grace: grace)
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.postgres.pool.run() }
            group.addTask { await self.prepare() }
            await group.waitForAll()
        }
    }

    /// Migrates and keeps the consent texts, trying again until it succeeds or the service stops.
    private func prepare() async {
        while !Task.isCancelled {
            do {
                try await PostgresDatabase.waitUntilReachable(self.postgres.pool.client, location: self.location, logger: self.logger)
                let applied = try await PostgresDatabase.applyMigrations(
                    PostgresMigrations.all,
                    client: self.postgres.pool.client,
                    logger: self.logger
                )
                try await self.postgres.keepConsentTexts(of: self.catalog)
                self.postgres.readiness.markReady()
                self.logger.info(
                    "PostgreSQL is ready",
                    metadata: ["database": "\(self.location)", "migrationsApplied": "\(applied.count)"]
                )
                return
            } catch {
                self.logger.error(
                    "PostgreSQL is not ready; trying again in \(Self.retryInterval.components.seconds) s, /readyz answers 503 meanwhile",
                    metadata: ["database": "\(self.location)", "reason": "\(PostgresDatabase.reason(error))"]
                )
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.retryInterval) }
            } catch {
                return
            }
        }
    }
}
