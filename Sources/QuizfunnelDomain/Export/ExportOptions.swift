import Foundation

/// What an export asks for beyond quiz and segment: the format, its CSV options, and which leads.
/// Parsed from the same names in `?format=…&bom=1` and `quizfunnel export --format … --bom`.
public struct ExportOptions: Sendable, Equatable {
    public var format: ExportFormat = .generic
    public var includesByteOrderMark = false
    public var delimiter: Character = ","
    /// Only leads created or changed at or after this time.
    public var since: Date?
    /// `nil` for all; subscribed by default.
    public var status: LeadStatus? = .subscribed

    public init() {}

    /// Reads `format`, `bom`, `delimiter`, `since` and `status`; absent or empty values keep the defaults.
    public init(parsing values: [String: String]) throws(FieldError) {
        func value(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let format = value("format") {
            guard let known = ExportFormat(rawValue: format.lowercased()) else {
                throw FieldError(field: "format", message: "must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.format = known
        }
        if let bom = value("bom") {
            guard ["0", "1", "true", "false"].contains(bom) else { throw FieldError(field: "bom", message: "must be 1 or 0") }
            self.includesByteOrderMark = bom == "1" || bom == "true"
        }
        if let delimiter = value("delimiter") {
            switch delimiter {
            case "comma", ",": self.delimiter = ","
            case "semicolon", ";": self.delimiter = ";"
            default: throw FieldError(field: "delimiter", message: "must be comma or semicolon")
            }
        }
        if let since = value("since") {
            guard let date = Timestamp.parse(since) else {
                throw FieldError(field: "since", message: "must be an ISO 8601 time such as 2026-11-23T09:30:00Z")
            }
            self.since = date
        }
        if let status = value("status") {
            if status == "all" {
                self.status = nil
            } else if let known = LeadStatus(rawValue: status) {
                self.status = known
            } else {
                throw FieldError(field: "status", message: "must be subscribed, pending, unsubscribed or all")
            }
        }
    }

    public var writer: LeadExportWriter {
        LeadExportWriter(format: self.format, includesByteOrderMark: self.includesByteOrderMark, delimiter: self.delimiter)
    }
}
