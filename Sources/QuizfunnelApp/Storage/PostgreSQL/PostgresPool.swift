import Logging
import PostgresNIO
import Synchronization

/// postgres-nio's pooled client with a deadline on every wait: for a connection (`leaseTimeout`), and for the call as a
/// whole (`callTimeout`), after which the caller gets `StorageFault.unreachable` (a request answers 503 with
/// `Retry-After`; a background pass logs and tries again). See `StorageDeadlines` for why a deadline cannot simply
/// cancel the call.
struct PostgresPool: Sendable {
    let client: PostgresClient
    let deadlines: StorageDeadlines

    /// How long a call waits for a pooled connection. While the server is down or restarting, the pool keeps trying to
    /// connect and a lease waits; after this the call gives up instead of hanging.
    static let leaseTimeout = Duration.seconds(5)
    /// How long a call may take in all, its lease included. Far above any statement of a healthy server (the stats of a
    /// year take about 4 s); a row stream is bounded until its first row, not while the caller reads it.
    static let callTimeout = Duration.seconds(30)

    init(client: PostgresClient, deadlines: StorageDeadlines = StorageDeadlines()) {
        self.client = client
        self.deadlines = deadlines
    }

    /// Runs the pool until the service stops.
    func run() async {
        await self.client.run()
    }

    /// Runs `query` on a pooled connection and returns its rows, which hold the connection until read to the end.
    @discardableResult
    func query(
        _ query: PostgresQuery,
        logger: Logger,
        timeout: Duration = Self.callTimeout,
        file: String = #fileID,
        line: Int = #line
    ) async throws -> PostgresRowSequence {
        try await self.deadlines.run(within: timeout) {
            try await self.client.query(query, logger: logger, file: file, line: line)
        }
    }

    /// Leases a connection for `body`: within `leaseTimeout`, and `body` done within `timeout` of the call's start. At
    /// the deadline the connection is closed, so that whatever `body` was waiting for ends, and the pool replaces it;
    /// a transaction cut short this way is rolled back by the server, unless its COMMIT had already arrived.
    func withConnection<Value: Sendable>(
        leaseTimeout: Duration = Self.leaseTimeout,
        timeout: Duration = Self.callTimeout,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let lease = Lease()
        let leasedBody: @Sendable () async throws -> Value = {
            try await self.lease(within: leaseTimeout) { connection in
                guard lease.begin(on: connection) else { throw StorageFault.unreachable }
                return try await body(connection)
            }
        }
        return try await self.deadlines.run(within: timeout, onTimeout: { lease.close() }, leasedBody)
    }

    /// `body` between `BEGIN` and `COMMIT` (`ROLLBACK` when it throws) on a leased connection, under the same deadlines.
    func withTransaction<Value: Sendable>(
        logger: Logger,
        timeout: Duration = Self.callTimeout,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try await self.withConnection(timeout: timeout) { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// `withConnection` of the client, giving up with `StorageFault.unreachable` when no connection is leased within
    /// `timeout`. Only the wait for the lease is cut short here; `body` is bounded by the call's deadline.
    private func lease<Value: Sendable>(
        within timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let state = LeaseState()
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
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

/// The connection a call leased, closed when the call's deadline passes first.
private final class Lease: Sendable {
    private let state = Mutex<(connection: PostgresConnection?, isExpired: Bool)>((nil, false))

    /// Records the leased connection; false when the deadline has already passed (the call must not begin).
    func begin(on connection: PostgresConnection) -> Bool {
        self.state.withLock { state in
            state.connection = connection
            return !state.isExpired
        }
    }

    func close() {
        let connection = self.state.withLock { state in
            state.isExpired = true
            return state.connection
        }
        connection?.close().whenComplete { _ in }
    }
}

/// 0: waiting for the lease; 1: leased, the work runs; 2: the time is up.
private final class LeaseState: Sendable {
    let value = Atomic<Int>(0)
}
