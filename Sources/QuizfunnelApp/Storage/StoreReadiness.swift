import ServiceLifecycle
import Synchronization

/// Whether the store may be used yet. A SQLite file is ready once opened; a PostgreSQL database once `serve`'s start-up
/// has reached the server, applied the migrations and kept the consent texts (`PostgresStore`), which it retries
/// until the server answers. Until then `/readyz` answers 503, writes answer 503, and the background services wait.
public final class StoreReadiness: Sendable {
    private let ready: Atomic<Bool>

    public init(isReady: Bool) {
        self.ready = Atomic(isReady)
    }

    /// A store that is ready from the start.
    public static let always = StoreReadiness(isReady: true)

    public var isReady: Bool { self.ready.load(ordering: .acquiring) }

    func markReady() {
        self.ready.store(true, ordering: .releasing)
    }

    /// Returns once the store is ready; throws when the task is cancelled or the service shuts down first.
    func wait() async throws {
        try await cancelWhenGracefulShutdown {
            while !self.isReady {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// Runs `service` once the store is ready: the outboxes and the funnel's flush have nothing to do before.
struct AfterStoreIsReady: Service {
    let readiness: StoreReadiness
    let service: any Service

    func run() async throws {
        if !self.readiness.isReady {
            do {
                try await self.readiness.wait()
            } catch {
                return  // The service stopped before the store was ready.
            }
        }
        try await self.service.run()
    }
}
