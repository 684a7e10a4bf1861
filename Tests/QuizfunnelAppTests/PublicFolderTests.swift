import Foundation
import Testing

@testable import QuizfunnelApp

/// Only files that stay inside the public folder once their links are followed are read or served.
@Suite struct PublicFolderTests {
    @Test func aLinkToAFileOutsideTheFolderIsTreatedAsMissing() throws {
        let (root, outside) = try Self.folderWithLinks()
        let folder = PublicFolder(root.path)

        #expect(folder.contents(of: "js/app.js") == Data("app".utf8))
        #expect(folder.contents(of: "/js/app.js") == Data("app".utf8), "a request path's leading slash is the folder")
        #expect(folder.contents(of: "js/alias.js") == Data("app".utf8), "a link between files of the folder works")
        #expect(folder.contents(of: "js/secret.js") == nil, "\(outside.path) is outside")
        #expect(folder.resolvedPath(of: "linked-folder/secret.txt") == nil, "so is a file in a linked folder outside")
        #expect(folder.resolvedPath(of: "js/../../secret.txt") == nil)
        #expect(folder.resolvedPath(of: "/") != nil, "the folder itself")
    }

    @Test func theScriptsLoadedIntoMemoryLeaveALinkOutsideOut() throws {
        let (root, _) = try Self.folderWithLinks()

        let assets = try StaticAssets.load(publicFolder: root.path)

        #expect(assets.asset(at: "/js/app.js") != nil)
        #expect(assets.asset(at: "/js/secret.js") == nil)
    }

    /// `js/app.js`, `js/alias.js` linked to it, `js/secret.js` linked to a file outside the folder, and `linked-folder`
    /// linked to a folder outside.
    static func folderWithLinks() throws -> (root: URL, outside: URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("public-folder-\(UUID().uuidString)")
        let root = base.appendingPathComponent("Public")
        let outside = base.appendingPathComponent("secret.txt")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("js"), withIntermediateDirectories: true)
        try Data("app".utf8).write(to: root.appendingPathComponent("js/app.js"))
        try Data("secret".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("js/alias.js").path, withDestinationPath: "app.js")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("js/secret.js").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("linked-folder").path, withDestinationPath: base.path)
        return (root, outside)
    }
}
