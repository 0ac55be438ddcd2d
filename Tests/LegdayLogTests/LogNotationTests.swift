import LegdayCore
@testable import LegdayLog
import Testing

/// How loads and reps are read from what the runner types.
@Suite struct LogNotationTests {
    @Test(arguments: [
        ("16kg", Load.kilograms(16)), ("16 kg", .kilograms(16)), ("16.5KG", .kilograms(16.5)),
        ("16,5kg", .kilograms(16.5)), ("20kgs", .kilograms(20)), ("bw", .bodyweight), ("BW", .bodyweight),
        ("bodyweight", .bodyweight),
    ])
    func loadsInKilogramsOrBodyweight(text: String, load: Load) throws {
        #expect(try LogNotation.load(text) == load)
    }

    @Test func poundsBecomeKilogramsToTheGram() throws {
        #expect(try LogNotation.load("35 lb") == .kilograms(15.876))
        #expect(try LogNotation.load("35lbs") == .kilograms(15.876))
        #expect(try LogNotation.load("45 pounds") == .kilograms(20.412))
        // Shown back in pounds, the typed number comes back.
        #expect(Load.kilograms(15.876).text(in: .lb) == "35 lb")
        #expect(Load.kilograms(15.876).text(in: .kg) == "15.88 kg")
    }

    @Test(arguments: ["16", "kg", "sixteen kg", "16 stone", "", "16kg8"])
    func aLoadNeedsANumberAndAUnit(text: String) {
        #expect(throws: LogInputError.self) { try LogNotation.load(text) }
    }

    @Test func aBareNumberAsksForItsUnit() {
        #expect(throws: LogInputError("\"16\" has no unit: write 16kg or 16lb (or bw for bodyweight)")) {
            try LogNotation.load("16")
        }
    }

    @Test(arguments: [
        (["8", "8", "7"], [8, 8, 7]), (["8 8 7"], [8, 8, 7]), (["8,8,7"], [8, 8, 7]), (["5x5"], [5, 5, 5, 5, 5]),
        (["3X8"], [8, 8, 8]), (["2×10"], [10, 10]), (["3x8", "6"], [8, 8, 8, 6]), (["12"], [12]),
    ])
    func repsPerSetOrSetsTimesReps(words: [String], reps: [Int]) throws {
        #expect(try LogNotation.reps(words) == reps)
    }

    @Test(arguments: [[], ["eight"], ["5x"], ["x5"], ["5x5x5"], ["1000000x5"], ["0x5"]])
    func repsThatCannotBeRead(words: [String]) {
        #expect(throws: LogInputError.self) { try LogNotation.reps(words) }
    }

    @Test func setsTakeALoadInOneOrTwoWordsThenReps() throws {
        let two = try LogNotation.sets(["35", "lb", "8", "8"])
        #expect(two.load == .kilograms(15.876) && two.reps == [8, 8] && two.typedUnit == .lb)
        let one = try LogNotation.sets(["16kg", "8", "8", "7"])
        #expect(one.load == .kilograms(16) && one.reps == [8, 8, 7] && one.typedUnit == .kg)
        let bodyweight = try LogNotation.sets(["bw", "3x12"])
        #expect(bodyweight.load == .bodyweight && bodyweight.reps == [12, 12, 12] && bodyweight.typedUnit == nil)
    }

    @Test(arguments: [
        (["-5kg", "8"], "the load -5 kg is negative"),
        (["0kg", "8"], "the load is 0 kg; write bw for bodyweight"),
        (["600kg", "5"], "600 kg is over 500 kg"),
        (["1200lb", "5"], "544.31 kg is over 500 kg"),
        (["60kg", "0"], "a set of 0 reps: every set needs at least 1"),
        (["60kg", "-3"], "a set of -3 reps: every set needs at least 1"),
        (["bw", "101"], "101 reps is more than 100"),
        (["60kg", "21x5"], "21 sets is more than 20"),
        (["60kg", "10x5", "11x5"], "21 sets is more than 20"),
        (["60kg"], "no reps given: write each set's reps (8 8 7) or sets x reps (5x5)"),
    ])
    func loadsAndRepsThatCannotBeRight(words: [String], message: String) {
        #expect(throws: LogInputError(message)) { try LogNotation.sets(words) }
    }

    @Test func rpeOutsideOneToTen() {
        #expect(TrainingLogLimits.problem(rpe: 0) == "RPE 0 is outside 1-10")
        #expect(TrainingLogLimits.problem(rpe: 11) != nil)
        #expect(TrainingLogLimits.problem(rpe: 1) == nil && TrainingLogLimits.problem(rpe: 10) == nil)
    }

    @Test func suggestionsAreNearbyIDs() {
        let ids = ["goblet-squat", "romanian-deadlift", "split-squat", "bulgarian-split-squat", "plank"]
        #expect(LogNotation.suggestion(for: "goblet-squats", among: ids) == "goblet-squat")
        #expect(LogNotation.suggestion(for: "romanian-dedlift", among: ids) == "romanian-deadlift")
        #expect(LogNotation.suggestion(for: "romanian", among: ids) == "romanian-deadlift")
        #expect(LogNotation.suggestion(for: "swimming", among: ids) == nil)
        #expect(LogNotation.suggestion(for: "x", among: ids) == nil)
    }

    @Test func repsShowAsSetsTimesRepsWhenAllAlike() {
        let date = LocalDate(year: 2026, month: 11, day: 24)!
        func text(_ reps: [Int]) -> String {
            SetLogEntry(date: date, exerciseID: "goblet-squat", load: .bodyweight, reps: reps, loggedAt: .distantPast).repsText
        }
        #expect(text([5, 5, 5, 5, 5]) == "5 × 5")
        #expect(text([8, 8, 7]) == "8, 8, 7")
        #expect(text([12]) == "12")
    }
}
