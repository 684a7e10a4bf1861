import Foundation
import QuizfunnelDomain

/// `check --simulate`'s output: a table per quiz, or one JSON document for CI.
enum SimulationReport {
    /// ```
    /// golf-club: 1,024 paths, every path scored
    ///   driver       25.0%   ties 1.6%   fallback 0.0%
    ///   warning: segment "putter" gets 52.3% of players, more than 50.0%
    /// ```
    static func text(_ simulations: [Simulation]) -> String {
        var output = ""
        for simulation in simulations {
            let how = simulation.exhaustive ? "every path scored" : "random players, answers chosen uniformly"
            output += "\(simulation.id): \(simulation.paths.formatted()) paths, \(how)\n"
            let width = simulation.segments.map(\.id.count).max() ?? 0
            for segment in simulation.segments {
                let name = segment.id.padding(toLength: width, withPad: " ", startingAt: 0)
                output +=
                    "  \(name)  \(Self.column(segment.share))   ties \(Self.column(segment.tieShare))   fallback \(Self.column(segment.fallbackShare))\n"
            }
            output += simulation.errors.map { "  error: \($0)\n" }.joined()
            output += simulation.warnings.map { "  warning: \($0)\n" }.joined()
        }
        return output
    }

    /// `{"quizzes": [{"id", "paths", "exhaustive", "segments": [{"id", "share", "tieShare", "fallbackShare"}], "errors",
    /// "warnings"}]}`, shares as fractions of 1.
    static func json(_ simulations: [Simulation]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(["quizzes": simulations]), as: UTF8.self)
    }

    private static func column(_ share: Double) -> String {
        let percent = Simulation.percent(share)
        return String(repeating: " ", count: max(0, 6 - percent.count)) + percent
    }
}
