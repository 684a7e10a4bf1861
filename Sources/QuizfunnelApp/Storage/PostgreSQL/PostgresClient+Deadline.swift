import PostgresNIO
import Synchronization

extension PostgresClient {
    /// How long a write waits for a pooled connection. While the server is down or restarting, the pool keeps trying to
    /// connect and a lease waits; after this a write answers 503 (`StorageFault.unreachable`) instead of hanging.
    static let leaseTimeout = Duration.seconds(5)

    /// Leases a connection for `body` as `withConnection` does, but gives up with `StorageFault.unreachable` when no
    /// connection is leased within `timeout`. Only the wait for the lease is cut short: once `body` has begun it runs to
    /// its end, so a transaction is never abandoned between its COMMIT and the answer.
    func withConnection<Value: Sendable>(
        within timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let state = LeaseState()
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await self.withConnection { connection in
                    guard state.value.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged else {
                        throw StorageFault.unreachable
                    }
                    return try await body(connection)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                guard state.value.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged else { return nil }
                throw StorageFault.unreachable
            }
            while let value = try await group.next() {
                if let value {
                    group.cancelAll()
                    return value
                }
            }
            throw StorageFault.unreachable
        }
    }
}

/// 0: waiting for the lease; 1: leased, the work runs; 2: the time is up.
private final class LeaseState: Sendable {
    let value = Atomic<Int>(0)
}
