//! Folding Japanese addresses to a comparable form.
//!
//! One function, [`fold`], is applied to the published names (prefectures, municipalities, 町丁目,
//! 小字) and to what people type, so the two meet whatever spelling either side uses:
//!
//! - Unicode NFKC: full-width digits, letters and dashes become ASCII, half-width katakana
//!   becomes full-width; white space is dropped.
//! - Every dash (‐ ‑ – — ― − ｰ, and ー after a digit) and の/ノ between digits become `-`.
//! - Kanji numerals become Arabic digits where they count something — before 丁目, 丁, 条, 線,
//!   号, 番, 地割 (「南十九条西六丁目」 = 「南19条西6丁目」) — and nowhere else, so 一宮 or 八王子
//!   stay as they are.
//! - A digit followed by 丁 alone reads as 丁目 (「3丁」).
//! - ケ/ヶ/が/ガ fold to ケ and の/ノ/之 to ノ (「香里ヶ丘」 = 「香里が丘」 = 「香里ケ丘」), a ノ between
//!   two kanji is dropped (「香里南之町」 = 「香里南町」), ッ folds to ツ; a few old or variant kanji
//!   fold to their common form (﨑 → 崎, 澤 → 沢, 邊 → 辺, 吞 → 呑 …).
//! - 大字 and 字 are dropped (typed addresses omit them).
//!
//! [`fold_typed`] does the same for typed input after dropping a leading postcode.

use unicode_normalization::UnicodeNormalization;

/// Old or variant kanji found in place names, folded to the form most data uses.
const VARIANTS: &[(char, char)] = &[
    ('﨑', '崎'),
    ('嵜', '崎'),
    ('碕', '崎'),
    ('髙', '高'),
    ('邊', '辺'),
    ('邉', '辺'),
    ('澤', '沢'),
    ('濱', '浜'),
    ('瀧', '滝'),
    ('龍', '竜'),
    ('舘', '館'),
    ('冨', '富'),
    ('檜', '桧'),
    ('淵', '渕'),
    ('曾', '曽'),
    ('條', '条'),
    ('嶋', '島'),
    ('嶌', '島'),
    ('萬', '万'),
    ('國', '国'),
    ('眞', '真'),
    ('櫻', '桜'),
    ('廣', '広'),
    ('德', '徳'),
    ('齋', '斎'),
    ('齊', '斉'),
    ('藪', '薮'),
    ('槇', '槙'),
    ('塚', '塚'),
    ('惠', '恵'),
    ('增', '増'),
    ('與', '与'),
    ('彌', '弥'),
    ('黑', '黒'),
    ('寳', '宝'),
    ('寶', '宝'),
    ('吞', '呑'),
    ('靱', '靭'),
    ('螢', '蛍'),
    ('壺', '壷'),
    ('挾', '挟'),
    ('狹', '狭'),
    ('峯', '峰'),
    ('嶽', '岳'),
    ('埜', '野'),
    ('祢', '禰'),
    ('ッ', 'ツ'),
    ('諌', '諫'),
    ('麴', '麹'),
    // The kanji 夕 typed for the katakana タ (「二夕子」 for 二タ子), folded on both sides.
    ('夕', 'タ'),
];

/// Whether a character is a CJK ideograph.
fn ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Words a kanji numeral must stand before to be read as a number.
const COUNTERS: &[&str] = &["丁目", "丁", "条", "線", "号", "番", "地割"];

fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' => 1,
        '二' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some()
}

/// The value of a run of kanji numerals: 「十九」 = 19, 「二十」 = 20, 「百五」 = 105, and the
/// positional 「二〇」 = 20.
fn kanji_value(run: &[char]) -> Option<u32> {
    let (mut total, mut current, mut positional) = (0u32, None::<u32>, false);
    for &c in run {
        if let Some(d) = kanji_digit(c) {
            current = Some(match current {
                Some(v) => {
                    positional = true;
                    v.checked_mul(10)?.checked_add(d)?
                }
                None => d,
            });
        } else if let Some(u) = kanji_unit(c) {
            if positional {
                return None;
            }
            total = total.checked_add(current.unwrap_or(1).checked_mul(u)?)?;
            current = None;
        }
    }
    total.checked_add(current.unwrap_or(0))
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '─' | '━' | 'ｰ' | '﹣' | '－'
    )
}

/// Folds a published name or a typed address (see the module docs).
///
/// # Examples
/// ```
/// use indexer::geocode::normalize::fold;
/// assert_eq!(fold("南十九条西六丁目"), fold("南１９条西６丁目"));
/// assert_eq!(fold("香里ヶ丘三丁目"), "香里ケ丘3丁目");
/// assert_eq!(fold("大字津田"), "津田");
/// assert_eq!(fold("一宮町"), "一宮町");
/// ```
pub fn fold(s: &str) -> String {
    // NFKC first; whitespace goes.
    let chars: Vec<char> = s
        .nfkc()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| {
            VARIANTS
                .iter()
                .find(|(v, _)| *v == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Kanji numerals before a counter word.
        if is_kanji_numeral(c) {
            let start = i;
            while i < chars.len() && is_kanji_numeral(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let counted = COUNTERS.iter().any(|w| rest.starts_with(w));
            match kanji_value(run).filter(|_| counted) {
                Some(v) => out.extend(v.to_string().chars()),
                None => out.extend_from_slice(run),
            }
            continue;
        }
        let prev_digit = out.last().is_some_and(char::is_ascii_digit);
        let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let folded = match c {
            _ if is_dash(c) => '-',
            'ー' if prev_digit => '-',
            'の' | 'ノ' | '之' if prev_digit && next_digit => '-',
            'ヶ' | 'ケ' | 'が' | 'ガ' | 'ヵ' => 'ケ',
            'の' | '之' => 'ノ',
            _ => c,
        };
        out.push(folded);
        i += 1;
        // 「3丁」 alone reads as 3丁目.
        if folded == '丁' && prev_digit && chars.get(i) != Some(&'目') {
            out.push('目');
        }
    }
    // ノ between two kanji is often left out (「香里南之町」 = 「香里南町」): drop it on both sides.
    let kept: Vec<char> = out
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !(**c == 'ノ'
                && *i > 0
                && out.get(i - 1).is_some_and(|p| ideograph(*p))
                && out.get(i + 1).is_some_and(|n| ideograph(*n)))
        })
        .map(|(_, c)| *c)
        .collect();
    let s: String = kept.into_iter().collect();
    s.replace("大字", "").replace('字', "")
}

/// Folds typed input: drops a leading 〒 and postcode (「〒573-0001」, 「5730001」), then [`fold`].
///
/// # Examples
/// ```
/// use indexer::geocode::normalize::fold_typed;
/// assert_eq!(fold_typed("〒573-0001 枚方市伊加賀北町５－１"), "枚方市伊加賀北町5-1");
/// ```
pub fn fold_typed(s: &str) -> String {
    let folded = fold(s);
    let chars: Vec<char> = folded.chars().collect();
    let digits = |from: usize, n: usize| {
        chars
            .get(from..from + n)
            .is_some_and(|r| r.iter().all(char::is_ascii_digit))
    };
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let marked = chars[i] == '〒';
        let at = if marked { i + 1 } else { i };
        let boundary = at == 0 || !chars[at - 1].is_ascii_digit();
        // 〒 and a postcode anywhere; an unmarked one only at the start.
        if (marked || at == 0) && boundary {
            if digits(at, 3)
                && chars.get(at + 3) == Some(&'-')
                && digits(at + 4, 4)
                && !digits(at + 8, 1)
            {
                i = at + 8;
                continue;
            }
            if digits(at, 7) && !digits(at + 7, 1) {
                i = at + 7;
                continue;
            }
        }
        if marked {
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_dashes_and_variants() {
        assert_eq!(kanji_value(&['十', '九']), Some(19));
        assert_eq!(kanji_value(&['二', '十']), Some(20));
        assert_eq!(kanji_value(&['百', '五']), Some(105));
        assert_eq!(kanji_value(&['二', '〇']), Some(20));
        assert_eq!(kanji_value(&['三', '千', '二', '百']), Some(3200));
        assert_eq!(fold("上町一丁目"), "上町1丁目");
        assert_eq!(fold("東鷹栖一線"), "東鷹栖1線");
        assert_eq!(fold("十一号"), "11号");
        assert_eq!(fold("第二地割"), "第2地割");
        assert_eq!(fold("八王子市"), "八王子市");
        assert_eq!(fold("十日町市"), "十日町市");
        assert_eq!(fold("高知市上町１丁目３－４"), "高知市上町1丁目3-4");
        assert_eq!(fold("3ー5"), "3-5");
        assert_eq!(fold("5の1"), "5-1");
        assert_eq!(fold("天の川町"), fold("天之川町"));
        assert_eq!(fold("香里南之町"), fold("香里南町"));
        assert_eq!(fold("六ッ川"), fold("六ツ川"));
        assert_eq!(fold("水吞町"), fold("水呑町"));
        assert_eq!(fold("ひばりが丘"), fold("ひばりヶ丘"));
        assert_eq!(fold("3丁5"), "3丁目5");
        assert_eq!(fold("3丁目"), "3丁目");
        assert_eq!(fold("字東"), "東");
        assert_eq!(fold("長﨑"), "長崎");
        // The census writes 靭本町 and 蛍池, the address points 靱本町 and 螢池.
        assert_eq!(fold("靱本町一丁目"), fold("靭本町1丁目"));
        assert_eq!(fold("螢池中町"), fold("蛍池中町"));
        assert_eq!(fold("壺井"), fold("壷井"));
        assert_eq!(fold("ﾎﾝﾁｮｳ　1"), "ホンチョウ1");
    }

    #[test]
    fn postcodes_are_dropped() {
        assert_eq!(fold_typed("573-0001枚方市"), "枚方市");
        assert_eq!(fold_typed("5730001 枚方市"), "枚方市");
        assert_eq!(fold_typed("〒５７３－０００１　枚方市"), "枚方市");
        assert_eq!(fold_typed("枚方市5730001"), "枚方市5730001");
        assert_eq!(fold_typed("青森県〒030-0846青森県"), "青森県青森県");
    }
}
