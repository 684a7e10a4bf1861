import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// The per-address limit protects people from being mailed by strangers, so on PostgreSQL it lives in the database:
/// submissions through any instance use up the same allowance.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresAddressLimitTests {
    @Test func theLimitHoldsAcrossInstances() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        let limit = RateLimit(requests: 2, period: 3600)
        let hash = Digest.emailHash(key: "ola@example.no")

        try await Self.twoInstances(of: location) { first, second in
            let one = try await first.addressLimiter(limit).take(hash)
            let two = try await second.addressLimiter(limit).take(hash)
            let three = try await first.addressLimiter(limit).take(hash)
            let otherAddress = try await second.addressLimiter(limit).take(Digest.emailHash(key: "kari@example.no"))

            #expect(one == .allowed)
            #expect(two == .allowed)
            guard case .refused(let retryAfter) = three else {
                Issue.record("a third submission within the hour, through either instance, is refused")
                return
            }
            #expect(retryAfter > 1700 && retryAfter <= 1800, "one submission comes back every 30 minutes: \(retryAfter)")
            #expect(otherAddress == .allowed)
        }
        try await PostgresTestServer.drop(location)
    }

    @Test func simultaneousSubmissionsThroughTwoInstancesTakeNoMoreThanTheLimit() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)
        let limit = RateLimit(requests: 5, period: 3600)
        let hash = Digest.emailHash(key: "ola@example.no")

        let allowed = try await Self.twoInstances(of: location) { first, second in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<40 {
                    let limiter = (index.isMultiple(of: 2) ? first : second).addressLimiter(limit)
                    group.addTask { try await limiter.take(hash) == .allowed }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }

        #expect(allowed == 5)
        try await PostgresTestServer.drop(location)
    }

    @Test func bucketsFullForAPeriodAreSweptAway() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        _ = try await PostgresDatabase.migrate(location, logger: PostgresTestServer.logger)

        try await Self.twoInstances(of: location) { first, _ in
            let limiter = first.addressLimiter(RateLimit(requests: 1, period: 1))
            _ = try await limiter.take("old")
            try await Task.sleep(for: .milliseconds(2_100))
            _ = try await limiter.take("new")

            #expect(try await PostgresLeadTests.count(#""addressAllowance""#, in: first) == 1, "only the new address is held")
        }
        try await PostgresTestServer.drop(location)
    }

    /// Two repositories on one database, each with a pool of its own, as two `serve` processes have.
    static func twoInstances<Value: Sendable>(
        of location: PostgresLocation,
        _ body: @Sendable (PostgresRepository, PostgresRepository) async throws -> Value
    ) async throws -> Value {
        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { one in
            try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { two in
                try await body(
                    PostgresRepository(client: one, logger: PostgresTestServer.logger, instanceID: "one"),
                    PostgresRepository(client: two, logger: PostgresTestServer.logger, instanceID: "two")
                )
            }
        }
    }
}
