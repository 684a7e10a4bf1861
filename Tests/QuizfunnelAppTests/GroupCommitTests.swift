import Foundation
import GRDB
import Synchronization
import Testing

@testable import QuizfunnelApp

/// Many requests share one transaction and one fsync; each is answered only after the commit that holds its write.
@Suite struct GroupCommitTests {
    @Test func concurrentWritesShareCommitsAndAllLand() async throws {
        let queue = try DatabaseQueue()
        try await queue.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE)") }
        let batches = Mutex<[Int]>([])
        let committer = GroupCommitter(writer: queue) { size in batches.withLock { $0.append(size) } }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<500 {
                group.addTask {
                    try await committer.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: ["item\(index)"]) }
                }
            }
            try await group.waitForAll()
        }

        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 500)
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 500)
        #expect(sizes.count < 500, "writes waiting together share a commit (batches: \(sizes.count))")
        #expect(sizes.allSatisfy { $0 <= GroupCommitter.maximumBatchSize })
    }

    @Test func aFailingWriteRollsBackOnlyItself() async throws {
        let queue = try DatabaseQueue()
        try await queue.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE)") }
        let committer = GroupCommitter(writer: queue)

        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for name in ["a", "b", "a", "c"] {
                group.addTask {
                    do {
                        try await committer.write { db in
                            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [name])
                            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [name + "-twin"])
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }

        #expect(outcomes.filter { $0 }.count == 3)
        let names = try await queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM item ORDER BY name") }
        #expect(names == ["a", "a-twin", "b", "b-twin", "c", "c-twin"], "the duplicate's half-done write is rolled back, nothing else")
    }

    @Test func aWriteFailingAfterItChangedRowsIsUndoneAndTheRestOfItsBatchLands() async throws {
        let queue = try DatabaseQueue()
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
            try db.execute(sql: "INSERT INTO item (name) VALUES ('taken')")
        }
        let batches = Mutex<[Int]>([])
        let committer = GroupCommitter(writer: queue) { size in batches.withLock { $0.append(size) } }
        // Given the writer busy, so that the four writes below wait together and share one transaction
        let released = Task { try await queue.writeWithoutTransaction { _ in Thread.sleep(forTimeInterval: 0.3) } }

        // When "late" inserts its row and then fails on a name already taken
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for name in ["a", "b", "late", "c"] {
                group.addTask {
                    do {
                        try await committer.write { db in
                            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [name])
                            if name == "late" { try db.execute(sql: "INSERT INTO item (name) VALUES ('taken')") }
                        }
                        return (name, true)
                    } catch {
                        return (name, false)
                    }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        try await released.value

        // Then only "late" failed, its first row is gone, and the others are stored
        #expect(outcomes == ["a": true, "b": true, "late": false, "c": true])
        let names = try await queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM item ORDER BY name") }
        #expect(names == ["a", "b", "c", "taken"])
        #expect(batches.withLock { $0 } == [4], "the four writes shared one transaction, run again with savepoints")
    }

    @Test func everyLeadAnsweredCreatedIsInTheFile() async throws {
        let service = try TestService()
        let emails = (0..<200).map { "concurrent\($0)@example.com" }
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for email in emails {
                    group.addTask {
                        let response = try await client.subscribe(resultID: result.resultId, email: email)
                        #expect(response.status == .created)
                    }
                }
                try await group.waitForAll()
            }
        }
        // Read through a separate connection, as a restarted process would.
        let reopened = try DatabaseQueue(path: service.databasePath)
        let stored = try await reopened.read { db in try String.fetchAll(db, sql: "SELECT email FROM lead") }
        #expect(Set(stored) == Set(emails))
    }
}
