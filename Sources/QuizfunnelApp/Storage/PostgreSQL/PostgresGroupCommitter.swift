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
///
/// The writes every player makes (a result, a lead) are data rather than closures (`PostgresBatchedWrite`): the writes
/// of one kind in a batch are written together, one statement per table, in one savepoint for them all; those it
/// hands back (a lead whose address the quiz already has), and all of them when a statement fails, are then written
/// one by one in savepoints of their own, so that a bad one is answered with its own error as before.
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
        /// The write as data, for writing it together with the others of its kind.
        var batched: BatchedJob? = nil
    }

    /// A `PostgresBatchedWrite` and how to answer it with a value of its type.
    private struct BatchedJob: Sendable {
        let write: any PostgresBatchedWrite
        let answer: @Sendable (any Sendable) -> @Sendable () -> Void
        var kind: ObjectIdentifier { ObjectIdentifier(type(of: self.write)) }
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
            self.enqueue(Self.job(continuation) { connection, _ in try await work(connection) })
        }
    }

    /// Writes `write` in a shared transaction, together with the other writes of its kind in the batch, and returns its
    /// value once that transaction has committed.
    func write<Write: PostgresBatchedWrite>(batched write: Write) async throws -> Write.Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Write.Value, any Error>) in
            var job = Self.job(continuation) { connection, _ in try await write.writeAlone(on: connection) }
            job.batched = BatchedJob(write: write) { value in { continuation.resume(returning: value as! Write.Value) } }
            self.enqueue(job)
        }
    }

    /// The job that runs `work` in its savepoint and answers `continuation`.
    private static func job<Value: Sendable>(
        _ continuation: CheckedContinuation<Value, any Error>,
        _ work: @escaping @Sendable (PostgresConnection, Logger) async throws -> Value
    ) -> Job {
        Job(
            perform: { connection, logger in
                try await connection.run(PostgresLeadStatements.Savepoint.Set(), logger: logger)
                do {
                    let value = try await work(connection, logger)
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

    /// `BEGIN`, the batched writes of each kind together, each other write in its savepoint, `COMMIT`; on the
    /// connection's event loop (`EventLoopTaskExecutor`).
    private func run(_ batch: [Job], on connection: PostgresConnection) async throws -> [@Sendable () -> Void] {
        try await connection.query("BEGIN", logger: self.logger)
        do {
            var answers: [@Sendable () -> Void] = []
            answers.reserveCapacity(batch.count)
            var alone: [Job] = []
            var kinds: [ObjectIdentifier: [Job]] = [:]
            for job in batch {
                if let batched = job.batched { kinds[batched.kind, default: []].append(job) } else { alone.append(job) }
            }
            for jobs in kinds.values {
                alone += try await self.runTogether(jobs, on: connection, answers: &answers)
            }
            for job in alone {
                answers.append(try await job.perform(connection, self.logger))
            }
            try await connection.query("COMMIT", logger: self.logger)
            return answers
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: self.logger)
            throw error
        }
    }

    /// Writes `jobs`, all of one kind, together in one savepoint; returns those to write one by one: the ones the kind
    /// handed back, or all of them when a statement failed (rolled back to the savepoint).
    private func runTogether(_ jobs: [Job], on connection: PostgresConnection, answers: inout [@Sendable () -> Void]) async throws -> [Job] {
        let batched = jobs.map { $0.batched! }
        try await connection.run(PostgresLeadStatements.Savepoint.Set(), logger: self.logger)
        let values: [(any Sendable)?]
        do {
            values = try await Self.writeTogether(batched.map(\.write), on: connection, logger: self.logger)
            try await connection.run(PostgresLeadStatements.Savepoint.Release(), logger: self.logger)
        } catch {
            // A failure here (the connection gone) fails the whole batch.
            try await connection.run(PostgresLeadStatements.Savepoint.RollBack(), logger: self.logger)
            try await connection.run(PostgresLeadStatements.Savepoint.Release(), logger: self.logger)
            self.logger.debug("A batched write failed; its writes go one by one", metadata: ["error": "\(String(reflecting: error))"])
            return jobs
        }
        var handedBack: [Job] = []
        for (job, value) in zip(jobs, values) {
            if let value { answers.append(job.batched!.answer(value)) } else { handedBack.append(job) }
        }
        return handedBack
    }

    /// `Write.writeTogether` for writes known to be of one type, opened from their existential.
    private static func writeTogether(
        _ writes: [any PostgresBatchedWrite],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(any Sendable)?] {
        func open<Write: PostgresBatchedWrite>(_ first: Write) async throws -> [(any Sendable)?] {
            try await Write.writeTogether(writes.map { $0 as! Write }, on: connection, logger: logger).map { $0.map { $0 as any Sendable } }
        }
        return try await open(writes[0])
    }
}

/// A write the group commit may write together with the other writes of its type in the same transaction, one
/// statement per table rather than statements and a savepoint per write.
protocol PostgresBatchedWrite: Sendable {
    associatedtype Value: Sendable
    /// Writes `writes` (at least one) together: each one's value, or `nil` for one that must be written on its own
    /// (`writeAlone`, in a savepoint of its own). Throwing rolls them all back, to be written one by one.
    static func writeTogether(_ writes: [Self], on connection: PostgresConnection, logger: Logger) async throws -> [Value?]
    /// The write on its own: reads and writes as the write of a single request.
    func writeAlone(on connection: PostgresConnection) async throws -> Value
}
