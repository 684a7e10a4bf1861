/// Writes RFC 4180 records, neutralising cells a spreadsheet would run as formulas (OWASP CSV injection).
public enum CSVWriter {
    /// One record: fields joined by `delimiter`, ended with CRLF.
    public static func record(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { self.field($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }

    /// One field: prefixed with `'` when it starts like a formula, quoted when it holds a delimiter, quote or line break.
    public static func field(_ value: String, delimiter: Character = ",") -> String {
        var text = value
        var mustQuote = false
        if let first = text.unicodeScalars.first, self.formulaTriggers.contains(first) {
            text = "'" + text
            mustQuote = true
        }
        if mustQuote || text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    private static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
