import Foundation
import Mustache
import QuizfunnelDomain

/// The Mustache templates of every mail: each quiz's own `"emails"` texts, or the built-in texts of
/// `Public/mail-texts.json` in the lead's language. Parsed once at start-up, and each distinct text once however
/// many quizzes share it.
struct MailTemplates: Sendable {
    enum Part: String, Sendable, CaseIterable {
        case subject, text, html
    }

    /// Built-in texts: locale → kind → part.
    private let builtIn: [String: [String: [String: String]]]
    /// Parsed templates by their source (text parts and subjects with the TEXT content type, so nothing is escaped).
    private let parsed: [String: MustacheTemplate]

    /// A file that could not be used; `serve` refuses to start on it.
    struct LoadingError: Error, CustomStringConvertible {
        var description: String
    }

    init(catalog: QuizCatalog, builtInTexts data: Data) throws {
        let builtIn: [String: [String: [String: String]]]
        do {
            builtIn = try JSONDecoder().decode([String: [String: [String: String]]].self, from: data)
        } catch {
            throw LoadingError(description: "mail-texts.json: not an object of locale → kind → part texts")
        }
        guard builtIn["en"] != nil else { throw LoadingError(description: "mail-texts.json: the English texts are missing") }
        var parsed: [String: MustacheTemplate] = [:]
        func parse(_ source: String, _ part: Part) throws {
            let key = Self.key(source, part)
            if parsed[key] == nil { parsed[key] = try MustacheTemplate(string: key) }
        }
        for (_, kinds) in builtIn {
            for (_, parts) in kinds {
                for part in Part.allCases { if let source = parts[part.rawValue] { try parse(source, part) } }
            }
        }
        for quiz in catalog.quizzes where quiz.emails != nil {
            for locale in quiz.locales {
                for (kind, segment) in [(MailRecord.Kind.confirmation, nil)] + quiz.segments.map({ (MailRecord.Kind.result, $0.id) }) {
                    for part in Part.allCases {
                        if let source = Self.source(quiz: quiz, kind: kind, segmentID: segment, part: part, locale: locale, builtIn: builtIn) {
                            try parse(source, part)
                        }
                    }
                }
            }
        }
        self.builtIn = builtIn
        self.parsed = parsed
    }

    /// The template source of one part of a mail: the segment's override, the quiz's text, or (when the quiz has none
    /// for this mail) the built-in text in `locale`'s language or English.
    func source(quiz: Quiz, kind: MailRecord.Kind, segmentID: String?, part: Part, locale: String) -> String? {
        Self.source(quiz: quiz, kind: kind, segmentID: segmentID, part: part, locale: locale, builtIn: self.builtIn)
    }

    private static func source(
        quiz: Quiz,
        kind: MailRecord.Kind,
        segmentID: String?,
        part: Part,
        locale: String,
        builtIn: [String: [String: [String: String]]]
    ) -> String? {
        let texts = kind == .confirmation ? quiz.emails?.confirmation : quiz.emails?.result
        let override = kind == .result ? segmentID.flatMap { quiz.emails?.segments[$0] } : nil
        let own: LocalizedText? =
            switch part {
            case .subject: override?.subject ?? texts?.subject
            case .text: override?.text ?? texts?.text
            case .html: override?.html ?? texts?.html
            }
        if let own { return own.resolved(for: locale, defaultLocale: quiz.defaultLocale) }
        // A quiz that writes its own mail and no HTML part sends text only.
        if texts != nil || override?.text != nil { return nil }
        let language = String(locale.lowercased().split(separator: "-").first ?? "")
        for candidate in [locale, language, "en"] {
            if let text = builtIn[candidate]?[kind.rawValue]?[part.rawValue] { return text }
        }
        return nil
    }

    /// Renders `source` (as returned by `source(…)`) with `context`.
    func render(_ source: String, part: Part, context: [String: Any]) -> String {
        let key = Self.key(source, part)
        let template = self.parsed[key] ?? (try? MustacheTemplate(string: key))
        return template?.render(context) ?? source
    }

    /// What is parsed: text parts start with Mustache's TEXT content type, HTML parts escape as HTML (the default).
    private static func key(_ source: String, _ part: Part) -> String {
        part == .html ? source : "{{% CONTENT_TYPE: TEXT}}" + source
    }
}
