import Foundation

/// One mail as RFC 5322 and MIME describe it: the headers that every message needs, a UTF-8 text part and an optional
/// HTML part, each in quoted-printable, so that `rendered` is 7-bit CRLF lines of at most 998 octets.
public struct MailMessage: Sendable, Equatable {
    public var from: Mailbox
    public var replyTo: Mailbox?
    public var to: Mailbox
    public var subject: String
    public var date: Date
    /// The id inside the angle brackets, `random@from-domain`; the same on every attempt to send this mail.
    public var messageID: String
    /// The locale the texts are written in, for `Content-Language`.
    public var language: String?
    public var text: String
    public var html: String?
    /// Further headers in order (`List-Unsubscribe`, `Auto-Submitted`, …), values already ASCII.
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: Mailbox,
        replyTo: Mailbox? = nil,
        to: Mailbox,
        subject: String,
        date: Date,
        messageID: String,
        language: String? = nil,
        text: String,
        html: String? = nil,
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.language = language
        self.text = text
        self.html = html
        self.extraHeaders = extraHeaders
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.rendered == rhs.rendered
    }

    /// The whole message, headers and body, with CRLF line ends.
    public var rendered: String {
        var headers: [(String, String)] = [
            ("From", self.from.headerValue)
        ]
        if let replyTo { headers.append(("Reply-To", replyTo.headerValue)) }
        headers += [
            ("To", self.to.headerValue),
            ("Subject", MIMEEncoding.headerText(self.subject)),
            ("Date", Self.dateHeader(self.date)),
            ("Message-ID", "<\(self.messageID)>"),
            ("MIME-Version", "1.0"),
        ]
        if let language { headers.append(("Content-Language", language)) }
        headers += self.extraHeaders.map { ($0.name, $0.value) }
        var body: String
        if let html {
            let boundary =
                "=_quizfunnel_"
                + String(
                    self.messageID.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.prefix(24).map(Character.init)
                )
            headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
            body = "This is a multipart message in MIME format.\r\n"
            body += "\r\n--\(boundary)\r\n" + Self.part(type: "text/plain", self.text)
            body += "\r\n--\(boundary)\r\n" + Self.part(type: "text/html", html)
            body += "\r\n--\(boundary)--\r\n"
        } else {
            headers.append(("Content-Type", "text/plain; charset=UTF-8"))
            headers.append(("Content-Transfer-Encoding", "quoted-printable"))
            body = MIMEEncoding.quotedPrintable(self.text) + "\r\n"
        }
        return headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n" + body
    }

    private static func part(type: String, _ content: String) -> String {
        "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + MIMEEncoding.quotedPrintable(content) + "\r\n"
    }

    /// `Thu, 03 Dec 2026 07:31:28 +0000`, in UTC, as RFC 5322 §3.3 writes it.
    static func dateHeader(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[parts.weekday! - 1]), \(two(parts.day)) \(months[parts.month! - 1]) \(parts.year!) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
