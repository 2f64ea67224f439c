//! `/admin/round`: the weekly availability round.

use super::frame::{csrf_field, table};
use crate::format;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::facility::Accepting;
use model::freshness::RoundLine;

/// The weekly availability round: one row per station, a status per row, one save.
pub fn round(csrf: &str, lines: &[RoundLine], today: NaiveDate) -> AnyView {
    view! {
        <h1>"今週の受け入れ状況"</h1>
        <p class="lead">"訪問看護ステーションとショートステイの受け入れ状況を、電話などで確認して記録します。報告が2週間を過ぎたものが上に並びます。変わらない事業所も「同じ」を選ぶと今日の日付で記録されます。"</p>
        <form method="post" action="/admin/round">
            {csrf_field(csrf)}
            {table("admin-table round", &["事業所", "記録中の状況", "今週", "補足"], lines.iter().map(|l| {
                    let name = format!("acc_{}", l.id);
                    let current = l.availability.as_ref().map(|a| format::acceptance(Some(a.accepting), Some(a.as_of), today).0).unwrap_or_else(|| "報告なし".into());
                    let as_of = l.availability.as_ref().map(|a| format!("（{}）", format::date(a.as_of))).unwrap_or_default();
                    let same = l.availability.as_ref().map(|a| a.accepting.code());
                    view! {
                        <tr class:due=l.due>
                            <td><a href=format!("/admin/facilities/{}", l.id)>{l.name.clone()}</a><br/><span class="small">{format::service(&l.service).to_string()}{l.phone.clone().map(|p| format!("　{p}"))}</span></td>
                            <td>{current}{as_of}</td>
                            <td>
                                <fieldset class="choices compact">
                                    <legend class="visually-hidden">{format!("{}の今週の状況", l.name)}</legend>
                                    <label class="check"><input type="radio" name=name.clone() value="" checked=true/>"記録しない"</label>
                                    {same.map(|code| view! { <label class="check"><input type="radio" name=name.clone() value=code/>"同じ"</label> })}
                                    {Accepting::ALL.into_iter().map(|a| view! {
                                        <label class="check"><input type="radio" name=name.clone() value=a.code()/>{a.label()}</label>
                                    }).collect_view()}
                                </fieldset>
                            </td>
                            <td><input type="text" name=format!("note_{}", l.id) aria-label=format!("{}の補足", l.name) value=l.availability.as_ref().and_then(|a| a.note.clone()).unwrap_or_default()/></td>
                        </tr>
                    }
                }).collect_view())}
            <div class="form-actions"><button type="submit" class="primary">"まとめて記録する"</button></div>
        </form>
    }
    .into_any()
}
