import Foundation

/// A small CSV file a marketer or a CRM uploads (spend, conversions): a header naming the columns in any case, then one
/// row per line, separated by commas or by semicolons (then `12,50` is a decimal comma). RFC 4180 quotes; no line
/// breaks inside a field; a byte order mark and blank lines are ignored.
public struct CSVTable: Sendable {
    /// The header's names, lower-cased, by position (the first of a repeated name wins).
    let columns: [String: Int]
    /// Each row's fields with its line number (1 is the header).
    public let rows: [(line: Int, fields: [String])]
    public let delimiter: Character

    /// `nil` when the text has no header line.
    public init?(_ text: String) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let headerLine = lines.first.map({ $0.hasPrefix("\u{FEFF}") ? $0.dropFirst() : $0 }), !headerLine.isEmpty else {
            return nil
        }
        let delimiter: Character = headerLine.contains(";") ? ";" : ","
        let header = Self.fields(of: headerLine, delimiter: delimiter).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        self.delimiter = delimiter
        self.columns = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        self.rows = lines.enumerated().dropFirst().filter { !$0.element.allSatisfy(\.isWhitespace) }.map { index, line in
            (line: index + 1, fields: Self.fields(of: line, delimiter: delimiter))
        }
    }

    /// Whether the header names `column` (lower-case).
    public func has(_ column: String) -> Bool { self.columns[column] != nil }

    /// The trimmed value of `column` (lower-case) in `fields`; empty when the column or the field is missing.
    public func value(_ column: String, in fields: [String]) -> String {
        guard let index = self.columns[column], index < fields.count else { return "" }
        return fields[index].trimmingCharacters(in: .whitespaces)
    }

    /// The fields of one line.
    static func fields(of line: Substring, delimiter: Character) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote is one quote; a single one ends the quoted part.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        field.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == delimiter {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
