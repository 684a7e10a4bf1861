/// Where a value sits in a JSON document, written as `questions[2].answers[1].text`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    private enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    private var components: [Component] = []

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    public func appending(_ index: Int) -> JSONPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    public var description: String {
        guard !self.components.isEmpty else { return "$" }
        var text = ""
        for component in self.components {
            switch component {
            case .key(let key):
                text += text.isEmpty ? key : ".\(key)"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
