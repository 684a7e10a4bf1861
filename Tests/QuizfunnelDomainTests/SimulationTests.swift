import QuizfunnelDomain
import Testing

/// The simulator's figures for quizzes small enough to work out by hand.
@Suite struct SimulationTests {
    private static func quiz(_ segments: [String], _ questions: [Question], fallback: String? = nil) -> Quiz {
        Quiz(
            id: "s",
            locales: ["en"],
            title: .universal("S"),
            segments: segments.map { Segment(id: $0, title: .universal($0)) },
            questions: questions,
            consent: Consent(version: "1", text: .universal("Yes")),
            fallback: fallback
        )
    }

    private static func question(_ id: String, _ answers: [Answer]) -> Question {
        Question(id: id, text: .universal(id), answers: answers)
    }

    private static func answer(_ id: String, _ scores: [String: Int], next: AnswerNext? = nil, excludes: [String] = []) -> Answer {
        Answer(id: id, text: .universal(id), scores: scores, next: next, excludes: excludes)
    }

    private static func shares(_ simulation: Simulation) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: simulation.segments.map { ($0.id, [$0.share, $0.tieShare, $0.fallbackShare]) })
    }

    @Test func everyPathOfASmallQuizIsScored() {
        // xx → a; xy and yx → a by the tie rule (1 point each); yy → b.
        let quiz = Self.quiz(
            ["a", "b"],
            [
                Self.question("q1", [Self.answer("x", ["a": 1]), Self.answer("y", ["b": 1])]),
                Self.question("q2", [Self.answer("x", ["a": 1]), Self.answer("y", ["b": 1])]),
            ]
        )

        let simulation = Simulation(of: quiz)

        #expect(simulation.paths == 4)
        #expect(simulation.exhaustive)
        #expect(Self.shares(simulation) == ["a": [0.75, 0.5, 0], "b": [0.25, 0, 0]])
        #expect(simulation.errors.isEmpty)
        #expect(simulation.warnings == ["segment \"a\" gets 75.0% of players, more than 50.0%"])
    }

    @Test func exclusionsAndTheFallbackAreCounted() {
        // The nine paths of ScoringTests.excluding: a 3 (one by a tie), b 5, c 1 (by the fallback).
        let simulation = Simulation(of: ScoringTests.excluding)

        #expect(simulation.paths == 9)
        let shares = Self.shares(simulation)
        #expect(abs(shares["a"]![0] - 3.0 / 9) < 1e-12 && abs(shares["a"]![1] - 1.0 / 9) < 1e-12 && shares["a"]![2] == 0)
        #expect(abs(shares["b"]![0] - 5.0 / 9) < 1e-12 && shares["b"]![1] == 0)
        #expect(abs(shares["c"]![0] - 1.0 / 9) < 1e-12 && abs(shares["c"]![2] - 1.0 / 9) < 1e-12)
        #expect(simulation.warnings == ["segment \"b\" gets 55.6% of players, more than 50.0%"])
    }

    @Test func aPathWeighsWhatItsAnswersAreLikelyToBe() {
        // Half the players stop at once (b); the other half answer q2, whose answers both give a.
        let quiz = Self.quiz(
            ["a", "b"],
            [
                Self.question("q1", [Self.answer("ask", [:]), Self.answer("stop", ["b": 1], next: .result)]),
                Self.question("q2", [Self.answer("x", ["a": 1]), Self.answer("y", ["a": 2])]),
            ]
        )

        let simulation = Simulation(of: quiz)

        #expect(simulation.paths == 3)
        #expect(Self.shares(simulation) == ["a": [0.5, 0, 0], "b": [0.5, 0, 0]])
        #expect(simulation.warnings == ["the answers to question \"q2\" never change any player's result"])
    }

    @Test func aSegmentNoPathReachesIsAnError() {
        let quiz = Self.quiz(
            ["a", "b"],
            [
                Self.question("q1", [Self.answer("x", ["a": 2, "b": 1]), Self.answer("y", ["a": 1])]),
                Self.question("q2", [Self.answer("x", ["a": 1]), Self.answer("y", ["b": 1])]),
            ]
        )

        let simulation = Simulation(of: quiz)

        #expect(simulation.errors == ["no path reaches segment \"b\""])
        #expect(simulation.warnings.contains("segment \"a\" gets 100.0% of players, more than 50.0%"))
    }

    @Test func aSegmentWonOnlyByTiesIsWarnedAbout() {
        let quiz = Self.quiz(
            ["a", "b"],
            [
                Self.question("q1", [Self.answer("x", ["a": 1, "b": 1]), Self.answer("y", ["b": 2])])
            ]
        )

        let simulation = Simulation(of: quiz)

        #expect(simulation.warnings.contains("segment \"a\" is only reached through ties (50.0% of players)"))
    }

    @Test func manyPathsAreSampledRepeatably() {
        let quiz = Self.quiz(
            ["a", "b"],
            [
                Self.question("q1", [Self.answer("ask", [:]), Self.answer("stop", ["b": 1], next: .result)]),
                Self.question("q2", [Self.answer("x", ["a": 1]), Self.answer("y", ["a": 2])]),
            ]
        )
        let settings = SimulationSettings(players: 20_000, exhaustiveLimit: 2)

        let first = Simulation(of: quiz, settings: settings)
        let second = Simulation(of: quiz, settings: settings)
        let otherSeed = Simulation(of: quiz, settings: SimulationSettings(players: 20_000, seed: 7, exhaustiveLimit: 2))

        #expect(!first.exhaustive)
        #expect(first.paths == 20_000)
        #expect(first == second)
        #expect(first != otherSeed)
        #expect(abs(first.segments[0].share - 0.5) < 0.02)
    }
}
