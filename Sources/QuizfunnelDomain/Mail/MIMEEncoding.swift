import Foundation

/// The encodings that let any text travel through SMTP as 7-bit lines: RFC 2047 encoded-words for headers and
/// RFC 2045 quoted-printable for bodies, so no server needs SMTPUTF8 or 8BITMIME.
public enum MIMEEncoding {
    /// A header text: as it is when it is printable ASCII, else as `=?UTF-8?B?…?=` words of at most 75 characters,
    /// each holding whole characters, joined by folding white space.
    public static func headerText(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.value >= 0x20 && $0.value < 0x7F) }) {
            return self.foldedASCII(text)
        }
        return self.encodedWords(text)
    }

    /// A display name: plain when it is atoms and spaces, quoted when it has specials, encoded-words when not ASCII.
    static func phrase(_ text: String) -> String {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            return self.encodedWords(text)
        }
        let atext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if text.unicodeScalars.allSatisfy(atext.contains) { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Base64 encoded-words: 45 bytes of UTF-8 at most each (60 characters of base64, 72 with the wrapping).
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append(self.encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(self.encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// Printable ASCII folded at spaces so that lines stay near 78 characters (a word longer than that stays whole).
    private static func foldedASCII(_ text: String) -> String {
        guard text.utf8.count > 66 else { return text }
        var lines: [String] = []
        var line: String?
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if let current = line, current.utf8.count + word.utf8.count + 1 > 66, !current.isEmpty {
                lines.append(current)
                line = String(word)
            } else {
                line = line.map { $0 + " " + word } ?? String(word)
            }
        }
        lines.append(line ?? "")
        return lines.joined(separator: "\r\n ")
    }

    /// `text` (any line ends) as quoted-printable lines of at most 76 characters joined by CRLF.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [String] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let bytes = Array(line.utf8)
            var encoded: [UInt8] = []
            var lineLength = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast) {
                    piece = [byte]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                // A soft break (`=` at the end) keeps every encoded line within 76 characters.
                let room = isLast ? 76 : 75
                if lineLength + piece.count > room {
                    encoded += Array("=\r\n".utf8)
                    lineLength = 0
                }
                encoded += piece
                lineLength += piece.count
            }
            output.append(String(decoding: encoded, as: UTF8.self))
        }
        return output.joined(separator: "\r\n")
    }
}
