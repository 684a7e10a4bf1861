import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where an exporting command writes: a file named by `--output`, or standard output for none or `-`.
///
/// A file is opened for writing and emptied (created when missing) and written in place: `FileManager.createFile`
/// writes a new file and renames it over the old one, which replaced a symbolic link with a file, and `/dev/null`
/// itself when run as root.
struct OutputFile {
    let handle: FileHandle

    init(path: String?) throws {
        guard let path, path != "-" else {
            self.handle = FileHandle.standardOutput
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ValidationError("Cannot write \(path): \(String(cString: strerror(errno))).")
        }
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    func write(_ text: String) throws {
        try self.handle.write(contentsOf: Data(text.utf8))
    }

    /// Puts a regular file on disk before the command says it is done (a device or a pipe has nothing to sync), and
    /// closes it.
    func finish() throws {
        guard self.handle != FileHandle.standardOutput else { return }
        var status = stat()
        if fstat(self.handle.fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            try self.handle.synchronize()
        }
        try self.handle.close()
    }
}
