import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain
import Synchronization
import Testing

@testable import QuizfunnelApp

/// The writes every player makes are written a batch at a time, one statement per table, and each is still answered as
/// if it had been written on its own: one the batch hands back, or every one when a batch statement fails, goes alone
/// in its own savepoint, so that only a bad write fails.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresBatchedWriteTests {
    @Test func writesOfOneKindGoTogetherAndAWriteHandedBackGoesAlone() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let calls = BatchSizes()
        let outcomes = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await client.query("CREATE TABLE item (id integer PRIMARY KEY, note text NOT NULL)")
            let commits = PostgresGroupCommitter(pool: PostgresPool(client: client), logger: PostgresTestServer.logger)
            // 200 writes at once; numbers 100 and 101 insert the same id, so one is handed back and fails alone.
            return await Self.writeConcurrently(200, with: commits) { number in
                Item(id: number == 101 ? 100 : number, note: "write \(number)", calls: calls)
            }
        }

        #expect(outcomes.values.filter { !$0 }.count == 1, "exactly one of the two writes of id 100 fails")
        #expect(outcomes[100] != outcomes[101])
        let batchSizes = calls.sizes.withLock { $0 }
        #expect(batchSizes.reduce(0, +) == 200, "every write went through writeTogether first")
        #expect(batchSizes.count < 200, "writes were written together: \(batchSizes)")
        #expect(try await Self.count("item", at: location) == 199)
        try await PostgresTestServer.drop(location)
    }

    @Test func whenABatchStatementFailsEachWriteGoesAloneAndOnlyTheBadOneFails() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let calls = BatchSizes()
        let outcomes = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await client.query("CREATE TABLE item (id integer PRIMARY KEY, note text NOT NULL)")
            let commits = PostgresGroupCommitter(pool: PostgresPool(client: client), logger: PostgresTestServer.logger)
            // PostgreSQL refuses a NUL in text: the batch statement holding number 7 fails as a whole.
            return await Self.writeConcurrently(50, with: commits) { number in
                Item(id: number, note: number == 7 ? "bad \u{0} note" : "write \(number)", calls: calls)
            }
        }

        #expect(outcomes.filter { !$0.value }.map(\.key) == [7])
        #expect(try await Self.count("item", at: location) == 49)
        try await PostgresTestServer.drop(location)
    }

    @Test func leadsSavedAtOnceFollowTheRulesOfALeadSavedAlone() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            _ = try await PostgresLeadTests.saveLead("known@example.com", from: result, optIn: .single, in: repository)
            try await repository.pool.query(
                #"INSERT INTO suppression ("emailHash", reason, "createdAt") VALUES (\#(Digest.emailHash(key: "blocked@example.com")), 'rejected', now())"#,
                logger: PostgresTestServer.logger
            )
            let addresses = (0..<50).map { "new\($0)@example.com" } + ["known@example.com", "dup@example.com", "Dup@example.com", "dup@example.com"]
                + ["blocked@example.com"]

            let saved = try await withThrowingTaskGroup(of: (String, SavedLead?).self) { group in
                for (number, address) in addresses.enumerated() {
                    group.addTask {
                        ("\(number) \(address)", try await PostgresLeadTests.saveLead(address, from: result, optIn: .single, in: repository))
                    }
                }
                group.addTask {
                    let missing = try await repository.saveLead(fromResult: ResultID.make(), quizID: "golf-club", mail: nil, notifying: [], baseURL: "") {
                        _ in throw CancellationError()
                    }
                    return ("missing", missing)
                }
                var saved: [String: SavedLead?] = [:]
                for try await (key, lead) in group { saved[key] = lead }
                return saved
            }

            #expect(saved["missing"]! == nil, "no result, no lead")
            #expect(saved.filter { $0.key.hasSuffix(" known@example.com") }.values.map { $0?.isNew } == [false])
            #expect(saved.filter { $0.key.lowercased().hasSuffix(" dup@example.com") }.values.filter { $0?.isNew == true }.count == 1)
            #expect(saved.filter { $0.key.contains("new") }.values.allSatisfy { $0?.isNew == true })
            #expect(try await PostgresLeadTests.count("lead", in: repository) == 53, "known, 50 new, dup once and blocked")
            #expect(
                try await PostgresLeadTests.count("mail WHERE kind = 'result'", in: repository) == 52,
                "one each, none for the blocked address, no second one for known or dup within 24 hours"
            )
            // known: created, then updated; 50 created; dup: created, updated twice; blocked: created.
            #expect(try await PostgresLeadTests.count("\"webhookEvent\"", in: repository) == 56)
            #expect(try await PostgresLeadTests.count("lead WHERE \"unsubscribeToken\" IS NULL", in: repository) == 0)
        }
    }

    @Test func pendingLeadsSavedAtOnceGetOneLinkEachAndABlockedAddressNone() async throws {
        try await PostgresLeadTests.withRepository { repository in
            let result = try await PostgresLeadTests.saveResult(in: repository)
            try await repository.pool.query(
                #"INSERT INTO suppression ("emailHash", reason, "createdAt") VALUES (\#(Digest.emailHash(key: "blocked@example.com")), 'bounced', now())"#,
                logger: PostgresTestServer.logger
            )
            let addresses = (0..<30).map { "pending\($0)@example.com" } + ["blocked@example.com"]

            let saved = try await withThrowingTaskGroup(of: SavedLead?.self) { group in
                for address in addresses {
                    group.addTask { try await PostgresLeadTests.saveLead(address, from: result, optIn: .double, in: repository) }
                }
                var saved: [SavedLead?] = []
                for try await lead in group { saved.append(lead) }
                return saved
            }

            #expect(saved.filter { $0?.isNew == true }.count == 30)
            #expect(try await PostgresLeadTests.count("lead WHERE status = 'pending'", in: repository) == 30, "nobody can confirm a bounced address")
            #expect(try await PostgresLeadTests.count("\"confirmationToken\"", in: repository) == 30)
            #expect(try await PostgresLeadTests.count("mail WHERE kind = 'confirmation' AND \"confirmationToken\" IS NOT NULL", in: repository) == 30)
            #expect(try await PostgresLeadTests.count("\"webhookEvent\"", in: repository) == 0)
        }
    }

    // MARK: Helpers

    /// How many writes each call of `Item.writeTogether` was given.
    final class BatchSizes: Sendable {
        let sizes = Mutex<[Int]>([])
    }

    /// A row of the test table, written together by one `INSERT … SELECT FROM unnest`.
    struct Item: PostgresBatchedWrite {
        var id: Int
        var note: String
        let calls: BatchSizes

        static func writeTogether(_ writes: [Item], on connection: PostgresConnection, logger: Logger) async throws -> [Void?] {
            writes[0].calls.sizes.withLock { $0.append(writes.count) }
            let rows = try await connection.query(
                """
                INSERT INTO item (id, note) SELECT * FROM unnest(\(writes.map(\.id)), \(writes.map(\.note)))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """,
                logger: logger
            )
            var inserted = Set<Int>()
            for try await id in rows.decode(Int.self) { inserted.insert(id) }
            return writes.map { inserted.remove($0.id) != nil ? () : nil }
        }

        func writeAlone(on connection: PostgresConnection) async throws {
            try await connection.query("INSERT INTO item (id, note) VALUES (\(self.id), \(self.note))", logger: PostgresTestServer.logger)
        }
    }

    static func writeConcurrently(_ count: Int, with commits: PostgresGroupCommitter, item: @escaping @Sendable (Int) -> Item) async -> [Int: Bool] {
        await withTaskGroup(of: (Int, Bool).self) { group in
            for number in 0..<count {
                group.addTask {
                    do {
                        try await commits.write(batched: item(number))
                        return (number, true)
                    } catch {
                        return (number, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (number, succeeded) in group { outcomes[number] = succeeded }
            return outcomes
        }
    }

    static func count(_ table: String, at location: PostgresLocation) async throws -> Int {
        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            var count = 0
            for try await value in try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::bigint FROM \(table)")).decode(Int.self) {
                count = value
            }
            return count
        }
    }
}
