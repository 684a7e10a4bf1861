import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import QuizfunnelApp

/// On PostgreSQL too, many requests' writes share one transaction, a write that fails undoes only itself (one failed
/// statement would abort a whole PostgreSQL transaction), and a write returns only once its transaction committed.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresGroupCommitTests {
    @Test func concurrentWritesShareTransactionsAndAFailingOneUndoesOnlyItself() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let batches = Mutex<[Int]>([])
        let outcomes = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await client.query("CREATE TABLE item (id integer PRIMARY KEY, note text NOT NULL)")
            let commits = PostgresGroupCommitter(pool: PostgresPool(client: client), logger: PostgresTestServer.logger) { size in
                batches.withLock { $0.append(size) }
            }
            // 200 writes at once; numbers 100 and 101 insert the same id twice, so one of them must fail.
            return await withTaskGroup(of: (Int, Bool).self) { group in
                for number in 0..<200 {
                    group.addTask {
                        let id = number == 101 ? 100 : number
                        do {
                            try await commits.write { connection in
                                try await connection.query(
                                    "INSERT INTO item (id, note) VALUES (\(id), \("write \(number)"))",
                                    logger: PostgresTestServer.logger
                                )
                            }
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

        #expect(outcomes.values.filter { !$0 }.count == 1, "exactly one of the two writes of id 100 fails")
        #expect(outcomes[100] != outcomes[101])
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 200, "every write went through a committed transaction")
        #expect(sizes.count < 200, "writes shared transactions: \(sizes)")
        let stored = try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            var count = 0
            for try await value in try await client.query("SELECT count(*)::bigint FROM item").decode(Int.self) { count = value }
            return count
        }
        #expect(stored == 199, "the failed write undid only itself")
        try await PostgresTestServer.drop(location)
    }

    @Test func aWriteReturnsOnlyOnceItsTransactionCommitted() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await client.query("CREATE TABLE item (id integer PRIMARY KEY)")
            let commits = PostgresGroupCommitter(pool: PostgresPool(client: client), logger: PostgresTestServer.logger)

            try await commits.write { connection in
                try await connection.query("INSERT INTO item (id) VALUES (1)", logger: PostgresTestServer.logger)
            }

            // Another connection of the pool sees the row at once: the commit happened before the write returned.
            var seen = 0
            for try await value in try await client.query("SELECT count(*)::bigint FROM item").decode(Int.self) { seen = value }
            #expect(seen == 1)
        }
        try await PostgresTestServer.drop(location)
    }
}
