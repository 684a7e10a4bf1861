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

    /// q1 "skip" jumps to q3, "stop" ends the quiz at once; q2 is asked only after q1 "ask".
    static let branching = Quiz(
        id: "b",
        locales: ["en"],
        title: .universal("B"),
        segments: ["a", "b"].map { Segment(id: $0, title: .universal($0)) },
        questions: [
            Question(
                id: "q1",
                text: .universal("Q1"),
                answers: [
                    Answer(id: "ask", text: .universal("Ask"), scores: ["a": 1]),
                    Answer(id: "skip", text: .universal("Skip"), scores: ["b": 1], next: .question("q3")),
                    Answer(id: "stop", text: .universal("Stop"), scores: ["b": 5], next: .result),
                ]
            ),
            Question(id: "q2", text: .universal("Q2"), answers: [Answer(id: "x", text: .universal("X"), scores: ["a": 10])]),
            Question(id: "q3", text: .universal("Q3"), answers: [Answer(id: "x", text: .universal("X"), scores: ["b": 3])]),
        ],
        consent: Consent(version: "1", text: .universal("Yes")),
    )

    @Test func onlyTheQuestionsOnThePlayersPathAreScored() throws {
        let quiz = Self.branching
        #expect(try quiz.path(of: ["q1": "ask", "q2": "x", "q3": "x"]).map(\.question.id) == ["q1", "q2", "q3"])
        #expect(try quiz.segment(for: ["q1": "ask", "q2": "x", "q3": "x"]).id == "a")  // a 11, b 3
        #expect(try quiz.path(of: ["q1": "skip", "q3": "x"]).map(\.question.id) == ["q1", "q3"])
        #expect(try quiz.segment(for: ["q1": "skip", "q3": "x"]).id == "b")  // q2's 10 points for a are never counted
        #expect(try quiz.segment(for: ["q1": "stop"]).id == "b")
    }

    @Test func anAnswerOffThePathOrAMissingOneOnItIsNamed() {
        let quiz = Self.branching
        #expect(throws: ScoringError.notOnPath(question: "q2")) { try quiz.segment(for: ["q1": "skip", "q2": "x", "q3": "x"]) }
        #expect(throws: ScoringError.notOnPath(question: "q3")) { try quiz.segment(for: ["q1": "stop", "q3": "x"]) }
        #expect(throws: ScoringError.unanswered(question: "q3")) { try quiz.segment(for: ["q1": "skip"]) }
        #expect(throws: ScoringError.unanswered(question: "q2")) { try quiz.segment(for: ["q1": "ask", "q3": "x"]) }
    }

    /// "big" rules out b, "wild" rules out a and c; c is the fallback when all three are out.
    static let excluding = Quiz(
        id: "e",
        locales: ["en"],
        title: .universal("E"),
        segments: ["a", "b", "c"].map { Segment(id: $0, title: .universal($0)) },
        questions: [
            Question(
                id: "q1",
                text: .universal("Q1"),
                answers: [
                    Answer(id: "big", text: .universal("Big"), scores: ["a": 3], excludes: ["b"]),
                    Answer(id: "small", text: .universal("Small"), scores: ["b": 1]),
                    Answer(id: "none", text: .universal("None"), scores: [:]),
                ]
            ),
            Question(
                id: "q2",
                text: .universal("Q2"),
                answers: [
                    Answer(id: "safe", text: .universal("Safe"), scores: ["b": 5]),
                    Answer(id: "wild", text: .universal("Wild"), scores: ["c": 9], excludes: ["a", "c"]),
                    Answer(id: "calm", text: .universal("Calm"), scores: [:]),
                ]
            ),
        ],
        consent: Consent(version: "1", text: .universal("Yes")),
        fallback: "c"
    )

    @Test func anExcludedSegmentCannotWinWhateverItsPoints() throws {
        let quiz = Self.excluding
        #expect(try quiz.outcome(for: ["q1": "big", "q2": "safe"]) == Outcome(segment: quiz.segments[0], isTie: false, isFallback: false))
        // c has 9 points but is excluded; b has 1.
        #expect(try quiz.segment(for: ["q1": "small", "q2": "wild"]).id == "b")
    }

    @Test func theFallbackIsGivenWhenEverySegmentIsExcluded() throws {
        let quiz = Self.excluding
        #expect(try quiz.outcome(for: ["q1": "big", "q2": "wild"]) == Outcome(segment: quiz.segments[2], isTie: false, isFallback: true))
    }

    @Test func aTieAmongTheSegmentsLeftGoesToTheOneListedFirst() throws {
        let quiz = Self.excluding
        #expect(try quiz.outcome(for: ["q1": "none", "q2": "calm"]) == Outcome(segment: quiz.segments[0], isTie: true, isFallback: false))
        // Only b is left: no tie, although b has no points.
        #expect(try quiz.outcome(for: ["q1": "none", "q2": "wild"]) == Outcome(segment: quiz.segments[1], isTie: false, isFallback: false))
    }

    /// A choice, an optional text and a required one.
    static let asking = Quiz(
        id: "t",
        locales: ["en"],
        title: .universal("T"),
        segments: [Segment(id: "a", title: .universal("A"))],
        questions: [
            Question(
                id: "q1",
                text: .universal("Q1"),
                answers: [
                    Answer(id: "x", text: .universal("X"), scores: ["a": 1]),
                    Answer(id: "end", text: .universal("End"), scores: ["a": 1], next: .result),
                ]
            ),
            Question(id: "wish", text: .universal("Wish?"), textRequired: false),
            Question(id: "why", text: .universal("Why?"), textRequired: true),
        ],
        consent: Consent(version: "1", text: .universal("Yes")),
    )

    @Test func textQuestionsAreOnThePathButNeverScored() throws {
        let quiz = Self.asking
        let path = try quiz.path(of: ["q1": "x"], texts: ["why": "Lighter, please"])
        #expect(path.map(\.question.id) == ["q1", "wish", "why"])
        #expect(path.map(\.answer?.id) == ["x", nil, nil])
        #expect(try quiz.segment(for: ["q1": "x"], texts: ["wish": "  ", "why": "Because"]).id == "a")
    }

    @Test func aWrongTextIsNamed() {
        let quiz = Self.asking
        #expect(throws: ScoringError.unanswered(question: "why")) { try quiz.path(of: ["q1": "x"], texts: ["wish": "More"]) }
        #expect(throws: ScoringError.unanswered(question: "why")) { try quiz.path(of: ["q1": "x"], texts: ["why": " "]) }
        #expect(throws: ScoringError.notOnPath(question: "why")) { try quiz.path(of: ["q1": "end"], texts: ["why": "Off the path"]) }
        #expect(throws: ScoringError.notATextQuestion(question: "q1")) { try quiz.path(of: ["q1": "x"], texts: ["q1": "x", "why": "y"]) }
        #expect(throws: ScoringError.expectsText(question: "why")) { try quiz.path(of: ["q1": "x", "why": "x"]) }
        let long = String(repeating: "ä", count: 501)
        #expect(throws: ScoringError.invalidText(question: "why", reason: "must be at most 500 characters")) {
            try quiz.path(of: ["q1": "x"], texts: ["why": long])
        }
        #expect(throws: ScoringError.invalidText(question: "why", reason: "must not contain control characters such as line breaks or tabs")) {
            try quiz.path(of: ["q1": "x"], texts: ["why": "one\ntwo"])
        }
        #expect((try? quiz.path(of: ["q1": "x"], texts: ["why": String(repeating: "ä", count: 500)])) != nil)
    }
}
