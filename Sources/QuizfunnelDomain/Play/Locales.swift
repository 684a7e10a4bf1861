/// Language tags and the choice of a player's locale.
public enum Locales {
    /// A BCP 47-like tag: a 2–3 letter language, then subtags of 2–8 letters or digits (`en`, `pt-BR`, `zh-Hans`).
    public static func isWellFormedTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// The locale to show: `requested` (from `?lang=`) if the quiz has it, then the best `Accept-Language` match, then the default.
    public static func negotiate(requested: String?, acceptLanguage: String?, available: [String]) -> String {
        if let requested, let match = self.match(requested, in: available) {
            return match
        }
        for preference in self.preferences(from: acceptLanguage ?? "") {
            if let match = self.match(preference, in: available) { return match }
        }
        return available[0]
    }

    /// An exact match ignoring case, else the first available tag sharing the language (`fi-FI` → `fi`, `pt` → `pt-BR`).
    static func match(_ tag: String, in available: [String]) -> String? {
        let wanted = tag.lowercased()
        if let exact = available.first(where: { $0.lowercased() == wanted }) { return exact }
        let language = wanted.split(separator: "-").first.map(String.init) ?? wanted
        return available.first { $0.lowercased().split(separator: "-").first.map(String.init) == language }
    }

    /// Tags of an `Accept-Language` header, most preferred first, without those weighted `q=0`.
    static func preferences(from header: String) -> [String] {
        let weighted: [(tag: String, weight: Double, order: Int)] = header.split(separator: ",").enumerated().compactMap { order, item in
            let parts = item.split(separator: ";").map { $0.trimmingSpaces() }
            guard let tag = parts.first, !tag.isEmpty, tag != "*" else { return nil }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            return weight > 0 ? (tag, weight, order) : nil
        }
        return weighted.sorted { ($0.weight, -$0.order) > ($1.weight, -$1.order) }.map(\.tag)
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension Locales {
    private static let rightToLeftLanguages: Set<String> = ["ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"]

    /// `rtl` for languages written right to left, else `ltr`: the page's `dir` attribute.
    public static func direction(of locale: String) -> String {
        let language = locale.lowercased().split(separator: "-").first.map(String.init) ?? ""
        return self.rightToLeftLanguages.contains(language) ? "rtl" : "ltr"
    }
}
