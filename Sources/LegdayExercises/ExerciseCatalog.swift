import Foundation
import LegdayCore

/// Loads the exercise library bundled with legday.
public enum ExerciseCatalog {
    public enum LoadError: Error, CustomStringConvertible {
        case missingResource
        case invalid(String)

        public var description: String {
            switch self {
            case .missingResource: "the exercise library (exercises.json) is missing from the installation"
            case .invalid(let why): "the exercise library is invalid: \(why)"
            }
        }
    }

    /// The bundled library, decoded once.
    public static func bundled() throws -> ExerciseLibrary {
        guard let url = Bundle.module.url(forResource: "exercises", withExtension: "json") else {
            throw LoadError.missingResource
        }
        return try decode(Data(contentsOf: url))
    }

    public static func decode(_ data: Data) throws -> ExerciseLibrary {
        do {
            return ExerciseLibrary(try JSONDecoder().decode([Exercise].self, from: data))
        } catch {
            throw LoadError.invalid(String(describing: error))
        }
    }
}
