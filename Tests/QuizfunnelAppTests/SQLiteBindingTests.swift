import GRDB
import GRDBSQLite
import Testing

@testable import QuizfunnelApp

/// The writer binds each lead's texts straight to SQLite from one buffer it owns. What lands in the row must be what
/// GRDB would have written, and nothing may still point into that buffer once the statement has run.
@Suite struct SQLiteBindingTests {
    private static func database() throws -> DatabaseQueue {
        let database = try DatabaseQueue()
        try database.write { db in try db.execute(sql: "CREATE TABLE note (a TEXT, b TEXT, c TEXT, d TEXT)") }
        return database
    }

    @Test func textsLandAsGRDBWouldWriteThemEmptyAndNullKeptApart() throws {
        let database = try Self.database()
        let changes = try database.write { db in
            try SQLiteBinding(db.cachedStatement(sql: "INSERT INTO note VALUES (?, ?, ?, ?)"), texts: ["", nil, "Jürgen ✓ 🏌️", "driver"]).execute()
        }
        #expect(changes == 1)
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT a, b, c, d, typeof(a) AS typeOfA FROM note") }
        #expect(row?["a"] == "")
        #expect(row?["typeOfA"] == "text")
        #expect((row?["b"] as String?) == nil)
        #expect(row?["c"] == "Jürgen ✓ 🏌️")
        #expect(row?["d"] == "driver")
    }

    @Test func aStatementRunAgainWithoutTextsBindsNullsNotTheBufferOfTheLastRun() throws {
        let database = try Self.database()
        try database.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO note VALUES (?, ?, ?, ?)")
            _ = try SQLiteBinding(statement, texts: ["a", "b", "c", "d"]).execute()
            // Run again as it is: every parameter must have been cleared, not left pointing into a buffer now freed.
            #expect(sqlite3_step(statement.sqliteStatement) == SQLITE_DONE)
            sqlite3_reset(statement.sqliteStatement)
        }
        let nulls = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM note WHERE a IS NULL AND d IS NULL") }
        #expect(nulls == 1)
    }

    @Test func theFirstRowIsReadAndNoRowIsNil() throws {
        let database = try Self.database()
        try database.write { db in try db.execute(sql: "INSERT INTO note VALUES ('1', 'one', NULL, NULL)") }
        try database.read { db in
            let query = try db.cachedStatement(sql: "SELECT b, c FROM note WHERE a = ?")
            let row = try SQLiteBinding(query, texts: ["1"]).firstRow { try [$0.requiredText(0), $0.text(1)] }
            #expect(row == ["one", nil])
            #expect(try SQLiteBinding(query, texts: ["2"]).firstRow { try $0.requiredText(0) } == nil)
        }
    }

    @Test func tooFewOrTooManyTextsAreRefusedBeforeAnythingRuns() throws {
        let database = try Self.database()
        try database.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO note VALUES (?, ?, ?, ?)")
            #expect(throws: DatabaseError.self) { try SQLiteBinding(statement, texts: ["a", "b", "c"]).execute() }
            #expect(throws: DatabaseError.self) { try SQLiteBinding(statement, texts: ["a", "b", "c", "d", "e"]).execute() }
        }
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM note") } == 0)
    }
}
