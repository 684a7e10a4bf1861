import AsyncHTTPClient
import Hummingbird
import Logging
import QuizfunnelDomain
import ServiceLifecycle

/// Builds the whole service from its configuration, its database and its quizzes. `storeService` is what runs the
/// store beside the server (`PostgresStore`: its pool and start-up); it comes first, so that it stops last.
/// `quizFolder`, when given, is reloaded on SIGHUP, with the people's names in its `Refs.json` (`refs`). `work` counts
/// the background services and requests in flight by name, for a stop that outlasts its time (`runUntilStopped`).
public func buildApplication(
    configuration: AppConfiguration,
    database: any FunnelRepository,
    catalog: QuizCatalog,
    refs: RefDirectory = RefDirectory(),
    logger: Logger,
    storeService: (any Service)? = nil,
    quizFolder: String? = nil,
    work: RunningWork = RunningWork()
) throws -> some ApplicationProtocol {
    let recorder = FunnelRecorder(database: database)
    let library = try QuizLibrary(catalog: catalog, refs: refs, configuration: configuration)
    let router = try buildRouter(configuration: configuration, database: database, library: library, recorder: recorder, logger: logger, work: work)
    var background: [(name: String, service: any Service)] = [
        ("funnel flush", FunnelFlushService(recorder: recorder, logger: logger)),
        ("mail delivery", MailDeliveryService(database: database, library: library, settings: configuration.mail, logger: logger)),
    ]
    if !configuration.webhooks.endpoints.isEmpty || !configuration.adPlatforms.configured.isEmpty {
        let webhooks = WebhookDeliveryService(
            database: database,
            settings: configuration.webhooks,
            httpClient: HTTPClient.shared,
            logger: logger,
            adPlatforms: configuration.adPlatforms
        )
        background.append(("webhook delivery", webhooks))
    }
    if let quizFolder {
        background.append(("quiz reload", QuizReloadService(library: library, folder: quizFolder, database: database, logger: logger)))
    }
    let store = storeService.map { [NamedService(name: "PostgreSQL pool", service: $0, work: work)] as [any Service] } ?? []
    let services =
        store
        + background.map { name, service in
            NamedService(name: name, service: AfterStoreIsReady(readiness: database.readiness, service: service), work: work)
        }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quizfunnel"),
        services: services,
        logger: logger
    )
}

/// The routes and middleware of the service, on quizzes that do not change while it runs.
public func buildRouter(
    configuration: AppConfiguration,
    database: any FunnelRepository,
    catalog: QuizCatalog,
    refs: RefDirectory = RefDirectory(),
    recorder: FunnelRecorder,
    logger: Logger
) throws -> Router<AppRequestContext> {
    let library = try QuizLibrary(catalog: catalog, refs: refs, configuration: configuration)
    return try buildRouter(configuration: configuration, database: database, library: library, recorder: recorder, logger: logger)
}

/// The routes and middleware of the service; each request counts in `work` until it is answered.
func buildRouter(
    configuration: AppConfiguration,
    database: any FunnelRepository,
    library: QuizLibrary,
    recorder: FunnelRecorder,
    logger: Logger,
    work: RunningWork = RunningWork()
) throws -> Router<AppRequestContext> {
    let assets = library.assets
    let resources = library.resources
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestPathMiddleware())
    router.add(middleware: InFlightRequestsMiddleware(work: work))
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: QuizCORSMiddleware(library: library))
    router.add(middleware: ErrorLoggingMiddleware())
    let routeTable = RouteTable()
    router.add(middleware: MethodNotAllowedMiddleware(routes: routeTable))
    router.add(middleware: StaticAssetMiddleware(assets: assets))
    router.add(
        middleware: FileMiddleware(
            fileProvider: PublicFolderFiles(folder: configuration.publicFolder, logger: logger),
            cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(300)])])
        ).withAdditionalMediaType(MediaType(type: .application, subType: "yaml"), mappedToFileExtension: "yaml")
    )
    router.addRoutes(HealthController(library: library, database: database).endpoints)
    router.addRoutes(PageController(library: library, resources: resources).endpoints)
    router.addRoutes(ShareController(library: library, resources: resources, publicURL: configuration.publicURL).endpoints)
    let quizzes = QuizController(library: library, database: database, publicURL: configuration.publicURL, recorder: recorder)
    let leads = LeadController(library: library, database: database, configuration: configuration, recorder: recorder)
    let abuse = configuration.abuse
    router.addRoutes(quizzes.endpoints, atPath: "api/quizzes")
    router.addRoutes(rateLimited(abuse.playLimit, abuse, quizzes.resultEndpoints, leads.endpoints), atPath: "api/quizzes")
    router.addRoutes(rateLimited(abuse.eventLimit, abuse, EventController(library: library, recorder: recorder).endpoints), atPath: "api/quizzes")
    router.addRoutes(
        rateLimited(
            abuse.playLimit,
            abuse,
            UnsubscribeController(database: database, resources: resources, configuration: configuration).endpoints
        )
    )
    router.addRoutes(
        rateLimited(
            abuse.playLimit,
            abuse,
            ConfirmationController(database: database, library: library, resources: resources, configuration: configuration, recorder: recorder)
                .endpoints
        )
    )
    router.addRoutes(
        AdminController(library: library, database: database, configuration: configuration).endpoints,
        atPath: "api/admin"
    )
    router.addRoutes(
        QuizInsightsController(library: library, database: database, adminToken: configuration.adminToken, recorder: recorder).endpoints,
        atPath: "api/admin"
    )
    router.addRoutes(SpendController(library: library, database: database, adminToken: configuration.adminToken).endpoints, atPath: "api/admin")
    router.addRoutes(ConversionController(database: database, adminToken: configuration.adminToken).endpoints, atPath: "api/admin")
    router.addRoutes(AdminMailController(database: database, library: library, configuration: configuration).endpoints, atPath: "api/admin")
    if let registry = configuration.metrics {
        router.addRoutes(MetricsController(registry: registry, token: configuration.metricsToken).endpoints)
    }
    routeTable.record(router)
    return router
}

/// `collections` behind one per-client token bucket of `limit` (none when the limit is off).
private func rateLimited(
    _ limit: RateLimit?,
    _ abuse: AbuseSettings,
    _ collections: RouteCollection<AppRequestContext>...
) -> RouteCollection<AppRequestContext> {
    let routes = RouteCollection(context: AppRequestContext.self)
    if let limit {
        routes.add(middleware: RateLimitMiddleware(limiter: RateLimiter(limit: limit), trustsProxy: abuse.trustsProxy))
    }
    for collection in collections { routes.addRoutes(collection) }
    return routes
}
