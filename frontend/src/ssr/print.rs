//! The print view: every listing of a search, grouped by category, with what a printed list
//! needs (fax, hours, and for professionals their contact windows).

use super::{Site, today};
use crate::format;
use crate::wire::{PRINT_LIMIT, PrintProfessional, PrintRow, PrintView};

impl Site {
    /// A printable list: every match (up to [`PRINT_LIMIT`]) grouped by category, with hours.
    pub async fn print(&self, query: &str) -> PrintView {
        let today = today();
        let clearance = self.clearance().await;
        let mut view = PrintView {
            conditions: Vec::new(),
            groups: Vec::new(),
            total: 0,
            printed: 0,
            credits: Vec::new(),
            today,
            error: None,
        };
        let (mut q, origin) = match self.query(query) {
            Ok(x) => x,
            Err(e) => {
                view.error = Some(e);
                return view;
            }
        };
        view.conditions = self.conditions(&q, origin.as_ref());
        q.per_page = Some(model::search::MAX_PER_PAGE);
        let mut hits = Vec::new();
        for page in 1.. {
            q.page = Some(page);
            let Ok(r) = self.engine.search_as(&q, clearance) else {
                break;
            };
            view.total = r.total;
            let done = r.hits.is_empty();
            hits.extend(r.hits);
            if done || hits.len() >= PRINT_LIMIT || hits.len() as u64 >= r.total {
                break;
            }
        }
        hits.truncate(PRINT_LIMIT);
        view.printed = hits.len();
        // The full records in one read (fax, hours, professional fields are not in the hits).
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let mut full: std::collections::HashMap<String, model::facility::FacilityView> = self
            .engine
            .get_many(&ids)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.id.0.clone(), f.view_for(clearance)))
            .collect();
        for c in model::taxonomy::CATEGORIES {
            let mut rows = Vec::new();
            for h in hits.iter().filter(|h| h.category == c.code) {
                let f = full.remove(h.id.as_str());
                let pro = f.as_ref().and_then(|f| f.professional.as_ref());
                let f = f.as_ref().map(|f| &f.facility);
                rows.push(PrintRow {
                    id: h.id.0.clone(),
                    name: h.name.clone(),
                    services: h
                        .services
                        .iter()
                        .map(|s| format::service(s))
                        .collect::<Vec<_>>()
                        .join(crate::i18n::tr("・", ", ")),
                    address: h.address.clone(),
                    phone: h.phone.clone(),
                    fax: f.and_then(|f| f.fax.clone()),
                    hours: f
                        .and_then(|f| f.opening_hours.as_ref())
                        .map(format::week_summary),
                    professional: pro.map(|p| PrintProfessional {
                        phone: p.phone.clone(),
                        fax: p.fax.clone(),
                        contact_times: p
                            .contact_windows
                            .iter()
                            .map(format::contact_window)
                            .collect::<Vec<_>>()
                            .join("／"),
                        note: p.internal_note.clone(),
                    }),
                    acceptance: h
                        .accepting
                        .map(|_| format::acceptance(h.accepting, h.accepting_as_of, today).0),
                });
            }
            if !rows.is_empty() {
                view.groups
                    .push((c.label_in(crate::i18n::lang()).to_string(), rows));
            }
        }
        view.credits = self.hit_credits(&hits);
        view
    }
}
