import Foundation

/// The import formats `GET /api/admin/leads.csv?format=` and `quizfunnel export --format` offer.
public enum ExportFormat: String, Sendable, CaseIterable {
    case generic, mailchimp, hubspot, salesforce, klaviyo, brevo, activecampaign, ndjson
}

/// Writes leads in one format: a header, then rows, in chunks a stream can send as they come.
public struct LeadExportWriter: Sendable {
    public let format: ExportFormat
    /// A UTF-8 byte order mark first, for Excel on Windows (off by default: strict parsers read it into the first header).
    public let includesByteOrderMark: Bool
    /// `,` or `;` (European Excel, Brevo); ignored by NDJSON.
    public let delimiter: Character

    public init(format: ExportFormat = .generic, includesByteOrderMark: Bool = false, delimiter: Character = ",") {
        self.format = format
        self.includesByteOrderMark = includesByteOrderMark
        self.delimiter = delimiter
    }

    public var contentType: String { self.format == .ndjson ? "application/x-ndjson" : "text/csv; charset=utf-8" }
    public var fileExtension: String { self.format == .ndjson ? "ndjson" : "csv" }

    /// What comes before the first lead: the byte order mark if asked for, and the CSV header row.
    public func header() -> String {
        let mark = self.includesByteOrderMark ? "\u{FEFF}" : ""
        guard let preset = self.preset else { return mark }
        return mark + CSVWriter.record(preset.columns.map(\.name), delimiter: self.delimiter)
    }

    /// The rows (CSV records or NDJSON lines) of `leads`.
    public func rows(_ leads: [Lead]) -> String {
        guard let preset = self.preset else { return leads.map(LeadJSON.line(for:)).joined() }
        var rows = ""
        rows.reserveCapacity(leads.count * 320)
        for lead in leads {
            CSVWriter.appendRecord(preset.columns.lazy.map { $0.value(lead) }, delimiter: self.delimiter, to: &rows)
        }
        return rows
    }

    private var preset: CSVPreset? {
        switch self.format {
        case .generic: .generic
        case .mailchimp: .mailchimp
        case .hubspot: .hubspot
        case .salesforce: .salesforce
        case .klaviyo: .klaviyo
        case .brevo: .brevo
        case .activecampaign: .activeCampaign
        case .ndjson: nil
        }
    }
}
