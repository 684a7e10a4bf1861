/// Reads typed fields out of a `JSONValue`, recording a `QuizProblem` at the right path for each one that is wrong.
struct QuizReader {
    let file: String
    private(set) var problems: [QuizProblem] = []
    /// Declared locales, once read, so that every text can be checked against them.
    var locales: [String] = []

    init(file: String) {
        self.file = file
    }

    mutating func report(_ path: JSONPath, _ message: String) {
        self.problems.append(QuizProblem(file: self.file, path: path, message: message))
    }

    /// The object at `path`, reporting keys that the format does not know (usually a typo).
    /// `allowedKeys: nil` takes any key (an object keyed by ids).
    mutating func object(_ value: JSONValue, at path: JSONPath, allowedKeys: Set<String>?) -> [String: JSONValue]? {
        guard case .object(let fields) = value else {
            self.report(path, "expected an object, found \(value.typeName)")
            return nil
        }
        for key in fields.keys.sorted() where !(allowedKeys?.contains(key) ?? true) {
            self.report(path.appending(key), "unknown field \"\(key)\"")
        }
        return fields
    }

    /// The field `key`, reporting it when it is missing and `isRequired`.
    mutating func field(_ key: String, in fields: [String: JSONValue], at path: JSONPath, isRequired: Bool = true) -> JSONValue? {
        guard let value = fields[key], value != .null else {
            if isRequired { self.report(path.appending(key), "missing required field") }
            return nil
        }
        return value
    }

    mutating func string(_ value: JSONValue?, at path: JSONPath) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else {
            self.report(path, "expected a string, found \(value.typeName)")
            return nil
        }
        if text.allSatisfy(\.isWhitespace) {
            self.report(path, "must not be empty")
            return nil
        }
        return text
    }

    mutating func array(_ value: JSONValue?, at path: JSONPath) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            self.report(path, "expected an array, found \(value.typeName)")
            return nil
        }
        return items
    }

    /// An identifier of letters, digits, `-` and `_` (at most 64 characters).
    mutating func identifier(_ value: JSONValue?, at path: JSONPath) -> String? {
        guard let text = self.string(value, at: path) else { return nil }
        guard Identifier.isValid(text) else {
            self.report(path, "\"\(text)\" must be 1 to 64 letters, digits, \"-\" or \"_\"")
            return nil
        }
        return text
    }

    /// A player-facing text: one string, or one per declared locale, none missing and none extra.
    mutating func text(_ value: JSONValue?, at path: JSONPath) -> LocalizedText? {
        guard let value else { return nil }
        if case .string = value {
            return self.string(value, at: path).map(LocalizedText.universal)
        }
        guard case .object(let fields) = value else {
            self.report(path, "expected a string or an object of one string per locale, found \(value.typeName)")
            return nil
        }
        var texts: [String: String] = [:]
        for locale in fields.keys.sorted() {
            guard self.locales.contains(locale) else {
                self.report(path.appending(locale), "locale \"\(locale)\" is not declared in \"locales\"")
                continue
            }
            texts[locale] = self.string(fields[locale], at: path.appending(locale))
        }
        for locale in self.locales where fields[locale] == nil {
            self.report(path, "missing locale \"\(locale)\"")
        }
        return .perLocale(texts)
    }
}

/// The rules for ids of segments, questions and answers.
enum Identifier {
    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// A quiz id: lower-case letters, digits and `-`, as it appears in URLs and file names.
    static func isValidQuizID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
