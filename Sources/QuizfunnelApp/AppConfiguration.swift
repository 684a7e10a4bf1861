import Prometheus

/// Everything the service needs to know at start-up, gathered by the command line.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var publicFolder: String
    /// The bearer token for admin routes; `nil` refuses every admin request.
    public var adminToken: String?
    /// The address players and crawlers reach the service at (`https://quiz.example.com`), for share links and
    /// `og:` tags; `nil` takes `http://` and the request's `Host`.
    public var publicURL: String?
    /// Endpoints that receive every new or changed lead.
    public var webhooks: WebhookSettings
    /// Rate limits, the honeypot's fill time and the proxy rule.
    public var abuse: AbuseSettings
    /// The SMTP server, senders, and the clocks of confirmations and retries.
    public var mail: MailSettings
    /// Where `GET /metrics` reads from: the registry swift-metrics was bootstrapped with; `nil` serves no `/metrics`.
    public var metrics: PrometheusCollectorRegistry?
    /// When set, `GET /metrics` needs `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// The ad platforms that subscribed leads are sent to as conversions.
    public var adPlatforms: AdPlatformSettings

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        publicFolder: String = "Public",
        adminToken: String? = nil,
        publicURL: String? = nil,
        webhooks: WebhookSettings = WebhookSettings(),
        abuse: AbuseSettings = AbuseSettings(),
        mail: MailSettings = MailSettings(),
        metrics: PrometheusCollectorRegistry? = nil,
        metricsToken: String? = nil,
        adPlatforms: AdPlatformSettings = AdPlatformSettings()
    ) {
        self.host = host
        self.port = port
        self.publicFolder = publicFolder
        self.adminToken = adminToken
        self.webhooks = webhooks
        self.abuse = abuse
        self.mail = mail
        self.metrics = metrics
        self.metricsToken = metricsToken
        self.adPlatforms = adPlatforms
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }
}
