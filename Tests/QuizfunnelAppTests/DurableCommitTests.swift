import Foundation
import GRDB
import Testing

@testable import QuizfunnelApp

/// Group commits are synced to disk before their writes are answered, and the log is copied into the database file beside
/// the writer; neither may change what a request is told or what the file holds.
@Suite struct DurableCommitTests {
    private static func temporaryDatabasePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("quizfunnel.sqlite").path
    }

    private static func makeItemTable(_ pool: DatabasePool) throws {
        try pool.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE, body BLOB)") }
    }

    /// Each shared commit syncs the log before its writes are answered: the service's writer runs every transaction, the
    /// shared ones included, with `synchronous=FULL`, although GRDB's pool switches to NORMAL when it enables WAL.
    @Test func everyGroupCommitRunsWithFullSynchronous() async throws {
        let path = try Self.temporaryDatabasePath()
        let database = try AppDatabase.open(path: path)

        let levels = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask { try await database.commits.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous")! } }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }

        #expect(levels.count == 100)
        #expect(Set(levels) == [2], "2 is FULL")
        #expect(try await database.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    /// A commit that fails, as one does under `synchronous=FULL` when the disk refuses the log's sync, answers its writes
    /// with the error, never as saved.
    @Test func aWriteIsNeverAnsweredAsSavedWhenItsCommitFails() async throws {
        let pool = try DatabasePool(path: try Self.temporaryDatabasePath())
        try await pool.write { db in
            try db.execute(sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "CREATE TABLE child (parentID INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
        }
        let committer = GroupCommitter(writer: pool)

        // The missing parent is only noticed at COMMIT: the insert itself succeeds, and the commit fails.
        let error = await #expect(throws: DatabaseError.self) {
            try await committer.write { db in try db.execute(sql: "INSERT INTO child (parentID) VALUES (42)") }
        }

        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM child") } == 0)
    }

    @Test func theLogIsCopiedBesideTheWriterAndStartsAgainFromTheBeginning() async throws {
        let path = try Self.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try Self.makeItemTable(pool)
        let pageSize = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size")! }
        // Small strides so that a few hundred commits show both kinds of checkpoint.
        let checkpointer = try Checkpointer(path: path, stride: 20, writerPages: 200)
        try await pool.writeWithoutTransaction { db in checkpointer.watchCommits(of: db) }
        let committer = GroupCommitter(writer: pool)
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
        // Without a checkpoint that lets the log start again it would hold every page written, some 1,800 of them. On an
        // idle machine it stays under 400; with every suite running on two cores the checkpoint thread lags (994 pages
        // seen once), so the bound only separates "starts again" from "never does".
        #expect(largestLog < 1_400 * (pageSize + 24), "the log grew to \(largestLog / (pageSize + 24)) pages")
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
