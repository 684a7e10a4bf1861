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

    /// Answers `waiters` once a sync that started after this call has returned. Call it after their commit, not before.
    func answerWhenDurable(_ waiters: [Waiter]) {
        let startsSyncing = self.state.withLock { state in
            state.waiting.append(contentsOf: waiters)
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
            let (waiters, descriptor) = self.state.withLock { state in
                let waiters = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                if waiters.isEmpty { state.isSyncing = false }
                return (waiters, state.descriptor)
            }
            guard !waiters.isEmpty else { return }
            do {
                try self.sync(descriptor)
                self.onSync(waiters.count)
                for waiter in waiters { waiter.answer() }
            } catch {
                for waiter in waiters { waiter.fail(error) }
            }
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
