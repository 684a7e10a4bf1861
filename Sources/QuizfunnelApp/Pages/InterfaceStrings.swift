import Foundation

/// The play and share pages' own words (buttons, progress, errors), one table per locale, from `Public/i18n.json`.
///
/// A locale falls back key by key to its language, then to English, so a missing translation shows English, never a key.
struct InterfaceStrings: Sendable {
    private let tables: [String: [String: String]]
    /// `json(for:)` of every locale that has a table, encoded once: the play page sends it on every view.
    private let encodedTables: [String: String]

    init(json data: Data) throws {
        let tables = try JSONDecoder().decode([String: [String: String]].self, from: data)
        self.tables = tables
        self.encodedTables = Dictionary(uniqueKeysWithValues: tables.keys.map { ($0, Self.encode(Self.table(for: $0, in: tables))) })
    }

    /// The locales with a table of their own, English first.
    var locales: [String] {
        ["en"] + self.tables.keys.filter { $0 != "en" }.sorted()
    }

    func table(for locale: String) -> [String: String] {
        Self.table(for: locale, in: self.tables)
    }

    /// The text for `key`, with `{name}` placeholders filled from `values`.
    func text(_ key: String, locale: String, _ values: [String: String] = [:]) -> String {
        var text = self.table(for: locale)[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The language's name in itself ("Suomi"), or the tag when no table names it (never another language's name).
    func languageName(of locale: String) -> String {
        let language = String(locale.lowercased().split(separator: "-").first ?? "")
        return self.tables[locale]?["languageName"] ?? self.tables[language]?["languageName"] ?? locale
    }

    /// The table for `locale` as JSON safe inside `<script type="application/json">` (no `<`, so no `</script>`).
    func json(for locale: String) -> String {
        self.encodedTables[locale] ?? Self.encode(self.table(for: locale))
    }

    private static func table(for locale: String, in tables: [String: [String: String]]) -> [String: String] {
        let language = String(locale.lowercased().split(separator: "-").first ?? "")
        return (tables["en"] ?? [:])
            .merging(tables[language] ?? [:]) { $1 }
            .merging(tables[locale] ?? [:]) { $1 }
    }

    private static func encode(_ table: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(table)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
