import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// A delivery pass renews its claims while it runs: a renewed claim outlives its first lease, a row another instance
/// took over is no longer renewed, and released rows may be claimed by any instance at once.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresClaimTests {
    @Test func aRenewedClaimHoldsAnotherLeaseAndAReleasedOneIsFreeAtOnce() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let (first, second) = Self.instances(on: repository, lease: .seconds(2))
            let result = try await PostgresLeadTests.saveResult(in: repository)
            for number in 0..<4 {
                _ = try await PostgresLeadTests.saveLead("claimed\(number)@example.com", from: result, optIn: .double, in: repository)
            }
            try await repository.pool.query("UPDATE mail SET state = 'queued'", logger: PostgresTestServer.logger)
            let ids = try await first.dueMails(now: Date(), limit: 10).compactMap(\.id)
            #expect(ids.count == 4)

            // About to run out, then renewed: the claims hold for another lease, timed by the database's clock.
            try await repository.pool.query(
                #"UPDATE mail SET "leaseUntil" = now() + interval '200 milliseconds'"#,
                logger: PostgresTestServer.logger
            )
            #expect(try await first.renewMailClaims(ids) == Set(ids))
            let rows = try await repository.pool.query(
                #"SELECT bool_and("leaseUntil" > now() + interval '1 second' AND "leaseOwner" = 'first') FROM mail"#,
                logger: PostgresTestServer.logger
            )
            for try await renewed in rows.decode(Bool.self) { #expect(renewed, "each claim extended by the 2 s lease") }
            #expect(try await second.dueMails(now: Date(), limit: 10).isEmpty, "a renewed claim is not taken over")

            // Released: the second instance may take them at once.
            try await first.releaseMailClaims(Array(ids.prefix(2)))
            let taken = try await second.dueMails(now: Date(), limit: 10).compactMap(\.id)
            #expect(Set(taken) == Set(ids.prefix(2)))
            #expect(try await first.renewMailClaims(ids) == Set(ids.suffix(2)), "what the other instance holds is not renewed")
        }
    }

    @Test func aWebhookClaimTakenOverAfterItsLeaseIsLostToItsFirstHolder() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let (first, second) = Self.instances(on: repository, lease: .seconds(1))
            let result = try await PostgresLeadTests.saveResult(in: repository)
            for number in 0..<3 {
                _ = try await PostgresLeadTests.saveLead("hooked\(number)@example.com", from: result, optIn: .single, in: repository)
            }
            let ids = try await first.dueWebhookEvents(now: Date(), limit: 10).map(\.id)
            #expect(ids.count == 3)

            // The first instance stalls past its lease; the second takes the events over.
            try await Task.sleep(for: .milliseconds(1500))
            let taken = try await second.dueWebhookEvents(now: Date(), limit: 10).map(\.id)
            #expect(Set(taken) == Set(ids))
            #expect(try await first.renewWebhookClaims(ids).isEmpty, "the first instance learns it holds none of them")
            try await first.releaseWebhookClaims(ids)
            #expect(try await second.renewWebhookClaims(ids) == Set(ids), "a release by a former holder frees nothing")
        }
    }

    private static func instances(on repository: PostgresRepository, lease: Duration) -> (PostgresRepository, PostgresRepository) {
        (
            PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "first", outboxLease: lease),
            PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "second", outboxLease: lease)
        )
    }
}
