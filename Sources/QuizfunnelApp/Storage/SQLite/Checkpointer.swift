import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log into the database file on a connection of its own, so that the writer seldom has to.
///
/// By default SQLite checkpoints on the writer, after the commit that takes the log past 1,000 pages: it syncs the log,
/// copies the pages into the database file and syncs that file, and the next batch of leads waits the whole time (9 to
/// 12 ms a checkpoint, a dozen times a second under the lead benchmark). Here a passive checkpoint, which never waits
/// for the writer nor makes it wait, runs on another connection every `stride` pages. The writer still checkpoints by
/// itself, but only once the log holds `writerPages` pages, and by then nearly every page has been copied already. That
/// checkpoint is still needed: SQLite starts the log again from its beginning only when a write begins with every page
/// copied, which a checkpoint running beside a stream of commits never quite achieves.
final class Checkpointer: Sendable {
    private struct State {
        var isRunning = false
        /// The log's length in pages when the last checkpoint here started.
        var pagesAtLastCheckpoint = 0
    }

    private let connection: DatabaseQueue
    private let stride: Int
    private let writerPages: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "quizfunnel.checkpoint", qos: .utility)

    /// A checkpointer for the database file at `path`.
    init(path: String, stride: Int = 1000, writerPages: Int = 8000) throws {
        var configuration = Configuration()
        configuration.label = "quizfunnel.checkpoint"
        self.connection = try DatabaseQueue(path: path, configuration: configuration)
        self.stride = stride
        self.writerPages = writerPages
    }

    /// Watches the commits of the writer connection `db`: each tells this checkpointer how long the log is, and `db`
    /// checkpoints by itself once the log holds `writerPages` pages. This replaces SQLite's `wal_autocheckpoint`.
    func watchCommits(of db: Database) {
        // SQLite keeps this pointer as long as the connection lives; the box it points to is never freed (a few bytes a
        // database opened) and holds the checkpointer weakly, so that a writer that outlives it goes on checkpointing.
        let box = Unmanaged.passRetained(WeakCheckpointer(self, writerPages: self.writerPages)).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { box, connection, schema, pages in
                let watcher = Unmanaged<WeakCheckpointer>.fromOpaque(box!).takeUnretainedValue()
                watcher.checkpointer?.logHas(pages: Int(pages))
                if pages >= watcher.writerPages {
                    // What `wal_autocheckpoint` does; SQLite ignores its outcome too (a busy checkpoint is tried again
                    // after the next commit).
                    sqlite3_wal_checkpoint(connection, schema)
                }
                return SQLITE_OK
            },
            box
        )
    }

    /// Starts a checkpoint on this connection when the log grew by `stride` pages since the last one started.
    func logHas(pages: Int) {
        let starts = self.state.withLock { state in
            if pages < state.pagesAtLastCheckpoint { state.pagesAtLastCheckpoint = 0 }  // the log started again
            guard !state.isRunning, pages - state.pagesAtLastCheckpoint >= self.stride else { return false }
            state.isRunning = true
            state.pagesAtLastCheckpoint = pages
            return true
        }
        if starts {
            self.queue.async { self.checkpoint() }
        }
    }

    private func checkpoint() {
        // A failed or busy checkpoint (the writer's own is running) is tried again after `stride` more pages.
        _ = try? self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        self.state.withLock { $0.isRunning = false }
    }
}

private final class WeakCheckpointer {
    weak var checkpointer: Checkpointer?
    let writerPages: Int32

    init(_ checkpointer: Checkpointer, writerPages: Int) {
        self.checkpointer = checkpointer
        self.writerPages = Int32(clamping: writerPages)
    }
}
