import LegdayConfig

extension NotifierKind {
    /// `type = "plugin"`: the program to run and its own options, which the plugin checks itself; its
    /// `options.NAME_file` secrets are read for it (docs/plugins.md). A plugin may take up to an hour.
    public static let plugin = NotifierKind(type: "plugin", keys: ["command", "options"], openTables: ["options"],
                                            maximumTimeoutSeconds: 3600, optionSecrets: true)
}
