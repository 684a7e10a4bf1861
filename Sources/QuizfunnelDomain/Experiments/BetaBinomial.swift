import Foundation

/// The Bayesian read-out of an A/B test on a rate (views that became leads): each variant's rate has the posterior
/// Beta(1 + successes, 1 + failures) from a uniform prior, and the probability that a variant is best is the chance
/// that its rate is the highest of all, computed by integrating the posteriors numerically on a grid fine enough for
/// the narrowest of them.
public enum BetaBinomial {
    /// For each variant, the probability that its rate is the highest; `successes[i] <= trials[i]`. The figures sum to 1.
    public static func probabilityBest(successes: [Int], trials: [Int]) -> [Double] {
        precondition(successes.count == trials.count && !trials.isEmpty)
        let posteriors = zip(successes, trials).map { Posterior(alpha: Double(1 + $0), beta: Double(1 + $1 - $0)) }
        let low = max(0, posteriors.map { $0.mean - 12 * $0.standardDeviation }.min()!)
        let high = min(1, posteriors.map { $0.mean + 12 * $0.standardDeviation }.max()!)
        let narrowest = posteriors.map(\.standardDeviation).min()!
        let steps = min(400_000, max(4_000, Int(((high - low) / (narrowest / 40)).rounded(.up))))
        let width = (high - low) / Double(steps)
        let points = (0..<steps).map { low + (Double($0) + 0.5) * width }

        // Each posterior as a probability per grid cell, and its distribution function at each cell's middle.
        let masses = posteriors.map { $0.masses(at: points) }
        let distributions = masses.map { mass in
            var below = 0.0
            return mass.map { cell in
                defer { below += cell }
                return below + cell / 2
            }
        }
        var best = masses.indices.map { variant in
            var probability = 0.0
            for cell in points.indices where masses[variant][cell] > 0 {
                var othersBelow = 1.0
                for other in masses.indices where other != variant { othersBelow *= distributions[other][cell] }
                probability += masses[variant][cell] * othersBelow
            }
            return probability
        }
        let total = best.reduce(0, +)
        if total > 0 { best = best.map { $0 / total } }
        return best
    }

    private struct Posterior {
        var alpha: Double
        var beta: Double

        var mean: Double { self.alpha / (self.alpha + self.beta) }
        var standardDeviation: Double {
            let sum = self.alpha + self.beta
            return (self.alpha * self.beta / (sum * sum * (sum + 1))).squareRoot()
        }

        /// The density at each point, scaled to sum to 1 (the constant 1/B(α, β) cancels).
        func masses(at points: [Double]) -> [Double] {
            let logDensities = points.map { (self.alpha - 1) * log($0) + (self.beta - 1) * log1p(-$0) }
            let peak = logDensities.max() ?? 0
            let densities = logDensities.map { exp($0 - peak) }
            let sum = densities.reduce(0, +)
            return densities.map { $0 / sum }
        }
    }
}
