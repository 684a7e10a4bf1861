import Foundation
import Logging
import QuizfunnelDomain
import Synchronization

/// The quizzes the service runs and everything made from them once (an `Edition`), replaced as a whole when `serve`
/// reloads `Quizzes/`; and the last versions of each quiz, so that a player whose page was loaded before a reload is
/// scored against the quiz they saw.
public final class QuizLibrary: Sendable {
    /// How many versions of each quiz are kept for players who loaded an earlier one.
    public static let keptVersions = 10

    private struct State {
        var edition: Edition
        /// Per quiz, its versions, oldest first, the running one last.
        var versions: [String: [Quiz]]
    }

    private let state: Mutex<State>
    let assets: StaticAssets
    let resources: PageResources
    private let configuration: AppConfiguration

    /// The library of `catalog` and the people `refs` names, with the pages and assets of `configuration.publicFolder`.
    public init(catalog: QuizCatalog, refs: RefDirectory = RefDirectory(), configuration: AppConfiguration) throws {
        self.assets = try StaticAssets.load(publicFolder: configuration.publicFolder)
        self.resources = try PageResources.load(publicFolder: configuration.publicFolder, assets: self.assets)
        self.configuration = configuration
        let edition = try Edition(catalog: catalog, refs: refs, resources: self.resources, configuration: configuration)
        self.state = Mutex(State(edition: edition, versions: Dictionary(uniqueKeysWithValues: catalog.quizzes.map { ($0.id, [$0]) })))
    }

    /// The running edition; a request reads it once and uses it throughout.
    var edition: Edition {
        self.state.withLock { $0.edition }
    }

    var catalog: QuizCatalog { self.edition.catalog }

    /// The names and teams of people's refs.
    var refs: RefDirectory { self.edition.refs }

    /// The version `version` of quiz `id`, while it is kept.
    func quiz(id: String, version: String) -> Quiz? {
        self.state.withLock { state in state.versions[id]?.last { $0.version == version } }
    }

    /// Runs `catalog` from now on, with `refs` (the running ones when `nil`); its quizzes' earlier versions stay
    /// available (the last `keptVersions`). Throws, changing nothing, when its pages or mails cannot be made.
    func replace(with catalog: QuizCatalog, refs: RefDirectory? = nil) throws {
        let edition = try Edition(catalog: catalog, refs: refs ?? self.refs, resources: self.resources, configuration: self.configuration)
        self.state.withLock { state in
            state.edition = edition
            for quiz in catalog.quizzes {
                var versions = state.versions[quiz.id, default: []].filter { $0.version != quiz.version }
                versions.append(quiz)
                state.versions[quiz.id] = Array(versions.suffix(Self.keptVersions))
            }
        }
    }
}

/// One set of quizzes and what is made from them at start-up or reload: the pages and JSON players get, the result
/// views, the mails, the consent texts' digests and the pictures' sizes; and the people's names from `Refs.json`.
///
/// A class: requests read the running edition out of `QuizLibrary`'s lock, and a reference is one retain where a
/// struct of these seven fields was a retain for each of their references.
final class Edition: Sendable {
    let catalog: QuizCatalog
    let refs: RefDirectory
    let views: RenderedViews
    let resultViews: ResultViews
    let composer: MailComposer
    /// SHA-256 of each quiz's consent text in each locale.
    let consentDigests: [String: [String: String]]
    /// The size of every local picture the quizzes show, by its path below the public folder.
    let imageSizes: [String: ImageSize]

    init(catalog: QuizCatalog, refs: RefDirectory, resources: PageResources, configuration: AppConfiguration) throws {
        let imageSizes = Self.imageSizes(of: catalog, publicFolder: resources.publicFolder)
        self.catalog = catalog
        self.refs = refs
        self.imageSizes = imageSizes
        self.views = try RenderedViews(catalog: catalog, resources: resources) { imageSizes[$0].map { ($0.width, $0.height) } }
        self.resultViews = try ResultViews(catalog: catalog)
        self.composer = try MailComposer(catalog: catalog, resources: resources, configuration: configuration)
        self.consentDigests = Dictionary(
            uniqueKeysWithValues: catalog.quizzes.map { quiz in
                (quiz.id, Dictionary(uniqueKeysWithValues: quiz.locales.map { ($0, Digest.sha256(quiz.consentText(locale: $0))) }))
            }
        )
    }

    private static func imageSizes(of catalog: QuizCatalog, publicFolder: String) -> [String: ImageSize] {
        var paths: Set<String> = []
        for quiz in catalog.quizzes {
            for segment in quiz.segments {
                paths.formUnion(segment.image?.allTexts ?? [])
                paths.formUnion(segment.products.compactMap(\.image))
            }
            paths.formUnion(quiz.questions.flatMap(\.answers).compactMap(\.image))
        }
        return Dictionary(
            uniqueKeysWithValues: paths.filter { !$0.hasPrefix("https://") }.compactMap { path in
                ImageSize.png(at: (publicFolder as NSString).appendingPathComponent(path)).map { (path, $0) }
            }
        )
    }
}
