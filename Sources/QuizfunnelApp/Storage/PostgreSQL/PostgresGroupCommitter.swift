import Logging
import PostgresNIO
import Synchronization

/// Shares one PostgreSQL transaction, and so one commit and one WAL flush, between the writes of many requests, as
/// `GroupCommitter` does on SQLite.
///
/// A request hands its write to `write(_:)` and is answered only after the transaction holding it has committed. A
/// drain takes every write waiting (up to `maximumBatchSize`), runs them on one pooled connection inside
/// `BEGIN … COMMIT`, each in a savepoint of its own: on PostgreSQL one failed statement aborts the whole transaction
/// (25P02), so a write that fails is rolled back to its savepoint and answered with its error while the others go on.
/// A failed `BEGIN` or `COMMIT` (the server gone, the disk full) answers every write of the batch with that error, and
/// so does a batch that waited `PostgresPool.leaseTimeout` for a connection (the server down or restarting) or that
/// did not commit within `batchTimeout` (a connection that died under it): `StorageFault.unreachable`, a 503.
/// Unlike SQLite's single writer, PostgreSQL commits several transactions at once: up to `maximumDrains` batches are
/// in flight, each on a connection of its own.
final class PostgresGroupCommitter: Sendable {
    static let maximumBatchSize = 256
    /// How long a batch may take from asking for its connection to its COMMIT's answer: a healthy server commits 256
    /// writes in milliseconds. Past it every write of the batch is answered 503, even one whose COMMIT did arrive
    /// (a lead answered 503 may be stored; one answered 201 is).
    static let batchTimeout = Duration.seconds(10)

    private struct Job: Sendable {
        /// Runs the write in its savepoint; returns how to answer it once the batch has committed.
        let perform: @Sendable (PostgresConnection, Logger) async throws -> @Sendable () -> Void
        /// Answers the write when its batch failed as a whole.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var drains = 0
    }

    private let pool: PostgresPool
    private let logger: Logger
    private let maximumDrains: Int
    private let state = Mutex(State())
    private let onCommit: @Sendable (Int) -> Void

    /// `onCommit` is told the number of writes of each committed transaction.
    init(pool: PostgresPool, logger: Logger, maximumDrains: Int = 4, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.pool = pool
        self.logger = logger
        self.maximumDrains = maximumDrains
        self.onCommit = onCommit
    }

    /// Runs `work` in a shared transaction and returns its value once that transaction has committed. `work` must not
    /// commit, roll back or keep the connection.
    func write<Value: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let job = Job(
                perform: { connection, logger in
                    try await connection.run(PostgresLeadStatements.Savepoint.Set(), logger: logger)
                    do {
                        let value = try await work(connection)
                        try await connection.run(PostgresLeadStatements.Savepoint.Release(), logger: logger)
                        return { continuation.resume(returning: value) }
                    } catch {
                        // Undoes this write only; a failure here (the connection gone) fails the batch instead.
                        try await connection.run(PostgresLeadStatements.Savepoint.RollBack(), logger: logger)
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            )
            self.enqueue(job)
        }
    }

    private func enqueue(_ job: Job) {
        let startsDrain = self.state.withLock { state in
            state.pending.append(job)
            guard state.drains < self.maximumDrains else { return false }
            state.drains += 1
            return true
        }
        if startsDrain {
            Task { await self.drain() }
        }
    }

    /// Commits the writes waiting, batch after batch, until none are left.
    private func drain() async {
        while true {
            let batch = self.state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maximumBatchSize))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.drains -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let answers = try await self.commit(batch)
                self.onCommit(batch.count)
                for answer in answers { answer() }
            } catch {
                for job in batch { job.fail(error) }
                // The server cannot be reached: the writes that queued meanwhile would only wait as long again.
                guard StorageFault(error) == .unreachable else { continue }
                let waiting = self.state.withLock { state in
                    defer { state.pending.removeAll() }
                    return state.pending
                }
                for job in waiting { job.fail(error) }
            }
        }
    }

    private func commit(_ batch: [Job]) async throws -> [@Sendable () -> Void] {
        try await self.pool.withConnection(timeout: Self.batchTimeout) { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                try await self.run(batch, on: connection)
            }
        }
    }

    /// `BEGIN`, each write in its savepoint, `COMMIT`; on the connection's event loop (`EventLoopTaskExecutor`).
    private func run(_ batch: [Job], on connection: PostgresConnection) async throws -> [@Sendable () -> Void] {
        try await connection.query("BEGIN", logger: self.logger)
        do {
            var answers: [@Sendable () -> Void] = []
            answers.reserveCapacity(batch.count)
            for job in batch {
                answers.append(try await job.perform(connection, self.logger))
            }
            try await connection.query("COMMIT", logger: self.logger)
            return answers
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: self.logger)
            throw error
        }
    }
}
