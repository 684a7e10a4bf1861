import AsyncHTTPClient
import Hummingbird
import Logging
import QuizfunnelDomain
import ServiceLifecycle

public typealias AppRequestContext = BasicRequestContext

/// Builds the whole service from its configuration, its database and its quizzes.
public func buildApplication(
    configuration: AppConfiguration,
    database: AppDatabase,
    catalog: QuizCatalog,
    logger: Logger
) throws -> some ApplicationProtocol {
    let recorder = FunnelRecorder(database: database)
    let router = try buildRouter(configuration: configuration, database: database, catalog: catalog, recorder: recorder, logger: logger)
    var services: [any Service] = [FunnelFlushService(recorder: recorder, logger: logger)]
    if !configuration.webhooks.endpoints.isEmpty {
        services.append(
            WebhookDeliveryService(database: database, settings: configuration.webhooks, httpClient: HTTPClient.shared, logger: logger)
        )
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quizfunnel"),
        services: services,
        logger: logger
    )
}

/// The routes and middleware of the service.
public func buildRouter(
    configuration: AppConfiguration,
    database: AppDatabase,
    catalog: QuizCatalog,
    recorder: FunnelRecorder,
    logger: Logger
) throws -> Router<AppRequestContext> {
    let resources = try PageResources.load(publicFolder: configuration.publicFolder)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: QuizCORSMiddleware(catalog: catalog))
    router.add(middleware: ErrorLoggingMiddleware())
    router.add(
        middleware: FileMiddleware(
            configuration.publicFolder,
            cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(300)])]),
            logger: logger
        )
    )
    router.addRoutes(HealthController(catalog: catalog, database: database).endpoints)
    router.addRoutes(PageController(catalog: catalog, resources: resources).endpoints)
    router.addRoutes(ShareController(catalog: catalog, resources: resources, publicURL: configuration.publicURL).endpoints)
    router.addRoutes(
        QuizController(catalog: catalog, database: database, publicURL: configuration.publicURL, recorder: recorder).endpoints,
        atPath: "api/quizzes"
    )
    router.addRoutes(EventController(catalog: catalog, recorder: recorder).endpoints, atPath: "api/quizzes")
    router.addRoutes(
        LeadController(catalog: catalog, database: database, webhookEndpoints: configuration.webhooks.endpoints, recorder: recorder)
            .endpoints,
        atPath: "api/quizzes"
    )
    router.addRoutes(
        AdminController(catalog: catalog, database: database, adminToken: configuration.adminToken, recorder: recorder).endpoints,
        atPath: "api/admin"
    )
    return router
}
