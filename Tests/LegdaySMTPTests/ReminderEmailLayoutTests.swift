import Foundation
import LegdayCore
import Testing
@testable import LegdaySMTP

/// The HTML part laid out summary first, one picture per exercise shown in full, and the size limit.
@Suite struct ReminderEmailLayoutTests {
    static func exercise(_ id: String, _ name: String, posed: Bool = false) -> Exercise {
        Exercise(id: id, name: name, role: .strength, muscles: [.glutes], equipment: [], level: .beginner,
                 positions: [Position(name: "start", text: "Stand tall, feet hip-width.", pose: posed ? Pose() : nil),
                             Position(name: "bottom", text: "Hips back; flat back.",
                                      pose: posed ? Pose(torso: 110, frontThigh: 10, backThigh: 10) : nil),
                             Position(name: "finish", text: "Stand tall again.", pose: posed ? Pose() : nil)],
                 mistakes: [Mistake(fault: "Rounding", fix: "Brace")], cues: ["Hips back"])
    }

    static func day(blockWeek: Int = 3, main: Int = 3) -> DayPlan {
        let date = LocalDate(iso: "2026-12-08")!
        let lifts = (1...main).map { Prescription(exercise: exercise("lift-\($0)", "Lift \($0)"), sets: 4, reps: "8",
                                                 load: "RPE 8: two in reserve", restSeconds: 120) }
        let session = Session(name: "Glutes and hamstrings",
                              warmup: [Prescription(exercise: exercise("dead-bug", "Dead bug"), sets: 1, reps: "6")],
                              exercises: lifts,
                              cooldown: [Prescription(exercise: exercise("couch", "Couch stretch"), sets: 1, reps: "45 s")],
                              estimatedMinutes: 44)
        let activation = Session(name: "Pre-run activation",
                                 exercises: [Prescription(exercise: exercise("a-skips", "A-skips"), sets: 1, reps: "20 m")],
                                 estimatedMinutes: 5)
        return DayPlan(date: date, phase: .base, blockWeek: blockWeek,
                       runs: [Run(date: date, type: .intervals, distanceKm: 10)], kind: .heavyLift, session: session,
                       activation: activation,
                       reasons: [Reason(rule: "r1", "Heavy session 1 of 1 this week."), Reason(rule: "r2", "Gym day.")])
    }

    static func message(_ day: DayPlan, figures: FigureSource? = nil, sizeLimit: Int = ReminderEmail.sizeLimit) -> MailMessage {
        ReminderEmail.message(for: Reminder(for: day, athlete: "ana"), deliveryID: "ana:2026-12-08:daily:mail",
                              from: Sample.from, to: Sample.to, date: Date(timeIntervalSince1970: 1_796_000_000),
                              figures: figures, sizeLimit: sizeLimit)
    }

    static func offset(_ needle: String, in html: String) -> Int {
        html.range(of: needle).map { html.distance(from: html.startIndex, to: $0.lowerBound) } ?? -1
    }

    @Test func theSummaryComesFirstThenTheDetails() {
        let day = Self.day()
        let html = Self.message(day).html
        let order = ["id=\"headline\"", "class=\"main-line\"", "id=\"why\"", "Runs:</strong> intervals 10 km",
                     "Warm-up:</strong> Dead bug 1 × 6", "How to do the main work", "class=\"exercise\"", ">Also<"]
        let offsets = order.map { Self.offset($0, in: html) }
        #expect(!offsets.contains(-1), "\(zip(order, offsets).filter { $0.1 < 0 })")
        #expect(offsets == offsets.sorted())
        #expect(html.contains("<strong>Lift 1</strong> <span style=\"white-space: nowrap;\">4 × 8 @ RPE 8</span>"))
        #expect(html.contains("Why:</strong> Heavy session 1 of 1 this week."))
        #expect(html.contains("about 44 min"))
        // Warm-up, cool-down and activation are one line each, not shown in full, outside a block's first week.
        #expect(!html.contains("Dead bug</h3>") && !html.contains("New this block"))
        #expect(html.components(separatedBy: "class=\"exercise\"").count == 4)
    }

    @Test func inlineStylesOnlyAndAPictureThatNarrowsWithTheScreen() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]
        let html = Self.message(Self.day(), figures: { _ in png }).html
        #expect(!html.contains("<style") && !html.contains("<script") && !html.contains("<link"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        let img = html.components(separatedBy: "<img ").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(img.count == 3)
        for tag in img {
            #expect(tag.contains("width=\"480\"") && tag.contains("max-width: 480px") && tag.contains("width: 100%")
                && tag.contains("height: auto"))
        }
    }

    @Test func oneLongAltTextPerPictureSaysWhatItShows() {
        let ex = Self.exercise("rdl", "Romanian \"deadlift\"")
        #expect(ReminderHTML.altText(ex)
            == "Romanian \"deadlift\" in 3 positions. Start: stand tall. Bottom: hips back. Finish: stand tall again.")
        #expect(ReminderHTML.gist("Lie on your back with one foot flat near the hips and the other leg held straight, thighs level")
            == "lie on your back with one foot flat near the hips and the other leg held straight")
        let long = String(repeating: "word ", count: 40)
        #expect(ReminderHTML.gist(long).count <= 90)
        let html = Self.message(Self.day(), figures: { _ in [0x89, 0x50] }).html
        #expect(html.contains("alt=\"Lift 1 in 3 positions. Start: stand tall. Bottom: hips back. Finish: stand tall again.\""))
        #expect(ReminderHTML.escape(ReminderHTML.altText(ex)).contains("Romanian &quot;deadlift&quot;"))
    }

    @Test func picturesForTheMainWorkOnlyOutsideABlocksFirstWeek() {
        let message = Self.message(Self.day(), figures: { _ in [0x89, 0x50, 0x4E, 0x47] })
        #expect(message.images.map(\.contentID) == ["lift-1@legday", "lift-2@legday", "lift-3@legday"])
        #expect(message.images.map(\.filename) == ["lift-1.png", "lift-2.png", "lift-3.png"])
    }

    @Test func aBlocksFirstWeekShowsWhatIsNewAfterTheMainWork() {
        let message = Self.message(Self.day(blockWeek: 1), figures: { _ in [0x89, 0x50, 0x4E, 0x47] })
        #expect(message.html.contains("New this block"))
        #expect(message.images.map(\.contentID)
            == ["lift-1@legday", "lift-2@legday", "lift-3@legday", "a-skips@legday", "dead-bug@legday", "couch@legday"])
    }

    @Test func picturesThatWouldPassTheSizeLimitAreLeftOutMainWorkFirst() {
        // 40 KB of noise each (base64 makes it 54 KB): two fit under 150 KB with the words, three do not.
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let message = Self.message(Self.day(blockWeek: 1, main: 4), figures: { _ in noise })
        let size = message.rendered().count
        #expect(size < ReminderEmail.sizeLimit)
        #expect(message.images.map(\.contentID) == ["lift-1@legday", "lift-2@legday"])
        // The HTML shows exactly the pictures the message carries; the rest are in words.
        let cids = message.html.components(separatedBy: "src=\"cid:").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(cids == ["lift-1@legday", "lift-2@legday"])
        #expect(message.html.contains("Lift 4</h3>"))
        // A tighter limit leaves out more, never the words.
        let tight = Self.message(Self.day(blockWeek: 1, main: 4), figures: { _ in noise }, sizeLimit: 80_000)
        #expect(tight.rendered().count < 80_000 && tight.images.count == 1)
        let none = Self.message(Self.day(blockWeek: 1, main: 4), figures: { _ in noise }, sizeLimit: 10_000)
        #expect(none.images.isEmpty && none.html.contains("Lift 4</h3>"))
    }

    @Test func theDrawnFigureIsOneSharpWellCompressedPictureOfEveryPosition() throws {
        let ex = Self.exercise("rdl", "Romanian deadlift", posed: true)
        let png = try #require(ReminderEmail.drawnFigures(ex))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let word = { (at: Int) in png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(word(16) == 960)                      // drawn at twice the 480 CSS px it is shown at
        #expect((190...600).contains(word(20)))       // only as tall as the figures need
        #expect(png[24] == 8 && png[25] == 3)         // an 8-bit palette PNG
        #expect(png.count < 25_000)
        // Drawn once per process: the same bytes again, and none for an exercise without poses.
        #expect(ReminderEmail.drawnFigures(ex) == png)
        #expect(ReminderEmail.drawnFigures(Self.exercise("words", "Words only")) == nil)
    }

    @Test func daysWithoutASessionHaveTheHeadlineAndTheWhy() {
        let date = LocalDate(iso: "2026-12-09")!
        let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8)], kind: .rest,
                          reasons: [Reason(rule: "r", "Easy run today.")])
        let message = Self.message(day, figures: { _ in [1, 2, 3] })
        #expect(message.images.isEmpty)
        #expect(message.html.contains("Run only: easy 8 km"))
        #expect(message.html.contains("Why:</strong> Easy run today."))
        #expect(!message.html.contains("main-line") && !message.html.contains("<img"))
    }

    /// The weekly reminder: the coming week as a table, one row a day, with a small picture of each lift
    /// day's first main exercise (each picture once), under the size limit.
    @Test func theWeeklyMailIsTheWeekAsATable() {
        let monday = LocalDate(iso: "2026-12-07")!
        let lift = Self.day()
        let week = (0..<7).map { offset -> DayPlan in
            let date = monday.adding(days: offset)
            if offset == 1 || offset == 3 {
                return DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .intervals, distanceKm: 10)],
                               kind: .heavyLift, session: lift.session, reasons: lift.reasons)
            }
            return DayPlan(date: date, phase: .base, runs: offset == 2 ? [Run(date: date, type: .easy, distanceKm: 8)] : [],
                           kind: .rest)
        }
        let reminder = Reminder(week: week, athlete: "ana")
        let drawn: FigureSource = { _ in Array(repeating: 7, count: 2_000) }
        let mail = ReminderEmail.message(for: reminder, deliveryID: "ana:2026-12-07:weekly:mail", from: Sample.from,
                                         to: Sample.to, date: Date(timeIntervalSince1970: 1_796_000_000), figures: drawn)
        let html = mail.html
        #expect(html.components(separatedBy: "class=\"week-day\"").count == 8)
        #expect(html.contains("2026-12-13") && html.contains("run only") && html.contains("easy 8 km"))
        // One small picture, shared by both lift days: the same first exercise.
        #expect(mail.images.count == 1)
        #expect(html.components(separatedBy: "cid:\(mail.images[0].contentID)").count == 3)
        #expect(html.contains("width=\"96\""))
        #expect(!html.contains("How to do the main work"))
        #expect(mail.rendered().count < ReminderEmail.sizeLimit)
    }

    /// The line that logs the session, in the mail too, under the summary.
    @Test func theMailSaysHowToLogTheSession() {
        let html = Self.message(Self.day()).html
        #expect(html.contains("id=\"log\""))
        #expect(html.contains("legday log --date 2026-12-08 done</code> (or partial, or skipped)"))
        #expect(Self.offset("id=\"why\"", in: html) < Self.offset("id=\"log\"", in: html))
    }
}
