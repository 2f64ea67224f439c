//! `/admin/round`: the weekly availability round.

use super::frame::{csrf_field, table};
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use chrono::NaiveDate;
use leptos::prelude::*;
use model::facility::Accepting;
use model::freshness::RoundLine;

/// The weekly availability round: one row per station, a status per row, one save.
pub fn round(csrf: &str, lines: &[RoundLine], today: NaiveDate) -> AnyView {
    view! {
        <h1>{tr("今週の受け入れ状況", "This week's acceptance")}</h1>
        <p class="lead">{tr("訪問看護ステーションとショートステイの受け入れ状況を、電話などで確認して記録します。報告が2週間を過ぎたものが上に並びます。変わらない事業所も「同じ」を選ぶと今日の日付で記録されます。", "Record whether the home-nursing stations and short-stay services accept new users, as checked by phone or otherwise. Those reported more than two weeks ago come first. Choose \"Same\" for one that has not changed to record it with today's date.")}</p>
        <form method="post" action="/admin/round">
            {csrf_field(csrf)}
            {table("admin-table round", &[tr("事業所", "Facility"), tr("記録中の状況", "On record"), tr("今週", "This week"), tr("補足", "Note")], lines.iter().map(|l| {
                    let name = format!("acc_{}", l.id);
                    let current = l.availability.as_ref().map(|a| format::acceptance(Some(a.accepting), Some(a.as_of), today).0).unwrap_or_else(|| tr("報告なし", "Not reported").into());
                    let as_of = l.availability.as_ref().map(|a| lang().pick(format!("（{}）", format::date(a.as_of)), format!(" ({})", format::date(a.as_of)))).unwrap_or_default();
                    let same = l.availability.as_ref().map(|a| a.accepting.code());
                    view! {
                        <tr class:due=l.due>
                            <td><a href=format!("/admin/facilities/{}", l.id) lang=data_lang()>{l.name.clone()}</a><br/><span class="small">{format::service(&l.service).to_string()}{l.phone.clone().map(|p| format!(" {p}"))}</span></td>
                            <td>{current}{as_of}</td>
                            <td>
                                <fieldset class="choices compact">
                                    <legend class="visually-hidden">{match lang() {
                                        model::i18n::Lang::Ja => view! { {l.name.clone()}"の今週の状況" }.into_any(),
                                        model::i18n::Lang::En => view! { "This week at "<span lang="ja">{l.name.clone()}</span> }.into_any(),
                                    }}</legend>
                                    <label class="check"><input type="radio" name=name.clone() value="" checked=true/>{tr("記録しない", "Do not record")}</label>
                                    {same.map(|code| view! { <label class="check"><input type="radio" name=name.clone() value=code/>{tr("同じ", "Same")}</label> })}
                                    {Accepting::ALL.into_iter().map(|a| view! {
                                        <label class="check"><input type="radio" name=name.clone() value=a.code()/>{a.label_in(lang())}</label>
                                    }).collect_view()}
                                </fieldset>
                            </td>
                            <td><input type="text" name=format!("note_{}", l.id) aria-label=lang().pick(format!("{}の補足", l.name), format!("Note for {}", l.name)) lang=data_lang() value=l.availability.as_ref().and_then(|a| a.note.clone()).unwrap_or_default()/></td>
                        </tr>
                    }
                }).collect_view())}
            <div class="form-actions"><button type="submit" class="primary">{tr("まとめて記録する", "Record all")}</button></div>
        </form>
    }
    .into_any()
}
