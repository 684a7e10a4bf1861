import Foundation

/// Names and teams for people's ref codes, from the optional `Refs.json` beside the quizzes:
/// `{"krysia": {"name": "Krysia", "team": "Warehouse"}}`. Both fields are optional.
public struct RefDirectory: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String?
        public var team: String?

        public init(name: String? = nil, team: String? = nil) {
            self.name = name
            self.team = team
        }
    }

    public var people: [String: Entry]

    public init(people: [String: Entry] = [:]) {
        self.people = people
    }

    public static let fileName = "Refs.json"

    /// Reads `Refs.json` in `folder`: an empty directory when there is none; a problem naming the file and the entry
    /// when it is not what it should be.
    public static func load(folder: String) throws(QuizLoadingError) -> RefDirectory {
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return RefDirectory() }
        return try self.parse(data, file: path)
    }

    static func parse(_ data: Data, file: String) throws(QuizLoadingError) -> RefDirectory {
        func problem(_ path: JSONPath, _ message: String) -> QuizLoadingError {
            QuizLoadingError(problems: [QuizProblem(file: file, path: path, message: message)])
        }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw problem(.root, "expected an object of refs, such as {\"krysia\": {\"name\": \"Krysia\", \"team\": \"Warehouse\"}}")
        }
        var people: [String: Entry] = [:]
        for (ref, value) in object {
            let path = JSONPath.root.appending(ref)
            guard Identifier.isValid(ref) else { throw problem(path, "a ref is 1 to 64 letters, digits, \"-\" or \"_\"") }
            guard case .object(let fields) = value else { throw problem(path, "expected an object with \"name\" and \"team\"") }
            var entry = Entry()
            for (key, field) in fields {
                guard case .string(let text) = field, !text.isEmpty, text.count <= 200 else {
                    throw problem(path.appending(key), "expected a text of 1 to 200 characters")
                }
                switch key {
                case "name": entry.name = text
                case "team": entry.team = text
                default: throw problem(path.appending(key), "unknown field; a ref has \"name\" and \"team\"")
                }
            }
            people[ref] = entry
        }
        return RefDirectory(people: people)
    }
}
