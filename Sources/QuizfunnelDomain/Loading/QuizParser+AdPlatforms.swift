extension QuizReader {
    /// `"adPlatforms"`: the ad platforms (`meta`, `ga4`) this quiz's conversions go to; only for a consent text that
    /// declares it covers ad measurement.
    mutating func readAdPlatforms(_ value: JSONValue?, at path: JSONPath, consent: Consent?) -> [AdPlatform]? {
        guard let items = self.array(value, at: path) else { return nil }
        var platforms: [AdPlatform] = []
        for (index, item) in items.enumerated() {
            guard let name = self.string(item, at: path.appending(index)) else { continue }
            guard let platform = AdPlatform(rawValue: name) else {
                self.report(path.appending(index), "\"\(name)\" must be \"meta\" or \"ga4\"")
                continue
            }
            if platforms.contains(platform) {
                self.report(path.appending(index), "\"\(name)\" is listed twice")
                continue
            }
            platforms.append(platform)
        }
        if !platforms.isEmpty, let consent, !consent.coversAdMeasurement {
            self.report(
                path,
                "sends leads to ad platforms, but the consent text does not say it covers that: add \"adMeasurement\": true to \"consent\" once its words do"
            )
        }
        return platforms
    }
}
