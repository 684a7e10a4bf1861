import Hummingbird
import QuizfunnelDomain

/// Liveness and readiness probes for orchestrators and load balancers.
struct HealthController: Sendable {
    let catalog: QuizCatalog
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

    /// The database answers and quizzes are loaded; 503 otherwise.
    @Sendable func ready(request: Request, context: AppRequestContext) async throws -> EditedResponse<Status> {
        guard !self.catalog.quizzes.isEmpty, await self.database.isReachable() else {
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "unavailable"))
        }
        return EditedResponse(status: .ok, response: Status(status: "ready"))
    }
}
