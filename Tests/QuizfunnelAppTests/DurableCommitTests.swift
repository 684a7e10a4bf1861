import Dispatch
import Foundation
import GRDB
import Synchronization
import Testing

@testable import QuizfunnelApp

/// Group commits are synced to disk on a thread of their own, and the log is copied into the database file beside the
/// writer; neither may change what a request is told or what the file holds.
@Suite struct DurableCommitTests {
    private static func temporaryDatabasePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("quizfunnel.sqlite").path
    }

    private static func makeItemTable(_ pool: DatabasePool) throws {
        try pool.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE, body BLOB)") }
    }

    /// The writer may be one commit ahead of the disk, not more: with two commits unanswered it is parked, and it is
    /// started again as soon as a sync has answered one of them.
    @Test func theWriterWaitsWhileTwoCommitsAwaitTheDisk() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)  // the log exists from here on
        let syncer = WALSyncer(databasePath: path)
        let answering = DispatchSemaphore(value: 0)
        let resumed = DispatchSemaphore(value: 0)
        let admittedAtOnce = syncer.admitsCommit(orResume: { Issue.record("resumed though it was admitted") })
        #expect(admittedAtOnce)

        // The first commit's answer holds the sync thread until the test lets it go, so the count cannot drop meanwhile.
        syncer.answerWhenDurable([WALSyncer.Waiter(answer: { answering.wait() }, fail: { _ in answering.wait() })])
        syncer.answerWhenDurable([WALSyncer.Waiter(answer: {}, fail: { _ in })])
        let admittedWithTwoWaiting = syncer.admitsCommit(orResume: { resumed.signal() })
        #expect(admittedWithTwoWaiting == false)

        answering.signal()
        #expect(resumed.wait(timeout: .now() + 10) == .success)
    }

    @Test func everyAnsweredWriteIsSyncedAndTheWriterGoesBackToFull() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)
        let syncs = Mutex<[Int]>([])
        let committer = GroupCommitter(writer: pool, syncer: WALSyncer(databasePath: path) { writes in syncs.withLock { $0.append(writes) } })

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    try await committer.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: ["item\(index)"]) }
                }
            }
            try await group.waitForAll()
        }

        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 300)
        // Every write was answered through the syncer, and writes waiting together shared a sync.
        let writesPerSync = syncs.withLock { $0 }
        #expect(writesPerSync.reduce(0, +) == 300)
        #expect(writesPerSync.count < 300)
        // Writes outside the group commits (withdrawals, erasures, migrations) still sync at their own commit.
        #expect(try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func aWriteIsNeverAnsweredAsSavedWhenItsSyncFails() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)
        // A log that cannot be opened stands for a disk that refuses the sync.
        let committer = GroupCommitter(writer: pool, syncer: WALSyncer(databasePath: path + ".missing/nowhere"))

        await #expect(throws: WALSyncer.SyncFailed.self) {
            try await committer.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('unsure')") }
        }
    }

    @Test func theLogIsCopiedBesideTheWriterAndStartsAgainFromTheBeginning() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)
        let pageSize = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size")! }
        // Small strides so that a few hundred commits show both kinds of checkpoint.
        let checkpointer = try Checkpointer(path: path, stride: 20, writerPages: 200)
        try await pool.writeWithoutTransaction { db in checkpointer.watchCommits(of: db) }
        let committer = GroupCommitter(writer: pool, syncer: WALSyncer(databasePath: path))
        let databaseSizeBefore = try Self.fileSize(path)

        var largestLog = 0
        for index in 0..<600 {
            // One page and a bit each, written one commit at a time.
            try await committer.write { db in
                try db.execute(sql: "INSERT INTO item (name, body) VALUES (?, randomblob(5000))", arguments: ["item\(index)"])
            }
            largestLog = max(largestLog, try Self.fileSize(path + "-wal"))
        }

        #expect(try Self.fileSize(path) > databaseSizeBefore + 400 * pageSize, "pages were copied into the database file")
        // Without a checkpoint that lets the log start again it would hold every page written, some 1,800 of them.
        #expect(largestLog < 400 * (pageSize + 24), "the log grew to \(largestLog / (pageSize + 24)) pages")
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 600)
        #expect(try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func theBackgroundCheckpointCopiesPagesWhileTheWriterLeavesTheLogAlone() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)
        // The writer would checkpoint only past a million pages: whatever reaches the database file, the
        // checkpointer's own connection copied.
        let checkpointer = try Checkpointer(path: path, stride: 20, writerPages: 1_000_000)
        try await pool.writeWithoutTransaction { db in checkpointer.watchCommits(of: db) }
        let databaseSizeBefore = try Self.fileSize(path)

        for index in 0..<100 {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO item (name, body) VALUES (?, randomblob(5000))", arguments: ["item\(index)"])
            }
        }
        let deadline = Date().addingTimeInterval(10)
        while try Self.fileSize(path) <= databaseSizeBefore, Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }

        #expect(try Self.fileSize(path) > databaseSizeBefore)
    }

    private static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
