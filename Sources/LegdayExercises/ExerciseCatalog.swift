import Foundation
import LegdayCore

/// Loads the exercise library bundled with legday: every `*.json` file in `Resources/exercises/`, one file
/// per family of movements (squats, hinges, lunges, …), each an array of exercises.
public enum ExerciseCatalog {
    public enum LoadError: Error, CustomStringConvertible {
        case missingResource
        case invalid(file: String, why: String)
        case duplicate(id: String, file: String)

        public var description: String {
            switch self {
            case .missingResource:
                "the exercise library (Resources/exercises) is missing from the installation"
            case .invalid(let file, let why):
                "the exercise library file \(file) is invalid: \(why)"
            case .duplicate(let id, let file):
                "the exercise library names '\(id)' twice (again in \(file))"
            }
        }
    }

    /// The bundled library, decoded from its files in name order.
    public static func bundled() throws -> ExerciseLibrary {
        guard let folder = resources?.url(forResource: "exercises", withExtension: nil) else {
            throw LoadError.missingResource
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else { throw LoadError.missingResource }
        let library = try load(files.map { ($0.lastPathComponent, try Data(contentsOf: $0)) })
        func training(_ name: String) throws -> Data {
            guard let url = resources?.url(forResource: name, withExtension: "json", subdirectory: "training") else {
                throw LoadError.missingResource
            }
            return try Data(contentsOf: url)
        }
        let tables = try decodeTraining(doses: try training("doses"), ladders: try training("ladders"),
                                        routines: try training("routines"))
        return ExerciseLibrary(library.exercises, training: tables)
    }

    /// The session builder's tables (`Resources/training`: doses.json, ladders.json, routines.json).
    public static func decodeTraining(doses: Data, ladders: Data, routines: Data) throws -> TrainingTables {
        func decode<T: Decodable>(_ type: T.Type, _ data: Data, file: String) throws -> T {
            do {
                return try JSONDecoder().decode(type, from: data)
            } catch let error as DecodingError {
                throw LoadError.invalid(file: file, why: describe(error))
            }
        }
        let table = try decode(DoseTable.self, doses, file: "doses.json")
        let tables = TrainingTables(doses: DoseTable(percentForReps: table.percentForReps, doses: table.doses),
                                    ladders: try decode([String: [[String]]].self, ladders, file: "ladders.json"),
                                    routines: try decode([String: [RoutineItem]].self, routines, file: "routines.json"))
        if let problem = tables.problems.first { throw LoadError.invalid(file: "training tables", why: problem) }
        return tables
    }

    /// The folder of data files SwiftPM builds beside the binary (`legday_LegdayExercises.resources`), found
    /// where an installation puts it: beside the binary (`legday install`, a build folder), or in
    /// `../lib/legday/` from it (`make install`, the Debian package: FHS keeps folders out of `bin/`). SwiftPM's
    /// own `Bundle.module` is the last resort: it stops the program when it finds nothing.
    static let resources: Bundle? = {
        let name = "legday_LegdayExercises.resources"
        let binary = ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let folder = (binary as NSString).deletingLastPathComponent
        for candidate in [folder + "/" + name, folder + "/../lib/legday/" + name] {
            if let bundle = Bundle(path: candidate) { return bundle }
        }
        return Bundle.module
    }()

    /// Decodes and joins several files; `name` is only used in error messages.
    public static func load(_ files: [(name: String, data: Data)]) throws -> ExerciseLibrary {
        var all: [Exercise] = []
        var seen: Set<String> = []
        for file in files {
            let exercises = try decode(file.data, file: file.name)
            for exercise in exercises {
                guard seen.insert(exercise.id).inserted else { throw LoadError.duplicate(id: exercise.id, file: file.name) }
                all.append(exercise)
            }
        }
        return ExerciseLibrary(all)
    }

    /// One file's exercises.
    public static func decode(_ data: Data, file: String = "exercises.json") throws -> [Exercise] {
        do {
            return try JSONDecoder().decode([Exercise].self, from: data)
        } catch let error as DecodingError {
            throw LoadError.invalid(file: file, why: describe(error))
        } catch {
            throw LoadError.invalid(file: file, why: String(describing: error))
        }
    }

    /// "exercise 3 (positions[1].pose.torso): expected a number" rather than Foundation's dump.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "at \(path(c.codingPath).isEmpty ? "top level" : path(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let key, let c):
            return "at \(path(c.codingPath)): missing key '\(key.stringValue)'"
        @unknown default:
            return String(describing: error)
        }
    }
}
