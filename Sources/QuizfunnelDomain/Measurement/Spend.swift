import Foundation

/// Money spent on a day to bring players from one source, medium and campaign (to one quiz, or to all), as the ad
/// platforms' reports and the marketer's spreadsheet give it.
public struct SpendRow: Sendable, Equatable, Hashable, Codable {
    /// `yyyy-MM-dd`.
    public var day: String
    /// The amount in millionths of the currency's unit, so that sums are exact.
    public var amountMicros: Int64
    /// ISO 4217: `EUR`, `USD`.
    public var currency: String
    public var source: String
    /// Empty when not given.
    public var medium: String
    public var campaign: String
    /// The quiz the spend brought players to; empty for spend that served every quiz.
    public var quiz: String

    public init(day: String, amountMicros: Int64, currency: String, source: String, medium: String = "", campaign: String = "", quiz: String = "") {
        self.day = day
        self.amountMicros = amountMicros
        self.currency = currency
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.quiz = quiz
    }

    /// What a later row with the same key replaces.
    public struct Key: Sendable, Hashable {
        public var day: String
        public var source: String
        public var medium: String
        public var campaign: String
        public var quiz: String
    }

    public var key: Key { Key(day: self.day, source: self.source, medium: self.medium, campaign: self.campaign, quiz: self.quiz) }

    public var amount: Double { Double(self.amountMicros) / 1_000_000 }
}

/// Why an upload (of spend, of conversions) was refused: `place` names the line (1 is the header) and column of a CSV file, or the item
/// and field of a JSON one (`line 3, column Expenses`, `[2].Expenses`).
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var place: String
    public var message: String

    public var description: String { "\(self.place): \(self.message)" }

    public init(place: String, message: String) {
        self.place = place
        self.message = message
    }
}

/// Reads spend from the CSV a marketer exports from a spreadsheet or an ad platform (Yandex Metrica's expense format):
/// `Date,Expenses,Currency,UTMSource,UTMMedium,UTMCampaign` and optionally `Quiz`, header names in any case, separated
/// by commas or semicolons (then `12,50` is a decimal comma). Every row is checked; one bad row refuses the whole file.
public enum SpendImport {
    static let required = ["date", "expenses", "currency", "utmsource"]

    public static func parse(csv text: String, knownQuizzes: Set<String>) throws(ImportError) -> [SpendRow] {
        guard let table = CSVTable(text) else {
            throw ImportError(place: "line 1", message: "the file is empty; it starts with the header Date,Expenses,Currency,UTMSource")
        }
        for name in self.required where !table.has(name) {
            throw ImportError(place: "line 1, column \(self.displayName(name))", message: "missing from the header")
        }
        var rows: [SpendRow] = []
        for (line, fields) in table.rows {
            rows.append(
                try self.row(
                    place: { "line \(line), column \($0)" },
                    value: { table.value($0, in: fields) },
                    decimalComma: table.delimiter == ";",
                    knownQuizzes: knownQuizzes
                )
            )
        }
        return rows
    }

    /// Reads spend from JSON: an array of objects with the CSV's column names as keys (in any case), `Expenses` a
    /// number or a text.
    public static func parse(json data: Data, knownQuizzes: Set<String>) throws(ImportError) -> [SpendRow] {
        guard case .array(let items)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ImportError(place: "body", message: "expected a JSON array of rows, or a CSV file with Content-Type text/csv")
        }
        var rows: [SpendRow] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else { throw ImportError(place: "[\(index)]", message: "expected an object") }
            let fields = Dictionary(object.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            let value = { (name: String) in fields[name]?.uploadedText ?? "" }
            rows.append(try self.row(place: { "[\(index)].\($0)" }, value: value, decimalComma: false, knownQuizzes: knownQuizzes))
        }
        return rows
    }

    /// One row from its values by (lower-case) column name; `place` names a column where it is at fault.
    static func row(
        place: (String) -> String,
        value: (String) -> String,
        decimalComma: Bool,
        knownQuizzes: Set<String>
    ) throws(ImportError) -> SpendRow {
        func fail(_ column: String, _ message: String) -> ImportError { ImportError(place: place(column), message: message) }
        let day = value("date")
        guard Self.isDay(day) else { throw fail("Date", "\"\(day)\" is not a day such as 2026-11-23") }
        let expenses = value("expenses")
        guard let amountMicros = Self.micros(expenses, decimalComma: decimalComma) else {
            throw fail("Expenses", "\"\(expenses)\" is not an amount such as 120.50 (no thousands separators, not negative)")
        }
        guard let currency = Self.currencyCode(value("currency")) else {
            throw fail("Currency", "\"\(value("currency"))\" is not a currency code such as EUR")
        }
        let source = value("utmsource")
        guard !source.isEmpty else { throw fail("UTMSource", "is empty") }
        for (name, text) in [("UTMSource", source), ("UTMMedium", value("utmmedium")), ("UTMCampaign", value("utmcampaign"))] {
            if text.count > 200 || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw fail(name, "must be at most 200 characters without control characters")
            }
        }
        let quiz = value("quiz")
        if !quiz.isEmpty, !knownQuizzes.contains(quiz) { throw fail("Quiz", "unknown quiz \"\(quiz)\"") }
        return SpendRow(
            day: day,
            amountMicros: amountMicros,
            currency: currency,
            source: source,
            medium: value("utmmedium"),
            campaign: value("utmcampaign"),
            quiz: quiz
        )
    }

    static func displayName(_ name: String) -> String {
        [
            "date": "Date", "expenses": "Expenses", "currency": "Currency", "utmsource": "UTMSource", "utmmedium": "UTMMedium",
            "utmcampaign": "UTMCampaign", "quiz": "Quiz",
        ][name] ?? name
    }

    /// An ISO 4217 code in any case (`eur`), upper-cased; `nil` for anything else.
    static func currencyCode(_ text: String) -> String? {
        let code = text.uppercased()
        return code.count == 3 && code.allSatisfy({ ("A"..."Z").contains($0) }) ? code : nil
    }

    static func isDay(_ text: String) -> Bool {
        text.count == 10 && Timestamp.parse(text).map { Timestamp.day($0) == text } == true
    }

    /// `120.5` (or `120,5` with a decimal comma) in millionths; at most six decimals, at most 10^12.
    static func micros(_ text: String, decimalComma: Bool) -> Int64? {
        let normalized = decimalComma ? text.replacingOccurrences(of: ",", with: ".") : text
        let parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCII),
            whole.allSatisfy(\.isNumber)
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 6, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
        return Int64(whole)! * 1_000_000 + Int64(fraction.padding(toLength: 6, withPad: "0", startingAt: 0))!
    }
}

/// What an import (of spend, of conversions) did, row by row: new, replacing an earlier one with its key, or the same
/// as held.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var rows = 0
    public var added = 0
    public var replaced = 0
    public var unchanged = 0

    public init() {}

    /// Counts `row` against what was held for its key.
    public mutating func count<Row: Equatable>(_ row: Row, held: Row?) {
        self.rows += 1
        switch held {
        case nil: self.added += 1
        case row?: self.unchanged += 1
        default: self.replaced += 1
        }
    }
}

extension SpendRow {
    /// Millionths as a plain decimal without trailing zeros: `120.5`, `1200`.
    public static func decimal(_ micros: Int64) -> String {
        let (whole, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

extension JSONValue {
    /// A field of an uploaded JSON row as the CSV would hold it: a text trimmed, a number with six decimals (as many
    /// as an amount keeps), anything else empty.
    public var uploadedText: String {
        switch self {
        case .string(let text): text.trimmingCharacters(in: .whitespaces)
        case .number(let number) where number.isFinite: String(format: "%.6f", number)
        default: ""
        }
    }
}
