extension QuizReader {
    mutating func readSegments(_ value: JSONValue?, at path: JSONPath) -> [Segment] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must list at least one segment") }
        var segments: [Segment] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            let keys: Set = ["id", "title", "description", "image", "cta", "products"]
            guard let fields = self.object(item, at: itemPath, allowedKeys: keys) else { continue }
            let id = self.identifier(self.field("id", in: fields, at: itemPath), at: itemPath.appending("id"))
            let title = self.text(self.field("title", in: fields, at: itemPath), at: itemPath.appending("title"))
            let description = self.text(self.field("description", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("description"))
            let image = self.readLocalizedImage(self.field("image", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("image"))
            let cta = self.readCallToAction(self.field("cta", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("cta"))
            let products = self.readProducts(self.field("products", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("products"))
            guard let id, let title else { continue }
            ids.append((id, itemPath.appending("id")))
            segments.append(Segment(id: id, title: title, description: description, image: image, callToAction: cta, products: products))
        }
        self.reportDuplicates(ids, kind: "segment")
        return segments
    }

    /// A segment no answer gives points to can never be a result (unless it is the fallback): almost always a typo in
    /// `scores`.
    mutating func checkEverySegmentIsScored(_ segments: [Segment], questions: [Question], fallback: String?) {
        let scored = Set(questions.flatMap(\.answers).flatMap { $0.scores.filter { $0.value > 0 }.keys })
        for (index, segment) in segments.enumerated() where !scored.contains(segment.id) && segment.id != fallback {
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

    /// A segment's picture: one image for every locale, or one per declared locale.
    mutating func readLocalizedImage(_ value: JSONValue?, at path: JSONPath) -> LocalizedText? {
        switch self.text(value, at: path) {
        case nil: return nil
        case .universal(let image): return self.readImage(.string(image), at: path).map(LocalizedText.universal)
        case .perLocale(let images):
            var valid: [String: String] = [:]
            for (locale, image) in images.sorted(by: { $0.key < $1.key }) {
                valid[locale] = self.readImage(.string(image), at: path.appending(locale))
            }
            return valid.count == images.count ? .perLocale(valid) : nil
        }
    }

    /// The fallback segment: required once any answer excludes a segment, and one of the quiz's segments.
    mutating func checkFallback(_ fallback: String?, segments: [Segment], questions: [Question]) {
        let path = JSONPath.root.appending("fallback")
        if let fallback, !segments.contains(where: { $0.id == fallback }) {
            self.report(path, "unknown segment \"\(fallback)\"")
        }
        let excludes = questions.contains { $0.answers.contains { !$0.excludes.isEmpty } }
        if excludes, fallback == nil {
            self.report(path, "missing: answers exclude segments, so the quiz must name the segment given when all others are excluded")
        }
    }

    /// At most `Product.maximumCount` products, each with a title and an http or https link.
    mutating func readProducts(_ value: JSONValue?, at path: JSONPath) -> [Product] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.count > Product.maximumCount { self.report(path, "lists \(items.count) products; a segment shows at most \(Product.maximumCount)") }
        var products: [Product] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard let fields = self.object(item, at: itemPath, allowedKeys: ["title", "url", "image", "price"]) else { continue }
            let title = self.text(self.field("title", in: fields, at: itemPath), at: itemPath.appending("title"))
            let url = self.readLink(self.field("url", in: fields, at: itemPath), at: itemPath.appending("url"))
            let image = self.readImage(self.field("image", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("image"))
            let price = self.text(self.field("price", in: fields, at: itemPath, isRequired: false), at: itemPath.appending("price"))
            guard let title, let url else { continue }
            products.append(Product(title: title, url: url, image: image, price: price))
        }
        return products
    }

    /// An absolute http or https URL, as links on a result are.
    mutating func readLink(_ value: JSONValue?, at path: JSONPath) -> String? {
        guard let url = self.string(value, at: path) else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(where: \.isWhitespace) else {
            self.report(path, "\"\(url)\" must be an absolute http or https URL")
            return nil
        }
        return url
    }

    mutating func readCallToAction(_ value: JSONValue?, at path: JSONPath) -> CallToAction? {
        guard let value, let fields = self.object(value, at: path, allowedKeys: ["label", "url"]) else { return nil }
        let label = self.text(self.field("label", in: fields, at: path), at: path.appending("label"))
        let url = self.readLink(self.field("url", in: fields, at: path), at: path.appending("url"))
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
