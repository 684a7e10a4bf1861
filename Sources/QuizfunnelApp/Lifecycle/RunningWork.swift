import HTTPTypes
import ServiceLifecycle
import Synchronization

/// What the service is doing now, by name: its background services and the HTTP requests in flight. Read when a stop
/// takes longer than it may, to say what it was still waiting for. A request costs two atomic additions, no lock.
public final class RunningWork: Sendable {
    private let services = Mutex<[String: Int]>([:])
    private let getRequests = Atomic<Int>(0)
    private let postRequests = Atomic<Int>(0)
    private let otherRequests = Atomic<Int>(0)

    public init() {}

    /// The service `name` has begun.
    func begin(_ name: String) {
        self.services.withLock { $0[name, default: 0] += 1 }
    }

    /// The service `name` has ended.
    func end(_ name: String) {
        self.services.withLock { services in
            guard let count = services[name] else { return }
            services[name] = count > 1 ? count - 1 : nil
        }
    }

    /// A request has arrived (`by` 1) or been answered (`by` -1).
    func countRequest(_ method: HTTPRequest.Method, by change: Int) {
        switch method {
        case .get: self.getRequests.add(change, ordering: .relaxed)
        case .post: self.postRequests.add(change, ordering: .relaxed)
        default: self.otherRequests.add(change, ordering: .relaxed)
        }
    }

    /// What is running, services by name and then requests by method, with a count where there is more than one:
    /// "funnel flush, mail delivery, HTTP POST request ×2".
    var summary: [String] {
        let services = self.services.withLock { services in
            services.sorted { $0.key < $1.key }.map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
        }
        let requests = [
            ("HTTP GET request", self.getRequests.load(ordering: .relaxed)),
            ("HTTP POST request", self.postRequests.load(ordering: .relaxed)),
            ("HTTP request of another method", self.otherRequests.load(ordering: .relaxed)),
        ]
        return services + requests.filter { $0.1 > 0 }.map { $0.1 > 1 ? "\($0.0) ×\($0.1)" : $0.0 }
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
