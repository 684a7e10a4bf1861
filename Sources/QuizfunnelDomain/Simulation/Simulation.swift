/// What a quiz's players can be expected to get, computed before launch: per segment, the share of players who get it,
/// and how many of those get it by the tie rule or as the fallback; the problems this shows.
///
/// Players are taken to choose every answer with equal probability. When the quiz has at most
/// `SimulationSettings.exhaustiveLimit` paths, every path is scored and weighted by its probability; otherwise
/// `SimulationSettings.players` random players are, drawn with a fixed seed, so that a run can be repeated.
public struct Simulation: Sendable, Equatable, Encodable {
    public struct SegmentFigures: Sendable, Equatable, Encodable {
        public var id: String
        /// The fraction of players who get this segment.
        public var share: Double
        /// The fraction of players who get this segment because it is listed first among those with the most points.
        public var tieShare: Double
        /// The fraction of players who get this segment because their answers excluded every segment.
        public var fallbackShare: Double
    }

    public var id: String
    /// The number of paths scored: all of them, or the random players drawn.
    public var paths: Int
    /// True when every path was scored.
    public var exhaustive: Bool
    public var segments: [SegmentFigures]
    public var errors: [String]
    public var warnings: [String]
}

/// How a simulation runs and what it warns about.
public struct SimulationSettings: Sendable, Equatable {
    /// Players drawn when there are more paths than `exhaustiveLimit`.
    public var players: Int
    public var seed: UInt64
    public var exhaustiveLimit: Int
    /// A segment with more than this share of players is warned about.
    public var dominantShare: Double
    /// A segment with less than this share of players is warned about.
    public var rareShare: Double

    public static let defaultSeed: UInt64 = 20_261_203

    public init(
        players: Int = 100_000,
        seed: UInt64 = Self.defaultSeed,
        exhaustiveLimit: Int = 1_000_000,
        dominantShare: Double = 0.5,
        rareShare: Double = 0.05
    ) {
        self.players = players
        self.seed = seed
        self.exhaustiveLimit = exhaustiveLimit
        self.dominantShare = dominantShare
        self.rareShare = rareShare
    }
}

extension Simulation {
    /// The figures and problems of `quiz`.
    public init(of quiz: Quiz, settings: SimulationSettings = SimulationSettings()) {
        var simulator = Simulator(quiz: quiz)
        let pathCount = simulator.pathCount()
        let exhaustive = pathCount <= Double(settings.exhaustiveLimit)
        if exhaustive {
            simulator.runEveryPath()
        } else {
            simulator.runRandomPlayers(settings.players, seed: settings.seed)
        }
        self.id = quiz.id
        self.paths = exhaustive ? Int(pathCount) : settings.players
        self.exhaustive = exhaustive
        self.segments = quiz.segments.indices.map { index in
            SegmentFigures(
                id: quiz.segments[index].id,
                share: simulator.shares[index],
                tieShare: simulator.tieShares[index],
                fallbackShare: simulator.fallbackShares[index]
            )
        }
        self.errors = []
        self.warnings = []
        self.findProblems(quiz: quiz, settings: settings, influential: simulator.influential)
    }

    private mutating func findProblems(quiz: Quiz, settings: SimulationSettings, influential: [Bool]) {
        let reach = self.exhaustive ? "no path reaches" : "none of the \(self.paths) players drawn reaches"
        for segment in self.segments {
            let percent = Self.percent(segment.share)
            if segment.share == 0 {
                self.errors.append("\(reach) segment \"\(segment.id)\"")
            } else if segment.tieShare >= segment.share {
                self.warnings.append("segment \"\(segment.id)\" is only reached through ties (\(percent) of players)")
            }
            if segment.share > settings.dominantShare {
                self.warnings.append(
                    "segment \"\(segment.id)\" gets \(percent) of players, more than \(Self.percent(settings.dominantShare))"
                )
            } else if segment.share > 0, segment.share < settings.rareShare {
                self.warnings.append("segment \"\(segment.id)\" gets \(percent) of players, less than \(Self.percent(settings.rareShare))")
            }
        }
        for (index, question) in quiz.questions.enumerated() where question.kind == .choice && !influential[index] {
            let examined = Dictionary(grouping: question.answers, by: \.next).values.contains { $0.count > 1 }
            if examined {
                self.warnings.append("the answers to question \"\(question.id)\" never change any player's result")
            }
        }
    }

    /// `0.253` as `25.3%`.
    public static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
