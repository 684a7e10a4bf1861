import ArgumentParser

/// The `quizfunnel` command: run the service, check quizzes, export mailing lists.
@main
struct Quizfunnel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quiz-based lead capture: run personality quizzes, keep consented leads, export one mailing list per segment.",
        subcommands: [ServeCommand.self, CheckCommand.self, ExportCommand.self, StatsCommand.self]
    )
}

/// The database option shared by commands that read or write the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (created by serve when missing).")
    var database = "quizfunnel.sqlite"
}
