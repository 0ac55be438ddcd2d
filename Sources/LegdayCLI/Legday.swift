import ArgumentParser

/// `legday`: the root command. Each subcommand lives in its own file.
public struct Legday: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "legday",
        abstract: "Strength-training reminders for runners: lift and recovery days planned around your runs.",
        version: "0.1.0",
        subcommands: [
            PlanCommand.self, TodayCommand.self, NextCommand.self, CheckCommand.self, ScheduleCommand.self,
            ExerciseCommand.self,
            ExplainCommand.self, NotifyCommand.self, OutboxCommand.self,
            RunCommand.self, ReloadCommand.self, InstallCommand.self, UninstallCommand.self,
            PluginsCommand.self,
        ]
    )

    public init() {}
}
