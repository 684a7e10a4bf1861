import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// What a backup wrote, checked by opening the copy.
public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var leads: Int
    public var results: Int
}

/// Why the database cannot be used.
public struct DatabaseDamage: Error, CustomStringConvertible {
    public var path: String
    public var problems: [String]
    public var description: String {
        "\(self.path) is damaged: " + self.problems.prefix(5).joined(separator: "; ")
            + (self.problems.count > 5 ? " (and \(self.problems.count - 5) more)" : "")
    }
}

extension AppDatabase {
    /// Opens the file and runs `PRAGMA integrity_check` on it: a file that is not a sound SQLite database is refused
    /// with the problems SQLite found, before anything is written to it.
    public static func openChecked(path: String) async throws -> AppDatabase {
        let database: AppDatabase
        do {
            database = try AppDatabase.open(path: path)
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw DatabaseDamage(path: path, problems: [error.message ?? "\(error.resultCode)"])
        }
        let problems: [String]
        do {
            problems = try await database.integrityProblems()
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw DatabaseDamage(path: path, problems: [error.message ?? "\(error.resultCode)"])
        }
        guard problems.isEmpty else { throw DatabaseDamage(path: path, problems: problems) }
        return database
    }

    /// Writes a consistent copy of the database to `path` while the service keeps running: `VACUUM INTO` a temporary
    /// file beside it (a read, so writers are not blocked in WAL mode), fsync it, rename it into place, fsync the
    /// folder, then open the copy and check it.
    public func backup(to path: String) async throws -> BackupSummary {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        try await self.writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [temporary])
        }
        try Self.fsync(path: temporary)
        if FileManager.default.fileExists(atPath: path) {
            _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temporary))
        } else {
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        }
        try Self.fsync(path: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)

        var configuration = Configuration()
        configuration.readonly = true
        let copy = try DatabaseQueue(path: path, configuration: configuration)
        return try await copy.read { db in
            let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            guard problems.isEmpty else { throw DatabaseDamage(path: path, problems: problems) }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return BackupSummary(
                path: path,
                bytes: bytes,
                leads: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lead") ?? 0,
                results: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM result") ?? 0
            )
        }
    }

    /// Flushes a file's or a folder's contents to the disk.
    private static func fsync(path: String) throws {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { Glibc.close(descriptor) }
        guard Glibc.fsync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }
}
