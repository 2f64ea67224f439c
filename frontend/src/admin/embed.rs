//! `/admin/embed`: the snippet a city or a 医師会 pastes into its own site to show the widget
//! (`/embed?…`), preset by area, category, service type or scene, with a preview.

use crate::forms::{Choices, choices, select_field};
use crate::i18n::{lang, tr};
use crate::pages::embed::EMBED_PATH;
use leptos::prelude::*;
use model::taxonomy;

/// What the snippet page shows: the choices made, and the areas it can offer.
pub struct EmbedSnippet<'a> {
    /// The site's own origin as the visitor reached it (`https://map.example.jp`).
    pub origin: &'a str,
    /// 日常生活圏域 (id, name).
    pub areas: &'a [(String, String)],
    /// The chosen preset: (parameter, value) pairs of `/embed`'s query.
    pub preset: &'a [(String, String)],
    /// Height of the frame, px.
    pub height: u32,
}

/// The widget's address for a preset (relative when `origin` is empty).
pub fn embed_src(origin: &str, preset: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in preset.iter().filter(|(_, v)| !v.trim().is_empty()) {
        s.append_pair(k, v);
    }
    let q = s.finish();
    if q.is_empty() {
        format!("{origin}{EMBED_PATH}")
    } else {
        format!("{origin}{EMBED_PATH}?{q}")
    }
}

/// The HTML to paste: an iframe of the widget, titled for screen readers.
pub fn snippet(origin: &str, preset: &[(String, String)], height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        embed_src(origin, preset).replace('&', "&amp;"),
        tr("医療・介護資源マップ", "Medical and care resource map")
    )
}

/// The page: a GET form for the preset, the snippet to copy, and the widget as it will show.
pub fn embed_snippet(p: EmbedSnippet<'_>) -> AnyView {
    let chosen = |k: &str| {
        p.preset
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (area, category, service, scene) = (
        chosen("area"),
        chosen("category"),
        chosen("service"),
        chosen("scene"),
    );
    let code = snippet(p.origin, p.preset, p.height);
    let preview = embed_src("", p.preset);
    let height = p.height;
    view! {
        <h1>{tr("地図を自分のサイトに載せる", "Put the map on your own site")}</h1>
        <p class="lead">{tr("市町村や医師会のホームページに、この地図の検索（一覧と地図）を埋め込めます。条件を選び、下のHTMLをページに貼り付けてください。事業所をクリックすると、この地図のサイトが新しいタブで開きます。", "The search of this map (list and map) can be embedded in the website of a municipality or a medical association. Choose the conditions and paste the HTML below into the page. A click on a listing opens this site in a new tab.")}</p>
        <form method="get" action="/admin/embed" class="embed-snippet-form">
            {select_field("s-area", "area", tr("日常生活圏域", "Daily-life area"), Some(tr("指定しない", "Any")), Choices::data(p.areas.to_vec()), &area)}
            {select_field("s-scene", "scene", tr("場面", "Scene"), Some(tr("指定しない", "Any")), choices(taxonomy::SCENES, |s| s.code, |s| s.label_in(lang())), &scene)}
            {select_field("s-category", "category", tr("種類", "Kind"), Some(tr("指定しない", "Any")), choices(taxonomy::CATEGORIES, |c| c.code, |c| c.label_in(lang())), &category)}
            {select_field("s-service", "service", tr("サービスの種類", "Service type"), Some(tr("指定しない", "Any")), choices(taxonomy::SERVICE_TYPES, |s| s.code, |s| s.label_in(lang())), &service)}
            <div class="field">
                <label for="s-height">{tr("高さ（px）", "Height (px)")}</label>
                <input id="s-height" name="height" type="number" min="300" max="1200" step="10" value=height.to_string()/>
            </div>
            <div class="form-actions"><button type="submit" class="primary">{tr("HTMLを作る", "Make the HTML")}</button></div>
        </form>
        <h2>{tr("貼り付けるHTML", "HTML to paste")}</h2>
        <label for="s-code" class="visually-hidden">{tr("貼り付けるHTML", "HTML to paste")}</label>
        <textarea id="s-code" class="snippet" readonly rows="3">{code}</textarea>
        <h2>{tr("表示の見本", "Preview")}</h2>
        <iframe class="embed-preview" src=preview title=tr("埋め込みの見本", "Preview of the embedded map") width="100%" height=height.to_string()></iframe>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_frames_the_preset_widget() {
        let preset = [
            ("area".to_string(), "hirakata-area-8".to_string()),
            ("scene".to_string(), "emergency".to_string()),
            ("service".to_string(), String::new()),
        ];
        assert_eq!(
            embed_src("https://map.example.jp", &preset),
            "https://map.example.jp/embed?area=hirakata-area-8&scene=emergency"
        );
        assert_eq!(embed_src("", &[]), "/embed");
        let s = snippet("https://map.example.jp", &preset, 640);
        assert!(s.starts_with(
            "<iframe src=\"https://map.example.jp/embed?area=hirakata-area-8&amp;scene=emergency\""
        ));
        assert!(s.contains("title=\"医療・介護資源マップ\"") && s.contains("height=\"640\""));
    }
}
