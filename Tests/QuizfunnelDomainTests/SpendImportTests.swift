import Foundation
import QuizfunnelDomain
import Testing

/// Spend as marketers export it from spreadsheets and ad platforms: every row read exactly, or the first bad one named.
@Suite struct SpendImportTests {
    static let quizzes: Set = ["golf-club"]

    @Test func aCommaFileWithAnyCaseHeadersIsRead() throws {
        let csv = """
            \u{FEFF}date,EXPENSES,Currency,utmSource,UTMMedium,UTMCampaign,Quiz\r
            2026-11-01,120.5,eur,facebook,cpc,"spring, golf",golf-club\r
            \r
            2026-11-02,1200,USD,linkedin,,,\r

            """

        let rows = try SpendImport.parse(csv: csv, knownQuizzes: Self.quizzes)

        #expect(
            rows == [
                SpendRow(
                    day: "2026-11-01",
                    amountMicros: 120_500_000,
                    currency: "EUR",
                    source: "facebook",
                    medium: "cpc",
                    campaign: "spring, golf",
                    quiz: "golf-club"
                ),
                SpendRow(day: "2026-11-02", amountMicros: 1_200_000_000, currency: "USD", source: "linkedin"),
            ]
        )
    }

    @Test func aSemicolonFileHasDecimalCommasAndMayLeaveOutTheOptionalColumns() throws {
        let csv = "Date;Expenses;Currency;UTMSource\n2026-11-01;12,75;PLN;instagram\n"

        let rows = try SpendImport.parse(csv: csv, knownQuizzes: Self.quizzes)

        #expect(rows == [SpendRow(day: "2026-11-01", amountMicros: 12_750_000, currency: "PLN", source: "instagram")])
    }

    @Test(arguments: [
        ("Date,Expenses,UTMSource\n", "line 1, column Currency: missing from the header"),
        ("", "line 1: the file is empty; it starts with the header Date,Expenses,Currency,UTMSource"),
        (
            "Date,Expenses,Currency,UTMSource\n2026-11-01,1,EUR,x\n2026-02-30,1,EUR,x\n",
            "line 3, column Date: \"2026-02-30\" is not a day such as 2026-11-23"
        ),
        (
            "Date,Expenses,Currency,UTMSource\n2026-11-01,\"1,234.50\",EUR,x\n",
            "line 2, column Expenses: \"1,234.50\" is not an amount such as 120.50 (no thousands separators, not negative)"
        ),
        (
            "Date,Expenses,Currency,UTMSource\n2026-11-01,-5,EUR,x\n",
            "line 2, column Expenses: \"-5\" is not an amount such as 120.50 (no thousands separators, not negative)"
        ),
        (
            "Date,Expenses,Currency,UTMSource\n2026-11-01,1.1234567,EUR,x\n",
            "line 2, column Expenses: \"1.1234567\" is not an amount such as 120.50 (no thousands separators, not negative)"
        ),
        ("Date,Expenses,Currency,UTMSource\n2026-11-01,1,euro,x\n", "line 2, column Currency: \"euro\" is not a currency code such as EUR"),
        ("Date,Expenses,Currency,UTMSource\n2026-11-01,1,EUR,\n", "line 2, column UTMSource: is empty"),
        ("Date,Expenses,Currency,UTMSource,Quiz\n2026-11-01,1,EUR,x,croquet\n", "line 2, column Quiz: unknown quiz \"croquet\""),
    ])
    func theFirstBadRowIsNamedByLineAndColumn(csv: String, message: String) {
        #expect(throws: ImportError.self) { try SpendImport.parse(csv: csv, knownQuizzes: Self.quizzes) }
        #expect((try? SpendImport.parse(csv: csv, knownQuizzes: Self.quizzes)) == nil)
        do {
            _ = try SpendImport.parse(csv: csv, knownQuizzes: Self.quizzes)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func jsonRowsUseTheSameNames() throws {
        let json =
            #"[{"date": "2026-11-01", "expenses": 99.9, "currency": "EUR", "utmSource": "facebook"}, {"Date": "2026-11-02", "Expenses": "5", "Currency": "EUR", "UTMSource": "x", "UTMCampaign": "c"}]"#

        let rows = try SpendImport.parse(json: Data(json.utf8), knownQuizzes: Self.quizzes)

        #expect(rows.map(\.amountMicros) == [99_900_000, 5_000_000])
        #expect(rows[1].campaign == "c")
        do {
            _ = try SpendImport.parse(
                json: Data(#"[{"date": "2026-11-01", "expenses": -1, "currency": "EUR", "utmSource": "x"}]"#.utf8),
                knownQuizzes: []
            )
            Issue.record("a negative amount was taken")
        } catch {
            #expect(error.place == "[0].Expenses")
        }
    }

    @Test func millionthsPrintAsPlainDecimals() {
        #expect([120_500_000, 1_200_000_000, 1, 0].map { SpendRow.decimal(Int64($0)) } == ["120.5", "1200", "0.000001", "0"])
    }
}
