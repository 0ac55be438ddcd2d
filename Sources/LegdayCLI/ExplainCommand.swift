import ArgumentParser
import LegdayCore
import LegdayOutput

/// `legday explain DATE`: every rule that decided a day, and the ones that gave way.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain why a day is planned the way it is.")

    @OptionGroup var config: ConfigOption
    @Argument(help: "The day, YYYY-MM-DD (default: today).") var date: DateArgument?
    @Flag(inversion: .prefixedNo, help: "Colours (default: on when printing to a terminal).") var color: Bool?

    func run() throws {
        let context = try AppContext.load(configPath: config.path)
        let day = context.day(date?.date ?? context.today())
        print(TerminalText.safeKeepingColours(Explanation.render(day, style: TextStyle.forStandardOutput(color))))
    }
}
