/// A server's reply: a three-digit code and one or more lines of text (RFC 5321 §4.2).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2yz: done.
    public var isPositive: Bool { (200..<400).contains(self.code) }
    /// 4yz: try again later.
    public var isTransient: Bool { (400..<500).contains(self.code) }
    /// 5yz: will not work as it is.
    public var isPermanent: Bool { self.code >= 500 }

    /// The enhanced status code (RFC 3463) at the start of the first line, such as `5.1.1`, when the server gives one.
    public var enhancedCode: String? {
        guard let first = self.lines.first?.split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    /// `550 5.1.1 No such user`, the first line only: what the outbox and the logs keep.
    public var description: String {
        "\(self.code) \(self.lines.first ?? "")".trimmingCharacters(in: .whitespaces)
    }
}

/// Gathers reply lines (`250-first`, `250-more`, `250 last`) into replies.
struct SMTPReplyParser {
    private var code: Int?
    private var lines: [String] = []

    enum ParseError: Error {
        case malformed(String)
    }

    /// Takes one line without its line end; returns the reply it completes, if any.
    mutating func take(_ line: String) throws -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let code = Int(String(decoding: bytes[0...2], as: UTF8.self))
        else { throw ParseError.malformed(line) }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { throw ParseError.malformed(line) }
        if let current = self.code, current != code { throw ParseError.malformed(line) }
        self.code = code
        self.lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard separator == UInt8(ascii: " ") else { return nil }
        defer {
            self.code = nil
            self.lines = []
        }
        return SMTPReply(code: code, lines: self.lines)
    }
}
