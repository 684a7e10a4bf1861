import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Opens the database after `PRAGMA integrity_check`, or says why not and how to restore, and fails.
func openDatabaseOrExplain(path: String) async throws -> AppDatabase {
    do {
        return try await AppDatabase.openChecked(path: path)
    } catch let damage as DatabaseDamage {
        printToStandardError(damage.description)
        printToStandardError(
            "Refusing to start on a damaged database. Stop here, keep the file for analysis, and restore the latest backup "
                + "(quizfunnel backup --output FILE; see the README's \"Backup and restore\")."
        )
        throw ExitCode(65)
    }
}

/// Loads the quizzes, or prints every problem to standard error and fails.
func loadCatalogOrExplain(folder: String) throws -> QuizCatalog {
    do {
        return try QuizLibrary.load(folder: folder)
    } catch {
        printToStandardError(error.description)
        printToStandardError("Refusing to start: fix the quiz problems above (quizfunnel check \(folder) lists them).")
        throw ExitCode.failure
    }
}

/// The people's names in the folder's `Refs.json` (none without one), or says what is wrong with it and fails.
func loadRefsOrExplain(folder: String) throws -> RefDirectory {
    do {
        return try RefDirectory.load(folder: folder)
    } catch {
        printToStandardError(error.description)
        printToStandardError("Refusing to start: fix \(RefDirectory.fileName) as said above.")
        throw ExitCode.failure
    }
}

func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
