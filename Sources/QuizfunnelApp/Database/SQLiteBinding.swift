import Foundation
import GRDB
import GRDBSQLite

/// Binds text values to a prepared statement straight through SQLite's C interface, then runs it or reads its first row.
///
/// For the two statements the writer runs for every lead only. The lead insert has 25 arguments: past twenty GRDB checks
/// and copies each one into a `StatementArguments` first, which cost the writer more than SQLite's own insert in the
/// lead route's profile. Reading the played result through a GRDB cursor and `Row` cost about three times SQLite's own
/// look-up (see BENCHMARKS.md). The statements still come from GRDB's cache and run in GRDB's transaction; what this
/// skips is GRDB's notice to transaction observers, of which the service has none.
struct SQLiteBinding {
    private let statement: Statement
    private var index: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    /// Binds `text` (or NULL) to the next parameter; SQLite copies it.
    mutating func bind(_ text: String?) throws {
        self.index += 1
        guard var text else {
            try self.check(sqlite3_bind_null(self.statement.sqliteStatement, self.index))
            return
        }
        let code = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                guard let start = characters.baseAddress else {
                    // An empty text, which a null pointer would make NULL.
                    return sqlite3_bind_text(self.statement.sqliteStatement, self.index, "", 0, Self.copy)
                }
                return sqlite3_bind_text(self.statement.sqliteStatement, self.index, start, Int32(characters.count), Self.copy)
            }
        }
        try self.check(code)
    }

    /// Runs the statement to its end; every parameter must have been bound.
    func execute(in db: Database) throws {
        try self.checkAllBound()
        let code = sqlite3_step(self.statement.sqliteStatement)
        sqlite3_reset(self.statement.sqliteStatement)
        try self.check(code)
    }

    /// Runs the query and returns its first row as `read` makes it, or `nil` when it has no row.
    func firstRow<Row>(_ read: (SQLiteColumns) throws -> Row) throws -> Row? {
        try self.checkAllBound()
        defer { sqlite3_reset(self.statement.sqliteStatement) }
        let code = sqlite3_step(self.statement.sqliteStatement)
        guard code == SQLITE_ROW else {
            try self.check(code)
            return nil
        }
        return try read(SQLiteColumns(statement: self.statement))
    }

    private func checkAllBound() throws {
        let parameters = sqlite3_bind_parameter_count(self.statement.sqliteStatement)
        guard self.index == parameters else {
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "bound \(self.index) of \(parameters) parameters", sql: self.statement.sql)
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(self.statement.sqliteStatement)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: self.statement.sql)
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite takes a copy of the text before `bind` returns.
    private static let copy = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The columns of the row a statement is on, read with GRDB's own conversions from SQLite's values.
struct SQLiteColumns {
    let statement: Statement

    /// The text in column `index`, or `nil` for NULL.
    func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(self.statement.sqliteStatement, index) != SQLITE_NULL else { return nil }
        return String(sqliteStatement: self.statement.sqliteStatement, index: index)
    }

    /// The text in column `index`, which must not be NULL.
    func requiredText(_ index: Int32) throws -> String {
        guard let text = self.text(index) else { throw self.unexpected("NULL", at: index) }
        return text
    }

    /// The date in column `index`, stored as GRDB stores dates; it must be there.
    func requiredDate(_ index: Int32) throws -> Date {
        guard let date = Date(sqliteStatement: self.statement.sqliteStatement, index: index) else { throw self.unexpected("no date", at: index) }
        return date
    }

    private func unexpected(_ what: String, at index: Int32) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(what) in column \(self.statement.columnNames[Int(index)])", sql: self.statement.sql)
    }
}
