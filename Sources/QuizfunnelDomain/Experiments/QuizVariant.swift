/// Where the play page asks for the address: after showing the result (the default) or before it, with a visible way to
/// skip the form and see the result anyway (a result must not depend on consent to marketing mail).
public enum LeadFormPosition: String, Sendable, Equatable, CaseIterable, Encodable {
    case afterResult = "after-result"
    case beforeResult = "before-result"
}

/// One version of a quiz in an A/B test: its share of the traffic and the texts it shows instead of the quiz's own.
/// The first variant of a quiz is the control and overrides nothing.
public struct QuizVariant: Sendable, Equatable {
    public var id: String
    /// A positive whole number: the variant is shown to `weight / sum of weights` of the page loads.
    public var weight: Int
    public var title: LocalizedText?
    public var description: LocalizedText?
    /// The start button's label.
    public var startLabel: LocalizedText?
    /// The lead form's heading and its button.
    public var leadTitle: LocalizedText?
    public var leadButton: LocalizedText?
    /// Segment descriptions by segment id.
    public var segmentDescriptions: [String: LocalizedText]
    /// `nil`: the quiz's own position (after the result).
    public var leadForm: LeadFormPosition?

    public init(
        id: String,
        weight: Int,
        title: LocalizedText? = nil,
        description: LocalizedText? = nil,
        startLabel: LocalizedText? = nil,
        leadTitle: LocalizedText? = nil,
        leadButton: LocalizedText? = nil,
        segmentDescriptions: [String: LocalizedText] = [:],
        leadForm: LeadFormPosition? = nil
    ) {
        self.id = id
        self.weight = weight
        self.title = title
        self.description = description
        self.startLabel = startLabel
        self.leadTitle = leadTitle
        self.leadButton = leadButton
        self.segmentDescriptions = segmentDescriptions
        self.leadForm = leadForm
    }

    /// Whether the variant changes nothing the player sees.
    public var overridesNothing: Bool {
        self == QuizVariant(id: self.id, weight: self.weight)
    }
}

extension Quiz {
    /// The variant `id` of this quiz, if it declares one.
    public func variant(id: String) -> QuizVariant? {
        self.variants.first { $0.id == id }
    }

    /// Whether the quiz runs an experiment: two variants or more.
    public var hasExperiment: Bool { self.variants.count > 1 }

    /// A variant picked by weight, from `roll`, a number in `0 ..< sum of weights`; `nil` for a quiz without variants.
    public func variant(forRoll roll: Int) -> QuizVariant? {
        var remaining = roll
        for variant in self.variants {
            if remaining < variant.weight { return variant }
            remaining -= variant.weight
        }
        return self.variants.last
    }

    /// The sum of the variants' weights (0 without variants).
    public var totalVariantWeight: Int { self.variants.reduce(0) { $0 + $1.weight } }

    /// This quiz as `variant` shows it: its texts in place of the quiz's own. The interface texts a variant overrides
    /// (the start button, the lead form's heading and button) are not part of a quiz; see `QuizVariant`.
    public func showing(_ variant: QuizVariant?) -> Quiz {
        guard let variant else { return self }
        var quiz = self
        if let title = variant.title { quiz.title = title }
        if let description = variant.description { quiz.description = description }
        for (index, segment) in quiz.segments.enumerated() {
            if let description = variant.segmentDescriptions[segment.id] { quiz.segments[index].description = description }
        }
        return quiz
    }
}
