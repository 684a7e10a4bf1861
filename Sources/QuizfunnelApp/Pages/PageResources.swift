import Foundation
import Mustache

/// What the server-rendered pages are made of, read once from the public folder at start-up: the Mustache templates
/// of the pages (parsed once), the dashboard, the interface strings and the built-in mail texts.
public struct PageResources: Sendable {
    let play: MustacheTemplate
    let index: MustacheTemplate
    let share: MustacheTemplate
    let admin: String
    /// The page behind a mailed link (unsubscribe, confirm).
    let link: LinkPage
    let strings: InterfaceStrings
    /// `mail-texts.json`: the mails of quizzes that write none of their own.
    let mailTexts: Data
    let publicFolder: String

    /// A file that could not be read; `serve` refuses to start on it.
    public struct LoadingError: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(self.file): \(self.reason)" }
    }

    /// Reads the templates, pointing their scripts and styles at `assets`' content-hashed names.
    static func load(publicFolder: String, assets: StaticAssets) throws(LoadingError) -> PageResources {
        let folder = PublicFolder(publicFolder)
        func read(_ name: String) throws(LoadingError) -> Data {
            guard let data = folder.contents(of: name) else {
                throw LoadingError(file: (publicFolder as NSString).appendingPathComponent(name), reason: "cannot read the file inside the folder")
            }
            return data
        }
        func page(_ name: String) throws(LoadingError) -> String {
            assets.rewritingReferences(in: String(decoding: try read(name), as: UTF8.self))
        }
        func template(_ name: String) throws(LoadingError) -> MustacheTemplate {
            do {
                return try MustacheTemplate(string: try page(name))
            } catch let error as LoadingError {
                throw error
            } catch {
                throw LoadingError(file: (publicFolder as NSString).appendingPathComponent(name), reason: "not a Mustache template: \(error)")
            }
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
            admin: try page("admin.html"),
            link: LinkPage(template: try template("link.html"), strings: strings),
            strings: strings,
            mailTexts: try read("mail-texts.json"),
            publicFolder: publicFolder
        )
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
