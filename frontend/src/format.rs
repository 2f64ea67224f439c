//! Plain wording of codes, distances, dates and schedules in the page's language
//! ([`crate::i18n::lang`]), shared by every page.

use crate::i18n::{Lang, lang, tr};
use chrono::{Datelike, NaiveDate};
use model::facility::Accepting;
use model::schedule::{Day, Schedule, Slot, Weeks};
use model::taxonomy;

/// Label of a category code.
pub fn category(code: &str) -> &str {
    taxonomy::category(code).map_or(code, |c| c.label_in(lang()))
}

/// Label of a service type code.
pub fn service(code: &str) -> &str {
    taxonomy::service_type(code).map_or(code, |s| s.label_in(lang()))
}

/// Label of a capability code.
pub fn capability(code: &str) -> &str {
    taxonomy::capability(code).map_or(code, |c| c.label_in(lang()))
}

/// A count of things: "12件" in Japanese, "12 listings" (or `one`/`many` as given) in English.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    match lang() {
        Lang::Ja => format!("{n}件"),
        Lang::En => format!("{n} {}", if n == 1 { one } else { many }),
    }
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

/// "2026年11月16日" / "16 Nov 2026".
pub fn date(d: NaiveDate) -> String {
    match lang() {
        Lang::Ja => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), month(d), d.year()),
    }
}

/// The month's English abbreviation (chrono's formatter is not worth its weight in the wasm).
fn month(d: NaiveDate) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS[d.month0() as usize]
}

/// "about 1.2 km" in words: 「約1.2 km」 / "about 1.2 km".
pub fn about_distance(m: f64) -> String {
    format!("{}{}", tr("約", "about "), distance(m))
}

/// The last confirmation's date, or 未確認 when the listing was never confirmed.
pub fn verified(d: Option<NaiveDate>) -> String {
    d.map(date)
        .unwrap_or_else(|| tr("未確認", "not yet confirmed").into())
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
            let text = match lang() {
                Lang::Ja => format!("{}（{}時点）", a.label(), short_date(d)),
                Lang::En => format!("{} (as of {})", a.label_in(Lang::En), short_date(d)),
            };
            (text, modifier)
        }
        (Some(_), Some(d)) => {
            let text = match lang() {
                Lang::Ja => format!("不明（最後の報告は{}）", short_date(d)),
                Lang::En => format!("Unknown (last reported {})", short_date(d)),
            };
            (text, "unknown")
        }
        _ => (tr("不明", "Unknown").to_string(), "unknown"),
    }
}

/// "11/16" / "16 Nov".
pub fn short_date(d: NaiveDate) -> String {
    match lang() {
        Lang::Ja => format!("{}/{}", d.month(), d.day()),
        Lang::En => format!("{} {}", d.day(), month(d)),
    }
}

/// A weekday's short label in the page's language.
pub fn day(d: Day) -> &'static str {
    d.label_in(lang())
}

/// "第1" / "1st".
fn nth(n: u8) -> String {
    match lang() {
        Lang::Ja => format!("第{n}"),
        Lang::En => {
            let suffix = match n {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

fn weeks(w: &Weeks) -> String {
    let list = |v: &[u8]| {
        v.iter()
            .map(|n| nth(*n))
            .collect::<Vec<_>>()
            .join(tr("・", ", "))
    };
    match (lang(), w) {
        (_, Weeks::Every) => String::new(),
        (Lang::Ja, Weeks::Only(v)) => format!("（{}のみ）", list(v)),
        (Lang::Ja, Weeks::Except(v)) => format!("（{}は休み）", list(v)),
        (Lang::En, Weeks::Only(v)) => format!(" ({} of the month only)", list(v)),
        (Lang::En, Weeks::Except(v)) => format!(" (closed on the {})", list(v)),
    }
}

fn slot(s: &Slot) -> String {
    format!("{}{}{}{}", s.start, tr("〜", "–"), s.end, weeks(&s.weeks))
}

/// The slots of one weekday, e.g. "09:00〜12:00、14:00〜18:00", or "休み".
pub fn day_hours(s: &Schedule, day: Day) -> String {
    let slots: Vec<String> = s.slots.iter().filter(|x| x.day == day).map(slot).collect();
    if slots.is_empty() {
        closed().to_string()
    } else {
        slots.join(tr("、", ", "))
    }
}

/// 「休み」 / "closed".
fn closed() -> &'static str {
    tr("休み", "closed")
}

/// 「祝日・年末年始は休み」 / "closed on holidays, year end".
fn closed_on(parts: &[&str]) -> String {
    match lang() {
        Lang::Ja => format!("{}は休み", parts.join("・")),
        Lang::En => format!("closed on {}", parts.join(", ")),
    }
}

/// Holiday rules, e.g. "祝日・年末年始は休み".
pub fn closures(s: &Schedule) -> Option<String> {
    let mut parts = Vec::new();
    if s.closed_on_holidays {
        parts.push(tr("祝日", "public holidays"));
    }
    if s.closed_year_end {
        parts.push(tr("年末年始", "the New Year holidays"));
    }
    (!parts.is_empty()).then(|| closed_on(&parts))
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
    let mut closed_days = Vec::new();
    for (a, b, h) in groups {
        let days = if a == b {
            day(a).to_string()
        } else {
            format!("{}{}{}", day(a), tr("〜", "–"), day(b))
        };
        if h == closed() {
            closed_days.push(days);
        } else {
            open.push(format!("{days} {h}"));
        }
    }
    let separator = tr("／", " / ");
    let mut out = open.join(separator);
    let mut rest = closed_days;
    if s.closed_on_holidays {
        rest.push(tr("祝日", "holidays").into());
    }
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push_str(separator);
        }
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        out.push_str(&closed_on(&rest));
    }
    out
}

/// A piece of a line that mixes the interface's words with the data's: `data` pieces are the
/// listing's own (Japanese) text, which an English page marks as such.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether it is data rather than interface wording.
    pub data: bool,
}

/// Interface wording.
pub fn words(text: impl Into<String>) -> Piece {
    Piece {
        text: text.into(),
        data: false,
    }
}

/// The data's own text.
pub fn data(text: impl Into<String>) -> Piece {
    Piece {
        text: text.into(),
        data: true,
    }
}

/// A message whose parts in double quotes are the visitor's own input (a typed place or
/// keyword), as data.
pub fn quoted(message: &str) -> Vec<Piece> {
    message
        .split('"')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| {
            if i % 2 == 1 {
                data(format!("\"{t}\""))
            } else {
                words(t)
            }
        })
        .collect()
}

/// Pieces as one plain text.
pub fn plain(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

/// Where a near search measures from: 「本町付近」 / "本町", or the point picked on the map.
pub fn origin(place: Option<&str>) -> Vec<Piece> {
    match (lang(), place) {
        (Lang::Ja, Some(p)) => vec![data(p), words("付近")],
        (Lang::En, Some(p)) => vec![data(p)],
        (_, None) => vec![words(tr("指定した地点", "the chosen point"))],
    }
}

/// One ケアマネタイム window on one line: when, who, how, the direct line.
pub fn contact_window(w: &model::facility::ContactWindow) -> String {
    contact_window_pieces(w)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// [`contact_window`] in pieces, the contact person and the note being data.
pub fn contact_window_pieces(w: &model::facility::ContactWindow) -> Vec<Piece> {
    let l = lang();
    let mut out = vec![words(week_summary(&w.schedule))];
    if let Some(p) = w.contact_person.as_deref() {
        out.push(words(l.pick("　担当：", "; ask for ")));
        out.push(data(p));
    }
    if !w.methods.is_empty() {
        let m: Vec<&str> = w.methods.iter().map(|m| m.label_in(l)).collect();
        out.push(words(format!(
            "{}{}",
            l.pick("　", "; by "),
            m.join(l.pick("・", ", "))
        )));
    }
    if let Some(p) = w.phone.as_deref() {
        out.push(words(format!("{}{p}", l.pick("　直通 ", "; direct line "))));
    }
    if let Some(n) = w.note.as_deref() {
        out.push(words(l.pick("（", " (")));
        out.push(data(n));
        out.push(words(l.pick("）", ")")));
    }
    out
}

/// Where a capability claim comes from, in words: 「（公的届出：届出受理医療機関名簿 2025-10-01、2024年10月1日から）」
/// (the reference, a source's own name, is data).
pub fn claim_source(c: &model::facility::CapabilityClaim) -> Vec<Piece> {
    let l = lang();
    let mut out = vec![words(format!(
        "{}{}",
        l.pick("（", "("),
        c.source.label_in(l)
    ))];
    if let Some(r) = &c.reference {
        out.push(words(l.pick("：", ": ")));
        out.push(data(r.clone()));
    }
    if let Some(d) = c.since {
        out.push(words(match l {
            Lang::Ja => format!("、{}から", date(d)),
            Lang::En => format!(", since {}", date(d)),
        }));
    }
    out.push(words(l.pick("）", ")")));
    out
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
