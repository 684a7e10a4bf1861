import GRDB
import Synchronization

/// Shares one transaction, and so one fsync, between the writes of many requests.
///
/// With `synchronous=FULL` each commit waits for the disk. A request hands its write to `write(_:)`; one drain task
/// at a time takes every write waiting, runs each in its own savepoint of one transaction (so one failing write rolls
/// back only itself), commits, and only then answers every waiting request. A request is answered after the commit
/// that holds its write, never before.
final class GroupCommitter: Sendable {
    /// Writes per transaction at most, so one commit never holds the writer for long.
    static let maximumBatchSize = 512

    private struct Job: Sendable {
        /// Runs the write inside the shared transaction; returns how to answer its request once the transaction commits.
        let perform: @Sendable (Database) -> @Sendable () -> Void
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
    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let job = Job(
                perform: { db in
                    do {
                        var value: Value?
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        let result = value!
                        return { continuation.resume(returning: result) }
                    } catch {
                        return { continuation.resume(throwing: error) }
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
            Task { await self.drain() }
        }
    }

    /// Commits batches until nothing is waiting.
    private func drain() async {
        while true {
            let batch = self.state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maximumBatchSize))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.isDraining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let answers = try await self.writer.write { db in batch.map { $0.perform(db) } }
                self.onCommit(batch.count)
                for answer in answers { answer() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
