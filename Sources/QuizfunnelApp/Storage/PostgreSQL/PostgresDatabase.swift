import Logging
import NIOSSL
import PostgresNIO

/// A PostgreSQL database reached through postgres-nio's pooled client: its schema (`quizfunnel migrate`), and the
/// store for a command (`withRepository`). `serve` runs the store as a service instead (`PostgresStore`).
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

    /// Runs `body` with the store at `location`, for a command such as `export`: fails within `reachTimeout` when the
    /// server does not answer (`PostgresUnreachable`), and at once when its schema lacks migrations this build has
    /// (`PostgresSchemaBehind`), rather than reading or writing a schema it does not know.
    public static func withRepository<Value: Sendable>(
        _ location: PostgresLocation,
        logger: Logger,
        _ body: @escaping @Sendable (any FunnelRepository) async throws -> Value
    ) async throws -> Value {
        try await Self.withClient(location, logger: logger) { client in
            try await Self.waitUntilReachable(client, location: location, logger: logger)
            let missing = try await Self.missingMigrations(client, logger: logger)
            guard missing.isEmpty else { throw PostgresSchemaBehind(location: location, missing: missing) }
            return try await body(PostgresRepository(client: client, logger: logger))
        }
    }

    /// The migrations of this build that the database has not applied, in order.
    static func missingMigrations(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        var applied: Set<String> = []
        for try await exists in try await client.query("SELECT to_regclass('quizfunnel_migration') IS NOT NULL", logger: logger)
            .decode(Bool.self) where exists
        {
            for try await name in try await client.query("SELECT name FROM quizfunnel_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
        }
        return PostgresMigrations.names.filter { !applied.contains($0) }
    }

    /// How long a command waits for the server to answer at all; the pool keeps trying to connect meanwhile.
    static let reachTimeout = Duration.seconds(10)

    /// Returns once the server answers a query, and throws `PostgresUnreachable` with the reason when it does not: one
    /// connection made by hand first tells a refused connection, a refused login or a missing database apart, which the
    /// pool does not (it retries them all without end); then the pool must answer within `reachTimeout`.
    static func waitUntilReachable(_ client: PostgresClient, location: PostgresLocation, logger: Logger) async throws {
        if let problem = await Self.connectionProblem(location, logger: logger) {
            throw PostgresUnreachable(location: location, reason: problem)
        }
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
            guard answered else {
                throw PostgresUnreachable(location: location, reason: "no answer within \(Self.reachTimeout.components.seconds) s")
            }
        }
    }

    /// Why one connection to `location` fails, in words (the server's own message where it sent one), or `nil` when it
    /// succeeds.
    static func connectionProblem(_ location: PostgresLocation, logger: Logger) async -> String? {
        do {
            let client = try Self.configuration(for: location)
            var configuration = PostgresConnection.Configuration(
                host: location.host,
                port: location.port,
                username: location.user,
                password: location.password,
                database: location.database,
                tls: try Self.connectionTLS(location)
            )
            configuration.options.connectTimeout = .init(client.options.connectTimeout)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
            return nil
        } catch {
            return Self.reason(error)
        }
    }

    private static func connectionTLS(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        switch location.tls {
        case .disable:
            return .disable
        case .require(let rootCertificate):
            var settings = TLSConfiguration.makeClientConfiguration()
            if let rootCertificate { settings.trustRoots = .file(rootCertificate) }
            return .require(try NIOSSLContext(configuration: settings))
        }
    }

    /// An error in words. postgres-nio describes its errors as "Generic description" on purpose (they may reach end
    /// users); these go to the operator, so the server's message, or the network's error, is named.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if error.code == .sslUnsupported { return "the server does not offer TLS, and sslmode=require asks for it" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying {
            // BoringSSL names a certificate it could not verify only in its error text.
            if "\(underlying)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's TLS certificate could not be verified (for a private CA, add sslrootcert=FILE to the URL)"
            }
            return "\(underlying)"
        }
        return "\(error.code)"
    }

    /// The names of the migrations, in the order they run.
    public static var migrationNames: [String] { PostgresMigrations.names }

    /// Runs `body` with a client of at most `poolSize` connections to `location`, and shuts the client down when it
    /// returns or throws. A command needs few connections; `serve`'s pool is `PostgresStore`'s.
    @discardableResult
    static func withClient<Value: Sendable>(
        _ location: PostgresLocation,
        logger: Logger,
        poolSize: Int = 4,
        _ body: @Sendable (PostgresClient) async throws -> Value
    ) async throws -> Value {
        // The pool's own messages (each failed connection attempt, a lease before `run()` has begun) are its business;
        // what a caller needs to hear comes back as an error.
        var background = logger
        background.logLevel = .critical
        let client = PostgresClient(configuration: try Self.configuration(for: location, poolSize: poolSize), backgroundLogger: background)
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
    static func configuration(for location: PostgresLocation, poolSize: Int = 4) throws -> PostgresClient.Configuration {
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
        configuration.options.maximumConnections = poolSize
        return configuration
    }
}

/// A database whose schema lacks migrations of this build: `quizfunnel migrate` (or `serve`) brings it up to date.
public struct PostgresSchemaBehind: Error, CustomStringConvertible {
    public var location: PostgresLocation
    public var missing: [String]

    public var description: String {
        "the schema of \(self.location) lacks \(self.missing.count) of this build's migrations (\(self.missing.joined(separator: ", "))); "
            + "run quizfunnel migrate first"
    }
}

/// No connection to a PostgreSQL address within the time allowed: postgres-nio's pool retries a refused connection and
/// a refused login alike, without telling which.
public struct PostgresUnreachable: Error, CustomStringConvertible {
    public var location: PostgresLocation
    public var reason: String

    public var description: String {
        "\(self.location.host):\(self.location.port) cannot be used: \(self.reason)"
    }
}
