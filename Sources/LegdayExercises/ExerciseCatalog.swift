import Foundation
import LegdayCore

/// Loads the exercise library bundled with legday: every `*.json` file in `Resources/exercises/`, one file
/// per family of movements (squats, hinges, lunges, …), each an array of exercises.
public enum ExerciseCatalog {
    public enum LoadError: Error, CustomStringConvertible {
        case invalid(file: String, why: String)
        case duplicate(id: String, file: String)

        public var description: String {
            switch self {
            case .invalid(let file, let why):
                "the exercise library file \(file) is invalid: \(why)"
            case .duplicate(let id, let file):
                "the exercise library names '\(id)' twice (again in \(file))"
            }
        }
    }

    /// The library's files, compiled into the binary by SwiftPM (`.embedInCode`, which names each file's
    /// bytes `PackageResources.<file name>`), so a binary copied on its own still has every exercise. A new
    /// family file in `Resources/exercises/` is listed here too; `LibraryTests` checks that none is missed.
    public static let exerciseFiles: [(name: String, bytes: [UInt8])] = [
        ("calves.json", PackageResources.calves_json),
        ("core.json", PackageResources.core_json),
        ("hinges.json", PackageResources.hinges_json),
        ("lunges.json", PackageResources.lunges_json),
        ("mobility.json", PackageResources.mobility_json),
        ("squats.json", PackageResources.squats_json),
    ]

    /// The bundled library, decoded from its files in name order, with the session builder's tables.
    public static func bundled() throws -> ExerciseLibrary {
        let library = try load(exerciseFiles.map { ($0.name, Data($0.bytes)) })
        let tables = try decodeTraining(doses: Data(PackageResources.doses_json),
                                        ladders: Data(PackageResources.ladders_json),
                                        routines: Data(PackageResources.routines_json))
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
