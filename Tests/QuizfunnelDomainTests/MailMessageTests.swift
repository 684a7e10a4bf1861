import Foundation
import QuizfunnelDomain
import Testing

@Suite("Mail messages as RFC 5322 and MIME write them")
struct MailMessageTests {
    static let sentAt = Date(timeIntervalSince1970: 1_796_283_088)  // Thu, 03 Dec 2026 07:31:28 UTC
    static let from = Mailbox(parsing: "Fairway Golf <hello@fairway.example>")!

    static func message(_ id: String, language: String, to: Mailbox, subject: String, text: String, html: String? = nil) -> MailMessage {
        MailMessage(
            from: Self.from,
            to: to,
            subject: subject,
            date: Self.sentAt,
            messageID: "\(id)@fairway.example",
            language: language,
            text: text,
            html: html,
            extraHeaders: [("List-Unsubscribe", "<https://quiz.example.com/u/TOKEN>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
        )
    }

    static let goldens: [(file: String, message: MailMessage)] = [
        (
            "polish.eml",
            message(
                "pl1",
                language: "pl",
                to: Mailbox(name: "Zażółć Gęślą", address: "jazn@example.pl"),
                subject: "Potwierdź swój adres: Jakim kijem golfowym jesteś?",
                text: "Cześć!\n\nKliknij, aby potwierdzić: https://quiz.example.com/c/abc\n\nŻółw łódź źdźbło.",
                html: "<p>Cześć! <a href=\"https://quiz.example.com/c/abc\">Potwierdzam</a></p>"
            )
        ),
        (
            "russian.eml",
            message(
                "ru1",
                language: "ru",
                to: Mailbox(address: "ivan@example.ru"),
                subject: "Вы — Драйвер! Какая ты клюшка для гольфа? Новейшие драйверы уже ждут тебя в магазине",
                text: "Привет, Иван!\nТы — Драйвер: начинаешь быстро и бьёшь далеко."
            )
        ),
        (
            "finnish.eml",
            message(
                "fi1",
                language: "fi",
                to: Mailbox(name: "Anna Virtanen", address: "anna@example.fi"),
                subject: "Olet Draiveri! Mikä golfmaila olisit?",
                text: "Hei Anna!\n\nLöydät uusimmat draiverit täältä: https://fairway.example/draiverit"
            )
        ),
        (
            "dot-and-long-line.eml",
            message(
                "en1",
                language: "en",
                to: Mailbox(address: "dot@example.com"),
                subject: "A line that starts with a dot",
                text: ".This line starts with a dot.\n" + String(repeating: "0123456789", count: 200) + "\nTrailing space \nend"
            )
        ),
    ]

    /// The golden files were checked with Python's `email` package, which decodes every header and part back to the
    /// texts above.
    @Test(arguments: Self.goldens.map(\.file))
    func messagesMatchTheirGoldenFiles(file: String) throws {
        let message = try #require(Self.goldens.first { $0.file == file }?.message)
        let golden = try String(contentsOfFile: try fixturePath("mail/\(file)"), encoding: .utf8)
        #expect(message.rendered == golden)
    }

    @Test(arguments: Self.goldens.map(\.message.rendered))
    func everyLineIsSevenBitCRLFWithinTheLimits(rendered: String) {
        let lines = rendered.components(separatedBy: "\r\n")
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 })
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        let body = lines.drop { !$0.isEmpty }
        #expect(body.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test func encodedWordsHoldWholeCharactersAndStayWithin75Characters() {
        let subject = MIMEEncoding.headerText(String(repeating: "Żółw ", count: 30))
        let words = subject.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            #expect(payload.flatMap { String(data: $0, encoding: .utf8) } != nil)
        }
    }

    @Test func quotedPrintableEscapesEqualsSignsAndTrailingSpace() {
        #expect(MIMEEncoding.quotedPrintable("a=b \nc\t") == "a=3Db=20\r\nc=09")
        #expect(MIMEEncoding.quotedPrintable("ä") == "=C3=A4")
    }

    @Test func mailboxesAreReadAndWrittenWithTheirNames() {
        #expect(Mailbox(parsing: "Fairway Golf <hello@fairway.example>") == Mailbox(name: "Fairway Golf", address: "hello@fairway.example"))
        #expect(Mailbox(parsing: "\"Golf, Inc.\" <a@b.example>")?.headerValue == "\"Golf, Inc.\" <a@b.example>")
        #expect(Mailbox(parsing: "hello@fairway.example")?.domain == "fairway.example")
        #expect(Mailbox(parsing: "Fairway <not an address>") == nil)
        #expect(Mailbox(parsing: "Fairway Golf") == nil)
    }
}
