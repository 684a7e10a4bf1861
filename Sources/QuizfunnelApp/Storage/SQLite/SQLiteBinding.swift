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
///
/// The texts are copied once, into one buffer that SQLite reads in place (`SQLITE_STATIC`) while the statement runs,
/// rather than once each into memory SQLite allocates; the statement is reset and unbound before the buffer goes.
struct SQLiteBinding {
    private let statement: Statement
    private let texts: [String?]

    /// `texts` go to the statement's parameters in order; `nil` binds NULL.
    init(_ statement: Statement, texts: [String?]) {
        self.statement = statement
        self.texts = texts
    }

    /// Runs the statement to its end and returns how many rows it changed. There must be one text (or `nil`) for each
    /// of the statement's parameters, or nothing runs.
    func execute() throws -> Int {
        try self.whileBound {
            try self.check(sqlite3_step(self.statement.sqliteStatement))
            return Int(sqlite3_changes(sqlite3_db_handle(self.statement.sqliteStatement)))
        }
    }

    /// Runs the query and returns its first row as `read` makes it, or `nil` when it has no row.
    func firstRow<Row>(_ read: (SQLiteColumns) throws -> Row) throws -> Row? {
        try self.whileBound {
            let code = sqlite3_step(self.statement.sqliteStatement)
            guard code == SQLITE_ROW else {
                try self.check(code)
                return nil
            }
            return try read(SQLiteColumns(statement: self.statement))
        }
    }

    private func whileBound<Value>(_ body: () throws -> Value) throws -> Value {
        let sqliteStatement = self.statement.sqliteStatement
        let parameters = sqlite3_bind_parameter_count(sqliteStatement)
        guard self.texts.count == parameters else {
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "bound \(self.texts.count) of \(parameters) parameters", sql: self.statement.sql)
        }
        // One byte more than the texts, so that an empty text has an address inside the buffer too.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(self.texts.reduce(1) { $0 + ($1?.utf8.count ?? 0) })
        let ranges = self.texts.map { text in
            text.map { text in
                let start = bytes.count
                bytes.append(contentsOf: text.utf8)
                return start..<bytes.count
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            sqlite3_reset(sqliteStatement)
            defer {
                sqlite3_reset(sqliteStatement)
                // Nothing may point into the buffer once it is gone.
                sqlite3_clear_bindings(sqliteStatement)
            }
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for (index, range) in ranges.enumerated() {
                let parameter = Int32(index + 1)
                guard let range else {
                    try self.check(sqlite3_bind_null(sqliteStatement, parameter))
                    continue
                }
                try self.check(sqlite3_bind_text(sqliteStatement, parameter, base + range.lowerBound, Int32(range.count), Self.readInPlace))
            }
            return try body()
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(self.statement.sqliteStatement)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: self.statement.sql)
        }
    }

    /// `SQLITE_STATIC`: SQLite reads the text where it is, until the parameter is bound again or cleared.
    private static let readInPlace = unsafeBitCast(0, to: sqlite3_destructor_type.self)
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
