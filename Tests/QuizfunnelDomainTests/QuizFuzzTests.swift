import Foundation
import Testing

@testable import QuizfunnelDomain

/// Random and mutated JSON thrown at the quiz loader: it answers a quiz or a list of located problems, never crashes,
/// never hangs, and never accepts a quiz that breaks the model's rules.
@Suite struct QuizFuzzTests {
    static let original = try! Data(contentsOf: URL(fileURLWithPath: shippedQuizzesFolder).appendingPathComponent("golf-club.json"))
    /// The shipped quiz with exclusions and a fallback.
    static let excluding = try! Data(contentsOf: URL(fileURLWithPath: shippedQuizzesFolder).appendingPathComponent("social-seller.json"))

    @Test(arguments: 0..<6)
    func byteMutationsNeverCrashTheParser(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<120 {
            var bytes = [UInt8](Self.original)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(Array(#"{}[]",:"0-e\"#.utf8).randomElement(using: &random)!, at: index)
                default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...64, using: &random)))
                }
            }
            Self.expectWellBehaved(QuizParser.parse(Data(bytes), file: "fuzz.json"))
        }
    }

    @Test(arguments: 0..<12)
    func structuralMutationsAreReportedWithTheirPath(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        // Even seeds mutate the golf quiz (pictures, products, a text question), odd ones the social quiz (exclusions).
        let tree = try JSONSerialization.jsonObject(with: seed % 2 == 0 ? Self.original : Self.excluding)
        let replacements: [Any] = [
            NSNull(), 0, -1, 1e308, "", "<script>", [], [:], true, String(repeating: "x", count: 10_000), ["en": 1], "result", "text",
            "driver", ["driver", "driver"], "../x.png", "https://cdn.example.com/x.png",
        ]
        for _ in 0..<120 {
            let mutated = Self.mutate(tree, using: &random, replacements: replacements)
            let data = try JSONSerialization.data(withJSONObject: mutated, options: .fragmentsAllowed)
            Self.expectWellBehaved(QuizParser.parse(data, file: "fuzz.json"))
        }
    }

    @Test func randomDocumentsAreRefusedWithProblems() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let value = Self.randomJSON(depth: 4, using: &random)
            let data = (try? JSONSerialization.data(withJSONObject: ["x": value])) ?? Data("[]".utf8)
            if case .success = QuizParser.parse(data, file: "random.json") { Issue.record("a random document was accepted as a quiz") }
        }
    }

    /// A parsed quiz must satisfy the rules the rest of the service relies on; a failure must say where.
    static func expectWellBehaved(_ outcome: Result<Quiz, QuizLoadingError>) {
        switch outcome {
        case .success(let quiz):
            #expect(!quiz.locales.isEmpty && !quiz.questions.isEmpty && !quiz.segments.isEmpty)
            let positions = Dictionary(quiz.questions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
            for (index, question) in quiz.questions.enumerated() {
                #expect(question.kind == .text ? question.answers.isEmpty : question.answers.count >= 2)
                for answer in question.answers {
                    #expect(answer.scores.keys.allSatisfy { quiz.segment(id: $0) != nil })
                    #expect(answer.excludes.allSatisfy { quiz.segment(id: $0) != nil })
                    #expect((answer.image == nil) == (answer.alt == nil))
                    if case .question(let target) = answer.next { #expect((positions[target] ?? -1) > index) }
                }
            }
            if quiz.questions.contains(where: { $0.answers.contains { !$0.excludes.isEmpty } }) { #expect(quiz.fallbackIndex != nil) }
            #expect(quiz.segments.allSatisfy { $0.products.count <= Product.maximumCount })
            // Whatever was accepted can be scored and simulated.
            let simulation = Simulation(of: quiz, settings: SimulationSettings(players: 200, exhaustiveLimit: 20_000))
            #expect(abs(simulation.segments.map(\.share).reduce(0, +) - 1) < 1e-9)
        case .failure(let error):
            #expect(!error.problems.isEmpty)
            #expect(error.problems.allSatisfy { $0.description.hasPrefix("fuzz.json: ") })
        }
    }

    /// The tree with one value somewhere replaced, removed or duplicated.
    static func mutate(_ value: Any, using random: inout SplitMix64, replacements: [Any]) -> Any {
        if Int.random(in: 0..<6, using: &random) == 0 { return replacements.randomElement(using: &random)! }
        if var object = value as? [String: Any], let key = object.keys.sorted().randomElement(using: &random) {
            if Int.random(in: 0..<5, using: &random) == 0 {
                object.removeValue(forKey: key)
            } else {
                object[key] = self.mutate(object[key]!, using: &random, replacements: replacements)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty {
            let index = Int.random(in: 0..<array.count, using: &random)
            if Int.random(in: 0..<5, using: &random) == 0 {
                array.append(array[index])
            } else {
                array[index] = self.mutate(array[index], using: &random, replacements: replacements)
            }
            return array
        }
        return replacements.randomElement(using: &random)!
    }

    static func randomJSON(depth: Int, using random: inout SplitMix64) -> Any {
        switch Int.random(in: 0..<(depth > 0 ? 6 : 4), using: &random) {
        case 0: return NSNull()
        case 1: return Int.random(in: -1000...1000, using: &random)
        case 2: return String((0..<Int.random(in: 0...12, using: &random)).map { _ in "aZ<>\"'é😀 ".randomElement(using: &random)! })
        case 3: return Bool.random(using: &random)
        case 4: return (0..<Int.random(in: 0...4, using: &random)).map { _ in self.randomJSON(depth: depth - 1, using: &random) }
        default:
            return Dictionary(
                (0..<Int.random(in: 0...4, using: &random)).map { index in
                    (
                        ["id", "locales", "title", "questions", "segments", "consent", "k\(index)"].randomElement(using: &random)!,
                        self.randomJSON(depth: depth - 1, using: &random)
                    )
                },
                uniquingKeysWith: { first, _ in first }
            )
        }
    }
}
