import Foundation
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Two instances on one PostgreSQL database never claim the same due mail or webhook event, and the rows a dead
/// instance claimed come back once its lease runs out.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresOutboxTests {
    @Test func twoInstancesClaimEachDueMailOnceAndADeadOnesClaimsComeBack() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let first = PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "first")
            let second = PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "second")
            let result = try await PostgresLeadTests.saveResult(in: repository)
            for number in 0..<30 {
                _ = try await PostgresLeadTests.saveLead("player\(number)@example.com", from: result, optIn: .double, in: repository)
            }
            try await repository.pool.query("UPDATE mail SET state = 'queued'", logger: PostgresTestServer.logger)

            async let mine = first.dueMails(now: Date(), limit: 20)
            async let theirs = second.dueMails(now: Date(), limit: 20)
            let (a, b) = try await (mine, theirs)
            let claimedAgain = try await first.dueMails(now: Date(), limit: 20)

            #expect(a.count + b.count == 30)
            #expect(Set(a.compactMap(\.id)).isDisjoint(with: Set(b.compactMap(\.id))), "no mail is claimed by both")
            #expect(claimedAgain.isEmpty, "claimed mails are not due again while their lease holds")

            // The first instance dies: its lease runs out, and the second takes its mails over.
            try await repository.pool.query(
                #"UPDATE mail SET "leaseUntil" = now() - interval '1 second' WHERE "leaseOwner" = 'first'"#,
                logger: PostgresTestServer.logger
            )
            let takenOver = try await second.dueMails(now: Date(), limit: 50)
            #expect(Set(takenOver.compactMap(\.id)) == Set(a.compactMap(\.id)))

            var sent = try #require(takenOver.first)
            sent.state = .sent
            sent.attempts = 1
            sent.sentAt = Date()
            sent.updatedAt = Date()
            try await second.recordMailAttempt(sent, bounced: false)
            let stored = try #require(try await second.mail(id: sent.id!))
            #expect(stored.state == .sent)
            #expect(stored.confirmationToken == nil, "a sent confirmation keeps no link secret")
            #expect(try await second.mailCounts()[.sent] == 1)
            #expect(try await second.recentMails(limit: 1).first?.email.hasSuffix("@example.com") == true)
        }
    }

    @Test func webhookEventsAreClaimedOnceAndTheirAttemptsRecorded() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let first = PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "first")
            let second = PostgresRepository(pool: repository.pool, logger: PostgresTestServer.logger, instanceID: "second")
            let result = try await PostgresLeadTests.saveResult(in: repository)
            for number in 0..<10 {
                _ = try await PostgresLeadTests.saveLead("player\(number)@example.com", from: result, optIn: .single, in: repository)
            }

            async let mine = first.dueWebhookEvents(now: Date(), limit: 50)
            async let theirs = second.dueWebhookEvents(now: Date(), limit: 50)
            let (a, b) = try await (mine, theirs)
            #expect(a.count + b.count == 10)
            #expect(Set(a.map(\.id)).isDisjoint(with: Set(b.map(\.id))))

            var event = try #require((a + b).first)
            event.status = .delivered
            event.attempts = 1
            event.deliveredAt = Date()
            let delivery = WebhookDeliveryRecord(
                id: nil,
                eventID: event.id,
                endpoint: event.endpoint,
                attempt: 1,
                attemptedAt: Date(),
                statusCode: 204,
                error: nil,
                durationMilliseconds: 12
            )
            try await first.recordWebhookAttempt(delivery, event: event)
            #expect(try await first.webhookDeliveries(limit: 5).map(\.statusCode) == [204])
            #expect(try await first.nextWebhookAttempt() != nil, "nine events are still pending")
        }
    }

    @Test func oneInstanceSweepsUnconfirmedLeadsAtATime() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("late@example.com", from: result, optIn: .double, in: repository)
            let later = Date().addingTimeInterval(60)

            // Another instance is sweeping: it holds the lock inside its own transaction.
            let skipped = try await repository.pool.withTransaction(logger: PostgresTestServer.logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresRepository.sweepLock))", logger: PostgresTestServer.logger)
                return try await repository.dropUnconfirmedLeads(lastMailedBefore: later, at: later)
            }
            let swept = try await repository.dropUnconfirmedLeads(lastMailedBefore: later, at: later)

            #expect(skipped == 0, "the sweep skips the round while another instance holds the lock")
            #expect(swept == 1)
            #expect(try await PostgresLeadTests.count("lead", in: repository) == 0)
        }
    }
}
