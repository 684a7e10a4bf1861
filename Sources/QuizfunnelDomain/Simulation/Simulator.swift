/// The engine behind `Simulation`: the quiz compiled to arrays of segment positions, walked path by path with the
/// points kept in place, scored with `Quiz.decide`, the same rule as a real result.
struct Simulator {
    /// One answer, compiled.
    private struct Choice {
        var scores: [(segment: Int, points: Int)]
        var excludes: [Int]
        /// The position of the question it leads to; `nil` for the result.
        var next: Int?
        /// The positions of the question's other answers that lead to the same place: a player who chose one of them
        /// instead would have answered everything after it the same way.
        var alternatives: [Int]
    }

    /// A question's choices; `nil` for a text question, which every path passes on to the next question.
    private let questions: [[Choice]?]
    private let following: [Int?]
    private let segmentCount: Int
    private let fallback: Int?

    private(set) var shares: [Double]
    private(set) var tieShares: [Double]
    private(set) var fallbackShares: [Double]
    /// Per question: some player's result would change had they chosen another of its answers.
    private(set) var influential: [Bool]

    // The walk's state: points and exclusion counts per segment, and the choices made so far.
    private var points: [Int]
    private var exclusions: [Int]
    private var excluded: [Bool]
    private var path: [(question: Int, answer: Int)] = []

    init(quiz: Quiz) {
        let positions = Dictionary(quiz.questions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let segmentPositions = Dictionary(quiz.segments.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let count = quiz.questions.count
        self.following = (0..<count).map { $0 + 1 < count ? $0 + 1 : nil }
        self.questions = quiz.questions.enumerated().map { index, question in
            guard question.kind == .choice else { return nil }
            let nexts: [Int?] = question.answers.map { answer in
                switch answer.next {
                case nil: index + 1 < count ? index + 1 : nil
                case .result: nil
                case .question(let id): positions[id].flatMap { $0 > index ? $0 : nil }
                }
            }
            return question.answers.enumerated().map { answerIndex, answer in
                Choice(
                    scores: answer.scores.compactMap { id, points in segmentPositions[id].map { ($0, points) } },
                    excludes: answer.excludes.compactMap { segmentPositions[$0] },
                    next: nexts[answerIndex],
                    alternatives: nexts.indices.filter { $0 != answerIndex && nexts[$0] == nexts[answerIndex] }
                )
            }
        }
        self.segmentCount = quiz.segments.count
        self.fallback = quiz.fallbackIndex
        self.shares = Array(repeating: 0, count: quiz.segments.count)
        self.tieShares = self.shares
        self.fallbackShares = self.shares
        self.influential = Array(repeating: false, count: count)
        self.points = Array(repeating: 0, count: quiz.segments.count)
        self.exclusions = self.points
        self.excluded = Array(repeating: false, count: quiz.segments.count)
    }

    /// How many different paths the quiz has (as a `Double`, which holds any count a quiz reaches).
    func pathCount() -> Double {
        var counts = [Double](repeating: 1, count: self.questions.count + 1)
        let end = self.questions.count
        for index in self.questions.indices.reversed() {
            guard let choices = self.questions[index] else {
                counts[index] = counts[self.following[index] ?? end]
                continue
            }
            counts[index] = choices.reduce(0) { $0 + counts[$1.next ?? end] }
        }
        return self.questions.isEmpty ? 0 : counts[0]
    }

    /// Scores every path, each weighted by its probability when every answer is equally likely.
    mutating func runEveryPath() {
        guard !self.questions.isEmpty else { return }
        self.walk(from: 0, weight: 1)
    }

    private mutating func walk(from position: Int?, weight: Double) {
        guard let position else {
            self.score(weight: weight)
            return
        }
        guard let choices = self.questions[position] else {
            self.walk(from: self.following[position], weight: weight)
            return
        }
        let branchWeight = weight / Double(choices.count)
        for answer in choices.indices {
            self.choose(answer, of: position, choices: choices)
            self.walk(from: choices[answer].next, weight: branchWeight)
            self.unchoose(answer, of: position, choices: choices)
        }
    }

    /// Scores `players` random players, each weighing the same.
    mutating func runRandomPlayers(_ players: Int, seed: UInt64) {
        guard !self.questions.isEmpty, players > 0 else { return }
        var generator = SplitMix64(seed: seed)
        let weight = 1 / Double(players)
        for _ in 0..<players {
            var position: Int? = 0
            while let index = position {
                guard let choices = self.questions[index] else {
                    position = self.following[index]
                    continue
                }
                let answer = Int(generator.next() % UInt64(choices.count))
                self.choose(answer, of: index, choices: choices)
                position = choices[answer].next
            }
            self.score(weight: weight)
            while let step = self.path.last {
                self.unchoose(step.answer, of: step.question, choices: self.questions[step.question]!)
            }
        }
    }

    private mutating func choose(_ answer: Int, of question: Int, choices: [Choice]) {
        self.apply(choices[answer], sign: 1)
        self.path.append((question, answer))
    }

    private mutating func unchoose(_ answer: Int, of question: Int, choices: [Choice]) {
        self.apply(choices[answer], sign: -1)
        self.path.removeLast()
    }

    private mutating func apply(_ choice: Choice, sign: Int) {
        for (segment, points) in choice.scores { self.points[segment] += sign * points }
        for segment in choice.excludes {
            self.exclusions[segment] += sign
            self.excluded[segment] = self.exclusions[segment] > 0
        }
    }

    /// Counts the finished path, then asks of each question on it not yet known to matter whether another answer with
    /// the same continuation would have given another segment.
    private mutating func score(weight: Double) {
        let outcome = Quiz.decide(points: self.points, excluded: self.excluded, fallback: self.fallback)
        self.shares[outcome.index] += weight
        if outcome.isTie { self.tieShares[outcome.index] += weight }
        if outcome.isFallback { self.fallbackShares[outcome.index] += weight }
        for (question, answer) in self.path where !self.influential[question] {
            let choices = self.questions[question]!
            for alternative in choices[answer].alternatives {
                self.apply(choices[answer], sign: -1)
                self.apply(choices[alternative], sign: 1)
                let changed = Quiz.decide(points: self.points, excluded: self.excluded, fallback: self.fallback).index != outcome.index
                self.apply(choices[alternative], sign: -1)
                self.apply(choices[answer], sign: 1)
                if changed {
                    self.influential[question] = true
                    break
                }
            }
        }
    }
}

/// A small, fast generator with a seed (Steele, Lea and Flood's SplitMix64), so that a sampled simulation (or a fuzz
/// test) can be repeated exactly; the standard library's generator takes no seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
