//! Form controls several pages draw the same way (the planning page's form, the admin's snippet
//! form): a labelled choice of one code.

use leptos::prelude::*;

/// The choices of a `<select>`: (value, label) pairs, and the language of the labels when they
/// are data (area names, Japanese on an English page) rather than wording.
pub struct Choices {
    items: Vec<(String, String)>,
    lang: Option<&'static str>,
}

impl Choices {
    /// Choices labelled with Japanese data (marked as such on an English page).
    pub fn data(items: Vec<(String, String)>) -> Choices {
        Choices {
            items,
            lang: crate::i18n::data_lang(),
        }
    }
}

impl FromIterator<(String, String)> for Choices {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Choices {
        Choices {
            items: iter.into_iter().collect(),
            lang: None,
        }
    }
}

/// A `<div class="field">` with a label and a `<select>` named `name`: `empty` (when given) as
/// the first choice with an empty value, then `options` as (value, label), `selected` marked.
pub fn select_field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    empty: Option<&'static str>,
    options: Choices,
    selected: &str,
) -> impl IntoView + use<> {
    let selected = selected.to_string();
    let Choices { items, lang } = options;
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                {empty.map(|e| view! { <option value="" selected=selected.is_empty()>{e}</option> })}
                {items.into_iter().map(|(value, text)| {
                    let on = value == selected;
                    view! { <option value=value selected=on lang=lang>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The `(code, label)` choices of a table of taxonomy entries.
pub fn choices<T>(
    table: &[T],
    code: impl Fn(&T) -> &'static str,
    label: impl Fn(&T) -> &'static str,
) -> Choices {
    table
        .iter()
        .map(|t| (code(t).to_string(), label(t).to_string()))
        .collect()
}
