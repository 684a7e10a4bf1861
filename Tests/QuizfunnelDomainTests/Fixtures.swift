import Foundation

struct MissingFixture: Error {
    var name: String
}

/// The path of a file under `Fixtures/`.
func fixturePath(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else { throw MissingFixture(name: name) }
    return url.path
}

/// The repository's own `Quizzes/` folder, which the service ships with.
let shippedQuizzesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Quizzes").path
