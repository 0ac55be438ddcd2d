// swift-tools-version:6.1
import Foundation
import PackageDescription

// The version lives in one place, the VERSION file; the commit is the checkout's (or LEGDAY_GIT_COMMIT, which
// `make release` sets so that a new commit always makes the manifest be read again).
let version = ((try? String(contentsOfFile: Context.packageDirectory + "/VERSION", encoding: .utf8)) ?? "0.0.0")
    .trimmingCharacters(in: .whitespacesAndNewlines)
let commit = Context.environment["LEGDAY_GIT_COMMIT"]
    ?? Context.gitInformation.map { String($0.currentCommit.prefix(12)) + ($0.hasUncommittedChanges ? "-dirty" : "") }
    ?? "unknown"

// Every legday target is compiled in Swift 6 language mode with the same strict settings.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "legday",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "legday", targets: ["legday"]),
        .library(name: "LegdayCore", targets: ["LegdayCore"]),
        // For people writing legday notifier plugins in Swift: Foundation only, none of legday's internals.
        .library(name: "LegdayPluginKit", targets: ["LegdayPluginKit"]),
        .executable(name: "legday-notify-file", targets: ["legday-notify-file"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries from Debian.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // The version and commit `legday --version` prints.
        .target(
            name: "CBuildInfo",
            cSettings: [.define("LEGDAY_VERSION", to: "\"\(version)\""), .define("LEGDAY_COMMIT", to: "\"\(commit)\"")]
        ),

        // Linux interfaces missing from Glibc's module: timerfd and inotify.
        .systemLibrary(name: "CLinux"),

        // The domain: dates, schedules, rules, plans, sessions and reminders as values. No I/O.
        .target(name: "LegdayCore", swiftSettings: strict),

        // The exercise library (a bundled data file) and its loader.
        .target(
            name: "LegdayExercises",
            dependencies: ["LegdayCore"],
            // Compiled into the binary, so a binary copied alone (`legday install`, a package) has its library.
            resources: [.embedInCode("Resources/exercises"), .embedInCode("Resources/training")],
            swiftSettings: strict
        ),

        // Stick-figure pictures of exercise positions: SVG as plain strings, PNG through cairo.
        .target(name: "LegdayFigures", dependencies: ["LegdayCore", "CCairo"], swiftSettings: strict),

        // Readers for run schedules: iCalendar, CSV and legday's own TOML.
        .target(
            name: "LegdaySchedule",
            dependencies: ["LegdayCore", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),

        // Schedule feeds (https/webcal): conditional refresh and the last good copy on disk. Kept apart so
        // LegdaySchedule stays free of the HTTP stack.
        .target(
            name: "LegdayFeeds",
            dependencies: [
                "LegdayCore", "LegdaySchedule",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // config.toml: finding it, reading it, and reporting path:line:column problems.
        .target(
            name: "LegdayConfig",
            dependencies: ["LegdayCore", "LegdaySchedule", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),

        // The Notifier protocol and the notifiers that need nothing but the standard library.
        .target(name: "LegdayNotify", dependencies: ["LegdayCore"], swiftSettings: strict),

        // How legday opens its own SQLite files (outbox, training log): private, durable, damage set aside.
        .target(
            name: "LegdayStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),

        // The durable outbox (SQLite) and the delivery engine: retries, backoff, expiry, fallback.
        .target(
            name: "LegdayOutbox",
            dependencies: ["LegdayCore", "LegdayNotify", "LegdayStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),

        // The training log (SQLite via GRDB): what the runner did, as `legday log` and `legday history` see it.
        .target(
            name: "LegdayLog",
            dependencies: ["LegdayCore", "LegdayStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),

        // The systemd journal notifier.
        .target(
            name: "LegdayJournal",
            dependencies: ["LegdayNotify", "CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // Email reminders: the MIME message legday writes, sent through libcurl's SMTP client.
        .target(
            name: "LegdaySMTP",
            dependencies: ["LegdayCore", "LegdayNotify", "LegdayConfig", "LegdayFigures", "CCurl", "CLinux"],
            swiftSettings: strict
        ),

        // The webhook notifier: Standard Webhooks signing, service presets, HTTP over async-http-client.
        .target(
            name: "LegdayWebhook",
            dependencies: [
                "LegdayCore", "LegdayNotify", "LegdayConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),

        // Notifier plugins: finding them, the describe/send protocol, timeouts and safety checks.
        .target(
            name: "LegdayPlugins",
            dependencies: ["LegdayCore", "LegdayNotify", "LegdayConfig", "LegdayJournal", "LegdayPluginKit", "CLinux"],
            swiftSettings: strict
        ),

        // The one notifier registry: every notifier kind built from its table, for run, reload, check and fuzzing.
        .target(
            name: "LegdayNotifierRegistry",
            dependencies: ["LegdayConfig", "LegdayCore", "LegdayJournal", "LegdayNotify", "LegdayPlugins", "LegdaySMTP",
                           "LegdayWebhook"],
            swiftSettings: strict
        ),

        // The library plugin authors use; deliberately independent of every other legday target.
        .target(name: "LegdayPluginKit", swiftSettings: strict),

        // An example plugin on LegdayPluginKit: appends reminders to a file.
        .executableTarget(
            name: "legday-notify-file",
            dependencies: ["LegdayPluginKit"],
            path: "plugins/swift-example",
            exclude: ["README.md"],
            sources: ["Sources"],
            swiftSettings: strict
        ),

        // The daemon: the reminder scheduler and its conversation with systemd.
        .target(
            name: "LegdayDaemon",
            dependencies: [
                "LegdayCore", "LegdayConfig", "LegdayNotify", "CSystemd", "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The command line: every `legday` subcommand.
        .target(
            name: "LegdayCLI",
            dependencies: [
                "LegdayNotifierRegistry",
                "LegdayCore", "LegdayOutput", "LegdayExercises", "LegdaySchedule", "LegdayConfig",
                "LegdayNotify", "LegdayJournal", "LegdayDaemon", "LegdayFigures", "LegdayOutbox", "LegdayLog",
                "LegdaySMTP", "LegdayWebhook", "LegdayPlugins", "LegdayFeeds", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // What `legday plan` and `legday explain` print: calendar view, table, explanations, iCalendar.
        .target(name: "LegdayOutput", dependencies: ["LegdayCore"], swiftSettings: strict),

        .executableTarget(name: "legday", dependencies: ["LegdayCLI"], swiftSettings: strict),

        // `make bench`: planner, calendar-reader and delivery measurements (Tests/bench/run.py drives it).
        .executableTarget(
            name: "legday-bench", dependencies: ["LegdayCore", "LegdayExercises", "LegdaySchedule",
                                                 "LegdayConfig", "LegdayNotify", "LegdaySMTP", "LegdayWebhook",
                                                 "LegdayNotifierRegistry"],
            swiftSettings: strict
        ),

        .testTarget(name: "LegdayCoreTests", dependencies: ["LegdayCore", "LegdayExercises"], swiftSettings: strict),
        .testTarget(name: "LegdayScheduleTests", dependencies: ["LegdaySchedule"], swiftSettings: strict),
        .testTarget(
            name: "LegdayFeedsTests",
            dependencies: [
                "LegdayFeeds",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LegdayConfigTests", dependencies: ["LegdayConfig", "LegdayNotifierRegistry"], swiftSettings: strict),
        // The notifier contract builds every kind through the registry, as `legday run` does.
        .testTarget(
            name: "LegdayNotifyTests",
            dependencies: ["LegdayNotify", "LegdayJournal", "LegdayCore", "LegdayConfig", "LegdayNotifierRegistry"],
            swiftSettings: strict
        ),
        // Doubles for tests (a wall clock that moves only when told); no production target depends on it.
        .target(name: "LegdayTestSupport", dependencies: ["LegdayCore"], path: "Tests/LegdayTestSupport",
                swiftSettings: strict),
        .testTarget(name: "LegdayDaemonTests", dependencies: ["LegdayDaemon", "LegdayTestSupport"], swiftSettings: strict),
        .testTarget(name: "LegdayOutputTests", dependencies: ["LegdayOutput", "LegdayExercises"], swiftSettings: strict),
        .testTarget(name: "LegdayOutboxTests", dependencies: ["LegdayOutbox", "LegdayTestSupport"], swiftSettings: strict),
        .testTarget(name: "LegdayLogTests", dependencies: ["LegdayLog", "LegdayCore"], swiftSettings: strict),
        .testTarget(name: "LegdaySMTPTests", dependencies: ["LegdaySMTP"], swiftSettings: strict),
        .testTarget(name: "LegdayCLITests", dependencies: ["LegdayCLI", "LegdayNotifierRegistry"], swiftSettings: strict),
        .testTarget(name: "LegdayExercisesTests", dependencies: ["LegdayExercises"], swiftSettings: strict),
        .testTarget(
            name: "LegdayFiguresTests", dependencies: ["LegdayFigures", "LegdayExercises", "CCairo"], swiftSettings: strict
        ),
        .testTarget(
            name: "LegdayWebhookTests", dependencies: ["LegdayWebhook", "LegdayExercises"], swiftSettings: strict
        ),
        .testTarget(
            name: "LegdayPluginsTests",
            dependencies: ["LegdayPlugins", "LegdayPluginKit"],
            swiftSettings: strict
        ),

        // Bad input: the fuzz targets' reading and promises (shared by the tests and the libFuzzer build), and
        // the catalogue of nasty inputs.
        .target(
            name: "LegdayFuzzInputs",
            dependencies: ["LegdayCore", "LegdaySchedule", "LegdayConfig", "LegdayPlugins", "LegdayNotifierRegistry"],
            path: "Tests/Fuzz/Inputs",
            swiftSettings: strict
        ),
        .testTarget(
            name: "LegdayRobustnessTests",
            dependencies: ["LegdayCore", "LegdaySchedule", "LegdayConfig", "LegdaySMTP", "LegdayFuzzInputs",
                           "LegdayNotifierRegistry"],
            swiftSettings: strict
        ),
    ]
)

// The libFuzzer build of the fuzz targets, only when Tests/Fuzz/run.sh (`make fuzz`) asks for it: it needs
// libFuzzer's driver, which only a -sanitize=fuzzer build links in.
if Context.environment["LEGDAY_FUZZ"] == "1" {
    package.products.append(.executable(name: "legday-fuzz", targets: ["LegdayFuzz"]))
    package.targets += [
        .target(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .executableTarget(name: "LegdayFuzz", dependencies: ["CLibFuzzer", "LegdayFuzzInputs"],
                          path: "Tests/Fuzz/Driver", swiftSettings: strict),
    ]
}
