import Foundation
import QuizfunnelDomain
import Testing

/// Variants as a quiz file declares them, how a page load is given one, and what a variant shows.
@Suite struct VariantTests {
    @Test func aQuizDeclaresVariantsThatOverrideItsTexts() throws {
        let quiz = try Self.quiz(variants: [
            ["id": "a", "weight": 1],
            [
                "id": "b", "weight": 3, "title": "Bird test B", "startLabel": "Go", "leadTitle": "Tips?", "leadButton": "Yes",
                "segments": ["owl": ["description": "Night owl"]], "leadForm": "before-result",
            ],
        ])

        #expect(quiz.variants.map(\.id) == ["a", "b"])
        #expect(quiz.totalVariantWeight == 4)
        let b = try #require(quiz.variant(id: "b"))
        let view = quiz.playerView(locale: "fi", variant: b)
        #expect(view.title == "Bird test B")
        #expect(view.variant == "b" && view.variants == ["a", "b"])
        #expect(view.leadForm == .beforeResult)
        #expect(view.texts == .init(start: "Go", leadTitle: "Tips?", subscribe: "Yes"))
        #expect(quiz.showing(b).segment(id: "owl")?.description == .universal("Night owl"))
        #expect(quiz.showing(b).segment(id: "lark")?.description == nil)
        // The control shows the quiz as written.
        let control = quiz.playerView(locale: "en", variant: quiz.variant(id: "a"))
        #expect(control.title == "Which bird are you?" && control.leadForm == .afterResult && control.texts == .init())
    }

    @Test func aRollPicksVariantsInProportionToTheirWeights() throws {
        let quiz = try Self.quiz(variants: [["id": "a", "weight": 1], ["id": "b", "weight": 3]])

        let picks = (0..<quiz.totalVariantWeight).map { quiz.variant(forRoll: $0)?.id }

        #expect(picks == ["a", "b", "b", "b"])
        #expect(try Self.quiz(variants: nil).variant(forRoll: 0) == nil)
    }

    // MARK: The read-out

    @Test(arguments: [(12, 100, 20, 100), (30, 400, 41, 420), (5, 150, 5, 150), (100, 1000, 80, 1000)])
    func probabilityBestOfTwoMatchesTheClosedForm(successesA: Int, trialsA: Int, successesB: Int, trialsB: Int) {
        let computed = BetaBinomial.probabilityBest(successes: [successesA, successesB], trials: [trialsA, trialsB])

        let exact = Self.probabilityBBeatsA(
            alphaA: successesA + 1,
            betaA: trialsA - successesA + 1,
            alphaB: successesB + 1,
            betaB: trialsB - successesB + 1
        )
        #expect(abs(computed[1] - exact) < 0.001, "\(computed[1]) vs \(exact)")
        #expect(abs(computed[0] + computed[1] - 1) < 1e-9)
    }

    @Test func equalVariantsAreEquallyLikelyToBeBest() {
        let computed = BetaBinomial.probabilityBest(successes: [40, 40, 40], trials: [500, 500, 500])

        #expect(computed.allSatisfy { abs($0 - 1.0 / 3) < 0.001 })
    }

    @Test func theReadOutWaitsForAHundredViewsPerVariantAndCountsFromTheLastVariantsFirstDay() throws {
        let quiz = try Self.quiz(variants: [["id": "a", "weight": 1], ["id": "b", "weight": 1]], optIn: "single")
        var counts = [
            VariantCount(variant: "a", day: "2026-11-01", metric: .view, value: 500),  // before b existed: not compared
            VariantCount(variant: "a", day: "2026-11-02", metric: .view, value: 150),
            VariantCount(variant: "a", day: "2026-11-02", metric: .lead, value: 15),
            VariantCount(variant: "b", day: "2026-11-02", metric: .view, value: 99),
            VariantCount(variant: "b", day: "2026-11-02", metric: .lead, value: 20),
            VariantCount(variant: "gone", day: "2026-11-02", metric: .view, value: 7),
        ]

        var report = VariantReport.rows(of: quiz, counts: counts)
        #expect(report.since == "2026-11-02")
        #expect(report.rows.map(\.id) == ["a", "b"])
        #expect(report.rows[0].views == 150 && report.rows[0].leads == 15 && report.rows[0].confirmedLeads == 15)
        #expect(report.rows.allSatisfy { $0.probabilityBest == nil })

        counts.append(VariantCount(variant: "b", day: "2026-11-03", metric: .view, value: 1))
        report = VariantReport.rows(of: quiz, counts: counts)
        let best = try #require(report.rows[1].probabilityBest)
        #expect(abs(best.lead - Self.probabilityBBeatsA(alphaA: 16, betaA: 136, alphaB: 21, betaB: 81)) < 0.001)
        #expect(best.lead == best.confirmedLead)
        #expect(
            VariantVerdict(report.rows).sentence
                == "Variant b leads for confirmed leads: \(Int((best.confirmedLead * 100).rounded()))% likely to be best."
        )
    }

    @Test func oneVariantIsNoExperiment() throws {
        let quiz = try Self.quiz(variants: [["id": "only", "weight": 1]])

        let report = VariantReport.rows(of: quiz, counts: [VariantCount(variant: "only", day: "2026-11-02", metric: .view, value: 500)])

        #expect(report.rows.count == 1 && report.rows[0].views == 500 && report.rows[0].probabilityBest == nil)
        #expect(VariantVerdict(report.rows).sentence == "One variant: no experiment.")
        #expect(VariantReport.rows(of: try Self.quiz(variants: nil), counts: []).rows.isEmpty)
    }

    @Test func aRowWithoutReadOutEncodesItsProbabilityAsNull() throws {
        let row = VariantReport.rows(of: try Self.quiz(variants: [["id": "a", "weight": 1]]), counts: []).rows[0]

        let json = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)

        #expect(json.contains(#""probabilityBest":null"#))
    }

    // MARK: Helpers

    /// P(p_B > p_A) for Beta posteriors, in closed form (Evan Miller, "Formulas for Bayesian A/B Testing").
    static func probabilityBBeatsA(alphaA: Int, betaA: Int, alphaB: Int, betaB: Int) -> Double {
        func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }
        var total = 0.0
        for i in 0..<alphaB {
            let i = Double(i)
            total += exp(
                logBeta(Double(alphaA) + i, Double(betaA + betaB)) - log(Double(betaB) + i) - logBeta(1 + i, Double(betaB))
                    - logBeta(Double(alphaA), Double(betaA))
            )
        }
        return total
    }

    /// The bird quiz with `variants` (left out when `nil`).
    static func quiz(variants: [[String: Any]]?, optIn: String = "double") throws -> Quiz {
        var document =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixturePath("valid/bird.json")))) as! [String: Any]
        document["variants"] = variants
        document["optIn"] = optIn
        let data = try JSONSerialization.data(withJSONObject: document)
        return try QuizParser.parse(data, file: "bird.json").get()
    }
}
