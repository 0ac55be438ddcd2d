import ArgumentParser
import CBuildInfo

/// `legday`: the root command. Each subcommand lives in its own file.
public struct Legday: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "legday",
        abstract: "Strength-training reminders for runners: lift and recovery days planned around your runs.",
        version: BuildInfo.versionLine,
        subcommands: [
            PlanCommand.self, TodayCommand.self, NextCommand.self, CheckCommand.self, ScheduleCommand.self,
            ExerciseCommand.self,
            ExplainCommand.self, NotifyCommand.self, OutboxCommand.self,
            RunCommand.self, ReloadCommand.self, InstallCommand.self, UninstallCommand.self,
            PluginsCommand.self, LogCommand.self, HistoryCommand.self,
        ]
    )

    public init() {}
}

/// What `legday --version` says: the version from the VERSION file and the commit legday was built from.
public enum BuildInfo {
    public static let version = String(cString: legday_version())
    public static let commit = String(cString: legday_commit())
    public static var versionLine: String { "legday \(version) (commit \(commit))" }
}
