extension QuizReader {
    mutating func readQuestions(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [Question] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must list at least one question") }
        var questions: [Question] = []
        var questionPaths: [JSONPath] = []
        var jumps: [Jump] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            let keys: Set = ["id", "text", "type", "answers", "required"]
            guard let fields = self.object(item, at: itemPath, allowedKeys: keys) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let kind = self.readQuestionKind(self.field("type", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("type"))
            let question: Question?
            switch kind {
            case nil:
                question = nil
            case .text:
                if fields["answers"] != nil { self.report(itemPath.appending("answers"), "a text question has no answers to choose from") }
                let isRequired = self.readFlag(
                    self.field("required", in: fields, at: itemPath, isRequired: false),
                    at: itemPath.appending("required")
                )
                question = id.flatMap { id in text.map { Question(id: id, text: $0, textRequired: isRequired ?? false) } }
            case .choice:
                if fields["required"] != nil {
                    self.report(itemPath.appending("required"), "only a text question may be optional; a choice is always required")
                }
                let (answers, answerJumps) = self.readAnswers(
                    self.field("answers", in: fields, at: itemPath),
                    at: itemPath.appending("answers"),
                    segmentIDs: segmentIDs
                )
                jumps += answerJumps.map { Jump(from: questions.count, target: $0.target, path: $0.path) }
                question = id.flatMap { id in text.map { Question(id: id, text: $0, answers: answers) } }
            }
            guard let question else { continue }
            ids.append((question.id, itemPath.appending("id")))
            questions.append(question)
            questionPaths.append(itemPath)
        }
        self.reportDuplicates(ids, kind: "question")
        self.checkBranches(of: questions, at: questionPaths, jumps: jumps)
        return questions
    }

    /// An answer's `next` naming a question, where it was read.
    private struct Jump {
        var from: Int
        var target: String
        var path: JSONPath
    }

    /// Jumps go forward to a known question, and every question is on some path.
    private mutating func checkBranches(of questions: [Question], at paths: [JSONPath], jumps: [Jump]) {
        let positions = Dictionary(questions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var isValid = true
        for jump in jumps {
            guard let target = positions[jump.target] else {
                self.report(jump.path, "unknown question \"\(jump.target)\"")
                isValid = false
                continue
            }
            if target <= jump.from {
                self.report(jump.path, "jumps back to \"\(jump.target)\": an answer may only lead to a later question or to \"result\"")
                isValid = false
            }
        }
        guard isValid, !questions.isEmpty else { return }
        var reached: Set<Int> = [0]
        for (index, question) in questions.enumerated() where reached.contains(index) {
            if question.kind == .text, index + 1 < questions.count { reached.insert(index + 1) }
            for answer in question.answers {
                switch answer.next {
                case nil where index + 1 < questions.count: reached.insert(index + 1)
                case .question(let id): if let target = positions[id] { reached.insert(target) }
                default: break
                }
            }
        }
        for (index, path) in paths.enumerated() where !reached.contains(index) {
            self.report(path, "no path reaches this question: every answer before it jumps past it or ends the quiz")
        }
    }

    private mutating func readAnswers(
        _ value: JSONValue?,
        at path: JSONPath,
        segmentIDs: Set<String>
    ) -> (answers: [Answer], jumps: [(target: String, path: JSONPath)]) {
        guard let items = self.array(value, at: path) else { return ([], []) }
        if items.count < 2 { self.report(path, "a question needs at least 2 answers, found \(items.count)") }
        var answers: [Answer] = []
        var jumps: [(target: String, path: JSONPath)] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            let keys: Set = ["id", "text", "scores", "next", "excludes", "image", "alt"]
            guard let fields = self.object(item, at: itemPath, allowedKeys: keys) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let scores = self.readScores(self.field("scores", in: fields, at: itemPath), at: itemPath.appending("scores"), segmentIDs: segmentIDs)
            let next = self.readNext(self.field("next", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("next"))
            let excludes = self.readExcludes(
                self.field("excludes", in: fields, at: itemPath, isRequired: false),
                at: itemPath.appending("excludes"),
                segmentIDs: segmentIDs
            )
            let image = self.readImage(self.field("image", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("image"))
            let alt = self.text(self.field("alt", in: fields, at: itemPath, isRequired: image != nil), at: itemPath.appending("alt"))
            if fields["image"] == nil, fields["alt"] != nil {
                self.report(itemPath.appending("alt"), "describes a picture, but the answer has no \"image\"")
            }
            guard let id, let text else { continue }
            ids.append((id, itemPath.appending("id")))
            if case .question(let target) = next { jumps.append((target, itemPath.appending("next"))) }
            answers.append(Answer(id: id, text: text, scores: scores, next: next, excludes: excludes, image: image, alt: alt))
        }
        self.reportDuplicates(ids, kind: "answer")
        return (answers, jumps)
    }

    /// `"choice"` (the default) or `"text"`.
    private mutating func readQuestionKind(_ value: JSONValue?, at path: JSONPath) -> Question.Kind? {
        guard let value else { return .choice }
        guard let name = self.string(value, at: path) else { return nil }
        guard let kind = Question.Kind(rawValue: name) else {
            self.report(path, "\"\(name)\" must be \"choice\" or \"text\"")
            return nil
        }
        return kind
    }

    mutating func readFlag(_ value: JSONValue?, at path: JSONPath) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let flag) = value else {
            self.report(path, "expected true or false, found \(value.typeName)")
            return nil
        }
        return flag
    }

    /// The segments an answer rules out: known, each once.
    private mutating func readExcludes(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [String] {
        guard let items = self.array(value, at: path) else { return [] }
        var excludes: [String] = []
        for (index, item) in items.enumerated() {
            guard let id = self.string(item, at: path.appending(index)) else { continue }
            if !segmentIDs.contains(id) {
                self.report(path.appending(index), "unknown segment \"\(id)\"")
            } else if excludes.contains(id) {
                self.report(path.appending(index), "segment \"\(id)\" is listed twice")
            } else {
                excludes.append(id)
            }
        }
        return excludes
    }

    /// `"result"`, or the id of the question an answer leads to.
    private mutating func readNext(_ value: JSONValue?, at path: JSONPath) -> AnswerNext? {
        guard let value else { return nil }
        if case .string("result") = value { return .result }
        return self.identifier(value, at: path).map(AnswerNext.question)
    }

    private mutating func readScores(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [String: Int] {
        guard let value else { return [:] }
        guard case .object(let fields) = value else {
            self.report(path, "expected an object of segment ids and points, found \(value.typeName)")
            return [:]
        }
        var scores: [String: Int] = [:]
        for segmentID in fields.keys.sorted() {
            let scorePath = path.appending(segmentID)
            guard segmentIDs.contains(segmentID) else {
                self.report(scorePath, "unknown segment \"\(segmentID)\"")
                continue
            }
            guard case .number(let points) = fields[segmentID], let whole = Int(exactly: points), abs(whole) <= 1000 else {
                self.report(scorePath, "expected a whole number of points from -1000 to 1000")
                continue
            }
            scores[segmentID] = whole
        }
        return scores
    }
}
