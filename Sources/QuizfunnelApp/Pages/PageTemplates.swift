import Foundation

/// The HTML pages rendered on the server, read once from the public folder at start-up.
///
/// Placeholders such as `{{title}}` are replaced with HTML-escaped values, so quiz texts always show as text.
public struct PageTemplates: Sendable {
    let play: String
    let index: String

    /// A template that could not be read; `serve` refuses to start on it.
    public struct LoadingError: Error, CustomStringConvertible {
        public var file: String
        public var description: String { "\(self.file): cannot read the page template" }
    }

    public static func load(publicFolder: String) throws(LoadingError) -> PageTemplates {
        func read(_ name: String) throws(LoadingError) -> String {
            let path = (publicFolder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw LoadingError(file: path)
            }
            return text
        }
        return PageTemplates(play: try read("play.html"), index: try read("index.html"))
    }

    /// `template` with each `{{key}}` replaced by its escaped value; `trustedHTML` values are inserted as they are.
    static func render(_ template: String, values: [String: String], trustedHTML: [String: String] = [:]) -> String {
        var page = template
        for (key, value) in values {
            page = page.replacingOccurrences(of: "{{\(key)}}", with: HTML.escape(value))
        }
        for (key, html) in trustedHTML {
            page = page.replacingOccurrences(of: "{{\(key)}}", with: html)
        }
        return page
    }
}

/// Escaping for text and attribute values in HTML.
enum HTML {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
