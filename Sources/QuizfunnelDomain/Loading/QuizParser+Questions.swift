extension QuizReader {
    mutating func readSegments(_ value: JSONValue?, at path: JSONPath) -> [Segment] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must list at least one segment") }
        var segments: [Segment] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            let keys: Set = ["id", "title", "description", "image", "cta"]
            guard let fields = self.object(item, at: itemPath, allowedKeys: keys) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let title = self.text(self.field("title", in: fields, at: itemPath), at: itemPath.appending("title"))
            let description = self.text(self.field("description", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("description"))
            let image = self.readImage(self.field("image", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("image"))
            let cta = self.readCallToAction(self.field("cta", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("cta"))
            guard let id, let title else { continue }
            ids.append((id, itemPath.appending("id")))
            segments.append(Segment(id: id, title: title, description: description, image: image, callToAction: cta))
        }
        self.reportDuplicates(ids, kind: "segment")
        return segments
    }

    mutating func readQuestions(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [Question] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must list at least one question") }
        var questions: [Question] = []
        var questionPaths: [JSONPath] = []
        var jumps: [Jump] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard let fields = self.object(item, at: itemPath, allowedKeys: ["id", "text", "answers"]) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let (answers, answerJumps) = self.readAnswers(
                self.field("answers", in: fields, at: itemPath),
                at: itemPath.appending("answers"),
                segmentIDs: segmentIDs
            )
            guard let id, let text else { continue }
            ids.append((id, itemPath.appending("id")))
            jumps += answerJumps.map { Jump(from: questions.count, target: $0.target, path: $0.path) }
            questions.append(Question(id: id, text: text, answers: answers))
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
            guard let fields = self.object(item, at: itemPath, allowedKeys: ["id", "text", "scores", "next"]) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let scores = self.readScores(self.field("scores", in: fields, at: itemPath), at: itemPath.appending("scores"), segmentIDs: segmentIDs)
            let next = self.readNext(self.field("next", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("next"))
            guard let id, let text else { continue }
            ids.append((id, itemPath.appending("id")))
            if case .question(let target) = next { jumps.append((target, itemPath.appending("next"))) }
            answers.append(Answer(id: id, text: text, scores: scores, next: next))
        }
        self.reportDuplicates(ids, kind: "answer")
        return (answers, jumps)
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
