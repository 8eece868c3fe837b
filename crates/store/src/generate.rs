//! Synthetic databases for benchmarks: events with skewed actors (a few states in most
//! events, as in news), CAMEO codes weighted by root as in GDELT, dates over ten
//! years, one sentence per event and five events per document.
//!
//! The rows go in with the indexes dropped and the indexes are built at the end,
//! which is several times faster than indexing row by row.

use std::path::Path;

use entente_cameo::{all, CodeInfo, QuadClass};
use rusqlite::params;

use crate::schema::INDEXES;
use crate::write::INSERT_EVENT;
use crate::{Error, Store};

/// States, most reported first (the generator's Zipf ranks).
const STATES: &[(&str, &str)] = &[
    ("USA", "United States"),
    ("RUS", "Russia"),
    ("CHN", "China"),
    ("UKR", "Ukraine"),
    ("GBR", "United Kingdom"),
    ("ISR", "Israel"),
    ("IRN", "Iran"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("IND", "India"),
    ("TUR", "Turkey"),
    ("JPN", "Japan"),
    ("PAK", "Pakistan"),
    ("SYR", "Syria"),
    ("PSE", "Palestine"),
    ("SAU", "Saudi Arabia"),
    ("PRK", "North Korea"),
    ("KOR", "South Korea"),
    ("EGY", "Egypt"),
    ("AFG", "Afghanistan"),
    ("IRQ", "Iraq"),
    ("BRA", "Brazil"),
    ("CAN", "Canada"),
    ("AUS", "Australia"),
    ("ITA", "Italy"),
    ("POL", "Poland"),
    ("NGA", "Nigeria"),
    ("ZAF", "South Africa"),
    ("MEX", "Mexico"),
    ("VEN", "Venezuela"),
    ("LBN", "Lebanon"),
    ("YEM", "Yemen"),
    ("QAT", "Qatar"),
    ("ARE", "United Arab Emirates"),
    ("ETH", "Ethiopia"),
    ("SDN", "Sudan"),
    ("LBY", "Libya"),
    ("BLR", "Belarus"),
    ("GEO", "Georgia"),
    ("ARM", "Armenia"),
    ("AZE", "Azerbaijan"),
    ("KAZ", "Kazakhstan"),
    ("IDN", "Indonesia"),
    ("PHL", "Philippines"),
    ("VNM", "Vietnam"),
    ("TWN", "Taiwan"),
    ("MMR", "Myanmar"),
    ("BGD", "Bangladesh"),
    ("ESP", "Spain"),
    ("GRC", "Greece"),
];

/// Actors without a state, drawn now and then.
const OTHERS: &[(&str, &str)] = &[
    ("UNO", "United Nations"),
    ("NAT", "NATO"),
    ("EUR", "European Union"),
    ("IGO", "international organisation"),
];

/// Agent codes (the empty one: the state itself, the most common).
const AGENTS: &[&str] = &[
    "", "", "", "GOV", "MIL", "GOV", "BUS", "CVL", "OPP", "MED", "LEG",
];

/// Percent weight of each CAMEO root 01..20, roughly GDELT's mix.
const ROOT_WEIGHTS: [u32; 20] = [
    10, 8, 6, 20, 10, 3, 3, 3, 2, 2, 5, 3, 3, 2, 1, 2, 5, 4, 7, 1,
];

const MODALITIES: &[&str] = &[
    "asserted",
    "asserted",
    "asserted",
    "asserted",
    "reported",
    "reported",
    "claimed",
    "intended",
    "conditional",
];

/// splitmix64: small, fast, and the same numbers for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A rank in `0..n` with probability about proportional to `1 / (rank + 1)`.
    fn zipf(&mut self, n: usize) -> usize {
        let h: f64 = (1..=n).map(|k| 1.0 / k as f64).sum();
        let mut u = (self.next() as f64 / u64::MAX as f64) * h;
        for k in 0..n {
            u -= 1.0 / (k + 1) as f64;
            if u <= 0.0 {
                return k;
            }
        }
        n - 1
    }
}

/// What [`generate`] made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Documents.
    pub documents: u64,
    /// Events (one sentence each).
    pub events: u64,
}

/// Creates a database at `path` (which must not exist) holding `events` synthetic
/// events, five per document.
pub fn generate(path: &Path, events: u64, seed: u64) -> Result<Generated, Error> {
    if path.exists() {
        return Err(Error::BadQuery(format!(
            "{} exists; generate writes a new database",
            path.display()
        )));
    }
    let mut store = Store::open(path)?;
    let conn = &mut store.conn;
    conn.pragma_update(None, "synchronous", "OFF")?;
    for line in INDEXES.lines() {
        if let Some(name) = line
            .strip_prefix("CREATE INDEX IF NOT EXISTS ")
            .and_then(|l| l.split_whitespace().next())
        {
            conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
    }
    let codes: Vec<Vec<&CodeInfo>> = (1..=20u8)
        .map(|root| {
            all()
                .iter()
                .filter(|c| c.event_code().root() == root)
                .collect()
        })
        .collect();
    let mut rng = Rng(seed);
    let per_doc = 5u64;
    let tx = conn.transaction()?;
    let mut documents = 0;
    {
        let mut doc_st = tx.prepare(
            "INSERT INTO documents (doc_id, content_hash, title, date, url, source, origin, text)
             VALUES (?1, ?2, ?3, ?4, ?5, 'synthetic', 'generate', ?6)",
        )?;
        let mut sent_st = tx.prepare(
            "INSERT INTO sentences (doc, idx, start, end, byte_start, byte_end, text)
             VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5)",
        )?;
        let mut ev_st = tx.prepare(INSERT_EVENT)?;
        let mut actor_st = tx.prepare(
            "INSERT INTO actors (code, country, agent, label) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (code) DO NOTHING",
        )?;
        let mut made = 0u64;
        while made < events {
            let n = per_doc.min(events - made);
            // A document's date: days since 2015-01-01, later years more reported.
            let day = {
                let a = rng.below(3653);
                let b = rng.below(3653);
                a.max(b)
            };
            let date = day_string(day);
            let mut sentences = Vec::new();
            let mut rows = Vec::new();
            let mut text = String::new();
            for i in 0..n {
                let pick =
                    |rng: &mut Rng| -> (String, Option<String>, Option<String>, String, String) {
                        if rng.below(20) == 0 {
                            let (c, l) = OTHERS[rng.below(OTHERS.len())];
                            (c.to_string(), None, None, c.to_string(), l.to_string())
                        } else {
                            let (c, l) = STATES[rng.zipf(STATES.len())];
                            let agent = AGENTS[rng.below(AGENTS.len())];
                            let code = format!("{c}{agent}");
                            let label = if agent.is_empty() {
                                l.to_string()
                            } else {
                                format!("{l} ({agent})")
                            };
                            (
                                code,
                                Some(c.to_string()),
                                (!agent.is_empty()).then(|| agent.to_string()),
                                c.to_string(),
                                label,
                            )
                        }
                    };
                let src = pick(&mut rng);
                let mut tgt = pick(&mut rng);
                while tgt.3 == src.3 && rng.below(10) != 0 {
                    tgt = pick(&mut rng);
                }
                let root = {
                    let mut u = rng.below(100) as u32;
                    let mut r = 0;
                    while r < 19 && u >= ROOT_WEIGHTS[r] {
                        u -= ROOT_WEIGHTS[r];
                        r += 1;
                    }
                    r
                };
                let info = codes[root][rng.below(codes[root].len())];
                let start = text.chars().count();
                let verb = info
                    .name
                    .split([',', '('])
                    .next()
                    .unwrap_or(info.name)
                    .to_lowercase();
                let sentence = format!("{} ({}) {} {}.", src.4, verb, "regarding", tgt.4);
                text.push_str(&sentence);
                text.push(' ');
                let end = start + sentence.chars().count();
                sentences.push((start, end, sentence));
                rows.push((i, src, tgt, info, start, end, verb.chars().count()));
            }
            doc_st.execute(params![
                format!("synthetic-{documents}"),
                format!("{documents:064x}"),
                format!("Synthetic document {documents}"),
                date,
                format!("https://example.invalid/{documents}"),
                text
            ])?;
            let doc_row = tx.last_insert_rowid();
            let mut sentence_rows = Vec::new();
            for (i, (start, end, s)) in sentences.iter().enumerate() {
                sent_st.execute(params![doc_row, i as i64, *start as i64, *end as i64, s])?;
                sentence_rows.push(tx.last_insert_rowid());
            }
            for (i, src, tgt, info, start, end, verb_len) in rows {
                let code = info.event_code();
                let quad = QuadClass::of(&code).as_u8();
                let src_end = start + src.4.chars().count();
                let tgt_start = end - 1 - tgt.4.chars().count();
                let modality = MODALITIES[rng.below(MODALITIES.len())];
                ev_st.execute(params![
                    format!("synthetic-{documents}:{i}:0"),
                    doc_row,
                    sentence_rows[i as usize],
                    i as i64,
                    date,
                    None::<String>,
                    date,
                    src.0,
                    src.1,
                    src.2,
                    src.3,
                    src.4,
                    start as i64,
                    src_end as i64,
                    "dictionary",
                    src.4,
                    tgt.0,
                    tgt.1,
                    tgt.2,
                    tgt.3,
                    tgt.4,
                    tgt_start as i64,
                    (end - 1) as i64,
                    "dictionary",
                    tgt.4,
                    info.code,
                    format!("{:02}", code.root()),
                    quad,
                    f64::from(info.goldstein),
                    info.plover.map(|p| p.event.as_str()),
                    info.plover.and_then(|p| p.mode),
                    "regarding",
                    "regard",
                    (src_end + verb_len + 4) as i64,
                    (src_end + verb_len + 13) as i64,
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    modality,
                    "[]",
                    "synthetic",
                    "generate:0",
                    false,
                ])?;
                for p in [&src, &tgt] {
                    actor_st.execute(params![p.0, p.1, p.2, p.4])?;
                }
            }
            made += n;
            documents += 1;
        }
    }
    tx.commit()?;
    conn.execute_batch(INDEXES)?;
    conn.execute_batch("ANALYZE;")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(Generated { documents, events })
}

/// `YYYY-MM-DD` of `days` after 2015-01-01.
fn day_string(days: usize) -> String {
    let mut y = 2015;
    let mut d = days;
    loop {
        let len = if is_leap(y) { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [
        31,
        if is_leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

fn is_leap(y: usize) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}
