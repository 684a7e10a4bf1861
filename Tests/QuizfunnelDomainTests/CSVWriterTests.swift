import Foundation
import QuizfunnelDomain
import Testing

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("Virtanen, Anna", "\"Virtanen, Anna\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("crlf\r\nline", "\"crlf\r\nline\""),
        ("Łódź Ёлка", "Łódź Ёлка"),
        ("", ""),
    ])
    func quotesOnlyWhatRFC4180Requires(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""),
        ("+1 555", "\"'+1 555\""),
        ("-2+3", "\"'-2+3\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tcmd", "\"'\tcmd\""),
        ("\rcmd", "\"'\rcmd\""),
    ])
    func neutralisesCellsThatStartLikeFormulas(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test func aRecordEndsWithCRLF() {
        #expect(CSVWriter.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
        #expect(CSVWriter.record(["a", "b;c"], delimiter: ";") == "a;\"b;c\"\r\n")
    }

    @Test func theLeadCSVStartsWithTheContractColumns() {
        #expect(
            LeadExportWriter().header().hasPrefix(
                "email,name,quiz,segment,consent_version,consent_text,consent_locale,consented_at,"
                    + "utm_source,utm_medium,utm_campaign,utm_term,utm_content,ref,created_at,updated_at,status,"
            )
        )
        #expect(
            LeadExportWriter().header().hasSuffix(
                ",status,consent_text_sha256,consent_method,consent_origin,unsubscribe_url,confirmed_at,variant\r\n"
            )
        )
    }

    @Test func aLeadRowCarriesItsConsentRecordAndAttribution() {
        let time = Date(timeIntervalSince1970: 1_795_000_000)
        let lead = Lead(
            email: "anna@example.com",
            name: "=Анна, \"A\"",
            quizID: "golf-club",
            segmentID: "driver",
            consent: ConsentRecord(
                version: "2026-11-23",
                text: "Yes, email me.",
                textSHA256: "3b1f",
                origin: "https://shop.example.com",
                locale: "ru",
                consentedAt: time
            ),
            utm: UTM(source: "facebook", medium: "social", campaign: "launch"),
            ref: "krysia",
            createdAt: time,
            updatedAt: time,
            unsubscribeURL: "https://quiz.example.com/u/token",
            variant: "b"
        )

        let expected =
            "anna@example.com,\"'=Анна, \"\"A\"\"\",golf-club,driver,"
            + "2026-11-23,\"Yes, email me.\",ru,2026-11-18T11:06:40Z,"
            + "facebook,social,launch,,,krysia,"
            + "2026-11-18T11:06:40Z,2026-11-18T11:06:40Z,subscribed,"
            + "3b1f,checkbox,https://shop.example.com,https://quiz.example.com/u/token,,b\r\n"
        #expect(LeadExportWriter().rows([lead]) == expected)
    }
}
