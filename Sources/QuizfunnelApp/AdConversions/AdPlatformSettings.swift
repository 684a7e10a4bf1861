import AsyncHTTPClient
import Foundation
import NIOCore
import QuizfunnelDomain

/// The ad platforms this service sends conversions to, with their ids and secrets (the secrets from the environment,
/// never stored), and what a conversion may carry.
public struct AdPlatformSettings: Sendable {
    /// Meta's Conversions API for one pixel (dataset).
    public struct Meta: Sendable {
        public var pixelID: String
        public var accessToken: String
        /// Routes events to the Events Manager's test view.
        public var testEventCode: String?
        /// `https://graph.facebook.com/v21.0`.
        public var apiURL: String

        public init(pixelID: String, accessToken: String, testEventCode: String? = nil, apiURL: String = "https://graph.facebook.com/v21.0") {
            self.pixelID = pixelID
            self.accessToken = accessToken
            self.testEventCode = testEventCode
            self.apiURL = apiURL
        }
    }

    /// Google Analytics 4's Measurement Protocol for one data stream.
    public struct GA4: Sendable {
        public var measurementID: String
        public var apiSecret: String
        /// `https://www.google-analytics.com`.
        public var apiURL: String

        public init(measurementID: String, apiSecret: String, apiURL: String = "https://www.google-analytics.com") {
            self.measurementID = measurementID
            self.apiSecret = apiSecret
            self.apiURL = apiURL
        }
    }

    public var meta: Meta?
    public var ga4: GA4?
    /// Whether a conversion carries the play's user agent and IP address (personal data: only where the operator's
    /// privacy notice covers it). They are kept with the lead for that, and only then.
    public var sendsClientDetails: Bool
    /// An event older than this is dropped rather than sent: Meta refuses a whole batch with one event over 7 days old.
    public var maximumAge: TimeInterval = 7 * 86_400

    public init(meta: Meta? = nil, ga4: GA4? = nil, sendsClientDetails: Bool = false) {
        self.meta = meta
        self.ga4 = ga4
        self.sendsClientDetails = sendsClientDetails
    }

    /// The platforms set up here.
    public var configured: [AdPlatform] {
        (self.meta == nil ? [] : [.meta]) + (self.ga4 == nil ? [] : [.ga4])
    }

    /// The platforms `quiz` sends to: those it names (every one set up, when it names none) that are set up here.
    public func platforms(for quiz: Quiz) -> [AdPlatform] {
        let configured = self.configured
        return (quiz.adPlatforms ?? configured).filter(configured.contains)
    }

    /// What the store needs to queue a lead of `quiz`'s conversions; `nil` when the quiz sends to no platform.
    func plan(for quiz: Quiz, baseURL: String) -> AdConversionPlan? {
        guard self.meta != nil || self.ga4 != nil else { return nil }  // asked for every lead: no arrays for nothing
        let plan = AdConversionPlan(quiz: quiz, settings: self, baseURL: baseURL)
        return plan.platforms.isEmpty ? nil : plan
    }

    /// The request that sends `body` to `platform`, with its secret in the query as the platform requires; `nil`
    /// for a platform no longer set up.
    func request(to platform: AdPlatform, body: Data) -> HTTPClientRequest? {
        let url: String
        switch platform {
        case .meta:
            guard let meta = self.meta else { return nil }
            url = "\(meta.apiURL)/\(Self.escaped(meta.pixelID))/events?access_token=\(Self.escaped(meta.accessToken))"
        case .ga4:
            guard let ga4 = self.ga4 else { return nil }
            url = "\(ga4.apiURL)/mp/collect?measurement_id=\(Self.escaped(ga4.measurementID))&api_secret=\(Self.escaped(ga4.apiSecret))"
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "quizfunnel-conversions")
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    private static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
