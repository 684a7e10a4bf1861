import Foundation

/// Turns the bytes of one quiz file into a `Quiz`, or into every problem found in it.
public enum QuizParser {
    /// Parses and validates `data`; `file` names the file in problems, and its stem must equal the quiz id.
    public static func parse(_ data: Data, file: String) -> Result<Quiz, QuizLoadingError> {
        var reader = QuizReader(file: file)
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            reader.report(.root, "malformed JSON: \(Self.describeMalformedJSON(data))")
            return .failure(QuizLoadingError(problems: reader.problems))
        }
        let quiz = reader.readQuiz(document, fileStem: Self.stem(of: file), version: QuizVersion.of(data))
        if let quiz, reader.problems.isEmpty {
            return .success(quiz)
        }
        return .failure(QuizLoadingError(problems: reader.problems))
    }

    public static func stem(of file: String) -> String {
        URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    }

    /// What is wrong and where, as JSONSerialization finds it ("Invalid value around line 3, column 6").
    private static func describeMalformedJSON(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "not a JSON document"
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            guard let range = detail.range(of: "around character "),
                let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
            else { return detail }
            let before = data.prefix(offset)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return detail[..<range.lowerBound] + "around line \(line), column \(column)"
        }
    }
}

extension QuizReader {
    mutating func readQuiz(_ document: JSONValue, fileStem: String, version: String) -> Quiz? {
        let root = JSONPath.root
        let keys: Set = [
            "$schema", "id", "locales", "title", "description", "segments", "questions", "fallback", "consent", "embedOrigins", "optIn", "emails",
            "variants", "adPlatforms",
        ]
        guard let fields = self.object(document, at: root, allowedKeys: keys) else { return nil }

        let id = self.string(self.field("id", in: fields, at: root), at: root.appending("id"))
        if let id {
            if !Identifier.isValidQuizID(id) {
                self.report(root.appending("id"), "\"\(id)\" must be lower-case letters, digits and \"-\"")
            } else if id != fileStem {
                self.report(root.appending("id"), "\"\(id)\" must equal the file name \"\(fileStem)\"")
            }
        }
        self.locales = self.readLocales(self.field("locales", in: fields, at: root), at: root.appending("locales"))
        let title = self.text(self.field("title", in: fields, at: root), at: root.appending("title"))
        let description = self.text(self.field("description", in: fields, at: root, isRequired: false), at: root.appending("description"))
        let segments = self.readSegments(self.field("segments", in: fields, at: root), at: root.appending("segments"))
        let questions = self.readQuestions(
            self.field("questions", in: fields, at: root),
            at: root.appending("questions"),
            segmentIDs: Set(segments.map(\.id))
        )
        let fallback = self.identifier(self.field("fallback", in: fields, at: root, isRequired: false), at: root.appending("fallback"))
        self.checkFallback(fallback, segments: segments, questions: questions)
        self.checkEverySegmentIsScored(segments, questions: questions, fallback: fallback)
        let consent = self.readConsent(self.field("consent", in: fields, at: root), at: root.appending("consent"))
        let embedOrigins = self.readEmbedOrigins(
            self.field("embedOrigins", in: fields, at: root, isRequired: false),
            at: root.appending("embedOrigins")
        )
        let optIn = self.readOptIn(self.field("optIn", in: fields, at: root, isRequired: false), at: root.appending("optIn"))
        let emails = self.readEmails(
            self.field("emails", in: fields, at: root, isRequired: false),
            at: root.appending("emails"),
            segmentIDs: Set(segments.map(\.id))
        )

        let variants = self.readVariants(
            self.field("variants", in: fields, at: root, isRequired: false),
            at: root.appending("variants"),
            segmentIDs: Set(segments.map(\.id))
        )

        let adPlatforms = self.readAdPlatforms(
            self.field("adPlatforms", in: fields, at: root, isRequired: false),
            at: root.appending("adPlatforms"),
            consent: consent
        )

        guard let id, !self.locales.isEmpty, let title, let consent else { return nil }
        return Quiz(
            id: id,
            locales: self.locales,
            title: title,
            description: description,
            segments: segments,
            questions: questions,
            consent: consent,
            embedOrigins: embedOrigins,
            optIn: optIn,
            emails: emails,
            fallback: fallback,
            version: version,
            variants: variants,
            adPlatforms: adPlatforms
        )
    }

    private mutating func readLocales(_ value: JSONValue?, at path: JSONPath) -> [String] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must declare at least one locale") }
        var locales: [String] = []
        for (index, item) in items.enumerated() {
            guard let locale = self.string(item, at: path.appending(index)) else { continue }
            if !Locales.isWellFormedTag(locale) {
                self.report(path.appending(index), "\"\(locale)\" is not a language tag such as \"en\" or \"pt-BR\"")
            } else if locales.contains(locale) {
                self.report(path.appending(index), "duplicate locale \"\(locale)\"")
            } else {
                locales.append(locale)
            }
        }
        return locales
    }

    private mutating func readConsent(_ value: JSONValue?, at path: JSONPath) -> Consent? {
        let keys: Set = ["version", "text", "adMeasurement", "adPersonalization"]
        guard let value, let fields = self.object(value, at: path, allowedKeys: keys) else { return nil }
        let version = self.string(self.field("version", in: fields, at: path), at: path.appending("version"))
        let text = self.text(self.field("text", in: fields, at: path), at: path.appending("text"))
        let measurement = self.readFlag(fields["adMeasurement"], at: path.appending("adMeasurement")) ?? false
        let personalization = self.readFlag(fields["adPersonalization"], at: path.appending("adPersonalization")) ?? false
        if personalization, !measurement {
            self.report(path.appending("adPersonalization"), "needs \"adMeasurement\": true: personalisation is more than measurement")
        }
        guard let version, let text else { return nil }
        return Consent(version: version, text: text, coversAdMeasurement: measurement, coversAdPersonalization: personalization)
    }

    /// Reports ids that appear more than once in one list.
    mutating func reportDuplicates(_ ids: [(id: String, path: JSONPath)], kind: String) {
        var seen: Set<String> = []
        for (id, path) in ids where !seen.insert(id).inserted {
            self.report(path, "duplicate \(kind) id \"\(id)\"")
        }
    }
}
