import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes commits durable on a thread of its own, so the writer can run the next transaction while the disk syncs.
///
/// With `synchronous=FULL` SQLite commits a transaction in WAL mode by appending its pages to the `-wal` file and then
/// calling `fdatasync` on that file, and nothing else happens on the writer until the disk answers. The group commits
/// run with `synchronous=NORMAL` instead, which appends the same pages and skips only that one `fdatasync` (NORMAL still
/// syncs the log before every checkpoint and the database after it). This type makes up for the skipped call: after a
/// commit it takes the commit's answers, calls `fdatasync` on the same `-wal` file, and answers only once that call
/// returned. A sync started after a commit covers it, so one sync covers every commit made while the previous one ran.
///
/// A request is therefore answered after its pages are on disk, exactly as under FULL; only the thread that waits moved.
/// Pages of a commit not yet synced can be overwritten only when SQLite restarts the log, which it does only after a
/// checkpoint has copied every page into the database file and synced that file. When a sync fails, its writes stay
/// committed in the file but their requests are answered with the error: told it failed, never that it was saved.
final class WALSyncer: Sendable {
    /// How to answer one committed write: `answer` once it is on disk, `fail` when the disk refused the sync.
    struct Waiter: Sendable {
        let answer: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    struct SyncFailed: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "fdatasync of the write-ahead log failed: \(String(cString: strerror(self.errno)))" }
    }

    private struct State {
        var waiting: [Waiter] = []
        /// Commits whose writes are in `waiting`.
        var waitingCommits = 0
        /// Commits handed over and not answered yet, those being synced included.
        var unansweredCommits = 0
        /// The writer's drain, parked until fewer than `maximumUnanswered` commits are unanswered.
        var parkedCommitter: (@Sendable () -> Void)?
        var isSyncing = false
        /// The open `-wal` file, once the first commit made it; -1 before.
        var descriptor: Int32 = -1
    }

    private let logPath: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "quizfunnel.wal-sync", qos: .userInitiated)
    private let onSync: @Sendable (Int) -> Void

    /// Syncs `databasePath`'s write-ahead log; `onSync` is told how many writes each sync made durable.
    init(databasePath: String, onSync: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.logPath = databasePath + "-wal"
        self.onSync = onSync
    }

    deinit {
        let descriptor = self.state.withLock { $0.descriptor }
        if descriptor >= 0 { close(descriptor) }
    }

    /// How many commits may wait for the disk at once: one being synced and one made meanwhile.
    ///
    /// The writer commits faster than the disk syncs, and left alone it committed batches of three or four writes, each
    /// paying the commit's fixed cost (BEGIN, COMMIT, the log's header and its shared pages), while one sync covered
    /// seven commits anyway. Holding the writer back until the sync before returns lets each commit take every write
    /// that arrived meanwhile, and a request waits hardly longer, since it had to wait for that sync either way.
    static let maximumUnanswered = 2

    /// True when the writer may commit now; otherwise false, and `resume` is called once a sync has answered enough
    /// commits. Only one caller (the writer's drain) may be parked at a time.
    func admitsCommit(orResume resume: @escaping @Sendable () -> Void) -> Bool {
        self.state.withLock { state in
            guard state.unansweredCommits >= Self.maximumUnanswered else { return true }
            state.parkedCommitter = resume
            return false
        }
    }

    /// Answers `waiters` once a sync that started after this call has returned. Call it after their commit, not before.
    func answerWhenDurable(_ waiters: [Waiter]) {
        let startsSyncing = self.state.withLock { state in
            state.waiting.append(contentsOf: waiters)
            state.waitingCommits += 1
            state.unansweredCommits += 1
            guard !state.isSyncing else { return false }
            state.isSyncing = true
            return true
        }
        if startsSyncing {
            self.queue.async { self.syncUntilNothingWaits() }
        }
    }

    private func syncUntilNothingWaits() {
        while true {
            let (waiters, commits, descriptor) = self.state.withLock { state in
                let waiters = state.waiting
                let commits = state.waitingCommits
                state.waiting.removeAll(keepingCapacity: true)
                state.waitingCommits = 0
                if commits == 0 { state.isSyncing = false }
                return (waiters, commits, state.descriptor)
            }
            guard commits > 0 else { return }
            do {
                try self.sync(descriptor)
                self.onSync(waiters.count)
                for waiter in waiters { waiter.answer() }
            } catch {
                for waiter in waiters { waiter.fail(error) }
            }
            let parked = self.state.withLock { state in
                state.unansweredCommits -= commits
                guard state.unansweredCommits < Self.maximumUnanswered else { return nil as (@Sendable () -> Void)? }
                defer { state.parkedCommitter = nil }
                return state.parkedCommitter
            }
            parked?()
        }
    }

    private func sync(_ openDescriptor: Int32) throws {
        var descriptor = openDescriptor
        if descriptor < 0 {
            descriptor = open(self.logPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SyncFailed(errno: errno) }
            // SQLite syncs the folder the first time it syncs a log it has just created, so that the file's name
            // survives a power cut too; the first sync here does the same.
            try Self.syncFolder(of: self.logPath)
            self.state.withLock { $0.descriptor = descriptor }
        }
        while fdatasync(descriptor) != 0 {
            guard errno == EINTR else { throw SyncFailed(errno: errno) }
        }
    }

    private static func syncFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SyncFailed(errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SyncFailed(errno: errno) }
    }
}
