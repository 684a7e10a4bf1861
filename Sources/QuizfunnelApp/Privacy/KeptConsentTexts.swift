import Synchronization

/// The consent texts this process knows to be committed to the `consentText` table, by quiz, version, locale and digest.
///
/// A lead keeps the text it was given with an `INSERT OR IGNORE`, which was about 3% of the lead route's profile, though
/// almost every lead is given one of the texts `keepConsentTexts(of:)` committed at start-up. Those are remembered here,
/// only after their transaction committed, and the per-lead insert is skipped for them. Nothing deletes a kept text, so
/// a text once known stays in the table.
final class KeptConsentTexts: Sendable {
    struct Key: Hashable, Sendable {
        var quizID: String
        var version: String
        var locale: String
        var sha256: String
    }

    private let keys = Mutex(Set<Key>())

    func contains(_ key: Key) -> Bool {
        self.keys.withLock { $0.contains(key) }
    }

    /// Call only once the transaction that stored `keys` has committed.
    func insert(committed keys: some Sequence<Key>) {
        self.keys.withLock { $0.formUnion(keys) }
    }
}
