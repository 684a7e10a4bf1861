import Logging
import NIOSSL
import PostgresNIO

/// A PostgreSQL database reached through postgres-nio's pooled client.
///
/// So far this backend prepares the schema (`quizfunnel migrate`); the store itself (`FunnelRepository`) runs on SQLite
/// only, and the commands that serve or read leads say so when given a PostgreSQL URL.
public enum PostgresDatabase {
    /// Applies the migrations the database lacks, in order and in one transaction, under a transaction-scoped advisory
    /// lock: instances that start together wait for each other, and each migration is applied exactly once. Returns the
    /// names applied (none when the schema was up to date).
    public static func migrate(_ location: PostgresLocation, logger: Logger) async throws -> [String] {
        try await Self.withClient(location, logger: logger) { client in
            try await Self.waitUntilReachable(client, location: location, logger: logger)
            return try await Self.applyMigrations(PostgresMigrations.all, client: client, logger: logger)
        }
    }

    /// How long a command waits for the server to answer at all; the pool keeps trying to connect meanwhile.
    static let reachTimeout = Duration.seconds(10)

    /// Returns once the server answers a query, and throws `PostgresUnreachable` when no connection is made within
    /// `reachTimeout`: the pool retries failed connections (a refused login too) without end, which would hang a command.
    static func waitUntilReachable(_ client: PostgresClient, location: PostgresLocation, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await client.query("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: Self.reachTimeout)
                return false
            }
            let answered = try await group.next() ?? false
            group.cancelAll()
            guard answered else { throw PostgresUnreachable(location: location, timeout: Self.reachTimeout) }
        }
    }

    /// The names of the migrations, in the order they run.
    public static var migrationNames: [String] { PostgresMigrations.names }

    /// Runs `body` with a client connected to `location`, and shuts the client down when it returns or throws.
    @discardableResult
    static func withClient<Value: Sendable>(
        _ location: PostgresLocation,
        logger: Logger,
        _ body: @Sendable (PostgresClient) async throws -> Value
    ) async throws -> Value {
        // The pool's own messages (each failed connection attempt, a lease before `run()` has begun) are its business;
        // what a caller needs to hear comes back as an error.
        var background = logger
        background.logLevel = .critical
        let client = PostgresClient(configuration: try Self.configuration(for: location), backgroundLogger: background)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// The key of the advisory lock migrations run under: "quizfunl" in ASCII.
    static let migrationLock: Int64 = 0x7175_697A_6675_6E6C

    static func applyMigrations(_ migrations: [PostgresMigrations.Migration], client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS quizfunnel_migration (name text PRIMARY KEY, "appliedAt" timestamptz NOT NULL DEFAULT now())
                """,
                logger: logger
            )
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM quizfunnel_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            var names: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO quizfunnel_migration (name) VALUES (\(migration.name))", logger: logger)
                names.append(migration.name)
            }
            return names
        }
    }

    /// postgres-nio's configuration for `location`. `sslmode=require` verifies the server's certificate and name
    /// (NIOSSL's default), against `sslrootcert` when given: libpq's `verify-full`, not its `require`.
    static func configuration(for location: PostgresLocation) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch location.tls {
        case .disable:
            tls = .disable
        case .require(let rootCertificate):
            var settings = TLSConfiguration.makeClientConfiguration()
            if let rootCertificate { settings.trustRoots = .file(rootCertificate) }
            tls = .require(settings)
        }
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.user,
            password: location.password,
            database: location.database,
            tls: tls
        )
        configuration.options.additionalStartupParameters = [("application_name", "quizfunnel")]
        return configuration
    }
}

/// No connection to a PostgreSQL address within the time allowed: postgres-nio's pool retries a refused connection and
/// a refused login alike, without telling which.
public struct PostgresUnreachable: Error, CustomStringConvertible {
    public var location: PostgresLocation
    public var timeout: Duration

    public var description: String {
        "no answer from \(self.location.host):\(self.location.port) within \(self.timeout.components.seconds) s "
            + "(the server is down or unreachable, or refuses the connection, the user or the password)"
    }
}
