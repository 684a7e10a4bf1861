/// A display name split for CRMs that want first and last names in separate columns.
public struct PersonName: Sendable, Equatable {
    public var first: String
    public var last: String

    public init(first: String, last: String) {
        self.first = first
        self.last = last
    }

    /// "Last, First" is read as written ("Smith, John" → "John", "Smith"); otherwise the first word is the first name
    /// and the rest the last name ("Anna Maria Virtanen" → "Anna", "Maria Virtanen"), the split that loses nothing.
    public init(splitting name: String?) {
        let words = { (text: Substring) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let parts = (name ?? "").split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2, !words(parts[0]).isEmpty, !words(parts[1]).isEmpty {
            self.first = words(parts[1])
            self.last = words(parts[0])
            return
        }
        let all = (name ?? "").split(whereSeparator: \.isWhitespace)
        self.first = all.first.map(String.init) ?? ""
        self.last = all.dropFirst().joined(separator: " ")
    }
}
