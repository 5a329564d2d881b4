//! What becomes of each demo matter: its procedure, start, deadline and the special paths it takes.

use super::plan::Setting;
use chrono::NaiveDate;
use shared::calendar::Calendar;
use shared::procedure::ProcedureId::{self, *};

/// splitmix64: tiny, good enough for a demo, and keeps `rand` out of the pure crate.
pub(super) struct Rng(u64);

impl Rng {
    /// One stream per matter, so a matter's plan can be made again without the others.
    pub fn new(seed: u64, i: usize) -> Rng {
        let mut r = Rng(seed ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number from `lo` to `hi`, both included.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    pub fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < u64::from(percent)
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// When the completion report comes, counted in working days from the deadline in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Finish {
    /// So many working days before the deadline.
    OnTime(u32),
    /// So many working days after it, with reminders in between.
    Late(u32),
}

#[derive(Debug, Clone)]
pub(super) struct Fate {
    pub procedure: ProcedureId,
    pub start: NaiveDate,
    /// `None`: a routine item's deadline comes from the reply, an HBUT item's from the 15-day
    /// rule at issue, an emergency's from its 督办单.
    pub deadline: Option<NaiveDate>,
    pub finish: Finish,
    /// GDUFS key: started by `start_emergency`; GDUFS routine: an emergency escalated at once.
    pub emergency: bool,
    pub rejected: bool,
    pub returned: bool,
    pub rectification: bool,
    pub obstacle: bool,
    /// HBUT: an extension is requested; `Some(true)` when the leader approves it.
    pub extension: Option<bool>,
    pub second_reminder: bool,
    /// GDUFS routine: escalated to a key item after reminders (or at once if an emergency).
    pub escalate: bool,
    pub long_term: bool,
    pub major: bool,
    pub needs_policy: bool,
    /// How the key item an escalation creates finishes.
    pub child_finish: Finish,
    /// Where the story stops, waiting for someone's step, whatever `today` is.
    pub stop: Option<Stop>,
    /// A long-term matter left in the year it started, so the office can roll it over.
    pub stay_in_year: bool,
}

/// A step a demo matter waits at, so that every role finds work when it signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// Issued, not yet signed for: the unit signs.
    Issued,
    /// Signed for, not yet answered: the unit replies (GDUFS 第九条(二)).
    Signed,
    /// HBUT: an extension asked for, the leader decides.
    ExtensionAsked,
    /// The completion report is in: the office reviews (or, on a key item, verifies).
    Reported,
    /// The report passed: the office archives.
    Passed,
    /// GDUFS key: verified and passed, the leader approves closure.
    Verified,
}

impl Fate {
    fn new(procedure: ProcedureId, start: NaiveDate, deadline: Option<NaiveDate>) -> Fate {
        Fate {
            procedure,
            start,
            deadline,
            finish: Finish::OnTime(2),
            emergency: false,
            rejected: false,
            returned: false,
            rectification: false,
            obstacle: false,
            extension: None,
            second_reminder: false,
            escalate: false,
            long_term: false,
            major: false,
            needs_policy: false,
            child_finish: Finish::OnTime(2),
            stop: None,
            stay_in_year: false,
        }
    }
}

impl Fate {
    /// `None` (the story ends here) at the step this matter waits at.
    pub fn halt(&self, at: Stop) -> Option<()> {
        (self.stop != Some(at)).then_some(())
    }
}

/// `n` working days before `d`.
pub(super) fn back(cal: &Calendar, mut d: NaiveDate, n: u32) -> NaiveDate {
    let mut left = n;
    while left > 0 {
        d = d.pred_opt().expect("date in range");
        if cal.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

pub(super) fn on_or_before(cal: &Calendar, mut d: NaiveDate) -> NaiveDate {
    while !cal.is_working_day(d) {
        d = d.pred_opt().expect("date in range");
    }
    d
}

/// How many showcase matters lead every scenario.
pub(super) const SHOWCASE: usize = 18;

pub(super) fn fate(s: &Setting, i: usize, rng: &mut Rng) -> Fate {
    if i < SHOWCASE {
        showcase(s, i, rng)
    } else {
        random(s, rng)
    }
}

/// Matters placed relative to `today` so that every stage, light and special path is shown however
/// the gaps fall: the finished ones start ~75 working days back and need at most ~60 of them.
fn showcase(s: &Setting, i: usize, rng: &mut Rng) -> Fate {
    let cal = s.calendar;
    let ago = |n: u32| on_or_before(cal, back(cal, s.today, n));
    let ahead = |n: u32| cal.add_working_days(s.today, n);
    let start = |rng: &mut Rng, n: u32| ago(n + rng.range(0, 3));
    let after = |d: NaiveDate, n: u32| Some(cal.add_working_days(d, n));
    let mut f;
    match i {
        // Routine: returned once with reasons, resubmitted, passed, archived.
        0 => {
            let st = start(rng, 74);
            f = Fate::new(GdufsRoutine, st, after(st, 30));
            f.returned = true;
        }
        1 => {
            f = Fate::new(GdufsRoutine, start(rng, 40), None);
            f.rejected = true;
        }
        // Routine: overdue, reminded twice, escalated; the key item goes on.
        2 => {
            let st = start(rng, 74);
            f = Fate::new(GdufsRoutine, st, after(st, 18));
            f.escalate = true;
            f.finish = Finish::Late(40);
        }
        // Routine emergency, escalated at once and started before its sheet.
        3 => {
            let st = start(rng, 30);
            f = Fate::new(GdufsRoutine, st, after(st, 15));
            f.emergency = true;
            f.escalate = true;
            f.child_finish = Finish::OnTime(4);
        }
        4 => {
            let st = start(rng, 60);
            f = Fate::new(GdufsRoutine, st, after(st, 40));
            f.long_term = true;
        }
        // Key emergency: started first, its sheet written after, all the way to the archive.
        5 => {
            f = Fate::new(GdufsKey, start(rng, 74), None);
            f.emergency = true;
            f.finish = Finish::OnTime(1);
        }
        // Key: obstacle and coordination, failed verification, rectification, archive.
        6 => {
            let st = start(rng, 76);
            f = Fate::new(GdufsKey, st, after(st, 22));
            f.obstacle = true;
            f.rectification = true;
            f.returned = true;
        }
        7 => {
            f = Fate::new(GdufsKey, start(rng, 20), None);
            f.deadline = Some(ahead(40));
            f.rejected = true;
        }
        // Key: overdue and reminded, still open: red.
        8 => {
            f = Fate::new(GdufsKey, start(rng, 50), Some(ago(8)));
            f.finish = Finish::Late(40);
        }
        // HBUT major item: extension approved, report returned once, then through to the archive.
        9 => {
            let st = start(rng, 76);
            f = Fate::new(Hbut, st, after(st, 20));
            f.major = true;
            f.extension = Some(true);
            f.returned = true;
        }
        // HBUT: extension refused, overdue, reminded twice (the second copied to discipline), archived.
        10 => {
            let st = start(rng, 76);
            f = Fate::new(Hbut, st, after(st, 18));
            f.extension = Some(false);
            f.second_reminder = true;
            f.finish = Finish::Late(10);
        }
        11 => {
            f = Fate::new(Hbut, start(rng, 15), None);
            f.rejected = true;
        }
        // Due within three working days: yellow.
        12 => {
            f = Fate::new(Hbut, start(rng, 30), Some(ahead(2)));
            f.finish = Finish::OnTime(0);
        }
        13 => {
            let st = start(rng, 10);
            f = Fate::new(GdufsRoutine, st, after(st, 45));
        }
        14 => {
            let st = start(rng, 12);
            f = Fate::new(Hbut, st, after(st, 45));
            f.needs_policy = true;
        }
        15 => {
            let st = start(rng, 45);
            f = Fate::new(GdufsKey, st, after(st, 40));
            f.long_term = true;
        }
        16 => {
            f = Fate::new(GdufsKey, start(rng, 35), Some(ahead(1)));
            f.finish = Finish::OnTime(0);
        }
        _ => {
            f = Fate::new(GdufsRoutine, start(rng, 45), Some(ago(5)));
            f.finish = Finish::Late(30);
        }
    }
    f
}

/// The demo's matters after the random ones: one in progress led by each unit, so every unit's head,
/// liaison and handler has a step to take, then one waiting at each step someone else takes.
/// Returns the fate and the index of its lead unit; `None` past the last one.
pub(super) fn unit_work(s: &Setting, j: usize, rng: &mut Rng) -> Option<(Fate, usize)> {
    let cal = s.calendar;
    let n = s.units.len();
    let ago = |d: u32| on_or_before(cal, back(cal, s.today, d));
    let ahead = |d: u32| cal.add_working_days(s.today, d);
    if j < n {
        let procedure = [GdufsRoutine, Hbut, GdufsKey][j % 3];
        let mut f = Fate::new(
            procedure,
            ago(rng.range(8, 12)),
            Some(ahead(rng.range(15, 30))),
        );
        f.finish = Finish::OnTime(rng.range(0, 3));
        return Some((f, j));
    }
    let waiting = |procedure, start, deadline, stop| {
        let mut f = Fate::new(procedure, ago(start), deadline);
        f.stop = Some(stop);
        f
    };
    let (f, unit) = match j - n {
        0 => (waiting(Hbut, 6, Some(ahead(20)), Stop::Issued), 0),
        1 => (
            waiting(GdufsRoutine, 6, Some(ahead(25)), Stop::Signed),
            4 % n,
        ),
        2 => {
            let mut f = waiting(Hbut, 20, Some(ahead(3)), Stop::ExtensionAsked);
            f.extension = Some(true);
            (f, 16 % n)
        }
        3 => {
            let mut f = waiting(GdufsRoutine, 25, Some(ahead(3)), Stop::Reported);
            f.finish = Finish::OnTime(6);
            (f, 1 % n)
        }
        4 => {
            let mut f = waiting(GdufsKey, 35, Some(ahead(6)), Stop::Verified);
            f.finish = Finish::OnTime(16);
            (f, 5 % n)
        }
        5 => {
            let mut f = waiting(GdufsKey, 30, Some(ahead(3)), Stop::Reported);
            f.finish = Finish::OnTime(6);
            (f, 7 % n)
        }
        6 => {
            let mut f = waiting(GdufsRoutine, 30, Some(ahead(2)), Stop::Passed);
            f.finish = Finish::OnTime(8);
            (f, 8 % n)
        }
        // Overdue after reminders, proposed for escalation: more than one, so the queue has spares.
        7 | 8 => {
            let mut f = Fate::new(GdufsRoutine, ago(45), Some(ago(5)));
            f.finish = Finish::Late(30);
            (f, (7 + j - n) % n)
        }
        // 年度滚动跟踪 (GDUFS 第八条(三)): begun last year, not yet carried into this one.
        9 => {
            let last_year =
                chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&s.today) - 1, 11, 16)?;
            let mut f = Fate::new(GdufsRoutine, on_or_before(cal, last_year), Some(ahead(25)));
            f.long_term = true;
            f.stay_in_year = true;
            (f, 6 % n)
        }
        // HBUT 第四条(五): overdue, its 催办单 answered by nothing; the time limit passed, so the
        // office may send the second, copied to the discipline office.
        10 => {
            let mut f = Fate::new(Hbut, ago(40), Some(ago(12)));
            f.finish = Finish::Late(30);
            (f, 12 % n)
        }
        _ => return None,
    };
    Some((f, unit))
}

/// How many `unit_work` matters a scenario over `units` adds.
pub(super) fn unit_work_count(units: usize) -> usize {
    units + 11
}

/// Anything that happens in a supervision office, in believable proportions.
fn random(s: &Setting, rng: &mut Rng) -> Fate {
    let cal = s.calendar;
    // Four months of working days for the demo; years for a database at scale.
    let start = on_or_before(cal, back(cal, s.today, rng.range(0, s.span_working_days)));
    let procedure = match rng.below(10) {
        0..=3 => GdufsRoutine,
        4..=6 => GdufsKey,
        _ => Hbut,
    };
    let span = match procedure {
        GdufsRoutine => rng.range(15, 50),
        GdufsKey => rng.range(20, 70),
        Hbut => rng.range(15, 45),
    };
    let mut f = Fate::new(procedure, start, Some(cal.add_working_days(start, span)));
    f.rejected = rng.chance(4);
    f.finish = if rng.chance(25) {
        Finish::Late(rng.range(3, 20))
    } else {
        Finish::OnTime(rng.range(0, 8))
    };
    f.child_finish = Finish::OnTime(rng.range(0, 6));
    f.returned = rng.chance(12);
    match procedure {
        GdufsRoutine => {
            f.emergency = rng.chance(3);
            f.escalate = f.emergency || rng.chance(6);
            if f.escalate && !f.emergency {
                f.finish = Finish::Late(40);
            }
            f.long_term = !f.escalate && rng.chance(5);
            if !f.escalate && rng.chance(30) {
                f.deadline = None;
            }
            f.rectification = rng.chance(15);
        }
        GdufsKey => {
            f.emergency = rng.chance(10);
            if f.emergency {
                f.deadline = None;
            }
            f.obstacle = rng.chance(15);
            f.rectification = rng.chance(15);
            // `start_emergency` has no long-term flag: only a filed key item is tracked year by year.
            f.long_term = !f.emergency && rng.chance(6);
        }
        Hbut => {
            f.major = rng.chance(25);
            f.needs_policy = rng.chance(15);
            if !f.needs_policy && rng.chance(30) {
                f.deadline = None;
            }
            f.extension = rng.chance(12).then(|| rng.chance(70));
            f.second_reminder = matches!(f.finish, Finish::Late(by) if by > 8) && rng.chance(50);
        }
    }
    if f.long_term {
        f.deadline = Some(cal.add_working_days(start, rng.range(60, 120)));
    }
    f
}
