//! Events out, for other tools: JSON Lines (the event record), CSV and Parquet (flat
//! columns, [`COLUMNS`]) and GDELT 2.0's event table ([`GDELT_COLUMNS`]).
//!
//! Every export streams the events matching a filter in store order (the order they
//! were ingested), so memory stays flat whatever the size of the database.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};

use crate::model::{EventFilter, StoredEvent};
use crate::query::{filter_where, read_event, EVENT_COLUMNS, EVENT_FROM};
use crate::{Error, Store};

/// The type of a flat column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer.
    Int,
    /// A 32-bit float.
    Float,
    /// Text, possibly missing.
    Text,
    /// True or false.
    Bool,
}

/// One value of a flat row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f32),
    /// Text, or nothing.
    Text(Option<String>),
    /// A boolean.
    Bool(bool),
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(Some(s.to_string()))
    }

    fn opt(s: &Option<String>) -> Cell {
        Cell::Text(s.clone())
    }

    /// The value as CSV writes it (missing text is empty).
    pub fn to_field(&self) -> String {
        match self {
            Cell::Int(v) => v.to_string(),
            Cell::Float(v) => v.to_string(),
            Cell::Text(v) => v.clone().unwrap_or_default(),
            Cell::Bool(v) => v.to_string(),
        }
    }
}

/// The flat columns of CSV and Parquet exports, in order.
pub const COLUMNS: &[(&str, Kind)] = &[
    ("id", Kind::Int),
    ("doc_id", Kind::Text),
    ("event_id", Kind::Text),
    ("sentence_index", Kind::Int),
    ("date", Kind::Text),
    ("date_text", Kind::Text),
    ("source_code", Kind::Text),
    ("source_country", Kind::Text),
    ("source_agent", Kind::Text),
    ("source_text", Kind::Text),
    ("source_start", Kind::Int),
    ("source_end", Kind::Int),
    ("source_via", Kind::Text),
    ("source_label", Kind::Text),
    ("target_code", Kind::Text),
    ("target_country", Kind::Text),
    ("target_agent", Kind::Text),
    ("target_text", Kind::Text),
    ("target_start", Kind::Int),
    ("target_end", Kind::Int),
    ("target_via", Kind::Text),
    ("target_label", Kind::Text),
    ("code", Kind::Text),
    ("root", Kind::Text),
    ("quad_class", Kind::Int),
    ("goldstein", Kind::Float),
    ("plover_type", Kind::Text),
    ("plover_mode", Kind::Text),
    ("trigger_text", Kind::Text),
    ("trigger_lemma", Kind::Text),
    ("trigger_start", Kind::Int),
    ("trigger_end", Kind::Int),
    ("attribution_code", Kind::Text),
    ("attribution_text", Kind::Text),
    ("attribution_verb", Kind::Text),
    ("modality", Kind::Text),
    ("quantities", Kind::Text),
    ("pattern_text", Kind::Text),
    ("pattern_at", Kind::Text),
    ("symmetric", Kind::Bool),
    ("sentence", Kind::Text),
];

/// An event as one flat row of [`COLUMNS`] (quantities as a JSON array).
pub fn flat(e: &StoredEvent) -> Vec<Cell> {
    let n = |v: usize| Cell::Int(v as i64);
    let quantities = serde_json::to_string(&e.quantities).unwrap_or_else(|_| "[]".into());
    vec![
        Cell::Int(e.id),
        Cell::text(&e.doc_id),
        Cell::text(&e.event_id),
        n(e.sentence_index),
        Cell::opt(&e.date),
        Cell::opt(&e.date_text),
        Cell::text(&e.source.code),
        Cell::opt(&e.source.country),
        Cell::opt(&e.source.agent),
        Cell::text(&e.source.text),
        n(e.source.span[0]),
        n(e.source.span[1]),
        Cell::text(&e.source.via),
        Cell::text(&e.source.label),
        Cell::text(&e.target.code),
        Cell::opt(&e.target.country),
        Cell::opt(&e.target.agent),
        Cell::text(&e.target.text),
        n(e.target.span[0]),
        n(e.target.span[1]),
        Cell::text(&e.target.via),
        Cell::text(&e.target.label),
        Cell::text(&e.code),
        Cell::text(&e.root),
        Cell::Int(i64::from(e.quad_class)),
        Cell::Float(e.goldstein),
        Cell::Text(e.plover.as_ref().map(|p| p.kind.clone())),
        Cell::Text(e.plover.as_ref().and_then(|p| p.mode.clone())),
        Cell::text(&e.trigger.text),
        Cell::text(&e.trigger.lemma),
        n(e.trigger.span[0]),
        n(e.trigger.span[1]),
        Cell::Text(e.attribution.as_ref().and_then(|a| a.code.clone())),
        Cell::Text(e.attribution.as_ref().and_then(|a| a.text.clone())),
        Cell::Text(e.attribution.as_ref().map(|a| a.verb.clone())),
        Cell::text(&e.modality),
        Cell::Text(Some(quantities)),
        Cell::text(&e.pattern.text),
        Cell::text(&e.pattern.at),
        Cell::Bool(e.symmetric),
        Cell::text(&e.sentence),
    ]
}

/// The 61 columns of the GDELT 2.0 event table, in GDELT's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// An event as a GDELT 2.0 row: what we know in GDELT's columns, the rest empty.
/// Day fields come from the event's date (a month- or year-only date fills only
/// what it says); names are dictionary labels in capitals as GDELT writes them;
/// `IsRootEvent` is 1 for the document's first sentence; each event counts as one
/// mention in one article; `SOURCEURL` is the document's address, else its id.
pub fn gdelt_row(e: &StoredEvent, url: Option<&str>) -> [String; 61] {
    let mut row: [String; 61] = std::array::from_fn(|_| String::new());
    row[0] = e.id.to_string();
    if let Some(d) = &e.date {
        let parts: Vec<&str> = d.split('-').collect();
        let year = parts.first().copied().unwrap_or_default();
        row[3] = year.to_string();
        if let Some(m) = parts.get(1) {
            row[2] = format!("{year}{m}");
            if let Some(day) = parts.get(2) {
                row[1] = format!("{year}{m}{day}");
                // GDELT's fraction: year + (month * 30 + day) / 365, four decimals.
                if let (Ok(y), Ok(m), Ok(dd)) =
                    (year.parse::<f64>(), m.parse::<f64>(), day.parse::<f64>())
                {
                    row[4] = format!("{:.4}", y + (m * 30.0 + dd) / 365.0);
                }
            }
        }
    }
    for (base, p) in [(5, &e.source), (15, &e.target)] {
        row[base] = p.code.clone();
        row[base + 1] = p.label.to_uppercase();
        row[base + 2] = p.country.clone().unwrap_or_default();
        row[base + 7] = p.agent.clone().unwrap_or_default();
    }
    row[25] = u8::from(e.sentence_index == 0).to_string();
    row[26] = e.code.clone();
    row[27] = e.code.chars().take(3).collect();
    row[28] = e.root.clone();
    row[29] = e.quad_class.to_string();
    row[30] = e.goldstein.to_string();
    row[31] = "1".into();
    row[32] = "1".into();
    row[33] = "1".into();
    row[60] = url.map_or_else(|| e.doc_id.clone(), str::to_string);
    row
}

impl Store {
    /// Calls `f` with every event matching `filter`, in store order, and the address of
    /// its document.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(&StoredEvent, Option<&str>) -> Result<(), Error>,
    ) -> Result<u64, Error> {
        let w = filter_where(filter)?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, d.url FROM {EVENT_FROM}{} ORDER BY e.id",
            w.sql
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(w.params.iter()))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let (e, _) = read_event(r)?;
            let url: Option<String> = r.get(44)?;
            f(&e, url.as_deref())?;
            n += 1;
        }
        Ok(n)
    }

    /// Writes the matching events as JSON Lines ([`StoredEvent`]); returns how many.
    pub fn export_jsonl(&self, filter: &EventFilter, out: &mut dyn Write) -> Result<u64, Error> {
        self.for_each_event(filter, |e, _| {
            serde_json::to_writer(&mut *out, e).map_err(|err| Error::Export(err.to_string()))?;
            out.write_all(b"\n")?;
            Ok(())
        })
    }

    /// Writes the matching events as CSV with a header of [`COLUMNS`].
    pub fn export_csv(&self, filter: &EventFilter, out: &mut dyn Write) -> Result<u64, Error> {
        let mut w = csv::Writer::from_writer(out);
        let csv_err = |e: csv::Error| Error::Export(e.to_string());
        w.write_record(COLUMNS.iter().map(|c| c.0))
            .map_err(csv_err)?;
        let n = self.for_each_event(filter, |e, _| {
            w.write_record(flat(e).iter().map(Cell::to_field))
                .map_err(csv_err)
        })?;
        w.flush()?;
        Ok(n)
    }

    /// Writes the matching events as GDELT 2.0 event rows: tab-separated, no header,
    /// tabs and line breaks inside fields replaced by spaces.
    pub fn export_gdelt(&self, filter: &EventFilter, out: &mut dyn Write) -> Result<u64, Error> {
        let n = self.for_each_event(filter, |e, url| {
            let row = gdelt_row(e, url);
            for (i, field) in row.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\t")?;
                }
                let clean: String = field
                    .chars()
                    .map(|c| {
                        if matches!(c, '\t' | '\n' | '\r') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                out.write_all(clean.as_bytes())?;
            }
            out.write_all(b"\n")?;
            Ok(())
        })?;
        out.flush()?;
        Ok(n)
    }

    /// Writes the matching events as Parquet with the columns of [`COLUMNS`] (row
    /// groups of 65,536 events).
    pub fn export_parquet<W: Write + Send>(
        &self,
        filter: &EventFilter,
        out: W,
    ) -> Result<u64, Error> {
        let schema = Arc::new(parquet_schema());
        let pq = |e: parquet::errors::ParquetError| Error::Export(e.to_string());
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(out, Arc::clone(&schema), None).map_err(pq)?;
        let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(ROW_GROUP);
        let n = self.for_each_event(filter, |e, _| {
            rows.push(flat(e));
            if rows.len() >= ROW_GROUP {
                let batch = to_batch(&schema, &rows)?;
                writer.write(&batch).map_err(pq)?;
                rows.clear();
            }
            Ok(())
        })?;
        if !rows.is_empty() {
            let batch = to_batch(&schema, &rows)?;
            writer.write(&batch).map_err(pq)?;
        }
        writer.close().map_err(pq)?;
        Ok(n)
    }
}

/// Events per Parquet row group.
const ROW_GROUP: usize = 65_536;

/// The Arrow schema of [`COLUMNS`].
pub fn parquet_schema() -> Schema {
    Schema::new(
        COLUMNS
            .iter()
            .map(|(name, kind)| match kind {
                Kind::Int => Field::new(*name, DataType::Int64, false),
                Kind::Float => Field::new(*name, DataType::Float32, false),
                Kind::Text => Field::new(*name, DataType::Utf8, true),
                Kind::Bool => Field::new(*name, DataType::Boolean, false),
            })
            .collect::<Vec<_>>(),
    )
}

fn to_batch(schema: &Arc<Schema>, rows: &[Vec<Cell>]) -> Result<RecordBatch, Error> {
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len());
    for (i, (_, kind)) in COLUMNS.iter().enumerate() {
        let column: ArrayRef = match kind {
            Kind::Int => {
                let mut b = Int64Builder::with_capacity(rows.len());
                for r in rows {
                    b.append_value(if let Cell::Int(v) = r[i] { v } else { 0 });
                }
                Arc::new(b.finish())
            }
            Kind::Float => {
                let mut b = Float32Builder::with_capacity(rows.len());
                for r in rows {
                    b.append_value(if let Cell::Float(v) = r[i] { v } else { 0.0 });
                }
                Arc::new(b.finish())
            }
            Kind::Text => {
                let mut b = StringBuilder::new();
                for r in rows {
                    match &r[i] {
                        Cell::Text(Some(s)) => b.append_value(s),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            Kind::Bool => {
                let mut b = BooleanBuilder::with_capacity(rows.len());
                for r in rows {
                    b.append_value(matches!(r[i], Cell::Bool(true)));
                }
                Arc::new(b.finish())
            }
        };
        columns.push(column);
    }
    RecordBatch::try_new(Arc::clone(schema), columns).map_err(|e| Error::Export(e.to_string()))
}
