//! Weekly schedules in Asia/Tokyo: opening hours and ケアマネタイム (care-manager contact windows).
//!
//! A [`Schedule`] is a list of [`Slot`]s (weekday + start/end, several per day, optionally only on
//! some weeks of the month, e.g. 第2・第4土曜休診 is a Saturday slot with `weeks: except [2, 4]`),
//! plus closures on 祝日 (public holidays, see [`crate::holiday`]), 年末年始 (12/29–1/3) and
//! listed dates. [`Schedule::is_open_at`] answers for any instant; it converts to Japan Standard
//! Time (UTC+9; Japan has observed no daylight saving time since 1951, so a fixed offset is exact).

use crate::holiday;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Japan Standard Time, UTC+9 (checked at compile time).
pub const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// A time of day in minutes after midnight, 0..=1440 ("24:00" closes at midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// Midnight at the end of the day ("24:00").
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(1440);

    /// Builds a time from hours and minutes; `24:00` is allowed, anything later is not.
    pub fn new(hour: u16, minute: u16) -> Option<TimeOfDay> {
        let m = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && m <= 1440).then_some(TimeOfDay(m))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Parses `"HH:MM"` (also full-width digits and `"24:00"`).
    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let s: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '：' => ':',
                c => c,
            })
            .collect();
        let (h, m) = s.split_once(':')?;
        TimeOfDay::new(h.parse().ok()?, m.parse().ok()?)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TimeOfDay {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^([01][0-9]|2[0-4]):[0-5][0-9]$"))
            .examples([serde_json::json!("09:00")])
            .description(Some("Time of day HH:MM (24:00 closes at midnight)"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TimeOfDay {}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeOfDay::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid time of day {s:?}, expected HH:MM"))
        })
    }
}

/// Day of the week, serialised as `mon` … `sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Day {
    /// 月曜日
    Mon,
    /// 火曜日
    Tue,
    /// 水曜日
    Wed,
    /// 木曜日
    Thu,
    /// 金曜日
    Fri,
    /// 土曜日
    Sat,
    /// 日曜日
    Sun,
}

impl Day {
    /// All days, Monday first.
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    /// One-character Japanese label (月, 火, …).
    pub fn label(self) -> &'static str {
        ["月", "火", "水", "木", "金", "土", "日"][self as usize]
    }

    /// Its English name ("Monday").
    pub fn format_long(self) -> String {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
            .to_string()
    }

    /// Its short label in `lang` (月 / Mon).
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Ja => self.label(),
            crate::i18n::Lang::En => {
                ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
            }
        }
    }

    /// Converts from chrono's weekday.
    pub fn from_weekday(w: Weekday) -> Day {
        Day::ALL[w.num_days_from_monday() as usize]
    }
}

/// On which weeks of the month a slot applies (the n-th occurrence of its weekday, 1–5).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weeks {
    /// Every week.
    #[default]
    Every,
    /// Only on these occurrences (e.g. `[1, 3]` = 第1・第3).
    Only(Vec<u8>),
    /// Every week except these occurrences (e.g. `[2, 4]` = 第2・第4 closed).
    Except(Vec<u8>),
}

impl Weeks {
    fn applies(&self, nth: u8) -> bool {
        match self {
            Weeks::Every => true,
            Weeks::Only(v) => v.contains(&nth),
            Weeks::Except(v) => !v.contains(&nth),
        }
    }

    fn is_every(&self) -> bool {
        matches!(self, Weeks::Every)
    }
}

/// One weekly time slot, e.g. Monday 09:00–12:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// Day of the week.
    pub day: Day,
    /// Start (inclusive).
    pub start: TimeOfDay,
    /// End (exclusive); `24:00` for the end of the day.
    pub end: TimeOfDay,
    /// Weeks of the month on which the slot applies.
    #[serde(default, skip_serializing_if = "Weeks::is_every")]
    pub weeks: Weeks,
}

/// A weekly schedule with holiday handling.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Weekly slots; several per day are allowed.
    pub slots: Vec<Slot>,
    /// Closed on public holidays (祝日休み).
    #[serde(default)]
    pub closed_on_holidays: bool,
    /// Closed 12/29–1/3 (年末年始休み).
    #[serde(default)]
    pub closed_year_end: bool,
    /// Extra closed dates (臨時休業).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed_dates: Vec<NaiveDate>,
    /// Free-text note, e.g. 「木曜午後・日曜・祝日休診」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which occurrence of its weekday in the month `date` is (1 for days 1–7, …).
pub fn nth_weekday_of_month(date: NaiveDate) -> u8 {
    ((date.day() - 1) / 7 + 1) as u8
}

impl Schedule {
    /// Returns true when the schedule is open at instant `t` (converted to Asia/Tokyo).
    ///
    /// # Examples
    /// ```
    /// use chrono::DateTime;
    /// use model::schedule::{Day, Schedule, Slot, TimeOfDay, Weeks};
    /// let s = Schedule {
    ///     slots: vec![Slot { day: Day::Mon, start: TimeOfDay::new(9, 0).unwrap(),
    ///                        end: TimeOfDay::new(12, 0).unwrap(), weeks: Weeks::Every }],
    ///     closed_on_holidays: true,
    ///     ..Schedule::default()
    /// };
    /// // Monday 2026-11-30 10:00 JST
    /// let t = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+09:00").unwrap();
    /// assert!(s.is_open_at(t));
    /// // Monday 2025-11-24 is 振替休日.
    /// let t = DateTime::parse_from_rfc3339("2025-11-24T10:00:00+09:00").unwrap();
    /// assert!(!s.is_open_at(t));
    /// ```
    pub fn is_open_at<Tz: TimeZone>(&self, t: DateTime<Tz>) -> bool {
        let local = t.with_timezone(&JST);
        let date = local.date_naive();
        let minute = (local.hour() * 60 + local.minute()) as u16;
        if !self.open_on(date) {
            return false;
        }
        let day = Day::from_weekday(date.weekday());
        let nth = nth_weekday_of_month(date);
        self.slots.iter().any(|s| {
            s.day == day
                && s.weeks.applies(nth)
                && s.start.minutes() <= minute
                && minute < s.end.minutes()
        })
    }

    /// Returns whether the date is not closed by a holiday or date rule (slots still decide).
    pub fn open_on(&self, date: NaiveDate) -> bool {
        if self.closed_on_holidays && holiday::is_holiday(date) {
            return false;
        }
        if self.closed_year_end && holiday::is_year_end_closure(date) {
            return false;
        }
        !self.closed_dates.contains(&date)
    }

    /// Slots on `date`, taking the weeks rule and closures into account.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<&Slot> {
        if !self.open_on(date) {
            return Vec::new();
        }
        let day = Day::from_weekday(date.weekday());
        let nth = nth_weekday_of_month(date);
        self.slots
            .iter()
            .filter(|s| s.day == day && s.weeks.applies(nth))
            .collect()
    }

    /// Days of the week that have no slot at all (定休日).
    pub fn closed_days(&self) -> Vec<Day> {
        Day::ALL
            .into_iter()
            .filter(|d| !self.slots.iter().any(|s| s.day == *d))
            .collect()
    }

    /// The weekly slots as text, one line per weekday and week rule, e.g.
    /// `月 09:00-12:00 14:00-18:00` or `土 第1・3 09:00-12:00` (read back by
    /// [`Schedule::parse_slots`]; editors type this in the admin pages and update forms).
    pub fn slots_text(&self) -> String {
        let mut lines: Vec<(Day, String, Vec<String>)> = Vec::new();
        for s in &self.slots {
            let weeks = match &s.weeks {
                Weeks::Every => String::new(),
                Weeks::Only(v) => format!(" 第{}", join_weeks(v)),
                Weeks::Except(v) => format!(" 第{}休", join_weeks(v)),
            };
            let range = format!("{}-{}", s.start, s.end);
            match lines
                .iter_mut()
                .find(|(d, w, _)| *d == s.day && *w == weeks)
            {
                Some((_, _, ranges)) => ranges.push(range),
                None => lines.push((s.day, weeks, vec![range])),
            }
        }
        lines.sort_by_key(|(d, w, _)| (*d, w.clone()));
        lines
            .into_iter()
            .map(|(d, w, r)| format!("{}{w} {}", d.label(), r.join(" ")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads weekly slots written as [`Schedule::slots_text`] writes them. A line names one
    /// day (`月`), several (`月・水・金`) or a range (`月〜金`, `月-金`); then optionally the weeks
    /// of the month (`第1・3`, or `第2・4休` for every week but those); then time ranges
    /// (`09:00-12:00`, `〜` also accepted). Blank lines are skipped. Errors name the line.
    pub fn parse_slots(text: &str) -> Result<Vec<Slot>, SlotError> {
        let mut out = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            let at = |problem| SlotError {
                line: n + 1,
                text: line.to_string(),
                problem,
            };
            let mut words = line.split_whitespace();
            let days =
                parse_days(words.next().unwrap_or_default()).ok_or_else(|| at(SlotProblem::Day))?;
            let mut weeks = Weeks::Every;
            let mut ranges = Vec::new();
            for w in words {
                if let Some(rest) = w.strip_prefix('第') {
                    let (nums, except) = match rest.strip_suffix('休') {
                        Some(r) => (r, true),
                        None => (rest, false),
                    };
                    let v = parse_weeks(nums).ok_or_else(|| at(SlotProblem::Weeks))?;
                    weeks = if except {
                        Weeks::Except(v)
                    } else {
                        Weeks::Only(v)
                    };
                    continue;
                }
                let (a, b) = w
                    .split_once(['-', '〜', '~', '－', '–'])
                    .ok_or_else(|| at(SlotProblem::Range))?;
                let (start, end) = TimeOfDay::parse(a)
                    .zip(TimeOfDay::parse(b))
                    .ok_or_else(|| at(SlotProblem::Time))?;
                if start >= end {
                    return Err(at(SlotProblem::EndBeforeStart));
                }
                ranges.push((start, end));
            }
            if ranges.is_empty() {
                return Err(at(SlotProblem::NoTime));
            }
            for d in days {
                for (start, end) in &ranges {
                    out.push(Slot {
                        day: d,
                        start: *start,
                        end: *end,
                        weeks: weeks.clone(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Checks the slots: start before end.
    pub fn validate(&self) -> Result<(), String> {
        for s in &self.slots {
            if s.start >= s.end {
                return Err(format!(
                    "slot {} {}–{} ends before it starts",
                    s.day.label(),
                    s.start,
                    s.end
                ));
            }
            let bad_week = |v: &Vec<u8>| v.iter().any(|n| !(1..=5).contains(n));
            if let Weeks::Only(v) | Weeks::Except(v) = &s.weeks
                && bad_week(v)
            {
                return Err("weeks of the month must be 1 to 5".to_string());
            }
        }
        Ok(())
    }
}

fn join_weeks(v: &[u8]) -> String {
    v.iter().map(u8::to_string).collect::<Vec<_>>().join("・")
}

/// What is wrong with a line of weekly slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotProblem {
    /// It does not start with a day.
    Day,
    /// The weeks of the month are not 1–5.
    Weeks,
    /// A time range is not `09:00-12:00`.
    Range,
    /// A time is not `09:00`.
    Time,
    /// A range ends before it starts.
    EndBeforeStart,
    /// The line has no time range.
    NoTime,
}

/// A line of weekly slots that could not be read: its number (from 1), its text, the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotError {
    /// Line number, from 1.
    pub line: usize,
    /// The line as typed.
    pub text: String,
    /// What is wrong.
    pub problem: SlotProblem,
}

impl SlotError {
    /// What is wrong, in `lang`, naming the line.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        use SlotProblem as P;
        let (n, text) = (self.line, &self.text);
        match lang {
            Lang::Ja => {
                let m = match self.problem {
                    P::Day => "曜日（月〜日）で始めてください",
                    P::Weeks => "週は「第1・3」のように1〜5で書いてください",
                    P::Range => "時間は「09:00-12:00」のように書いてください",
                    P::Time => "時刻は「09:00」のように書いてください",
                    P::EndBeforeStart => "終わりの時刻が始まりより前です",
                    P::NoTime => "時間（例 09:00-12:00）がありません",
                };
                format!("{n}行目「{text}」: {m}")
            }
            Lang::En => {
                let m = match self.problem {
                    P::Day => "start the line with a day (月 to 日)",
                    P::Weeks => "write the weeks of the month as 第1・3, with numbers 1 to 5",
                    P::Range => "write a time range as 09:00-12:00",
                    P::Time => "write a time as 09:00",
                    P::EndBeforeStart => "a range ends before it starts",
                    P::NoTime => "the line has no time range (e.g. 09:00-12:00)",
                };
                format!("line {n} \"{text}\": {m}")
            }
        }
    }
}

impl std::fmt::Display for SlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::Lang::Ja))
    }
}

impl std::error::Error for SlotError {}

fn day_of(c: char) -> Option<Day> {
    Day::ALL.into_iter().find(|d| d.label().starts_with(c))
}

/// `月`, `月・水・金`, `月,水`, `月〜金`, `月-金`, with an optional trailing 曜 / 曜日.
fn parse_days(word: &str) -> Option<Vec<Day>> {
    let word = word.replace("曜日", "").replace('曜', "");
    if let Some((a, b)) = word.split_once(['〜', '~', '-', '－']) {
        let (a, b) = (single_day(a)?, single_day(b)?);
        return (a <= b).then(|| Day::ALL[a as usize..=b as usize].to_vec());
    }
    let days: Option<Vec<Day>> = word
        .split(['・', ',', '、', '，'])
        .map(single_day)
        .collect();
    days.filter(|d| !d.is_empty())
}

fn single_day(s: &str) -> Option<Day> {
    let mut chars = s.chars();
    let d = day_of(chars.next()?)?;
    chars.next().is_none().then_some(d)
}

fn parse_weeks(s: &str) -> Option<Vec<u8>> {
    let v: Option<Vec<u8>> = s
        .split(['・', ',', '、'])
        .map(|x| {
            let x: String = x
                .chars()
                .map(|c| match c {
                    '１'..='５' => {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    }
                    c => c,
                })
                .collect();
            x.parse::<u8>().ok().filter(|n| (1..=5).contains(n))
        })
        .collect();
    v.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn slot(day: Day, sh: u16, eh: u16, weeks: Weeks) -> Slot {
        Slot {
            day,
            start: TimeOfDay::new(sh, 0).unwrap(),
            end: TimeOfDay::new(eh, 0).unwrap(),
            weeks,
        }
    }

    /// A typical clinic: 9–12 and 15–18 on weekdays except Thursday afternoon, Saturday morning
    /// except the 2nd and 4th Saturdays, closed on holidays and at the year end.
    fn clinic() -> Schedule {
        let mut slots = Vec::new();
        for d in [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri] {
            slots.push(slot(d, 9, 12, Weeks::Every));
            if d != Day::Thu {
                slots.push(slot(d, 15, 18, Weeks::Every));
            }
        }
        slots.push(slot(Day::Sat, 9, 12, Weeks::Except(vec![2, 4])));
        Schedule {
            slots,
            closed_on_holidays: true,
            closed_year_end: true,
            ..Schedule::default()
        }
    }

    #[test]
    fn several_slots_a_day() {
        let s = clinic();
        assert!(s.is_open_at(t("2026-11-25T09:00:00+09:00"))); // Wed start inclusive
        assert!(!s.is_open_at(t("2026-11-25T12:00:00+09:00"))); // end exclusive
        assert!(!s.is_open_at(t("2026-11-25T13:30:00+09:00"))); // lunch break
        assert!(s.is_open_at(t("2026-11-25T17:59:00+09:00")));
        assert!(!s.is_open_at(t("2026-11-26T16:00:00+09:00"))); // Thursday afternoon closed
    }

    #[test]
    fn second_and_fourth_saturdays_closed() {
        let s = clinic();
        // November 2026: Saturdays 7 (1st), 14 (2nd), 21 (3rd), 28 (4th).
        assert!(s.is_open_at(t("2026-11-07T10:00:00+09:00")));
        assert!(!s.is_open_at(t("2026-11-14T10:00:00+09:00")));
        assert!(s.is_open_at(t("2026-11-21T10:00:00+09:00")));
        assert!(!s.is_open_at(t("2026-11-28T10:00:00+09:00")));
    }

    #[test]
    fn closed_on_substitute_and_citizens_holidays() {
        let s = clinic();
        assert!(!s.is_open_at(t("2025-11-24T10:00:00+09:00"))); // 振替休日 (Mon)
        assert!(s.is_open_at(t("2025-11-25T10:00:00+09:00")));
        assert!(!s.is_open_at(t("2026-09-22T10:00:00+09:00"))); // 国民の休日 (Tue)
        let mut open_on_holidays = clinic();
        open_on_holidays.closed_on_holidays = false;
        assert!(open_on_holidays.is_open_at(t("2026-09-22T10:00:00+09:00")));
    }

    #[test]
    fn year_end_closure_and_closed_dates() {
        let mut s = clinic();
        assert!(!s.is_open_at(t("2026-12-29T10:00:00+09:00"))); // Tuesday, 年末
        assert!(!s.is_open_at(t("2027-01-03T10:00:00+09:00"))); // Sunday anyway, still 年始
        assert!(s.is_open_at(t("2027-01-04T10:00:00+09:00"))); // Monday after the closure
        assert!(s.is_open_at(t("2027-01-05T10:00:00+09:00")));
        s.closed_dates
            .push(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        assert!(!s.is_open_at(t("2027-01-05T10:00:00+09:00")));
    }

    #[test]
    fn instants_are_converted_to_japan_time() {
        let s = clinic();
        // 2026-11-25 00:30 UTC = 09:30 JST Wednesday.
        assert!(s.is_open_at(t("2026-11-25T00:30:00Z")));
        // 2026-11-24 23:30 UTC = 08:30 JST: not yet open.
        assert!(!s.is_open_at(t("2026-11-24T23:30:00Z")));
    }

    #[test]
    fn twenty_four_hours_and_parsing() {
        let s = Schedule {
            slots: Day::ALL
                .into_iter()
                .map(|d| slot(d, 0, 24, Weeks::Every))
                .collect(),
            ..Schedule::default()
        };
        assert!(s.is_open_at(t("2026-01-01T23:59:00+09:00")));
        assert_eq!(TimeOfDay::parse("０９：３０"), TimeOfDay::new(9, 30));
        assert_eq!(TimeOfDay::parse("24:00"), Some(TimeOfDay::END_OF_DAY));
        assert_eq!(TimeOfDay::parse("24:01"), None);
        assert_eq!(TimeOfDay::parse("9:60"), None);
        let json =
            serde_json::to_string(&slot(Day::Sat, 9, 12, Weeks::Except(vec![2, 4]))).unwrap();
        assert_eq!(
            json,
            r#"{"day":"sat","start":"09:00","end":"12:00","weeks":{"except":[2,4]}}"#
        );
        let back: Slot = serde_json::from_str(&json).unwrap();
        assert_eq!(back.weeks, Weeks::Except(vec![2, 4]));
    }

    #[test]
    fn validate_rejects_inverted_slots() {
        let s = Schedule {
            slots: vec![slot(Day::Mon, 12, 9, Weeks::Every)],
            ..Schedule::default()
        };
        assert!(s.validate().is_err());
        assert!(clinic().validate().is_ok());
    }

    #[test]
    fn slots_text_round_trips_and_reads_ranges() {
        let slots = Schedule::parse_slots(
            "月〜金 09:00-12:00 14:00〜18:00\n土 第1・3 9:00-12:00\n\n水曜 第2・4休 13:00-15:00",
        )
        .unwrap();
        assert_eq!(slots.len(), 12);
        assert!(
            slots
                .iter()
                .any(|s| s.day == Day::Sat && s.weeks == Weeks::Only(vec![1, 3]))
        );
        assert!(
            slots
                .iter()
                .any(|s| s.day == Day::Wed && s.weeks == Weeks::Except(vec![2, 4]))
        );
        let sched = Schedule {
            slots,
            ..Schedule::default()
        };
        let text = sched.slots_text();
        assert!(text.starts_with("月 09:00-12:00 14:00-18:00\n"), "{text}");
        let again = Schedule::parse_slots(&text).unwrap();
        let mut a = again.clone();
        let mut b = sched.slots.clone();
        let key = |s: &Slot| (s.day, s.start, s.end, format!("{:?}", s.weeks));
        a.sort_by_key(key);
        b.sort_by_key(key);
        assert_eq!(a, b);
    }

    #[test]
    fn slots_text_errors_name_the_line() {
        let e = Schedule::parse_slots("月 09:00-12:00\n祝 10:00-11:00").unwrap_err();
        assert!(e.to_string().starts_with("2行目"), "{e}");
        assert_eq!((e.line, e.problem), (2, SlotProblem::Day));
        assert_eq!(
            e.message_in(crate::i18n::Lang::En),
            "line 2 \"祝 10:00-11:00\": start the line with a day (月 to 日)"
        );
        assert!(Schedule::parse_slots("月 12:00-09:00").is_err());
        assert!(Schedule::parse_slots("月 第6 09:00-10:00").is_err());
        assert!(Schedule::parse_slots("月").is_err());
    }
}
