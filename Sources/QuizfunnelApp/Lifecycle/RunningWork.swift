import ServiceLifecycle
import Synchronization

/// What the service is doing now, by name: its background services and the HTTP requests in flight. Read when a stop
/// takes longer than it may, to say what it was still waiting for.
public final class RunningWork: Sendable {
    private let running = Mutex<[String: Int]>([:])

    public init() {}

    /// `name` has begun (once more, when it is already running).
    func begin(_ name: String) {
        self.running.withLock { $0[name, default: 0] += 1 }
    }

    /// One `name` has ended.
    func end(_ name: String) {
        self.running.withLock { running in
            guard let count = running[name] else { return }
            running[name] = count > 1 ? count - 1 : nil
        }
    }

    /// What is running, sorted by name, with a count where there is more than one: "HTTP POST request ×2, mail delivery".
    public var summary: [String] {
        self.running.withLock { running in
            running.sorted { $0.key < $1.key }.map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
        }
    }
}

/// A background service that counts as running work while it runs.
struct NamedService: Service {
    let name: String
    let service: any Service
    let work: RunningWork

    func run() async throws {
        self.work.begin(self.name)
        defer { self.work.end(self.name) }
        try await self.service.run()
    }
}
