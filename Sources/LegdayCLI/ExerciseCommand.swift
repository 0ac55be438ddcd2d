import ArgumentParser
import Foundation
import LegdayCore
import LegdayExercises
import LegdayFigures
import LegdayOutput

/// `legday exercise`: the exercise library in the terminal, and its figures as SVG or PNG files.
public struct ExerciseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "List the exercise library, show an exercise's positions, or draw its figures.",
        discussion: """
        Without an ID, lists the library (narrowed by --muscle, --equipment, --level).
        With an ID, prints the positions, cues and common mistakes; with --format svg or png, writes the \
        figures (one panel per position) to --out. --all writes the figures of every exercise.
        """
    )

    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json, svg, png
    }

    @Argument(help: "An exercise id, such as goblet-squat.")
    var id: String?

    @Flag(help: "Write the figures of every exercise (needs --format svg or png).")
    var all = false

    @Option(help: "text (the default), json (the list, or one exercise), svg or png.")
    var format: Format = .text

    @Option(help: "The folder figures are written to (created if missing). Default: the current folder.")
    var out: String?

    @Option(help: "The height and width of one position's panel, in pixels (64 to 2400).")
    var size: Int = FigureRenderer.panelSize

    @Option(help: "Only exercises working this muscle (\(Muscle.allCases.map(\.rawValue).joined(separator: ", "))).")
    var muscle: String?

    @Option(help: "Only exercises using this equipment (\(Equipment.allCases.map(\.rawValue).joined(separator: ", "))).")
    var equipment: String?

    @Option(help: "Only exercises at this level or easier (beginner, intermediate, advanced).")
    var level: String?

    public init() {}

    /// A problem with what was asked (an unknown id, a folder that cannot be written): one line on stderr
    /// and exit status 1, without the usage text that argument mistakes get.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ message: String) { description = message }
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("legday exercise: \(message)\n".utf8))
        return ExitCode.failure
    }

    public func validate() throws {
        if all && id != nil { throw ValidationError("give either an exercise id or --all, not both") }
        if !(64...2400).contains(size) { throw ValidationError("--size must be between 64 and 2400 pixels") }
        if all && (format == .text || format == .json) {
            throw ValidationError("--all writes figures: add --format svg or --format png")
        }
        if format == .png && out == nil { throw ValidationError("--format png writes files: add --out DIR") }
        if id == nil && !all && format != .text && format != .json {
            throw ValidationError("--format \(format.rawValue) needs an exercise id or --all")
        }
    }

    public func run() throws {
        do {
            try runChecked()
        } catch let failure as Failure {
            throw fail(failure.description)
        }
    }

    func runChecked() throws {
        let library: ExerciseLibrary
        do {
            library = try ExerciseCatalog.bundled()
        } catch {
            throw Failure(String(describing: error))
        }

        if all {
            try writeFigures(library.exercises)
            return
        }
        guard let id else {
            let listed = try filtered(library.exercises)
            if format == .json {
                print(try ExerciseListing.json(listed))
            } else {
                print(try ExerciseListing.table(listed, width: TerminalWidth.current), terminator: "")
            }
            return
        }
        guard let exercise = library[id] else {
            let close = library.exercises.map(\.id).filter { $0.contains(id) || id.contains($0) }
            let hint = close.isEmpty ? "run `legday exercise` for the list" : "did you mean \(close.joined(separator: ", "))?"
            throw Failure("no exercise with id '\(id)'; \(hint)")
        }
        switch format {
        case .text: print(ExerciseListing.details(exercise, library: library, width: TerminalWidth.current))
        case .json: print(try ExerciseListing.json([exercise]))
        case .svg, .png: try writeFigures([exercise])
        }
    }

    func filtered(_ exercises: [Exercise]) throws -> [Exercise] {
        var result = exercises
        if let muscle {
            guard let wanted = Muscle(rawValue: muscle) else {
                throw Failure("unknown muscle '\(muscle)'; one of \(Muscle.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result = result.filter { $0.muscles.contains(wanted) }
        }
        if let equipment {
            guard let wanted = Equipment(rawValue: equipment) else {
                throw Failure("unknown equipment '\(equipment)'; one of \(Equipment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result = result.filter { wanted == .none ? $0.equipment.allSatisfy { $0 == .none } : $0.equipment.contains(wanted) }
        }
        if let level {
            guard let wanted = ExperienceLevel(rawValue: level) else {
                throw Failure("unknown level '\(level)'; one of beginner, intermediate, advanced")
            }
            result = result.filter { $0.level <= wanted }
        }
        return result
    }

    func writeFigures(_ exercises: [Exercise]) throws {
        let folder = URL(fileURLWithPath: out ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure("\(folder.path): cannot create the folder (\(error.localizedDescription))")
        }
        for exercise in exercises {
            let file = folder.appendingPathComponent("\(exercise.id).\(format.rawValue)")
            let bytes: Data
            switch format {
            case .png:
                do {
                    bytes = Data(try FigureRenderer.png(for: exercise, panelWidth: size, height: size))
                } catch {
                    throw Failure("\(exercise.id): \(error)")
                }
            default:
                bytes = Data(FigureRenderer.svg(for: exercise, panelWidth: size, height: size).utf8)
            }
            do {
                try bytes.write(to: file, options: .atomic)
            } catch {
                throw Failure("\(file.path): cannot write the figure (\(error.localizedDescription))")
            }
            print(file.path)
        }
        // Every exercise as SVG: the gallery page of them all beside the files.
        if format == .svg && all {
            let page = folder.appendingPathComponent("index.html")
            do {
                try Data(FigureRenderer.gallery(exercises, panelSize: size).utf8).write(to: page, options: .atomic)
            } catch {
                throw Failure("\(page.path): cannot write the gallery (\(error.localizedDescription))")
            }
            print(page.path)
        }
    }
}

/// The words `legday exercise` prints.
enum ExerciseListing {
    /// The library grouped by what an exercise is for (strength first, the cool-down last), each group
    /// headed and sorted by name, in a table fitted to `width` columns.
    static func table(_ exercises: [Exercise], width: Int = 80) throws -> String {
        guard !exercises.isEmpty else { return "No exercise matches.\n" }
        var out: [String] = []
        for role in ExerciseRole.allCases {
            let group = exercises.filter { $0.role == role }.sorted { $0.name < $1.name }
            guard !group.isEmpty else { continue }
            if !out.isEmpty { out.append("") }
            out.append("\(heading(role)) (\(group.count))")
            let rows = group.map { e -> [String] in
                let gear = e.equipment.filter { $0 != .none }.map(\.rawValue)
                return [e.id, e.name, e.level.rawValue, gear.isEmpty ? "bodyweight" : gear.joined(separator: ", ")]
            }
            out.append(TextTable(headings: ["ID", "Name", "Level", "Equipment"], rows: rows, wrappable: [1, 3])
                .render(width: width).trimmingCharacters(in: .newlines))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func heading(_ role: ExerciseRole) -> String {
        switch role {
        case .strength: "Strength"
        case .power: "Power (plyometrics)"
        case .stability: "Stability"
        case .core: "Core"
        case .calves: "Calves and feet"
        case .warmup: "Warm-up"
        case .mobility: "Mobility"
        case .activation: "Pre-run activation"
        case .cooldown: "Cool-down"
        }
    }

    /// The list as `--format json`: what the table shows, for scripts.
    static func json(_ exercises: [Exercise]) throws -> String {
        struct Row: Encodable {
            var id, name, role, level: String
            var equipment: [String]
            var muscles: [String]
        }
        let rows = exercises.sorted { ($0.role.rawValue, $0.name) < ($1.role.rawValue, $1.name) }.map {
            Row(id: $0.id, name: $0.name, role: $0.role.rawValue, level: $0.level.rawValue,
                equipment: $0.equipment.map(\.rawValue), muscles: $0.muscles.map(\.rawValue))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    static func details(_ e: Exercise, library: ExerciseLibrary, width: Int = 80) -> String {
        var lines = ["\(e.name) (\(e.id))"]
        lines.append("Works: " + e.muscles.map(\.rawValue).joined(separator: ", "))
        let gear = e.equipment.filter { $0 != .none }.map(\.rawValue)
        lines.append("Needs: " + (gear.isEmpty ? "bodyweight" : gear.joined(separator: ", ")) + " · level \(e.level.rawValue)")
        if let tempo = e.tempo { lines.append("Tempo: \(tempo)") }
        lines.append("")
        for (n, position) in e.positions.enumerated() {
            lines.append("\(n + 1). \(position.name.capitalized)")
            lines.append(contentsOf: wrap(position.text, indent: "   ", width: width))
        }
        if !e.cues.isEmpty {
            lines.append("")
            lines.append("Cues:")
            for cue in e.cues { lines.append("   • \(cue)") }
        }
        if !e.mistakes.isEmpty {
            lines.append("")
            lines.append("Watch for:")
            for m in e.mistakes { lines.append(contentsOf: wrap("\(m.fault) → \(m.fix)", indent: "   • ", then: "     ", width: width)) }
        }
        let variants = [("Easier", e.easier), ("Harder", e.harder)].compactMap { label, id in
            id.map { "\(label): \(library[$0]?.name ?? $0) (\($0))" }
        }
        if !variants.isEmpty {
            lines.append("")
            lines += variants
        }
        return lines.joined(separator: "\n")
    }

    /// Wraps prose at `width` columns for the terminal.
    static func wrap(_ text: String, indent: String, then: String? = nil, width: Int = 80) -> [String] {
        var lines: [String] = []
        var current = indent
        for word in text.split(separator: " ") {
            let prefix = lines.isEmpty ? indent : (then ?? indent)
            if current.count + word.count + 1 > width && current.count > prefix.count {
                lines.append(current)
                current = (then ?? indent) + word
            } else {
                current += (current.count == prefix.count ? "" : " ") + word
            }
        }
        lines.append(current)
        return lines
    }
}
