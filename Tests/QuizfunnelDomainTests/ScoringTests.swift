import QuizfunnelDomain
import Testing

@Suite struct ScoringTests {
    let quiz = Quiz(
        id: "t",
        locales: ["en"],
        title: .universal("T"),
        segments: ["a", "b", "c"].map { Segment(id: $0, title: .universal($0)) },
        questions: [
            Question(
                id: "q1",
                text: .universal("Q1"),
                answers: [
                    Answer(id: "x", text: .universal("X"), scores: ["a": 1]),
                    Answer(id: "y", text: .universal("Y"), scores: ["b": 2, "c": 1]),
                ]
            ),
            Question(
                id: "q2",
                text: .universal("Q2"),
                answers: [
                    Answer(id: "x", text: .universal("X"), scores: ["a": 1, "c": 3]),
                    Answer(id: "y", text: .universal("Y"), scores: ["b": 1]),
                ]
            ),
        ],
        consent: Consent(version: "1", text: .universal("Yes")),
    )

    @Test func theHighestSumWins() throws {
        #expect(try self.quiz.segment(for: ["q1": "y", "q2": "y"]).id == "b")  // a 0, b 3, c 1
        #expect(try self.quiz.segment(for: ["q1": "y", "q2": "x"]).id == "c")  // a 1, b 2, c 4
    }

    @Test func aTieGoesToTheSegmentListedFirst() throws {
        // "b" is listed before "a"; answer x gives both 2 points, answer y gives nobody any.
        let tied = Quiz(
            id: "t",
            locales: ["en"],
            title: .universal("T"),
            segments: ["b", "a"].map { Segment(id: $0, title: .universal($0)) },
            questions: [
                Question(
                    id: "q",
                    text: .universal("Q"),
                    answers: [
                        Answer(id: "x", text: .universal("X"), scores: ["a": 2, "b": 2]),
                        Answer(id: "y", text: .universal("Y"), scores: [:]),
                    ]
                )
            ],
            consent: Consent(version: "1", text: .universal("Yes")),
        )

        #expect(try tied.segment(for: ["q": "x"]).id == "b")
        #expect(try tied.segment(for: ["q": "y"]).id == "b")
    }

    @Test func unknownAndMissingAnswersAreNamed() {
        #expect(throws: ScoringError.unknownQuestion("q9")) { try self.quiz.segment(for: ["q1": "x", "q2": "x", "q9": "x"]) }
        #expect(throws: ScoringError.unknownAnswer(question: "q2", answer: "z")) { try self.quiz.segment(for: ["q1": "x", "q2": "z"]) }
        #expect(throws: ScoringError.unanswered(question: "q2")) { try self.quiz.segment(for: ["q1": "x"]) }
    }
}
