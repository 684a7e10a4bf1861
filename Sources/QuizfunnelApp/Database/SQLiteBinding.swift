import GRDB
import GRDBSQLite

/// Binds text values to a prepared statement straight through SQLite's C interface, then runs it.
///
/// For the lead insert only, the one statement run for every lead with 25 arguments: past twenty arguments GRDB checks
/// and copies each one into a `StatementArguments` first, which cost the writer more than SQLite's own insert in the
/// lead route's profile (see BENCHMARKS.md). The statement still comes from GRDB's cache and runs in GRDB's transaction;
/// what this skips is GRDB's notice to transaction observers, of which the service has none.
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
        let parameters = sqlite3_bind_parameter_count(self.statement.sqliteStatement)
        guard self.index == parameters else {
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "bound \(self.index) of \(parameters) parameters", sql: self.statement.sql)
        }
        let code = sqlite3_step(self.statement.sqliteStatement)
        sqlite3_reset(self.statement.sqliteStatement)
        try self.check(code)
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
