extension QuizReader {
    /// `"variants"`: the versions of an A/B test. Ids are identifiers and unique, weights positive whole numbers, texts
    /// like every other text; the first variant is the control and overrides nothing.
    mutating func readVariants(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> [QuizVariant] {
        guard let items = self.array(value, at: path) else { return [] }
        if items.isEmpty { self.report(path, "must list at least one variant (or leave \"variants\" out)") }
        var variants: [QuizVariant] = []
        var ids: [(id: String, path: JSONPath)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index)
            guard let variant = self.readVariant(item, at: itemPath, segmentIDs: segmentIDs) else { continue }
            if index == 0, !variant.overridesNothing {
                self.report(itemPath, "the first variant is the control: it has only \"id\" and \"weight\"")
            }
            ids.append((variant.id, itemPath.appending("id")))
            variants.append(variant)
        }
        self.reportDuplicates(ids, kind: "variant")
        return variants
    }

    private mutating func readVariant(_ value: JSONValue, at path: JSONPath, segmentIDs: Set<String>) -> QuizVariant? {
        let keys: Set = ["id", "weight", "title", "description", "startLabel", "leadTitle", "leadButton", "segments", "leadForm"]
        guard let fields = self.object(value, at: path, allowedKeys: keys) else { return nil }
        let id = self.identifier(self.field("id", in: fields, at: path), at: path.appending("id"))
        let weight = self.readWeight(self.field("weight", in: fields, at: path), at: path.appending("weight"))
        var variant = QuizVariant(id: id ?? "", weight: weight ?? 1)
        variant.title = self.text(fields["title"], at: path.appending("title"))
        variant.description = self.text(fields["description"], at: path.appending("description"))
        variant.startLabel = self.text(fields["startLabel"], at: path.appending("startLabel"))
        variant.leadTitle = self.text(fields["leadTitle"], at: path.appending("leadTitle"))
        variant.leadButton = self.text(fields["leadButton"], at: path.appending("leadButton"))
        if let segments = fields["segments"], let overrides = self.object(segments, at: path.appending("segments"), allowedKeys: nil) {
            for (segmentID, override) in overrides.sorted(by: { $0.key < $1.key }) {
                let overridePath = path.appending("segments").appending(segmentID)
                guard segmentIDs.contains(segmentID) else {
                    self.report(overridePath, "unknown segment \"\(segmentID)\"")
                    continue
                }
                guard let parts = self.object(override, at: overridePath, allowedKeys: ["description"]) else { continue }
                let description = self.text(self.field("description", in: parts, at: overridePath), at: overridePath.appending("description"))
                variant.segmentDescriptions[segmentID] = description
            }
        }
        if let position = self.string(fields["leadForm"], at: path.appending("leadForm")) {
            variant.leadForm = LeadFormPosition(rawValue: position)
            if variant.leadForm == nil {
                self.report(path.appending("leadForm"), "\"\(position)\" must be \"after-result\" or \"before-result\"")
            }
        }
        guard id != nil, weight != nil else { return nil }
        return variant
    }

    /// A variant's weight: a whole number from 1 to 1,000,000.
    private mutating func readWeight(_ value: JSONValue?, at path: JSONPath) -> Int? {
        guard let value else { return nil }
        guard case .number(let number) = value, number == number.rounded(), (1...1_000_000).contains(number) else {
            self.report(path, "must be a whole number from 1 to 1000000")
            return nil
        }
        return Int(number)
    }
}
