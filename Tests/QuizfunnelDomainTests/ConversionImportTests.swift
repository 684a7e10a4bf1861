import Foundation
import QuizfunnelDomain
import Testing

/// Conversions as a CRM sends them (one, a batch, a CSV), and the names and teams of `Refs.json`.
@Suite struct ConversionImportTests {
    @Test func oneObjectABatchAndACSVAreRead() throws {
        let one = try ConversionImport.parse(json: Data(#"{"lead": 42, "value": 1200, "currency": "eur", "id": "deal-1"}"#.utf8))
        let batch = try ConversionImport.parse(
            json: Data(
                #"[{"email": " Anna@Example.com ", "quiz": "golf-club", "value": "99.90", "currency": "PLN", "status": "Qualified", "at": "2026-11-20"}]"#
                    .utf8
            )
        )
        let csv = try ConversionImport.parse(csv: "LEAD;Value;Currency;At\n7;12,50;USD;2026-11-21T09:30:00Z\n")

        #expect(
            one == [Conversion(lead: .id(42), amountMicros: 1_200_000_000, currency: "EUR", externalID: "deal-1", leadPlace: "lead")]
        )
        #expect(
            batch == [
                Conversion(
                    lead: .email("anna@example.com"),
                    quiz: "golf-club",
                    amountMicros: 99_900_000,
                    currency: "PLN",
                    at: Timestamp.parse("2026-11-20")!,
                    status: "qualified",
                    leadPlace: "[0].email"
                )
            ]
        )
        #expect(
            csv == [
                Conversion(
                    lead: .id(7),
                    amountMicros: 12_500_000,
                    currency: "USD",
                    at: Timestamp.parse("2026-11-21T09:30:00Z")!,
                    leadPlace: "line 2, column lead"
                )
            ]
        )
    }

    @Test(arguments: [
        (#"{"value": 1, "currency": "EUR"}"#, "lead: give the lead's id (from the polling feed) or its email"),
        (
            #"[{"lead": 1, "value": 1, "currency": "EUR"}, {"lead": -3, "value": 1, "currency": "EUR"}]"#,
            #"[1].lead: "-3" is not a lead id from the polling feed"#
        ),
        (#"{"email": "not-an-address", "value": 1, "currency": "EUR"}"#, #"email: "not-an-address" is not an email address"#),
        (
            #"{"lead": 1, "value": "1,200", "currency": "EUR"}"#,
            #"value: "1,200" is not an amount such as 1200.50 (no thousands separators, not negative)"#
        ),
        (#"{"lead": 1, "value": 1, "currency": "euro"}"#, #"currency: "euro" is not a currency code such as EUR"#),
        (#"{"lead": 1, "value": 1, "currency": "EUR", "at": "yesterday"}"#, #"at: "yesterday" is not an ISO 8601 time such as 2026-11-23T09:30:00Z"#),
        (#"{"lead": 1, "value": 1, "currency": "EUR", "status": "won!"}"#, #"status: "won!" is not a status such as customer, qualified or lost"#),
        (#""customer""#, "body: expected an object"),
    ])
    func aBadConversionIsNamed(json: String, message: String) {
        #expect(throws: ImportError.self) { try ConversionImport.parse(json: Data(json.utf8)) }
        do {
            _ = try ConversionImport.parse(json: Data(json.utf8))
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aCSVNeedsALeadOrAnEmailColumn() {
        #expect(throws: ImportError(place: "line 1, column lead", message: "the header names neither lead nor email")) {
            try ConversionImport.parse(csv: "value,currency\n1,EUR\n")
        }
    }

    @Test func refsGiveNamesAndTeams() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try RefDirectory.load(folder: folder.path) == RefDirectory(), "no Refs.json: nobody named")

        try Data(#"{"krysia": {"name": "Krysia", "team": "Warehouse"}, "tomek": {}}"#.utf8).write(to: folder.appendingPathComponent("Refs.json"))
        #expect(try RefDirectory.load(folder: folder.path).people == ["krysia": .init(name: "Krysia", team: "Warehouse"), "tomek": .init()])

        try Data(#"{"krysia": {"name": "Krysia", "teem": "Warehouse"}}"#.utf8).write(to: folder.appendingPathComponent("Refs.json"))
        #expect(throws: QuizLoadingError.self) { try RefDirectory.load(folder: folder.path) }
        do {
            _ = try RefDirectory.load(folder: folder.path)
        } catch {
            #expect(error.description.hasSuffix("Refs.json: krysia.teem: unknown field; a ref has \"name\" and \"team\""))
        }
    }
}
