import Foundation
import PostgresNIO
import Testing

@testable import QuizfunnelApp

/// `sslmode=require` is TLS with the server's certificate and name verified (libpq's `verify-full`), against
/// `sslrootcert` for a private CA. The test server (scripts/postgres-server) offers TLS with a certificate for
/// 127.0.0.1 from a CA made for the run, named by `QUIZFUNNEL_TEST_POSTGRES_CA`.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresTLSTests {
    @Test func requireWithTheCAConnectsOverTLS() async throws {
        var location = try PostgresTestServer.serverLocationForTests()
        location.tls = .require(rootCertificate: try Self.certificateAuthority())

        let encrypted = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            var encrypted = false
            for try await ssl in try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").decode(Bool.self) {
                encrypted = ssl
            }
            return encrypted
        }

        #expect(encrypted, "the server says the connection is TLS")
    }

    @Test func requireRefusesAServerWhoseCertificateItCannotVerify() async throws {
        var location = try PostgresTestServer.serverLocationForTests()
        location.tls = .require(rootCertificate: nil)  // the system's roots do not know the run's CA

        let problem = await PostgresDatabase.connectionProblem(location, logger: PostgresTestServer.logger)

        #expect(problem?.contains("TLS certificate could not be verified") == true, "\(problem ?? "connected")")
    }

    @Test func theCommandLineTakesSSLRootCertInTheURL() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let url = PostgresTestServer.url(of: location).replacingOccurrences(
            of: "sslmode=disable",
            with: "sslmode=require&sslrootcert=\(try Self.certificateAuthority())"
        )

        let run = try await runQuizfunnel(["migrate", "--database", url])

        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("sslmode=require&sslrootcert="))
        try await PostgresTestServer.drop(location)
    }

    private static func certificateAuthority() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["QUIZFUNNEL_TEST_POSTGRES_CA"],
            "QUIZFUNNEL_TEST_POSTGRES_CA is not set: scripts/test starts the server with TLS and sets it"
        )
    }
}
