import Foundation

/// UTC times as exports, APIs and CRMs write them.
public enum Timestamp {
    private static let utc = TimeZone(identifier: "UTC")!

    /// `2026-11-23T09:30:00Z`
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: self.utc))
    }

    /// `2026-11-23`, the only date form some importers read (ActiveCampaign turns anything else into 1899).
    public static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: self.utc).year().month().day())
    }

    /// `2026-11-23 09:30:00`, as Mailchimp writes `OPTIN_TIME`.
    public static func dateTime(_ date: Date) -> String {
        self.iso8601(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// Parses `2026-11-23T09:30:00Z`, `2026-11-23T09:30:00.250+02:00` or a bare day `2026-11-23` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(timeZone: self.utc).year().month().day().parse(text)
    }
}
