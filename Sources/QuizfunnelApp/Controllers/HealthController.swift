import Hummingbird
import QuizfunnelDomain

/// Liveness and readiness probes for orchestrators and load balancers.
struct HealthController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let database: any FunnelRepository

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("livez", use: self.live)
        routes.get("readyz", use: self.ready)
        return routes
    }

    struct Status: ResponseEncodable {
        var status: String
    }

    /// The process is up.
    @Sendable func live(request: Request, context: AppRequestContext) async throws -> Status {
        Status(status: "ok")
    }

    /// Quizzes are loaded, the database answers, and it takes writes; 503 otherwise. While a storage fault lasts (the
    /// last write failed: a full disk, an I/O error) each probe tries a small write itself, so that the service turns
    /// ready again when the fault is gone even if no request reaches it meanwhile.
    @Sendable func ready(request: Request, context: AppRequestContext) async throws -> EditedResponse<Status> {
        guard !self.catalog.quizzes.isEmpty, await self.database.isReachable() else {
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "unavailable"))
        }
        if self.database.health.currentFault != nil, !(await self.database.probeWrite()) {
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "unavailable"))
        }
        return EditedResponse(status: .ok, response: Status(status: "ready"))
    }
}
