import Foundation

/// A CRM telling quizfunnel that a lead moved on: became a customer worth `amountMicros` of `currency` at `at`. Only
/// `customer` conversions count as customers and revenue in the report; other statuses (`qualified`, `lost`, …) are
/// kept and shown in the person look-up.
public struct Conversion: Sendable, Equatable {
    /// Which lead: its id from the polling feed, or its address (with `quiz` when the address is a lead of several quizzes).
    public enum LeadReference: Sendable, Equatable {
        case id(Int64)
        case email(String)
    }

    public var lead: LeadReference
    public var quiz: String?
    public var amountMicros: Int64
    /// ISO 4217: `EUR`, `USD`.
    public var currency: String
    /// When it happened; `nil` when the CRM did not say: then when it is first recorded.
    public var at: Date?
    public var status: String
    /// The CRM's own id (its deal id): a conversion sent again with it replaces the one held instead of adding one.
    public var externalID: String?
    /// Where the conversion named its lead in the upload (`[2].lead`, `line 3, column email`), for an error about it.
    public var leadPlace: String

    public static let customer = "customer"

    public init(
        lead: LeadReference,
        quiz: String? = nil,
        amountMicros: Int64,
        currency: String,
        at: Date? = nil,
        status: String = Self.customer,
        externalID: String? = nil,
        leadPlace: String = "lead"
    ) {
        self.lead = lead
        self.quiz = quiz
        self.amountMicros = amountMicros
        self.currency = currency
        self.at = at
        self.status = status
        self.externalID = externalID
        self.leadPlace = leadPlace
    }

    public var amount: Double { Double(self.amountMicros) / 1_000_000 }
}

/// Reads conversions a CRM posts: one JSON object, a JSON array of them, or a CSV file with the same names as columns
/// (`lead` or `email`, `value`, `currency`, and optionally `at`, `status`, `id`, `quiz`; header names in any case, comma
/// or semicolon). Every conversion is checked; one bad one refuses the upload.
public enum ConversionImport {
    public static func parse(json data: Data) throws(ImportError) -> [Conversion] {
        let items: [JSONValue]
        var single = false
        switch try? JSONDecoder().decode(JSONValue.self, from: data) {
        case .array(let array)?: items = array
        case let object?:
            items = [object]
            single = true
        case nil:
            throw ImportError(
                place: "body",
                message: "expected a conversion as a JSON object, an array of them, or a CSV file with Content-Type text/csv"
            )
        }
        var conversions: [Conversion] = []
        for (index, item) in items.enumerated() {
            let place = single ? "" : "[\(index)]"
            guard case .object(let object) = item else { throw ImportError(place: place.isEmpty ? "body" : place, message: "expected an object") }
            let fields = Dictionary(object.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            conversions.append(
                try self.conversion(
                    fieldPlace: { place.isEmpty ? $0 : "\(place).\($0)" },
                    value: { fields[$0].map(Self.text) ?? "" },
                    decimalComma: false
                )
            )
        }
        return conversions
    }

    public static func parse(csv text: String) throws(ImportError) -> [Conversion] {
        guard let table = CSVTable(text) else {
            throw ImportError(place: "line 1", message: "the file is empty; it starts with a header such as lead,value,currency,at,status,id")
        }
        guard table.has("lead") || table.has("email") else {
            throw ImportError(place: "line 1, column lead", message: "the header names neither lead nor email")
        }
        for name in ["value", "currency"] where !table.has(name) {
            throw ImportError(place: "line 1, column \(name)", message: "missing from the header")
        }
        var conversions: [Conversion] = []
        for (line, fields) in table.rows {
            conversions.append(
                try self.conversion(
                    fieldPlace: { "line \(line), column \($0)" },
                    value: { table.value($0, in: fields) },
                    decimalComma: table.delimiter == ";"
                )
            )
        }
        return conversions
    }

    /// A lead id may come as a JSON number; other fields as the CSV holds them.
    static func text(_ value: JSONValue) -> String {
        if case .number(let number) = value, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return value.uploadedText
    }

    static func conversion(
        fieldPlace: (String) -> String,
        value: (String) -> String,
        decimalComma: Bool
    ) throws(ImportError) -> Conversion {
        func fail(_ field: String, _ message: String) -> ImportError { ImportError(place: fieldPlace(field), message: message) }
        let lead: Conversion.LeadReference
        let id = value("lead")
        let email = value("email")
        if !id.isEmpty {
            guard let number = Int64(id), number > 0 else { throw fail("lead", "\"\(id)\" is not a lead id from the polling feed") }
            lead = .id(number)
        } else if !email.isEmpty {
            guard let address = try? EmailAddress(validating: email) else { throw fail("email", "\"\(email)\" is not an email address") }
            lead = .email(address.key)
        } else {
            throw fail("lead", "give the lead's id (from the polling feed) or its email")
        }
        let amount = value("value")
        guard let amountMicros = SpendImport.micros(amount, decimalComma: decimalComma) else {
            throw fail("value", "\"\(amount)\" is not an amount such as 1200.50 (no thousands separators, not negative)")
        }
        guard let currency = SpendImport.currencyCode(value("currency")) else {
            throw fail("currency", "\"\(value("currency"))\" is not a currency code such as EUR")
        }
        let atText = value("at")
        var at: Date?
        if !atText.isEmpty {
            guard let parsed = Timestamp.parse(atText) else { throw fail("at", "\"\(atText)\" is not an ISO 8601 time such as 2026-11-23T09:30:00Z") }
            at = parsed
        }
        let status = value("status").isEmpty ? Conversion.customer : value("status").lowercased()
        guard status.count <= 32, status.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" || $0 == "_" }) else {
            throw fail("status", "\"\(value("status"))\" is not a status such as customer, qualified or lost")
        }
        let externalID = value("id")
        guard externalID.count <= 200, !externalID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("id", "must be at most 200 characters without control characters")
        }
        let quiz = value("quiz")
        return Conversion(
            lead: lead,
            quiz: quiz.isEmpty ? nil : quiz,
            amountMicros: amountMicros,
            currency: currency,
            at: at,
            status: status,
            externalID: externalID.isEmpty ? nil : externalID,
            leadPlace: fieldPlace(id.isEmpty ? "email" : "lead")
        )
    }
}
