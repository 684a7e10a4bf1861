import Foundation
import Hummingbird
import Logging

/// The public folder (`--public`): only files whose resolved path stays inside it are read or served. A symbolic link
/// inside it to a file elsewhere (`Public/js/x.js -> /etc/passwd`) is treated as missing, wherever it points; one
/// between files of the folder works.
struct PublicFolder: Sendable {
    /// The folder's own resolved path, with a trailing slash.
    private let root: String

    init(_ folder: String) {
        self.root = (Self.resolved(folder) ?? URL(fileURLWithPath: folder).standardizedFileURL.path) + "/"
    }

    /// The resolved path of `path`, relative to the folder (a leading slash is ignored), or `nil` when it does not exist
    /// or resolves outside the folder.
    func resolvedPath(of path: String) -> String? {
        guard let resolved = Self.resolved(self.root + path.drop { $0 == "/" }), resolved + "/" == self.root || resolved.hasPrefix(self.root)
        else { return nil }
        return resolved
    }

    /// The contents of the file at `path` in the folder, or `nil` when it is missing or outside.
    func contents(of path: String) -> Data? {
        self.resolvedPath(of: path).flatMap { FileManager.default.contents(atPath: $0) }
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// Hummingbird's local file provider, limited to the files of a `PublicFolder`.
struct PublicFolderFiles: FileProvider {
    typealias FileAttributes = LocalFileSystem.FileAttributes
    typealias FileIdentifier = LocalFileSystem.FileIdentifier

    let folder: PublicFolder
    let files: LocalFileSystem

    init(folder: String, logger: Logger) {
        self.folder = PublicFolder(folder)
        self.files = LocalFileSystem(rootFolder: folder, threadPool: .singleton, logger: logger)
    }

    func getFileIdentifier(_ path: String) -> FileIdentifier? {
        self.folder.resolvedPath(of: path)
    }

    func getAttributes(id: FileIdentifier) async throws -> FileAttributes? {
        try await self.files.getAttributes(id: id)
    }

    func loadFile(id: FileIdentifier, context: some RequestContext) async throws -> ResponseBody {
        try await self.files.loadFile(id: id, context: context)
    }

    func loadFile(id: FileIdentifier, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        try await self.files.loadFile(id: id, range: range, context: context)
    }
}
