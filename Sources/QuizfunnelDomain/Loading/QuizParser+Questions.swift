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
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard let fields = self.object(item, at: itemPath, allowedKeys: ["id", "text", "answers"]) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let answers = self.readAnswers(self.field("answers", in: fields, at: itemPath), at: itemPath.appending("answers"), segmentIDs: segmentIDs)
            guard let id, let text else { continue }
            ids.append((id, itemPath.appending("id")))
            questions.append(Question(id: id, text: text, answers: answers))
        }
        self.reportDuplicates(ids, kind: "question")
        return questions
    }

    private mutating func readAnswers(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [Answer] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.count < 2 { self.report(path, "a question needs at least 2 answers, found \(items.count)") }
        var answers: [Answer] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard let fields = self.object(item, at: itemPath, allowedKeys: ["id", "text", "scores"]) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let text = self.text(self.field("text", in: fields, at: itemPath), at: itemPath.appending("text"))
            let scores = self.readScores(self.field("scores", in: fields, at: itemPath), at: itemPath.appending("scores"), segmentIDs: segmentIDs)
            guard let id, let text else { continue }
            ids.append((id, itemPath.appending("id")))
            answers.append(Answer(id: id, text: text, scores: scores))
        }
        self.reportDuplicates(ids, kind: "answer")
        return answers
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
