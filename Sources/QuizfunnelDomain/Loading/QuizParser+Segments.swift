extension QuizReader {
    /// A segment no answer gives points to can never be a result: almost always a typo in `scores`.
    mutating func checkEverySegmentIsScored(_ segments: [Segment], questions: [Question]) {
        let scored = Set(questions.flatMap(\.answers).flatMap { $0.scores.filter { $0.value > 0 }.keys })
        for (index, segment) in segments.enumerated() where !scored.contains(segment.id) {
            self.report(JSONPath.root.appending("segments").appending(index), "segment \"\(segment.id)\" is not scored by any answer")
        }
    }

    /// An image path below the public folder (no `..`, no leading `/`), or an absolute https URL.
    mutating func readImage(_ value: JSONValue?, at path: JSONPath) -> String? {
        guard let image = self.string(value, at: path) else { return nil }
        if image.hasPrefix("https://") { return image }
        let parts = image.split(separator: "/", omittingEmptySubsequences: false)
        guard !image.hasPrefix("/"), !image.contains("\\"), !image.contains(":"), !parts.contains(".."), !parts.contains("") else {
            self.report(path, "\"\(image)\" must be a path inside the public folder, such as \"images/quiz/segment.png\", or an https URL")
            return nil
        }
        return image
    }

    mutating func readCallToAction(_ value: JSONValue?, at path: JSONPath) -> CallToAction? {
        guard let value, let fields = self.object(value, at: path, allowedKeys: ["label", "url"]) else { return nil }
        let label = self.text(self.field("label", in: fields, at: path), at: path.appending("label"))
        let url = self.string(self.field("url", in: fields, at: path), at: path.appending("url"))
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: \.isWhitespace) {
            self.report(path.appending("url"), "\"\(url)\" must be an absolute http or https URL")
            return nil
        }
        guard let label, let url else { return nil }
        return CallToAction(label: label, url: url)
    }
}

extension QuizReader {
    /// Web origins allowed to embed the quiz: `https://host` or `http://host:port`, no path, no wildcard.
    mutating func readEmbedOrigins(_ value: JSONValue?, at path: JSONPath) -> [String] {
        guard let items = self.array(value, at: path) else { return [] }
        var origins: [String] = []
        for (index, item) in items.enumerated() {
            guard let origin = self.string(item, at: path.appending(index)) else { continue }
            guard WebOrigin.isValid(origin) else {
                self.report(path.appending(index), "\"\(origin)\" must be an origin such as \"https://shop.example.com\", without a path")
                continue
            }
            origins.append(origin)
        }
        return origins
    }
}
