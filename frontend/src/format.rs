//! Plain-Japanese wording of codes, distances, dates and schedules, shared by every page.

use chrono::{Datelike, NaiveDate};
use model::facility::Accepting;
use model::schedule::{Day, Schedule, Slot, Weeks};
use model::taxonomy;

/// Label of a category code.
pub fn category(code: &str) -> &str {
    taxonomy::category(code).map_or(code, |c| c.label)
}

/// Label of a service type code.
pub fn service(code: &str) -> &str {
    taxonomy::service_type(code).map_or(code, |s| s.label)
}

/// Label of a capability code.
pub fn capability(code: &str) -> &str {
    taxonomy::capability(code).map_or(code, |c| c.label)
}

/// "350 m", "1.2 km", "12 km".
pub fn distance(m: f64) -> String {
    if m < 1_000.0 {
        format!("{} m", (m / 10.0).round() * 10.0)
    } else if m < 10_000.0 {
        format!("{:.1} km", m / 1_000.0)
    } else {
        format!("{:.0} km", m / 1_000.0)
    }
}

/// A whole number with thousands separators: 「397,289」.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A `tel:` link for a phone number as printed (digits and a leading `+` kept).
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// "2026年11月16日".
pub fn date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The last confirmation's date, or 未確認 when the listing was never confirmed.
pub fn verified(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "未確認".into())
}

/// What a visitor is told about acceptance: the status with its date, or 不明 when it is
/// missing or older than the freshness policy allows ([`model::freshness::FreshnessPolicy`]).
/// The second value is a CSS modifier.
pub fn acceptance(
    accepting: Option<Accepting>,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
) -> (String, &'static str) {
    match (accepting, as_of) {
        (Some(a), Some(d))
            if !model::freshness::FreshnessPolicy::default().availability_stale(d, today) =>
        {
            let modifier = match a {
                Accepting::Yes => "yes",
                Accepting::Limited => "limited",
                Accepting::No => "no",
            };
            (format!("{}（{}時点）", a.label(), short_date(d)), modifier)
        }
        (Some(_), Some(d)) => (format!("不明（最後の報告は{}）", short_date(d)), "unknown"),
        _ => ("不明".to_string(), "unknown"),
    }
}

/// "11/16".
pub fn short_date(d: NaiveDate) -> String {
    format!("{}/{}", d.month(), d.day())
}

fn weeks(w: &Weeks) -> String {
    let list = |v: &[u8]| {
        v.iter()
            .map(|n| format!("第{n}"))
            .collect::<Vec<_>>()
            .join("・")
    };
    match w {
        Weeks::Every => String::new(),
        Weeks::Only(v) => format!("（{}のみ）", list(v)),
        Weeks::Except(v) => format!("（{}は休み）", list(v)),
    }
}

fn slot(s: &Slot) -> String {
    format!("{}〜{}{}", s.start, s.end, weeks(&s.weeks))
}

/// The slots of one weekday, e.g. "09:00〜12:00、14:00〜18:00", or "休み".
pub fn day_hours(s: &Schedule, day: Day) -> String {
    let slots: Vec<String> = s.slots.iter().filter(|x| x.day == day).map(slot).collect();
    if slots.is_empty() {
        "休み".to_string()
    } else {
        slots.join("、")
    }
}

/// Holiday rules, e.g. "祝日・年末年始は休み".
pub fn closures(s: &Schedule) -> Option<String> {
    let mut parts = Vec::new();
    if s.closed_on_holidays {
        parts.push("祝日");
    }
    if s.closed_year_end {
        parts.push("年末年始");
    }
    (!parts.is_empty()).then(|| format!("{}は休み", parts.join("・")))
}

/// A one-line week for lists and print: consecutive days with the same hours are joined,
/// e.g. "月〜金 09:00〜18:00／土 09:00〜12:00／日・祝日は休み".
pub fn week_summary(s: &Schedule) -> String {
    let mut groups: Vec<(Day, Day, String)> = Vec::new();
    for d in Day::ALL {
        let h = day_hours(s, d);
        match groups.last_mut() {
            Some((_, end, hours)) if *hours == h && (*end as usize) + 1 == d as usize => *end = d,
            _ => groups.push((d, d, h)),
        }
    }
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for (a, b, h) in groups {
        let days = if a == b {
            a.label().to_string()
        } else {
            format!("{}〜{}", a.label(), b.label())
        };
        if h == "休み" {
            closed.push(days);
        } else {
            open.push(format!("{days} {h}"));
        }
    }
    let mut out = open.join("／");
    let mut rest = closed;
    if s.closed_on_holidays {
        rest.push("祝日".into());
    }
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push('／');
        }
        out.push_str(&format!("{}は休み", rest.join("・")));
    }
    out
}

/// One ケアマネタイム window on one line: when, who, how, the direct line.
pub fn contact_window(w: &model::facility::ContactWindow) -> String {
    let mut out = week_summary(&w.schedule);
    if let Some(p) = w.contact_person.as_deref() {
        out.push_str(&format!("　担当：{p}"));
    }
    if !w.methods.is_empty() {
        let m: Vec<&str> = w.methods.iter().map(|m| m.label()).collect();
        out.push_str(&format!("　{}", m.join("・")));
    }
    if let Some(p) = w.phone.as_deref() {
        out.push_str(&format!("　直通 {p}"));
    }
    if let Some(n) = w.note.as_deref() {
        out.push_str(&format!("（{n}）"));
    }
    out
}

/// Where a capability claim comes from, in words: 「（公的届出：届出受理医療機関名簿 2025-10-01、2024年10月1日から）」.
pub fn claim_source(c: &model::facility::CapabilityClaim) -> String {
    let mut parts = vec![c.source.label().to_string()];
    if let Some(r) = &c.reference {
        parts[0] = format!("{}：{r}", c.source.label());
    }
    if let Some(d) = c.since {
        parts.push(format!("{}から", date(d)));
    }
    format!("（{}）", parts.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::schedule::TimeOfDay;

    fn t(h: u16, m: u16) -> TimeOfDay {
        TimeOfDay::new(h, m).unwrap_or(TimeOfDay::MIDNIGHT)
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(397_289), "397,289");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn weeks_read_as_a_directory_would_print_them() {
        let mut slots = Vec::new();
        for d in [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri] {
            slots.push(Slot {
                day: d,
                start: t(9, 0),
                end: t(18, 0),
                weeks: Weeks::Every,
            });
        }
        slots.push(Slot {
            day: Day::Sat,
            start: t(9, 0),
            end: t(12, 0),
            weeks: Weeks::Only(vec![1, 3]),
        });
        let s = Schedule {
            slots,
            closed_on_holidays: true,
            ..Schedule::default()
        };
        assert_eq!(
            week_summary(&s),
            "月〜金 09:00〜18:00／土 09:00〜12:00（第1・第3のみ）／日・祝日は休み"
        );
        assert_eq!(day_hours(&s, Day::Sun), "休み");
        assert_eq!(distance(349.0), "350 m");
        assert_eq!(distance(1_234.0), "1.2 km");
    }

    #[test]
    fn stale_acceptance_reads_as_unknown() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let fresh = today - chrono::Days::new(3);
        let old = today - chrono::Days::new(30);
        assert_eq!(
            acceptance(Some(Accepting::Yes), Some(fresh), today).1,
            "yes"
        );
        let (text, m) = acceptance(Some(Accepting::Yes), Some(old), today);
        assert_eq!(m, "unknown");
        assert!(text.starts_with("不明"));
        assert_eq!(acceptance(None, None, today).0, "不明");
    }
}
