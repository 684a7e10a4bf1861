import Foundation

/// What the server-rendered pages are made of, read once from the public folder at start-up: the HTML templates
/// and the interface strings.
public struct PageResources: Sendable {
    let play: String
    let index: String
    let share: String
    let admin: String
    let unsubscribe: String
    let strings: InterfaceStrings
    let publicFolder: String

    /// A file that could not be read; `serve` refuses to start on it.
    public struct LoadingError: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(self.file): \(self.reason)" }
    }

    /// Reads the templates, pointing their scripts and styles at `assets`' content-hashed names.
    static func load(publicFolder: String, assets: StaticAssets) throws(LoadingError) -> PageResources {
        func read(_ name: String) throws(LoadingError) -> Data {
            let path = (publicFolder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { throw LoadingError(file: path, reason: "cannot read the file") }
            return data
        }
        func template(_ name: String) throws(LoadingError) -> String {
            assets.rewritingReferences(in: String(decoding: try read(name), as: UTF8.self))
        }
        let strings: InterfaceStrings
        do {
            strings = try InterfaceStrings(json: try read("i18n.json"))
        } catch let error as LoadingError {
            throw error
        } catch {
            throw LoadingError(file: (publicFolder as NSString).appendingPathComponent("i18n.json"), reason: "not an object of string tables")
        }
        return PageResources(
            play: try template("play.html"),
            index: try template("index.html"),
            share: try template("share.html"),
            admin: try template("admin.html"),
            unsubscribe: try template("unsubscribe.html"),
            strings: strings,
            publicFolder: publicFolder
        )
    }

    /// `template` with each `{{key}}` replaced by its escaped value; `trusted` values are inserted as they are; a key in
    /// neither is left in place. One pass over the template: Foundation's `replacingOccurrences`, once per key, was
    /// two thirds of start-up with 200 quizzes in the profile (see BENCHMARKS.md).
    static func render(_ template: String, values: [String: String], trusted: [String: String] = [:]) -> String {
        var page = ""
        page.reserveCapacity(template.utf8.count + trusted.values.reduce(0) { $0 + $1.utf8.count })
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            page += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if let value = values[key] {
                page += HTML.escape(value)
            } else if let value = trusted[key] {
                page += value
            } else {
                page += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        page += rest
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
