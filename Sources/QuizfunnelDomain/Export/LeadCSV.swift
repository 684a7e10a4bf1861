import Foundation

/// The generic mailing-list CSV: `email,name,quiz,segment`, then the consent record, UTM, `ref` and timestamps.
public enum LeadCSV {
    public static let columns = [
        "email", "name", "quiz", "segment",
        "consent_version", "consent_text", "consent_locale", "consented_at",
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref",
        "created_at", "updated_at",
    ]

    public static var header: String { CSVWriter.record(self.columns) }

    public static func row(for lead: Lead) -> String {
        CSVWriter.record([
            lead.email, lead.name ?? "", lead.quizID, lead.segmentID,
            lead.consent.version, lead.consent.text, lead.consent.locale, Timestamp.iso8601(lead.consent.consentedAt),
            lead.utm.source ?? "", lead.utm.medium ?? "", lead.utm.campaign ?? "", lead.utm.term ?? "", lead.utm.content ?? "",
            lead.ref ?? "",
            Timestamp.iso8601(lead.createdAt), Timestamp.iso8601(lead.updatedAt),
        ])
    }
}

/// UTC timestamps as exports and APIs write them: `2026-11-23T09:30:00Z`.
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
