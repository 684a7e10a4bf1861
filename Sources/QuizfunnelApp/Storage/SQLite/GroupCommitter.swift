import GRDB
import Synchronization

/// Shares one transaction, and so one fsync, between the writes of many requests.
///
/// Each commit has to reach the disk before its requests are answered. A request hands its write to `write(_:)`; one
/// drain at a time, on the database's writer queue, takes every write waiting, runs them all in one transaction and
/// commits under the writer's own `synchronous` setting: `synchronous=FULL` as the service runs, so SQLite has synced
/// the log when the commit returns. Only then are the requests answered. The writes that arrive while one commit syncs
/// make the next, larger batch.
///
/// One failing write rolls back only itself. Most failures happen before a write changes anything (no such result, too
/// many requests, a constraint refusing the first insert, which SQLite undoes by itself), and those need nothing undone.
/// Only when a write fails after changing rows is the transaction rolled back and the batch run again with a savepoint
/// for each write. Dropping the savepoint every write used to get took the lead route from 3,134 to 3,397 leads a second
/// (see BENCHMARKS.md). A commit that fails, the sync included, answers every write of its batch with the error, and so
/// does a write after which SQLite rolled the whole transaction back (as it may for a full disk or an I/O error).
///
/// The drain stays on the writer queue from batch to batch: going back to a Swift task between batches put each commit
/// behind the request tasks waiting for a thread (commits a second went from about 108 to 144 under the same load when it
/// stopped; see BENCHMARKS.md). A drain commits batch after batch for at most `drainBudget` and is then queued anew behind
/// the writes already waiting, so other writers still get their turn.
final class GroupCommitter: Sendable {
    /// Writes per transaction at most, so one commit never holds the writer for long.
    static let maximumBatchSize = 512

    /// What running one write did: how to answer its request once the transaction commits, and whether it failed after
    /// changing rows, which only rolling back can undo.
    private struct Step {
        let answer: @Sendable () -> Void
        let failedAfterChanges: Bool
        /// Why the write failed, if it did.
        var error: (any Error)? = nil
    }

    private struct Job: Sendable {
        /// Runs the write inside the shared transaction, in a savepoint of its own when `isolated`.
        let perform: @Sendable (_ db: Database, _ isolated: Bool) -> Step
        /// Answers the request when the shared transaction failed.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var isDraining = false
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    private let onCommit: @Sendable (Int) -> Void

    /// `onCommit` is told the number of writes of each committed transaction.
    init(writer: any DatabaseWriter, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.writer = writer
        self.onCommit = onCommit
    }

    /// Runs `work` in a shared transaction and returns its value once that transaction is committed.
    ///
    /// `work` may run twice (the second time in a savepoint of its own) when another write of its batch fails after
    /// changing rows; only its database changes are undone between the runs.
    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let job = Job(
                perform: { db, isolated in
                    let changesBefore = db.totalChangesCount
                    do {
                        var value: Value?
                        if isolated {
                            try db.inSavepoint {
                                value = try work(db)
                                return .commit
                            }
                        } else {
                            value = try work(db)
                        }
                        let result = value!
                        return Step(answer: { continuation.resume(returning: result) }, failedAfterChanges: false)
                    } catch {
                        // A statement that fails is undone by SQLite and counts no change.
                        let failedAfterChanges = !isolated && db.totalChangesCount != changesBefore
                        return Step(answer: { continuation.resume(throwing: error) }, failedAfterChanges: failedAfterChanges, error: error)
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            )
            self.enqueue(job)
        }
    }

    private func enqueue(_ job: Job) {
        let startsDraining = self.state.withLock { state in
            state.pending.append(job)
            guard !state.isDraining else { return false }
            state.isDraining = true
            return true
        }
        if startsDraining {
            self.drainNextBatch()
        }
    }

    /// Commits the writes waiting now, batch after batch, for up to `drainBudget`; then queues itself again on the
    /// writer when writes are still waiting, so other writers get their turn, or stops when none are.
    private func drainNextBatch() {
        self.writer.asyncWriteWithoutTransaction { db in
            let deadline = ContinuousClock.now + Self.drainBudget
            while true {
                let batch = self.state.withLock { state in
                    let batch = Array(state.pending.prefix(Self.maximumBatchSize))
                    state.pending.removeFirst(batch.count)
                    if batch.isEmpty { state.isDraining = false }
                    return batch
                }
                guard !batch.isEmpty else { return }
                do {
                    let answers = try Self.commit(batch, in: db)
                    self.onCommit(batch.count)
                    for answer in answers { answer() }
                } catch {
                    for job in batch { job.fail(error) }
                }
                if ContinuousClock.now >= deadline { break }
            }
            self.drainNextBatch()
        }
    }

    /// How long one drain keeps the writer before letting other writes run.
    static let drainBudget = Duration.milliseconds(5)

    /// Runs `batch` in one transaction, again with a savepoint for each write if a write failed after changing rows.
    private static func commit(_ batch: [Job], in db: Database) throws -> [@Sendable () -> Void] {
        try Self.run(batch, isolated: false, in: db) ?? Self.run(batch, isolated: true, in: db)!
    }

    /// Runs `batch` in one transaction and commits it; returns `nil`, with everything rolled back, when a write that
    /// was not isolated failed after changing rows.
    private static func run(_ batch: [Job], isolated: Bool, in db: Database) throws -> [@Sendable () -> Void]? {
        var answers: [@Sendable () -> Void] = []
        answers.reserveCapacity(batch.count)
        var needsIsolation = false
        try db.inTransaction {
            for job in batch {
                let step = job.perform(db, isolated)
                if let error = step.error, !db.isInsideTransaction {
                    // SQLite rolled the whole transaction back (a full disk, an I/O error): every write of the batch
                    // fails, with the cause rather than GRDB's "transaction was aborted".
                    throw error
                }
                if step.failedAfterChanges {
                    needsIsolation = true
                    return .rollback
                }
                answers.append(step.answer)
            }
            return .commit
        }
        return needsIsolation ? nil : answers
    }
}
