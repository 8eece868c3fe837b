//! `entente nlp train | eval | bench`.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use entente_conllu as conllu;
use entente_nlp::train::{read_treebank, train as train_model, Progress, TrainOptions};
use entente_nlp::{GoldSentence, ModelInfo, Pipeline};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{BenchArgs, ClustersArgs, EvalArgs, EvalMode, TrainArgs};
use crate::output::doc_to_conllu;
use crate::{model, Outcome};

/// Learns word clusters from articles and treebank text, and writes them.
pub fn clusters(args: &ClustersArgs) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    if args.levels.is_empty() || args.levels.iter().any(|&k| k == 0 || k > 65_535) {
        bail!("--levels needs one or more cluster counts from 1 to 65535, finest first");
    }
    if args.levels.windows(2).any(|w| w[1] > w[0]) {
        bail!("--levels must go from the finest level to the coarsest (e.g. 512,128,32)");
    }
    let mut text = entente_nlp::ClusterText::new();
    let mut failed = 0usize;
    let opts = entente_document::ReadOptions::default();
    for path in &args.inputs {
        entente_document::read_input(path, &opts, &mut |item| match item {
            entente_document::Item::Doc(doc) => {
                for part in doc.title.iter().chain(std::iter::once(&doc.text)) {
                    let t = entente_text::tokenize(part);
                    for i in 0..t.sentences.len() {
                        let words: Vec<&str> =
                            t.sentence_words(i).iter().map(|w| w.form(part)).collect();
                        text.add_sentence(&words);
                    }
                }
            }
            entente_document::Item::Failed(e) => {
                failed += 1;
                eprintln!("entente: {e}");
            }
            entente_document::Item::Warning(w) => eprintln!("entente: {w}"),
            entente_document::Item::Skipped { .. } => {}
        });
    }
    for path in &args.conllu {
        for s in
            conllu::Reader::open(path).with_context(|| format!("cannot read {}", path.display()))?
        {
            let s = s.with_context(|| format!("cannot read {}", path.display()))?;
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            text.add_sentence(&words);
        }
    }
    if text.n_words() == 0 {
        bail!("no text to learn clusters from");
    }
    eprintln!(
        "read {} sentences, {} words",
        text.n_sentences(),
        text.n_words()
    );
    let options = entente_nlp::ClusterOptions {
        levels: args.levels.clone(),
        min_count: args.min_count,
        iterations: args.iterations,
    };
    let clusters = entente_nlp::WordClusters::learn(&text, &options, &mut |p| {
        let entente_nlp::cluster::ClusterProgress::Pass {
            level,
            pass,
            moved,
            log_likelihood,
        } = p;
        eprintln!(
            "level {level} pass {}: {moved} moved, log-likelihood {log_likelihood:.4} per word ({:.0} s)",
            pass + 1,
            start.elapsed().as_secs_f64()
        );
    });
    clusters.save(&args.output)?;
    if let Some(path) = &args.words {
        write_cluster_words(&clusters, &text, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "wrote {}: {} words in {} levels, in {:.0} s",
        args.output.display(),
        clusters.len(),
        clusters.n_levels(),
        start.elapsed().as_secs_f64()
    );
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// Writes each clustered word with its classes, grouped by class.
fn write_cluster_words(
    clusters: &entente_nlp::WordClusters,
    text: &entente_nlp::ClusterText,
    path: &Path,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut rows = Vec::new();
    for w in text.vocabulary() {
        if let Some(c) = clusters.get(w) {
            let mut ids = c.ids[..c.levels as usize].to_vec();
            ids.reverse();
            rows.push((ids, w));
        }
    }
    rows.sort();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (ids, w) in rows {
        let ids: Vec<String> = ids.iter().rev().map(u16::to_string).collect();
        writeln!(out, "{w}\t{}", ids.join("\t"))?;
    }
    out.flush()
}

/// Trains a model and writes it.
pub fn train(args: &TrainArgs) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let mut sentences: Vec<GoldSentence> = Vec::new();
    let mut files = Vec::new();
    for path in &args.train {
        let (mut s, skipped) = read_treebank(path)
            .with_context(|| format!("cannot read treebank {}", path.display()))?;
        eprintln!(
            "read {}: {} sentences ({} without full annotation left out)",
            path.display(),
            s.len(),
            skipped
        );
        sentences.append(&mut s);
        files.push(
            path.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    if sentences.is_empty() {
        bail!("no annotated sentences in the training files");
    }
    let mut options = TrainOptions::default();
    options.tagger.seed = args.seed;
    options.parser.seed = args.seed;
    options.folds = args.folds;
    if let Some(e) = args.tagger_epochs {
        options.tagger.epochs = e;
    }
    options.tagger_clusters = !args.no_tagger_clusters;
    if args.parser == crate::args::ParserEngine::Bilstm {
        let mut neural = entente_nlp::NeuralOptions::default();
        if let Some(h) = args.lstm_hidden {
            neural.hidden = h;
        }
        if let Some(l) = args.lstm_layers {
            neural.layers = l;
        }
        if let Some(d) = args.word_dim {
            neural.word_dim = d;
        }
        if let Some(d) = args.cluster_dim {
            neural.cluster_dim = d;
        }
        if let Some(k) = args.average_last {
            neural.average_last = k;
        }
        if let Some(r) = args.dropout {
            neural.dropout = r.clamp(0.0, 0.9);
        }
        options.parser.epochs = neural.epochs;
        options.parser.neural = Some(neural);
    }
    if let Some(e) = args.parser_epochs {
        options.parser.epochs = e;
        if let Some(n) = &mut options.parser.neural {
            n.epochs = e;
        }
    }
    if let Some(dir) = &args.wordnet {
        let classes = entente_nlp::WordClasses::from_wordnet(dir)
            .with_context(|| format!("cannot read WordNet from {}", dir.display()))?;
        eprintln!("read {} word forms from WordNet", classes.len());
        options.tagger.word_classes = std::sync::Arc::new(classes);
    }
    if let Some(path) = &args.clusters {
        let clusters = entente_nlp::WordClusters::load(path)?;
        eprintln!(
            "read {} clustered words in {} levels",
            clusters.len(),
            clusters.n_levels()
        );
        options.clusters = std::sync::Arc::new(clusters);
    }
    let mut notes = vec![format!(
        "seed {}, tagger epochs {}, parser epochs {}, folds {}{}{}",
        args.seed,
        options.tagger.epochs,
        options.parser.epochs,
        options.folds,
        if args.wordnet.is_some() {
            ", WordNet word classes"
        } else {
            ""
        },
        if args.clusters.is_some() {
            ", word clusters"
        } else {
            ""
        }
    )];
    notes.extend(args.notes.iter().cloned());
    let bar = progress_bar(options.parser.epochs as u64);
    let report = |p: Progress| match p {
        Progress::Tagger => bar.println("tagger trained"),
        Progress::Fold { done, of } => bar.println(format!("jackknife fold {done}/{of} tagged")),
        Progress::ParserEpoch { epoch, accuracy } => {
            bar.set_position(epoch as u64 + 1);
            bar.set_message(format!(
                "parser epoch {}: {:.2}% moves right",
                epoch + 1,
                accuracy * 100.0
            ));
            if !bar.is_hidden() {
                return;
            }
            eprintln!(
                "parser epoch {}: {:.2}% of training moves right",
                epoch + 1,
                accuracy * 100.0
            );
        }
    };
    let model = train_model(
        &sentences,
        ModelInfo {
            training_files: files,
            notes,
        },
        &options,
        &report,
    );
    bar.finish_and_clear();
    model.save(&args.output)?;
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!(
        "wrote {} ({:.1} MB; tagger classes {}, parser labels {}, parser weights {}) in {:.0} s",
        args.output.display(),
        size as f64 / 1e6,
        model.tagger.tagset().len(),
        model.parser.labels().len(),
        model.parser.n_weights(),
        start.elapsed().as_secs_f64()
    );
    Ok(Outcome::Done)
}

fn progress_bar(len: u64) -> ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new(len)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg} (ETA {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// The gold file with our annotation in place of the gold one (same words).
fn annotate_gold_tokens(pipeline: &Pipeline, gold: &[conllu::Sentence]) -> Vec<conllu::Sentence> {
    use rayon::prelude::*;
    gold.par_iter()
        .map(|g| {
            let forms: Vec<&str> = g.words.iter().map(|w| w.form.as_str()).collect();
            let anns = pipeline.analyze_words(&forms);
            let mut s = g.clone();
            for (w, a) in s.words.iter_mut().zip(anns) {
                w.upos = a.upos.to_string();
                w.xpos = a.xpos;
                w.lemma = a.lemma;
                w.head = Some(a.head);
                w.deprel = a.deprel;
                w.feats = "_".into();
                w.deps = "_".into();
            }
            s
        })
        .collect()
}

/// Evaluates on a gold file.
pub fn eval(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let (model, load_secs) = model::load(&args.model)?;
    let pipeline = Pipeline::new(model);
    let gold = conllu::read_path(&args.gold)?;
    let name = args.gold.display();
    let mut below = Vec::new();
    if args.mode != EvalMode::Raw {
        let start = Instant::now();
        let system = annotate_gold_tokens(&pipeline, &gold);
        let secs = start.elapsed().as_secs_f64();
        if let Some(path) = &args.system_output {
            let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
            conllu::write_sentences(&mut f, &system)?;
        }
        let scores = conllu::eval::evaluate(&gold, &system)?;
        println!("== {name}: gold tokenization ({} words, {:.2} s with all cores, model loaded in {:.2} s)", scores.words.gold, secs, load_secs);
        print!("{}", table(&scores));
        let checks = [
            ("UPOS", &scores.upos, args.min_upos),
            ("UAS", &scores.uas, args.min_uas),
            ("LAS", &scores.las, args.min_las),
        ];
        for (metric, score, floor) in checks {
            if let Some(floor) = floor {
                let got = score.f1() * 100.0;
                if got < floor {
                    below.push(format!("{metric} {got:.2} is below the floor {floor:.2}"));
                }
            }
        }
    }
    if args.mode != EvalMode::GoldTok {
        let text = conllu::document_text(&gold);
        let doc = pipeline.analyze(&text);
        let system = doc_to_conllu(&doc, "raw");
        let scores = conllu::eval::evaluate(&gold, &system)?;
        println!(
            "== {name}: from raw text ({} characters)",
            text.chars().count()
        );
        print!("{}", table(&scores));
    }
    if below.is_empty() {
        return Ok(Outcome::Done);
    }
    for b in &below {
        eprintln!("entente: {name}: {b}");
    }
    Ok(Outcome::SomeFailed)
}

/// The CoNLL 2018 table without the rows that need morphological features, which
/// entente does not predict (UFeats, AllTags, MLAS).
fn table(scores: &conllu::eval::Scores) -> String {
    let mut out = String::from("Metric     | Precision |    Recall |  F1 Score | AligndAcc\n");
    out.push_str("-----------+-----------+-----------+-----------+-----------\n");
    for (name, s) in scores.metrics() {
        if matches!(name, "UFeats" | "AllTags" | "MLAS") {
            continue;
        }
        let aligned = s
            .aligned_accuracy()
            .map_or(String::new(), |a| format!("{:9.2}", a * 100.0));
        out.push_str(&format!(
            "{name:<10} | {:9.2} | {:9.2} | {:9.2} | {aligned}\n",
            s.precision() * 100.0,
            s.recall() * 100.0,
            s.f1() * 100.0
        ));
    }
    out
}

/// Measures speed on one core.
pub fn bench(args: &BenchArgs) -> anyhow::Result<Outcome> {
    let (model, load_secs) = model::load(&args.model)?;
    let pipeline = Pipeline::new(model);
    let gold = conllu::read_path(&args.gold)?;
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let forms: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let text = conllu::document_text(&gold);
    println!(
        "corpus: {} ({} sentences, {} words, {} bytes of raw text)",
        args.gold.display(),
        gold.len(),
        words,
        text.len()
    );
    println!("model load (start-up): {:.3} s", load_secs);
    let repeat = args.repeat.max(1);
    // The best pass by wall-clock time, and the best by this thread's CPU time.
    let timed = |f: &dyn Fn()| {
        (0..repeat)
            .map(|_| {
                let (t, cpu) = (Instant::now(), super::thread_cpu_secs());
                f();
                let cpu = super::thread_cpu_secs().zip(cpu).map(|(b, a)| b - a);
                (t.elapsed().as_secs_f64(), cpu.unwrap_or(f64::INFINITY))
            })
            .fold((f64::INFINITY, f64::INFINITY), |(w, c), (a, b)| {
                (w.min(a), c.min(b))
            })
    };
    let best = |f: &dyn Fn()| timed(f).0;
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let (tag_parse, tag_parse_cpu) = timed(&|| {
        for f in &forms {
            std::hint::black_box(pipeline.analyze_words(f));
        }
    });
    println!(
        "tag + lemma + parse, gold tokens, 1 core: {:.0} tokens/s, {:.0} sentences/s",
        words as f64 / tag_parse,
        gold.len() as f64 / tag_parse
    );
    let cpu_rate =
        (tag_parse_cpu.is_finite() && tag_parse_cpu > 0.0).then(|| words as f64 / tag_parse_cpu);
    if let Some(rate) = cpu_rate {
        println!("tag + lemma + parse, gold tokens, by CPU time: {rate:.0} tokens/s");
    }
    let tokenize = best(&|| {
        std::hint::black_box(entente_text::tokenize(&text));
    });
    println!(
        "tokenize + split, 1 core: {:.1} MB/s",
        text.len() as f64 / tokenize / 1e6
    );
    let end_to_end = best(&|| {
        single.install(|| std::hint::black_box(pipeline.analyze(&text)));
    });
    let doc = pipeline.analyze(&text);
    println!(
        "raw text end to end, 1 core: {:.0} tokens/s, {:.0} sentences/s",
        doc.words.len() as f64 / end_to_end,
        doc.sentences.len() as f64 / end_to_end
    );
    if let Some(kb) = peak_rss_kb() {
        println!("peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0);
    }
    if let Some(floor) = args.min_tokens_per_sec {
        let rate = cpu_rate.unwrap_or(words as f64 / tag_parse);
        if rate < floor {
            eprintln!(
                "entente: tag + parse runs at {rate:.0} tokens/s, below the floor {floor:.0}"
            );
            return Ok(Outcome::SomeFailed);
        }
    }
    Ok(Outcome::Done)
}

/// Peak resident memory of this process, from /proc (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string(Path::new("/proc/self/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
