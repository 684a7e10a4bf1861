import Synchronization

/// Deadlines for every wait of the PostgreSQL store, so that no request and no background pass waits forever.
///
/// postgres-nio 1.33.2 can leave a statement unanswered for good: one written to a connection that closed between its
/// lease and the write is dropped by the closed channel, and the promise its caller awaits is never completed (the
/// README's "Notes for upstream" has the reproduction). Such a task cannot be cancelled, and a task group cannot return
/// before its children, so a call runs in a task of its own and its caller is answered by whichever comes first: the
/// call, or its deadline. At the deadline the caller gets `StorageFault.unreachable` and `onTimeout` runs (closing the
/// connection, so that the pool replaces it); the abandoned task ends when it can, or never.
///
/// When the service begins to stop, `stop(grace:)` brings the deadline of every waiting call forward to `grace` from
/// then, and gives each later call at most `grace`, so that requests waiting on a dead database answer 503 within the
/// shutdown time instead of holding it up, while the final writes of a live one (the funnel flush) still go through.
final class StorageDeadlines: Sendable {
    private struct State {
        var stopLimit: Duration?
        var expiries: [Int: @Sendable () -> Void] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Runs `operation`, or throws `StorageFault.unreachable` once `limit` has passed (or the stop's grace, if shorter).
    /// The caller's cancellation is passed on to `operation`, which decides whether to stop.
    func run<Value: Sendable>(
        within limit: Duration,
        onTimeout: @escaping @Sendable () -> Void = {},
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = DeadlineRace<Value>()
        let expire: @Sendable () -> Void = { if race.expire() { onTimeout() } }
        let (id, deadline) = self.state.withLock { state in
            defer { state.nextID += 1 }
            state.expiries[state.nextID] = expire
            return (state.nextID, ContinuousClock.now + min(limit, state.stopLimit ?? limit))
        }
        defer { _ = self.state.withLock { $0.expiries.removeValue(forKey: id) } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.begin(continuation)
                race.attach(
                    work: Task {
                        do {
                            race.finish(.success(try await operation()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    },
                    timer: Task {
                        try? await Task.sleep(until: deadline, clock: .continuous)
                        if !Task.isCancelled { expire() }
                    }
                )
            }
        } onCancel: {
            race.cancelWork()
        }
    }

    /// The service is stopping: every call waiting now, and every call begun from now on, gets at most `grace`.
    func stop(grace: Duration) {
        let deadline = ContinuousClock.now + grace
        let waiting = self.state.withLock { state in
            state.stopLimit = min(grace, state.stopLimit ?? grace)
            return Array(state.expiries.values)
        }
        for expire in waiting {
            Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                expire()
            }
        }
    }

    /// How many calls are waiting now (for tests).
    var waitingCount: Int { self.state.withLock { $0.expiries.count } }
}

/// One call against its deadline: the first of the two to finish answers the caller, once.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
        var isCancelled = false
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<Value, any Error>) {
        self.state.withLock { $0.continuation = continuation }
    }

    func attach(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let (isAnswered, isCancelled) = self.state.withLock { state in
            state.work = work
            state.timer = timer
            return (state.continuation == nil, state.isCancelled)
        }
        if isAnswered { timer.cancel() }
        if isCancelled { work.cancel() }
    }

    /// The call ended: answer with its result unless the deadline came first.
    func finish(_ result: Result<Value, any Error>) {
        let (continuation, timer) = self.state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.timer)
        }
        timer?.cancel()
        continuation?.resume(with: result)
    }

    /// The deadline passed: answer with `StorageFault.unreachable` unless the call ended first; true when it did not.
    func expire() -> Bool {
        let (continuation, work) = self.state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.work)
        }
        guard let continuation else { return false }
        work?.cancel()
        continuation.resume(throwing: StorageFault.unreachable)
        return true
    }

    func cancelWork() {
        let work = self.state.withLock { state in
            state.isCancelled = true
            return state.work
        }
        work?.cancel()
    }
}
