import ArgumentParser
import LegdayCore
@testable import LegdayCLI
import LegdayExercises
import Testing

@Suite struct ExerciseCommandTests {
    @Test func figureOptionsMustMakeSense() {
        for args in [["--all"], ["goblet-squat", "--format", "png"], ["--format", "svg"], ["plank", "--all", "--format", "svg"]] {
            #expect(throws: (any Error).self, "\(args)") { _ = try ExerciseCommand.parse(args) }
        }
        #expect(throws: Never.self) { _ = try ExerciseCommand.parse(["--all", "--format", "png", "--out", "figures"]) }
    }

    @Test func filtersNarrowTheList() throws {
        let library = try ExerciseCatalog.bundled()
        let bodyweight = try ExerciseCommand.parse(["--equipment", "none"]).filtered(library.exercises)
        #expect(!bodyweight.isEmpty && bodyweight.allSatisfy { $0.equipment.allSatisfy { $0 == .none } })
        let beginnerCalves = try ExerciseCommand.parse(["--muscle", "calves", "--level", "beginner"]).filtered(library.exercises)
        #expect(beginnerCalves.allSatisfy { $0.muscles.contains(.calves) && $0.level == .beginner })
        #expect(beginnerCalves.contains { $0.id == "straight-leg-calf-raise" })
        #expect(!beginnerCalves.contains { $0.id == "single-leg-calf-raise" })
        #expect(throws: ExerciseCommand.Failure.self) {
            _ = try ExerciseCommand.parse(["--equipment", "treadmill"]).filtered(library.exercises)
        }
    }

    @Test func detailsListEveryPositionInOrderWithMistakesAndVariants() throws {
        let library = try ExerciseCatalog.bundled()
        let squat = try #require(library["goblet-squat"])
        let text = ExerciseListing.details(squat, library: library)
        var last = text.startIndex
        for (n, position) in squat.positions.enumerated() {
            let heading = try #require(text.range(of: "\(n + 1). \(position.name.capitalized)"), "\(position.name)")
            #expect(heading.lowerBound >= last)
            last = heading.upperBound
        }
        #expect(text.contains("Watch for:") && text.contains("Harder: Dumbbell squat (dumbbell-squat)"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }
}
