import Foundation
import QuizfunnelDomain
import Testing

/// Each preset's export of the same awkward leads is compared byte for byte with a committed golden file, so any
/// change to what a CRM receives is a reviewed change. Run with `QUIZFUNNEL_RECORD_GOLDEN=1` to rewrite the files
/// (the run then fails, so a recording is never mistaken for a pass).
@Suite struct ExportPresetTests {
    static let cases: [(file: String, writer: LeadExportWriter)] =
        ExportFormat.allCases.map { format in
            ("\(format.rawValue).\(format == .ndjson ? "ndjson" : "csv")", LeadExportWriter(format: format))
        } + [("brevo-semicolon-bom.csv", LeadExportWriter(format: .brevo, includesByteOrderMark: true, delimiter: ";"))]

    @Test(arguments: cases)
    func matchesItsGoldenFile(file: String, writer: LeadExportWriter) throws {
        let export = writer.header() + writer.rows(GoldenLeads.all)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden/\(file)")

        if ProcessInfo.processInfo.environment["QUIZFUNNEL_RECORD_GOLDEN"] == "1" {
            try Data(export.utf8).write(to: golden)
            Issue.record("recorded \(file); rerun without QUIZFUNNEL_RECORD_GOLDEN")
            return
        }
        #expect(Data(export.utf8) == (try Data(contentsOf: golden)), "\(file) differs from its golden file")
    }

    @Test func emailsAreNeverPrefixedAndFormulasAlwaysAre() {
        for format in ExportFormat.allCases where format != .ndjson {
            let rows = LeadExportWriter(format: format).rows(GoldenLeads.all)

            #expect(!rows.contains("'anna"), "\(format)")
            #expect(rows.contains("\"'=cmd|'"), "\(format) must neutralise the formula name")
            #expect(!rows.contains(",=") && !rows.contains("\n="), "\(format) has a cell starting with a bare =")
        }
    }

    @Test func klaviyoStartsWithEmailAndSalesforceFillsItsRequiredColumns() {
        let klaviyo = LeadExportWriter(format: .klaviyo).header()
        let salesforce = LeadExportWriter(format: .salesforce).rows([GoldenLeads.all[5]])

        #expect(klaviyo.hasPrefix("Email,"))
        #expect(salesforce.hasPrefix(",[not provided],nameless@example.com,[not provided],Quiz,0,"))
    }

    @Test func namesSplitIntoFirstAndRest() {
        #expect(PersonName(splitting: "Anna Maria Virtanen") == PersonName(splitting: "  Anna   Maria Virtanen "))
        #expect(PersonName(splitting: "Anna Maria Virtanen").first == "Anna")
        #expect(PersonName(splitting: "Anna Maria Virtanen").last == "Maria Virtanen")
        #expect(PersonName(splitting: "Smith, John\nJunior") == PersonName(first: "John Junior", last: "Smith"))
        #expect(PersonName(splitting: nil).first.isEmpty)
    }
}

/// Leads whose names and texts break naive exporters: accents, Cyrillic, commas, quotes, line breaks, a formula.
enum GoldenLeads {
    static let consentedAt = Date(timeIntervalSince1970: 1_795_425_000)  // 2026-11-23T09:10:00Z

    static func lead(
        _ id: Int64,
        _ email: String,
        _ name: String?,
        status: LeadStatus = .subscribed,
        utm: UTM = UTM(),
        ref: String? = nil,
        confirmedAt: Date? = nil
    ) -> Lead {
        Lead(
            id: id,
            status: status,
            email: email,
            name: name,
            quizID: "golf-club",
            segmentID: id % 2 == 0 ? "driver" : "putter",
            consent: ConsentRecord(
                version: "2026-11-23",
                text: "Yes, email me golf tips from \"Fairway Golf\".\nI can unsubscribe at any time.",
                textSHA256: "83de04d9c2ab248d4c945ee4284304c51993ae87bcd70f672d65f3c531cdddd9",
                method: confirmedAt == nil ? ConsentRecord.checkbox : ConsentRecord.doubleOptIn,
                origin: id == 1 ? "https://shop.example.com" : "https://quiz.example.com",
                locale: id == 3 ? "ru" : "fi",
                consentedAt: self.consentedAt,
                confirmedAt: confirmedAt
            ),
            utm: utm,
            ref: ref,
            createdAt: self.consentedAt,
            updatedAt: self.consentedAt.addingTimeInterval(Double(id) * 60),
            unsubscribeURL: "https://quiz.example.com/u/golden-token-\(id)-abcdefghijklmnopqrstu",
            variant: [2: "a", 3: "b"][id]
        )
    }

    static let all: [Lead] = [
        lead(1, "anna-liisa@example.fi", "Anna-Liisa Väänänen", utm: UTM(source: "facebook", medium: "social", campaign: "spring, 2026")),
        lead(2, "Pekka.Ö@example.fi", "Pekka \"Pete\" Öhman", ref: "krysia", confirmedAt: consentedAt.addingTimeInterval(95)),
        lead(3, "anna@example.ru", "Анна Петрова"),
        lead(4, "smith@example.com", "Smith, John\nJunior", status: .unsubscribed),
        lead(5, "eve@example.com", "=cmd|' /C calc'!A0"),
        lead(6, "nameless@example.com", nil, utm: UTM(source: "newsletter")),
    ]
}
