import Foundation
import GRDB
import QuizfunnelDomain

/// The one SQLite store of a process: results and consented leads, in WAL mode, each commit on disk before it is
/// acknowledged.
///
/// Each public method is one transaction named for what it does.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Where requests' results and leads are written, in shared transactions.
    let commits: GroupCommitter
    /// Keeps the log short without pausing the writer; present when the database is a file opened by `open(path:)`.
    private let checkpointer: Checkpointer?
    /// Consent texts already committed, which leads given them need not insert again.
    let keptConsentTexts = KeptConsentTexts()
    /// Whether the last write failed with a storage fault (a full disk, an I/O error).
    public let health = StorageHealth()

    /// Wraps `writer` and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        try self.init(writer, checkpointer: nil)
    }

    private init(_ writer: any DatabaseWriter, checkpointer: Checkpointer?, migrating: Bool = true) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        self.commits = GroupCommitter(writer: writer, onCommit: AppMetrics.writeBatch(size:))
        if migrating { try Self.migrator.migrate(writer) }
    }

    /// Opens (or creates) the database file at `path`.
    ///
    /// A 201 promises the lead is on disk, so the writer runs with `synchronous=FULL`, every commit included (the group
    /// commits of results and leads too); GRDB's pool sets NORMAL while it switches to WAL, after `prepareDatabase`, so
    /// FULL is set again once the pool is open. A `Checkpointer` copies the log into the file beside the writer.
    public static func open(path: String) throws -> AppDatabase {
        try Self.open(path: path, migrating: true)
    }

    /// Opens the file; `migrating` brings its schema up to date (`migrate(path:)` does that itself, to report it).
    static func open(path: String, migrating: Bool) throws -> AppDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let checkpointer = try Checkpointer(path: path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Inside a shared write SQLite journals the pages each statement (and each savepoint) changes, so that it can
            // undo just that one; the journal went to a temporary file, two writes a page. In memory it costs no system
            // call (see BENCHMARKS.md).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            checkpointer.watchCommits(of: db)
        }
        return try AppDatabase(pool, checkpointer: checkpointer, migrating: migrating)
    }

    /// The problems `PRAGMA integrity_check` finds, or an empty list for a sound file.
    public func integrityProblems() async throws -> [String] {
        try await self.writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        }
    }

    /// A file is ready once it is open.
    public var readiness: StoreReadiness { .always }

    /// One process owns the file: nobody else claims its outboxes' rows, so every claim is held and none needs renewing.
    public var outboxLease: Duration? { nil }

    public func renewMailClaims(_ ids: [Int64]) async throws -> Set<Int64> { Set(ids) }
    public func releaseMailClaims(_ ids: [Int64]) async throws {}
    public func renewWebhookClaims(_ ids: [String]) async throws -> Set<String> { Set(ids) }
    public func releaseWebhookClaims(_ ids: [String]) async throws {}

    /// In this process's memory: one process owns a SQLite file, so it sees every submission.
    public func addressLimiter(_ limit: RateLimit) -> any AddressLimiter {
        RateLimiter(limit: limit)
    }

    /// True when the database answers a query.
    public func isReachable() async -> Bool {
        (try? await self.writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

extension AppDatabase: FunnelRepository {}
