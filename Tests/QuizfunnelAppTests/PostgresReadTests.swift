import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Exports, the polling feed, the funnel's counters and the write probe on PostgreSQL, by SQLite's rules.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresReadTests {
    @Test func exportsPageThroughLeadsAndLeaveOutWithdrawnAndPendingOnes() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            for number in 0..<5 {
                _ = try await PostgresLeadTests.saveLead("player\(number)@example.com", from: result, optIn: .single, in: repository)
            }
            _ = try await PostgresLeadTests.saveLead("pending@example.com", from: result, optIn: .double, in: repository)
            // player0 withdrew after consenting: a newer suppression entry wins over the row's status.
            try await repository.pool.query(
                #"INSERT INTO suppression ("emailHash", reason, "createdAt") VALUES (\#(Digest.emailHash(key: "player0@example.com")), 'unsubscribed', now())"#,
                logger: PostgresTestServer.logger
            )

            var batches: [[String]] = []
            try await repository.forEachLeadBatch(matching: LeadFilter(quizID: "golf-club"), baseURL: "https://q.example", batchSize: 2) { leads in
                batches.append(leads.map(\.email))
            }
            let pending = try await repository.newestLeads(matching: LeadFilter(status: .pending), limit: 10, baseURL: "")
            let all = try await repository.newestLeads(matching: LeadFilter(status: nil), limit: 3, baseURL: "")

            #expect(batches == [["player1@example.com", "player2@example.com"], ["player3@example.com", "player4@example.com"]])
            #expect(pending.map(\.email) == ["pending@example.com"])
            #expect(pending.first?.unsubscribeURL == nil)
            #expect(all.map(\.email) == ["pending@example.com", "player4@example.com", "player3@example.com"], "newest first")
        }
    }

    @Test func countersFromTwoInstancesAddUp() async throws {
        try await PostgresLeadTests.withRepository { first in
            let second = PostgresRepository(pool: first.pool, logger: PostgresTestServer.logger)
            let day = "2026-12-03"
            func counts(_ views: Int) -> @Sendable () -> [FunnelKey: Int] {
                {
                    var key = FunnelKey(quizID: "golf-club", day: day, metric: .view, locale: "en", attribution: Attribution())
                    key.source = "facebook"
                    return [key: views, FunnelKey(quizID: "golf-club", day: day, metric: .lead, locale: "en", attribution: Attribution()): 1]
                }
            }

            async let one: Void = first.addFunnelCounts(counts(3))
            async let two: Void = second.addFunnelCounts(counts(4))
            _ = try await (one, two)

            let quiz = try #require(
                try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path).quizzes.first { $0.id == "golf-club" }
            )
            let stats = try await first.funnelStats(of: quiz, from: day, to: day)
            #expect(stats.funnel.views == 7)
            #expect(stats.funnel.leads == 2)
            #expect(await first.isReachable())
            #expect(await first.probeWrite())
            #expect(try await PostgresLeadTests.count("\"storageProbe\"", in: first) == 0, "the probe leaves nothing behind")
        }
    }

    @Test func aFlushReturnsOnlyOnceTheCountsAnEarlierFlushTookAreCommitted() async throws {
        // The stats endpoint flushes before it reads; the background flush may have taken the counts a moment before.
        // On SQLite the single writer orders the two; here the instance's flushes take turns.
        try await PostgresLeadTests.withRepository { repository in
            let day = "2026-12-03"
            let key = FunnelKey(quizID: "golf-club", day: day, metric: .view, locale: "en", attribution: Attribution())
            let (took, tookCounts) = AsyncStream<Void>.makeStream()

            async let background: Void = repository.addFunnelCounts {
                tookCounts.yield()
                Thread.sleep(forTimeInterval: 0.3)  // the counts are taken, not yet written
                return [key: 5]
            }
            for await _ in took { break }
            try await repository.addFunnelCounts { [:] }  // the stats endpoint's flush: nothing new to add
            let quiz = try #require(
                try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path).quizzes.first { $0.id == "golf-club" }
            )
            let views = try await repository.funnelStats(of: quiz, from: day, to: day).funnel.views
            try await background

            #expect(views == 5)
        }
    }
}
