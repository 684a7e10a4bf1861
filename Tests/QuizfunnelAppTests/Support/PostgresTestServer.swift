import Foundation
import Logging
import PostgresNIO

@testable import QuizfunnelApp

/// The throwaway PostgreSQL server `scripts/test` starts (`scripts/postgres-server`), named by
/// `QUIZFUNNEL_TEST_POSTGRES_URL`. Each test gets a database of its own, so tests run in parallel.
///
/// Without the variable the PostgreSQL tests are skipped, so that a bare `swift test` runs; `scripts/test` sets
/// `QUIZFUNNEL_REQUIRE_POSTGRES=1`, under which they run, and fail, without a server.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["QUIZFUNNEL_TEST_POSTGRES_URL"]
    static let isRequired = ProcessInfo.processInfo.environment["QUIZFUNNEL_REQUIRE_POSTGRES"] == "1"
    static var isAvailable: Bool { Self.url != nil || Self.isRequired }

    static let logger = Logger(label: "quizfunnel.tests.postgres")

    /// Creates an empty database and returns its location; `drop(_:)` removes it.
    static func makeDatabase() async throws -> PostgresLocation {
        let server = try Self.serverLocation()
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresDatabase.withClient(server, logger: Self.logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
        }
        var location = server
        location.database = name
        return location
    }

    static func drop(_ location: PostgresLocation) async throws {
        try await PostgresDatabase.withClient(try Self.serverLocation(), logger: Self.logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)"), logger: Self.logger)
        }
    }

    /// The URL of `location`, password included, for a child process.
    static func url(of location: PostgresLocation) -> String {
        "postgres://\(location.user):\(location.password ?? "")@\(location.host):\(location.port)/\(location.database)?sslmode=disable"
    }

    /// The test server's own location (its maintenance database), for tests that change its port or database.
    static func serverLocationForTests() throws -> PostgresLocation {
        try Self.serverLocation()
    }

    private static func serverLocation() throws -> PostgresLocation {
        guard let url = Self.url else {
            throw DatabaseLocationError("QUIZFUNNEL_TEST_POSTGRES_URL is not set: run the suite through scripts/test, which starts a server")
        }
        guard case .postgres(let location) = try DatabaseLocation(parsing: url, environment: [:]) else {
            throw DatabaseLocationError("QUIZFUNNEL_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        return location
    }
}
