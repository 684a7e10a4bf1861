/// Writes RFC 4180 records, neutralising cells a spreadsheet would run as formulas (OWASP CSV injection).
public enum CSVWriter {
    /// One record: fields joined by `delimiter`, ended with CRLF.
    public static func record(_ fields: [String], delimiter: Character = ",") -> String {
        var record = ""
        self.appendRecord(fields, delimiter: delimiter, to: &record)
        return record
    }

    /// Appends one record to `output`, so that a batch of rows is built in one string.
    public static func appendRecord(_ fields: some Sequence<String>, delimiter: Character = ",", to output: inout String) {
        let delimiterByte = delimiter.asciiValue ?? UInt8(ascii: ",")
        var first = true
        for field in fields {
            if !first { output.append(delimiter) }
            first = false
            self.append(field, delimiterByte: delimiterByte, to: &output)
        }
        output.append("\r\n")
    }

    /// One field: prefixed with `'` when it starts like a formula, quoted when it holds a delimiter, quote or line break.
    public static func field(_ value: String, delimiter: Character = ",") -> String {
        var field = ""
        self.append(value, delimiterByte: delimiter.asciiValue ?? UInt8(ascii: ","), to: &field)
        return field
    }

    /// Every byte that matters here is ASCII, so the field is scanned as UTF-8 rather than as Characters, whose
    /// grapheme breaking was the largest cost of writing an export in the profile (see BENCHMARKS.md).
    private static func append(_ value: String, delimiterByte: UInt8, to output: inout String) {
        let startsLikeFormula = value.utf8.first.map { self.formulaTriggers.contains($0) } ?? false
        var hasQuote = false
        var mustQuote = startsLikeFormula
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): hasQuote = true; mustQuote = true
            case delimiterByte, UInt8(ascii: "\r"), UInt8(ascii: "\n"): mustQuote = true
            default: continue
            }
        }
        guard mustQuote else {
            output.append(value)
            return
        }
        output.append("\"")
        if startsLikeFormula { output.append("'") }
        if hasQuote {
            for part in value.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
                if part.offset > 0 { output.append("\"\"") }
                output.append(contentsOf: part.element)
            }
        } else {
            output.append(value)
        }
        output.append("\"")
    }

    /// `=`, `+`, `-`, `@`, tab, CR and LF.
    private static let formulaTriggers: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0x0A]
}
