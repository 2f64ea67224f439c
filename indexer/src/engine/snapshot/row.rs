//! One listing's in-memory row ([`Doc`]) in the snapshot's encoding. What a row can derive
//! from its other fields (the sort prefixes, the position, the municipality, the acceptance) is
//! not written; the schedules, the service-area shape and the professional fields, which few
//! listings have, are written as JSON.

use crate::codec::{Reader, Writer};
use crate::engine::json::HitJson;
use crate::engine::table::{Coverage, Doc, HitParts, RowParts};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use model::facility::{Accepting, LifecycleStatus};
use model::geo::LatLng;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn damaged(what: &str) -> Error {
    Error::Snapshot(format!("damaged: {what}"))
}

fn point(w: &mut Writer, p: Option<LatLng>) {
    match p {
        Some(p) => {
            w.u8(1);
            w.f64(p.lat);
            w.f64(p.lng);
        }
        None => w.u8(0),
    }
}

fn read_point(r: &mut Reader) -> Result<Option<LatLng>> {
    Ok(if r.bool()? {
        Some(LatLng {
            lat: r.f64()?,
            lng: r.f64()?,
        })
    } else {
        None
    })
}

fn day(w: &mut Writer, d: Option<NaiveDate>) {
    w.u32(d.map_or(0, |d| d.num_days_from_ce() as u32));
}

fn read_day(r: &mut Reader) -> Result<Option<NaiveDate>> {
    match r.u32()? {
        0 => Ok(None),
        n => NaiveDate::from_num_days_from_ce_opt(n as i32)
            .map(Some)
            .ok_or_else(|| damaged("a date")),
    }
}

/// A value as JSON (model values always serialise; if one did not, the empty text written
/// instead makes the snapshot unreadable, so rebuilt).
fn json<T: Serialize + ?Sized>(w: &mut Writer, v: Option<&T>) {
    let text = v.map(|v| serde_json::to_string(v).unwrap_or_default());
    w.opt_str(text.as_deref());
}

fn read_json<T: DeserializeOwned>(r: &mut Reader) -> Result<Option<T>> {
    r.opt_string()?
        .map(|s| serde_json::from_str(&s).map_err(|e| damaged(&format!("a JSON part: {e}"))))
        .transpose()
}

fn ring(w: &mut Writer, l: &LineString<f64>) {
    w.len(l.0.len());
    for c in &l.0 {
        w.f64(c.x);
        w.f64(c.y);
    }
}

fn read_ring(r: &mut Reader) -> Result<LineString<f64>> {
    let n = r.len(16)?;
    (0..n)
        .map(|_| {
            Ok(Coord {
                x: r.f64()?,
                y: r.f64()?,
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(LineString)
}

fn coverage(w: &mut Writer, c: Option<&Coverage>) {
    match c {
        None => w.u8(0),
        Some(Coverage::Radius(m)) => {
            w.u8(1);
            w.f64(*m);
        }
        Some(Coverage::Polygon(p)) => {
            w.u8(2);
            w.len(p.0.len());
            for poly in &p.0 {
                ring(w, poly.exterior());
                w.len(poly.interiors().len());
                for hole in poly.interiors() {
                    ring(w, hole);
                }
            }
        }
        Some(Coverage::Municipalities(m)) => {
            w.u8(3);
            w.strs(m);
        }
    }
}

fn read_coverage(r: &mut Reader) -> Result<Option<Coverage>> {
    Ok(match r.u8()? {
        0 => None,
        1 => Some(Coverage::Radius(r.f64()?)),
        2 => {
            let n = r.len(8)?;
            let mut polys = Vec::with_capacity(n);
            for _ in 0..n {
                let exterior = read_ring(r)?;
                let holes = r.len(4)?;
                let interiors = (0..holes)
                    .map(|_| read_ring(r))
                    .collect::<Result<Vec<_>>>()?;
                polys.push(Polygon::new(exterior, interiors));
            }
            Some(Coverage::Polygon(Box::new(MultiPolygon(polys))))
        }
        3 => Some(Coverage::Municipalities(r.strings()?)),
        _ => return Err(damaged("a service area")),
    })
}

/// Writes a row: its hit's JSON, what it keeps of its hit besides, and its other parts.
pub(super) fn write(w: &mut Writer, d: &Doc) {
    let (head, mid, tail) = d.json.parts();
    w.str(head);
    w.str(mid);
    w.str(tail);
    w.str(&d.id);
    w.str(&d.name);
    w.bool(d.approximate);
    w.str(d.status.code());
    point(w, d.location);
    w.opt_str(d.municipality.as_deref());
    w.opt_str(d.accepting.map(Accepting::code));
    day(w, d.accepting_as_of);
    w.str(&d.name_key);
    w.u8(d.category);
    w.u64(d.services);
    w.u64(d.capabilities);
    w.u32s(&d.areas);
    json(w, d.opening_hours());
    json(w, Some(d.windows()).filter(|v| !v.is_empty()));
    w.bool(d.windows_public());
    coverage(w, d.coverage.as_ref());
    w.opt_str(d.parent());
    json(w, d.professional());
}

/// Reads a row written by [`write`].
pub(super) fn read(r: &mut Reader) -> Result<Doc> {
    let json = HitJson::from_parts(r.str()?, r.str()?, r.str()?);
    let hit = HitParts {
        id: r.str()?.into(),
        name: r.str()?.into(),
        approximate: r.bool()?,
        status: LifecycleStatus::from_code(r.str()?).ok_or_else(|| damaged("a status"))?,
        location: read_point(r)?,
        municipality: r.opt_string()?,
        accepting: match r.opt_string()? {
            Some(c) => Some(Accepting::from_code(&c).ok_or_else(|| damaged("an acceptance"))?),
            None => None,
        },
        accepting_as_of: read_day(r)?,
    };
    let parts = RowParts {
        json,
        name_key: r.string()?,
        category: r.u8()?,
        services: r.u64()?,
        capabilities: r.u64()?,
        areas: r.u32s()?,
        opening_hours: read_json(r)?.map(Box::new),
        windows: read_json(r)?.unwrap_or_default(),
        windows_public: r.bool()?,
        coverage: read_coverage(r)?,
        parent: r.opt_string()?,
        professional: read_json(r)?.map(Box::new),
    };
    Ok(Doc::new(hit, parts))
}
