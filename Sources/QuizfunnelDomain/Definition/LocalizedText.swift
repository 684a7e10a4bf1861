/// A text shown to players: one string for every locale, or one string per declared locale.
public enum LocalizedText: Sendable, Equatable {
    case universal(String)
    case perLocale([String: String])

    /// The text in `locale`, falling back to `defaultLocale` and then to any translation.
    public func resolved(for locale: String, defaultLocale: String) -> String {
        switch self {
        case .universal(let text):
            return text
        case .perLocale(let texts):
            return texts[locale] ?? texts[defaultLocale] ?? texts.values.sorted().first ?? ""
        }
    }

    /// Every translation, in no particular order.
    public var allTexts: [String] {
        switch self {
        case .universal(let text): [text]
        case .perLocale(let texts): Array(texts.values)
        }
    }
}
