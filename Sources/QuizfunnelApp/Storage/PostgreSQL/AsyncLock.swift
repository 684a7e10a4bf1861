import Synchronization

/// A lock that a task waits for without blocking its thread: the holder may `await` while it holds it.
final class AsyncLock: Sendable {
    private struct State {
        var isLocked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` once no other holder runs, in the order they asked.
    func withLock<Value: Sendable>(_ body: () async throws -> Value) async rethrows -> Value {
        await self.lock()
        defer { self.unlock() }
        return try await body()
    }

    private func lock() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOurs = self.state.withLock { state in
                guard state.isLocked else {
                    state.isLocked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if isOurs { continuation.resume() }
        }
    }

    private func unlock() {
        let next = self.state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.isLocked = false
                return nil as CheckedContinuation<Void, Never>?
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
