//! Japan's public holidays (国民の祝日) for the years 2000–2099.
//!
//! Implements the 国民の祝日に関する法律 as amended: fixed-date holidays, the Happy Monday
//! holidays (成人の日, 海の日, 敬老の日, スポーツの日), the equinox days from the standard
//! astronomical approximation (valid 1980–2099), the one-off days of 2019 (即位の日, 即位礼正殿の儀)
//! and the Olympic moves of 2020 and 2021, plus 振替休日 (substitute holidays; since 2007 the
//! next day that is not itself a holiday) and 国民の休日 (a weekday between two holidays).
//!
//! Outside 2000–2099 every function answers "not a holiday".

use chrono::{Datelike, NaiveDate, Weekday};

/// First year for which holidays are computed.
pub const FIRST_YEAR: i32 = 2000;
/// Last year for which holidays are computed.
pub const LAST_YEAR: i32 = 2099;

/// Returns the name of the public holiday on `date`, if it is one.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use model::holiday::holiday_name;
/// let d = NaiveDate::from_ymd_opt(2025, 11, 24).unwrap();
/// assert_eq!(holiday_name(d), Some("振替休日"));
/// ```
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    let year = date.year();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    if let Some(name) = statutory_holiday(date) {
        return Some(name);
    }
    if is_substitute_holiday(date) {
        return Some("振替休日");
    }
    if is_citizens_holiday(date) {
        return Some("国民の休日");
    }
    None
}

/// Returns true when `date` is a public holiday (including 振替休日 and 国民の休日).
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// Returns true for the 年末年始 closure days, 12/29 to 1/3, that Japanese offices observe.
pub fn is_year_end_closure(date: NaiveDate) -> bool {
    matches!((date.month(), date.day()), (12, 29..=31) | (1, 1..=3))
}

/// Lists every public holiday of `year` in date order, with its name.
pub fn holidays_in_year(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let Some(mut d) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while d.year() == year {
        if let Some(name) = holiday_name(d) {
            out.push((d, name));
        }
        let Some(next) = d.succ_opt() else { break };
        d = next;
    }
    out
}

fn nth_monday(year: i32, month: u32, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)
}

/// 春分日 (vernal equinox day) of `year`, 1980–2099.
fn vernal_equinox_day(year: i32) -> u32 {
    let y = f64::from(year - 1980);
    (20.8431 + 0.242194 * y - (y / 4.0).floor()).floor() as u32
}

/// 秋分日 (autumnal equinox day) of `year`, 1980–2099.
fn autumnal_equinox_day(year: i32) -> u32 {
    let y = f64::from(year - 1980);
    (23.2488 + 0.242194 * y - (y / 4.0).floor()).floor() as u32
}

/// A holiday named in the law for this date (not 振替休日 nor 国民の休日).
fn statutory_holiday(date: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let is = |target: Option<NaiveDate>| target == Some(date);
    match m {
        1 if d == 1 => return Some("元日"),
        1 if is(nth_monday(y, 1, 2)) => return Some("成人の日"),
        2 if d == 11 => return Some("建国記念の日"),
        2 if d == 23 && y >= 2020 => return Some("天皇誕生日"),
        3 if d == vernal_equinox_day(y) => return Some("春分の日"),
        4 if d == 29 => {
            return Some(if y >= 2007 {
                "昭和の日"
            } else {
                "みどりの日"
            });
        }
        5 if d == 3 => return Some("憲法記念日"),
        5 if d == 4 && y >= 2007 => return Some("みどりの日"),
        5 if d == 5 => return Some("こどもの日"),
        9 if d == autumnal_equinox_day(y) => return Some("秋分の日"),
        11 if d == 3 => return Some("文化の日"),
        11 if d == 23 => return Some("勤労感謝の日"),
        12 if d == 23 && (2000..=2018).contains(&y) => return Some("天皇誕生日"),
        _ => {}
    }
    // 2019: 即位の日 and 即位礼正殿の儀 (one-off holidays).
    if y == 2019 && (m, d) == (5, 1) {
        return Some("天皇の即位の日");
    }
    if y == 2019 && (m, d) == (10, 22) {
        return Some("即位礼正殿の儀");
    }
    // 海の日: 7/20 until 2002, third Monday since 2003, moved for the Olympics in 2020 and 2021.
    let marine = match y {
        2000..=2002 => NaiveDate::from_ymd_opt(y, 7, 20),
        2020 => NaiveDate::from_ymd_opt(2020, 7, 23),
        2021 => NaiveDate::from_ymd_opt(2021, 7, 22),
        _ => nth_monday(y, 7, 3),
    };
    if is(marine) {
        return Some("海の日");
    }
    // 山の日 since 2016, moved for the Olympics.
    let mountain = match y {
        2020 => NaiveDate::from_ymd_opt(2020, 8, 10),
        2021 => NaiveDate::from_ymd_opt(2021, 8, 8),
        2016.. => NaiveDate::from_ymd_opt(y, 8, 11),
        _ => None,
    };
    if is(mountain) {
        return Some("山の日");
    }
    // 敬老の日: 9/15 until 2002, third Monday since 2003.
    let aged = if y <= 2002 {
        NaiveDate::from_ymd_opt(y, 9, 15)
    } else {
        nth_monday(y, 9, 3)
    };
    if is(aged) {
        return Some("敬老の日");
    }
    // 体育の日 (スポーツの日 since 2020): second Monday of October, moved for the Olympics.
    let sports = match y {
        2020 => NaiveDate::from_ymd_opt(2020, 7, 24),
        2021 => NaiveDate::from_ymd_opt(2021, 7, 23),
        _ => nth_monday(y, 10, 2),
    };
    if is(sports) {
        return Some(if y >= 2020 {
            "スポーツの日"
        } else {
            "体育の日"
        });
    }
    None
}

/// 振替休日: when a holiday falls on a Sunday, the next day that is not a holiday (since 2007;
/// before, only the Monday right after).
fn is_substitute_holiday(date: NaiveDate) -> bool {
    if statutory_holiday(date).is_some() {
        return false;
    }
    if date.year() < 2007 {
        return date.weekday() == Weekday::Mon
            && date
                .pred_opt()
                .is_some_and(|p| statutory_holiday(p).is_some());
    }
    // Walk back over consecutive statutory holidays; a Sunday among them moves one day here.
    let mut d = date;
    loop {
        let Some(prev) = d.pred_opt() else {
            return false;
        };
        if statutory_holiday(prev).is_none() {
            return false;
        }
        if prev.weekday() == Weekday::Sun {
            return true;
        }
        d = prev;
    }
}

/// 国民の休日: a day that is not a holiday itself but lies between two statutory holidays.
fn is_citizens_holiday(date: NaiveDate) -> bool {
    if date.weekday() == Weekday::Sun || statutory_holiday(date).is_some() {
        return false;
    }
    let (Some(prev), Some(next)) = (date.pred_opt(), date.succ_opt()) else {
        return false;
    };
    statutory_holiday(prev).is_some() && statutory_holiday(next).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn substitute_holiday_after_a_sunday_holiday() {
        // 2025-11-23 勤労感謝の日 is a Sunday.
        assert_eq!(holiday_name(d(2025, 11, 23)), Some("勤労感謝の日"));
        assert_eq!(holiday_name(d(2025, 11, 24)), Some("振替休日"));
        assert_eq!(holiday_name(d(2025, 11, 25)), None);
    }

    #[test]
    fn citizens_holiday_between_respect_for_aged_day_and_equinox() {
        // 2026: 敬老の日 9/21 (Mon), 秋分の日 9/23 (Wed) → 9/22 国民の休日.
        assert_eq!(holiday_name(d(2026, 9, 21)), Some("敬老の日"));
        assert_eq!(holiday_name(d(2026, 9, 22)), Some("国民の休日"));
        assert_eq!(holiday_name(d(2026, 9, 23)), Some("秋分の日"));
        // The same happened in 2009 and 2015.
        assert_eq!(holiday_name(d(2009, 9, 22)), Some("国民の休日"));
        assert_eq!(holiday_name(d(2015, 9, 22)), Some("国民の休日"));
    }

    #[test]
    fn golden_week_substitute_moves_past_consecutive_holidays() {
        // 2020-05-03 is a Sunday; 5/4 and 5/5 are holidays, so 振替休日 is 5/6.
        assert_eq!(holiday_name(d(2020, 5, 6)), Some("振替休日"));
        // 2015-05-03 Sunday → 5/6 振替休日 as well.
        assert_eq!(holiday_name(d(2015, 5, 6)), Some("振替休日"));
    }

    #[test]
    fn one_off_and_olympic_holidays() {
        assert_eq!(holiday_name(d(2019, 5, 1)), Some("天皇の即位の日"));
        assert_eq!(holiday_name(d(2019, 4, 30)), Some("国民の休日"));
        assert_eq!(holiday_name(d(2019, 5, 2)), Some("国民の休日"));
        assert_eq!(holiday_name(d(2019, 10, 22)), Some("即位礼正殿の儀"));
        assert_eq!(holiday_name(d(2020, 7, 24)), Some("スポーツの日"));
        assert_eq!(holiday_name(d(2021, 8, 8)), Some("山の日"));
        assert_eq!(holiday_name(d(2021, 8, 9)), Some("振替休日"));
        assert_eq!(holiday_name(d(2020, 8, 11)), None);
    }

    #[test]
    fn emperors_birthday_moved_in_2019() {
        assert_eq!(holiday_name(d(2018, 12, 23)), Some("天皇誕生日"));
        assert_eq!(holiday_name(d(2019, 12, 23)), None);
        assert_eq!(holiday_name(d(2019, 2, 23)), None);
        assert_eq!(holiday_name(d(2020, 2, 23)), Some("天皇誕生日"));
    }

    #[test]
    fn equinoxes_match_the_official_calendar() {
        // Announced dates (国立天文台 暦要項).
        assert_eq!(holiday_name(d(2024, 3, 20)), Some("春分の日"));
        assert_eq!(holiday_name(d(2025, 3, 20)), Some("春分の日"));
        assert_eq!(holiday_name(d(2026, 3, 20)), Some("春分の日"));
        assert_eq!(holiday_name(d(2024, 9, 22)), Some("秋分の日"));
        assert_eq!(holiday_name(d(2024, 9, 23)), Some("振替休日"));
        assert_eq!(holiday_name(d(2025, 9, 23)), Some("秋分の日"));
        assert_eq!(holiday_name(d(2012, 9, 22)), Some("秋分の日"));
    }

    #[test]
    fn yearly_counts_are_right() {
        // 16 statutory holidays a year plus substitutes; 2025 had 19 holiday days.
        let days: Vec<_> = holidays_in_year(2025).into_iter().map(|(d, _)| d).collect();
        assert_eq!(days.len(), 19, "{days:?}");
        assert_eq!(holidays_in_year(2026).len(), 18);
        assert!(holidays_in_year(1999).is_empty());
        assert!(holidays_in_year(2100).is_empty());
    }

    #[test]
    fn happy_mondays() {
        assert_eq!(holiday_name(d(2026, 1, 12)), Some("成人の日"));
        assert_eq!(holiday_name(d(2026, 7, 20)), Some("海の日"));
        assert_eq!(holiday_name(d(2026, 10, 12)), Some("スポーツの日"));
        assert_eq!(holiday_name(d(2001, 7, 20)), Some("海の日"));
    }

    #[test]
    fn year_end_closure() {
        assert!(is_year_end_closure(d(2026, 12, 29)));
        assert!(is_year_end_closure(d(2027, 1, 3)));
        assert!(!is_year_end_closure(d(2027, 1, 4)));
        assert!(!is_year_end_closure(d(2026, 12, 28)));
    }
}
