//! `entente extract` (the article text of one page) and `entente eval-extract` (the
//! extraction benchmark, scored as the reference scorer does).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use entente_document::noise_lines;
use entente_extract::{decode, extract, extract_str, looks_like_html, Article};
use unicode_general_category::{get_general_category, GeneralCategory as G};

use super::thread_cpu_secs;
use crate::args::{EvalExtractArgs, ExtractArgs, ExtractFormat};
use crate::Outcome;

/// Prints the article text (or JSON) of one file.
pub fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    let path = &args.path;
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let html_name = matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml");
    if args.explain {
        if !looks_like_html(&bytes) {
            bail!(
                "{}: not an HTML page (binary or unknown content)",
                path.display()
            );
        }
        print!("{}", entente_extract::explain(&bytes));
        return Ok(Outcome::Done);
    }
    let article = if looks_like_html(&bytes) {
        let decoded = decode(&bytes, None);
        if let Some(w) = &decoded.warning {
            eprintln!("entente: {}: {w}", path.display());
        }
        extract_str(&decoded.text, args.url.as_deref())
    } else if html_name {
        bail!(
            "{}: not an HTML page (binary or unknown content)",
            path.display()
        );
    } else {
        let decoded = decode(&bytes, None);
        if decoded.text.contains('\0') {
            bail!("{}: binary file, not text", path.display());
        }
        if let Some(w) = &decoded.warning {
            eprintln!("entente: {}: {w}", path.display());
        }
        Article {
            text: clean_text(&decoded.text),
            url: args.url.clone(),
            ..Article::default()
        }
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ExtractFormat::Text => writeln!(out, "{}", article.text)?,
        ExtractFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &article)?;
            writeln!(out)?;
        }
    }
    Ok(Outcome::Done)
}

/// Plain text minus the lines [`noise_lines`] marks, paragraphs kept apart by blank lines.
fn clean_text(text: &str) -> String {
    let noise = noise_lines(text);
    let mut keep = String::with_capacity(text.len());
    let mut last = 0;
    for span in &noise {
        let r = span.range();
        keep.push_str(&text[last..r.start]);
        last = r.end;
    }
    keep.push_str(&text[last..]);
    // Collapse the blank runs that removed lines leave behind.
    let mut out = String::with_capacity(keep.len());
    let mut blank = 0;
    for line in keep.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// One benchmark page.
struct Page {
    id: String,
    html: Vec<u8>,
    url: Option<String>,
    truth: String,
}

fn load_benchmark(dir: &Path) -> anyhow::Result<Vec<Page>> {
    let gt_path = dir.join("ground-truth.json");
    let gt_text = std::fs::read_to_string(&gt_path)
        .with_context(|| format!("{}: cannot read", gt_path.display()))?;
    let gt: BTreeMap<String, serde_json::Value> = serde_json::from_str(&gt_text)
        .with_context(|| format!("{}: not valid JSON", gt_path.display()))?;
    let mut pages = Vec::with_capacity(gt.len());
    for (id, item) in gt {
        let (truth, url) = match &item {
            serde_json::Value::Object(o) => (
                o.get("articleBody")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string(),
                o.get("url").and_then(|v| v.as_str()).map(str::to_string),
            ),
            serde_json::Value::String(s) => (s.clone(), None),
            _ => (String::new(), None),
        };
        let gz = dir.join("html").join(format!("{id}.html.gz"));
        let plain = dir.join("html").join(format!("{id}.html"));
        let html = if gz.exists() {
            let mut buf = Vec::new();
            flate2::read::GzDecoder::new(
                std::fs::File::open(&gz)
                    .with_context(|| format!("{}: cannot open", gz.display()))?,
            )
            .read_to_end(&mut buf)
            .with_context(|| format!("{}: bad gzip", gz.display()))?;
            buf
        } else {
            std::fs::read(&plain).with_context(|| format!("{}: cannot read", plain.display()))?
        };
        pages.push(Page {
            id,
            html,
            url,
            truth,
        });
    }
    Ok(pages)
}

/// Scores extraction on a benchmark folder.
pub fn eval(args: &EvalExtractArgs) -> anyhow::Result<Outcome> {
    let pages = load_benchmark(&args.truth)?;
    if pages.is_empty() {
        bail!("{}: no pages in ground-truth.json", args.truth.display());
    }
    let mut texts = vec![String::new(); pages.len()];
    let mut elapsed = Duration::ZERO;
    let cpu_start = thread_cpu_secs();
    for _ in 0..args.repeat.max(1) {
        for (page, text) in pages.iter().zip(texts.iter_mut()) {
            let start = Instant::now();
            let article = extract(&page.html, page.url.as_deref());
            elapsed += start.elapsed();
            *text = article.text;
        }
    }
    let cpu = thread_cpu_secs()
        .zip(cpu_start)
        .map(|(end, start)| (end - start).max(0.0));
    if let Some(dir) = &args.system_output {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        for (page, text) in pages.iter().zip(&texts) {
            let p = dir.join(format!("{}.txt", page.id));
            std::fs::write(&p, text).with_context(|| format!("{}: cannot write", p.display()))?;
        }
    }
    let counts: Vec<Counts> = pages
        .iter()
        .zip(&texts)
        .map(|(p, t)| page_counts(&p.truth, t, 4))
        .collect();
    let (p, r, f) = aggregate(&counts);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "precision={p:.4} recall={r:.4} f1={f:.4} pages={}",
        pages.len()
    )?;
    let runs = pages.len() * args.repeat.max(1);
    let mb =
        pages.iter().map(|p| p.html.len()).sum::<usize>() as f64 * args.repeat.max(1) as f64 / 1e6;
    let secs = elapsed.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "speed: {:.0} pages/s, {:.1} MB/s on one core ({runs} extractions in {secs:.3} s)",
        runs as f64 / secs,
        mb / secs,
    )?;
    // On a busy machine wall-clock time undercounts; the thread's own CPU time does not.
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        writeln!(
            out,
            "speed: {:.0} pages/s of CPU time (this thread, {cpu:.3} s)",
            runs as f64 / cpu
        )?;
    }
    if args.verbose {
        let mut rows: Vec<(f64, f64, f64, &str)> = counts
            .iter()
            .zip(&pages)
            .map(|(c, page)| {
                let p = c.precision().unwrap_or(1.0);
                let r = c.recall().unwrap_or(1.0);
                let f = if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                };
                (f, p, r, page.id.as_str())
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, id) in rows {
            writeln!(out, "{id}\tf1={f:.3}\tp={p:.3}\tr={r:.3}")?;
        }
    }
    if let Some(min) = args.min_f1 {
        if f < min {
            eprintln!("entente: extraction F1 {f:.4} is below the floor {min:.4}");
            return Ok(Outcome::SomeFailed);
        }
    }
    Ok(Outcome::Done)
}

/// Shared, extra and missed shingles of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
}

/// A word character as Python's `re` sees `\w` in a str pattern: letters and numbers of
/// every script (general categories L* and N*) and the underscore.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// Maximal runs of word characters.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Multiset of `n`-token shingles; a text shorter than `n` tokens is one shingle.
fn shingles<'a>(tokens: &[&'a str], n: usize) -> BTreeMap<Vec<&'a str>, usize> {
    let mut m = BTreeMap::new();
    if tokens.is_empty() {
        return m;
    }
    if tokens.len() < n {
        *m.entry(tokens.to_vec()).or_insert(0) += 1;
        return m;
    }
    for w in tokens.windows(n) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

fn page_counts(truth: &str, pred: &str, n: usize) -> Counts {
    let t = shingles(&tokens(truth), n);
    let p = shingles(&tokens(pred), n);
    let tp: usize = p
        .iter()
        .map(|(k, &c)| c.min(t.get(k).copied().unwrap_or(0)))
        .sum();
    Counts {
        tp,
        fp: p.values().sum::<usize>() - tp,
        fn_: t.values().sum::<usize>() - tp,
    }
}

/// Macro precision (pages with a prediction), macro recall (pages with truth), and
/// their harmonic mean.
fn aggregate(rows: &[Counts]) -> (f64, f64, f64) {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let p = mean(rows.iter().filter_map(Counts::precision).collect());
    let r = mean(rows.iter().filter_map(Counts::recall).collect());
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_chars() {
        assert_eq!(
            tokens("It's 3.5%—naïve_x Москва 東京"),
            vec!["It", "s", "3", "5", "naïve_x", "Москва", "東京"]
        );
    }

    #[test]
    fn shingle_counts() {
        let c = page_counts("a b c d e", "a b c d x", 4);
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        let c = page_counts("a b", "a b", 4);
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        let c = page_counts("", "x", 4);
        assert_eq!((c.precision(), c.recall()), (Some(0.0), None));
    }

    #[test]
    fn text_cleaning_drops_noise_lines() {
        let t = clean_text("Russia imposed sanctions on Iran on Monday.\n\nREAD MORE: Other news\n\nThe move followed talks.\n");
        assert_eq!(
            t,
            "Russia imposed sanctions on Iran on Monday.\n\nThe move followed talks."
        );
    }
}
