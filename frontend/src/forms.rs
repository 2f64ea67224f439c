//! Form controls several pages draw the same way (the planning page's form, the admin's snippet
//! form): a labelled choice of one code.

use leptos::prelude::*;

/// A `<div class="field">` with a label and a `<select>` named `name`: `empty` (when given) as
/// the first choice with an empty value, then `options` as (value, label), `selected` marked.
pub fn select_field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    empty: Option<&'static str>,
    options: Vec<(String, String)>,
    selected: &str,
) -> impl IntoView + use<> {
    select(id, name, label, empty, options, selected, None)
}

/// [`select_field`] whose options are Japanese data (area names): marked as such on an
/// English page.
pub fn select_data_field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    empty: Option<&'static str>,
    options: Vec<(String, String)>,
    selected: &str,
) -> impl IntoView + use<> {
    select(
        id,
        name,
        label,
        empty,
        options,
        selected,
        crate::i18n::data_lang(),
    )
}

fn select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    empty: Option<&'static str>,
    options: Vec<(String, String)>,
    selected: &str,
    option_lang: Option<&'static str>,
) -> impl IntoView + use<> {
    let selected = selected.to_string();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                {empty.map(|e| view! { <option value="" selected=selected.is_empty()>{e}</option> })}
                {options.into_iter().map(|(value, text)| {
                    let on = value == selected;
                    view! { <option value=value selected=on lang=option_lang>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// `(code, label)` pairs of a table of taxonomy entries.
pub fn choices<T>(
    table: &[T],
    code: impl Fn(&T) -> &'static str,
    label: impl Fn(&T) -> &'static str,
) -> Vec<(String, String)> {
    table
        .iter()
        .map(|t| (code(t).to_string(), label(t).to_string()))
        .collect()
}
