import Foundation
import Mustache
import QuizfunnelDomain
import Synchronization

/// What `quizfunnel check` (and `serve` at start-up) finds wrong in a quiz's mail templates, by file and JSON path:
/// a template Mustache cannot read, a placeholder the mail does not have, a confirmation without its link.
public enum MailTemplateCheck {
    /// The placeholders of each mail. The confirmation carries no offer, so it knows no segment.
    static let confirmationPlaceholders: Set = ["confirmUrl", "rejectUrl", "expiresAt", "name", "quiz.title", "quiz.description"]
    static let resultPlaceholders: Set = [
        "unsubscribeUrl", "name", "quiz.title", "quiz.description", "segment.id", "segment.title", "segment.description",
        "segment.image", "segment.cta", "segment.cta.label", "segment.cta.url", "segment.products", "title", "url", "image", "price",
    ]

    public static func problems(in quiz: Quiz, file: String) -> [QuizProblem] {
        guard let emails = quiz.emails else { return [] }
        let root = JSONPath.root.appending("emails")
        var problems: [QuizProblem] = []
        func check(_ text: LocalizedText?, at path: JSONPath, known: Set<String>, needsConfirmURL: Bool = false) {
            guard let text else { return }
            let sources: [(JSONPath, String)] =
                switch text {
                case .universal(let source): [(path, source)]
                case .perLocale(let texts): texts.sorted { $0.key < $1.key }.map { (path.appending($0.key), $0.value) }
                }
            for (path, source) in sources {
                for message in Self.messages(for: source, known: known, needsConfirmURL: needsConfirmURL) {
                    problems.append(QuizProblem(file: file, path: path, message: message))
                }
            }
        }
        if let confirmation = emails.confirmation {
            let path = root.appending("confirmation")
            check(confirmation.subject, at: path.appending("subject"), known: Self.confirmationPlaceholders)
            check(confirmation.text, at: path.appending("text"), known: Self.confirmationPlaceholders, needsConfirmURL: true)
            check(confirmation.html, at: path.appending("html"), known: Self.confirmationPlaceholders, needsConfirmURL: true)
        }
        var results: [(JSONPath, LocalizedText?)] = []
        if let result = emails.result {
            let path = root.appending("result")
            results += [(path.appending("subject"), result.subject), (path.appending("text"), result.text), (path.appending("html"), result.html)]
        }
        for (id, override) in emails.segments.sorted(by: { $0.key < $1.key }) {
            let path = root.appending("segments").appending(id)
            results += [
                (path.appending("subject"), override.subject), (path.appending("text"), override.text), (path.appending("html"), override.html),
            ]
        }
        for (path, text) in results { check(text, at: path, known: Self.resultPlaceholders) }
        return problems
    }

    /// The problems of each distinct template text, checked once however many quizzes share it (a marketer's copies
    /// of one quiz do, and `serve` checks every quiz at start-up).
    private static let checked = Mutex<[CheckKey: [String]]>([:])

    private struct CheckKey: Hashable {
        var source: String
        var known: Set<String>
        var needsConfirmURL: Bool
    }

    private static func messages(for source: String, known: Set<String>, needsConfirmURL: Bool) -> [String] {
        let key = CheckKey(source: source, known: known, needsConfirmURL: needsConfirmURL)
        if let messages = Self.checked.withLock({ $0[key] }) { return messages }
        let messages = Self.uncachedMessages(for: source, known: known, needsConfirmURL: needsConfirmURL)
        Self.checked.withLock { $0[key] = messages }
        return messages
    }

    private static func uncachedMessages(for source: String, known: Set<String>, needsConfirmURL: Bool) -> [String] {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: source)
        } catch {
            return ["not a valid Mustache template (\(error))"]
        }
        let recorder = PlaceholderRecorder(known: known)
        _ = template.render(recorder)
        var messages = recorder.unknown.sorted().map { "unknown placeholder {{\($0)}}; known here: \(known.sorted().joined(separator: ", "))" }
        if needsConfirmURL, !recorder.used.contains("confirmUrl") {
            messages.append("must contain {{confirmUrl}}: the confirmation mail is for its link")
        }
        return messages
    }
}

/// A render context that answers every known placeholder with a sample value and notes each name it was asked for.
///
/// A name asked of a section's object that its root knows (Mustache looks up the context stack) is not unknown.
private final class PlaceholderRecorder: MustacheParent, @unchecked Sendable {
    let known: Set<String>
    let prefix: String
    private let root: PlaceholderRecorder?
    private var asked: Set<String> = []
    private(set) var used: Set<String> = []
    private var missed: Set<String> = []

    init(known: Set<String>, prefix: String = "", root: PlaceholderRecorder? = nil) {
        self.known = known
        self.prefix = prefix
        self.root = root
    }

    func child(named name: String) -> Any? {
        let full = self.prefix + name
        let top = self.root ?? self
        let isObject = self.known.contains { $0.hasPrefix(full + ".") }
        if self.known.contains(full) || isObject {
            top.used.insert(full)
            top.asked.insert(name)
            return isObject ? PlaceholderRecorder(known: self.known, prefix: full + ".", root: top) : "sample"
        }
        top.missed.insert(full)
        return nil
    }

    /// Names never answered, by their full path: a name inside a section counts as answered when any level of the
    /// context answered it.
    var unknown: Set<String> {
        self.missed.filter { full in
            guard let last = full.split(separator: ".").last, full.contains(".") else { return !self.used.contains(full) }
            return !self.asked.contains(String(last))
        }
    }
}
