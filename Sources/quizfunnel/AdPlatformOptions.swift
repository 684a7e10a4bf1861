import ArgumentParser
import Foundation
import QuizfunnelApp

/// The options that send subscribed leads to ad platforms as conversions, from the server; the secrets come from the
/// environment.
struct AdPlatformOptions: ParsableArguments {
    @Option(help: "Meta Conversions API: the pixel (dataset) id. The access token comes from QUIZFUNNEL_META_ACCESS_TOKEN.")
    var metaPixelID: String?

    @Option(help: "Meta: a test event code, to see the events in the Events Manager's test view.")
    var metaTestEventCode: String?

    @Option(name: .customLong("meta-api-url"), help: "Meta: the Graph API's base URL.")
    var metaAPIURL = "https://graph.facebook.com/v21.0"

    @Option(help: "GA4 Measurement Protocol: the measurement id (G-…). The API secret comes from QUIZFUNNEL_GA4_API_SECRET.")
    var ga4MeasurementID: String?

    @Option(name: .customLong("ga4-api-url"), help: "GA4: the Measurement Protocol's base URL.")
    var ga4APIURL = "https://www.google-analytics.com"

    @Flag(help: "Send the play's user agent and IP address with each conversion (personal data: kept with the lead for that).")
    var adClientDetails = false

    /// The settings, with the secrets from `environment`.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AdPlatformSettings {
        var settings = AdPlatformSettings(sendsClientDetails: self.adClientDetails)
        for (option, url) in [("--meta-api-url", self.metaAPIURL), ("--ga4-api-url", self.ga4APIURL)]
        where !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw ValidationError("\(option) must be an absolute http or https URL.")
        }
        if let pixelID = self.metaPixelID {
            guard let token = environment["QUIZFUNNEL_META_ACCESS_TOKEN"], !token.isEmpty else {
                throw ValidationError("--meta-pixel-id needs an access token in QUIZFUNNEL_META_ACCESS_TOKEN.")
            }
            settings.meta = .init(pixelID: pixelID, accessToken: token, testEventCode: self.metaTestEventCode, apiURL: Self.trimmed(self.metaAPIURL))
        } else if self.metaTestEventCode != nil {
            throw ValidationError("--meta-test-event-code needs --meta-pixel-id.")
        }
        if let measurementID = self.ga4MeasurementID {
            guard let secret = environment["QUIZFUNNEL_GA4_API_SECRET"], !secret.isEmpty else {
                throw ValidationError("--ga4-measurement-id needs an API secret in QUIZFUNNEL_GA4_API_SECRET.")
            }
            settings.ga4 = .init(measurementID: measurementID, apiSecret: secret, apiURL: Self.trimmed(self.ga4APIURL))
        }
        if self.adClientDetails, settings.configured.isEmpty {
            throw ValidationError("--ad-client-details needs --meta-pixel-id or --ga4-measurement-id.")
        }
        return settings
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
