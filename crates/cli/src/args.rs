//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// entente reads news and records who did what to whom, when, according to whom.
///
/// Start with `entente code FILE` for the events of an article (JSON Lines), and
/// `entente explain "a sentence"` to see why each event was or was not coded.
#[derive(Parser, Debug)]
#[command(
    name = "entente",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tokenize, tag, lemmatize and parse text; print CoNLL-U (default) or JSON.
    ///
    /// Reads each FILE (or standard input for `-` or no FILE) as one document of raw
    /// text. Invalid UTF-8 is replaced, with one warning naming the file.
    ///
    /// Example: entente parse samples/articles/sanctions.txt --format json
    Parse(ParseArgs),
    /// Code events: who did what to whom, as JSON Lines (one event per line).
    ///
    /// Reads `.txt` files (id = file stem; a first line followed by a blank line is the
    /// title), `.jsonl` files (one object per line with `id`, `text` and optional
    /// `date`, `title`, `url`, `source`; see --text-field), `.html` pages (the article
    /// text and metadata), `.warc` archives (HTML responses, as in CC-NEWS), any of them
    /// gzipped (`.gz`) or zstd-compressed (`.zst`), folders (recursively) and `-` for
    /// standard input (kind found from the content). Non-English documents are skipped.
    /// With --dedup, copies of a story are not coded again: the original's events get
    /// `num_articles` (1 + copies) and `copies` (their ids), as GDELT's NumArticles.
    ///
    /// Example: entente code samples/articles --date 2024-05-01 --output events.jsonl
    Code(CodeArgs),
    /// Show how a sentence is coded: tokens, tree, actor phrases, patterns tried, and why
    /// each event was or was not produced.
    ///
    /// Example: entente explain "Russia imposed new sanctions on Ukraine on Monday."
    Explain(ExplainArgs),
    /// Score events against gold (precision, recall, F1 at root and exact level).
    ///
    /// GOLD is a JSON Lines file of coded sentences or a folder of articles
    /// (`<id>.txt` + `<id>.json`). Without `--system`, entente codes the gold texts itself.
    Eval(EventEvalArgs),
    /// Check or inspect the actor and verb dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
    /// List actor phrases in documents; with `--unknown`, proper names no dictionary knows.
    Actors(ActorsArgs),
    /// Run a PETRARCH validation file (`<Environment>` + `<Sentence>` records): code each
    /// record's text with our own NLP and the dictionaries it names, compare with its
    /// `<EventCoding>` set, and print pass counts per category.
    ///
    /// Example: entente validate-petrarch PETR.UnitTest.records.xml -v
    ValidatePetrarch(ValidatePetrarchArgs),
    /// Train, evaluate and benchmark the NLP model (tagger, lemmatizer, parser).
    #[command(subcommand)]
    Nlp(NlpCommand),
    // -- Ingestion (issue 5) --
    /// Find near-duplicate stories (the same story republished by many sites) and print
    /// one JSON line per copy: `{"id", "copy_of", "origin"}`. Reads what `code` reads.
    ///
    /// Example: entente dedup crawl/ --output copies.jsonl
    Dedup(DedupArgs),
    /// Measure near-duplicate detection on a synthetic corpus with planted copies:
    /// documents/s, precision, recall and memory.
    ///
    /// Example: entente dedup-bench --docs 100000
    DedupBench(DedupBenchArgs),
    /// Fetch feeds (RSS, Atom) and article pages over HTTP and code them (events as JSON
    /// Lines), or save the pages with --save.
    ///
    /// Each URL may be a feed (its items' links are fetched) or an article. Fetching is
    /// polite: a user agent naming entente, robots.txt honoured, one request per --delay
    /// seconds to a host, a timeout, and retries with exponential backoff on server
    /// errors and timeouts (never on 404). Failures are warnings; the run goes on.
    ///
    /// Example: entente fetch https://news.example/rss.xml -o events.jsonl
    Fetch(FetchArgs),
    /// Poll feeds every --interval seconds and code new articles as they appear (each
    /// link once), until interrupted or --rounds polls are done.
    ///
    /// Example: entente watch https://news.example/rss.xml --interval 600 -o events.jsonl
    Watch(WatchArgs),
    // -- main-text extraction (issue 5, crate entente-extract) --
    /// Print the article text of an HTML page (navigation, share bars, comments, related
    /// links and footers removed), or of a text file (noise lines removed).
    ///
    /// The charset is detected (byte-order mark, `<meta charset>`, then a guess). With
    /// `--format json`, one JSON object with the text and the metadata: title, date
    /// (YYYY-MM-DD), author, site, url, language.
    ///
    /// Example: entente extract page.html --format json
    Extract(ExtractArgs),
    /// Score article extraction against a benchmark folder (`ground-truth.json` +
    /// `html/<id>.html.gz`): shingle precision, recall and F1 as the reference scorer
    /// computes them, and pages per second on one core.
    ///
    /// Example: entente eval-extract --truth ../shared/data/extraction/dev --min-f1 0.93
    EvalExtract(EvalExtractArgs),
    // --- event store (crates/store) ---
    /// Code documents into an event database (SQLite): documents, sentences, events,
    /// actors, with full-text search over sentences.
    ///
    /// Reads the same inputs as `code`. Re-running is safe: documents already stored
    /// unchanged are skipped, changed ones are replaced, and a run that was killed
    /// resumes where its last commit ended.
    ///
    /// Example: entente ingest samples/articles --db entente.db
    Ingest(IngestArgs),
    /// Ask an event database: events, one event's evidence, time series, network, actors.
    ///
    /// Example: entente query events --source RUS --target UKR --from 2024-01-01 --format table
    #[command(subcommand)]
    Query(QueryCommand),
    /// Export events from a database as JSON Lines, CSV, GDELT 2.0 TSV or Parquet.
    ///
    /// Example: entente export --format parquet --country IRN -o iran.parquet
    Export(ExportArgs),
    /// Event database tools: a synthetic database for benchmarks, query latencies.
    #[command(subcommand)]
    Store(StoreCommand),
    // -- serve and demo (crates/serve) --
    /// Serve the web dashboard and a read-only JSON API over an event database.
    ///
    /// Listens on 127.0.0.1:8750 (this machine only) unless `--listen` says otherwise.
    /// Open the printed address in a browser; `GET /api` lists the API's routes.
    ///
    /// Example: entente serve --db events.db
    Serve(ServeArgs),
    /// Code the sample articles into a fresh database and serve the dashboard: entente
    /// in one command.
    ///
    /// Reads `samples/` (the articles and a year of short wire stories; run it from the
    /// entente repository, or give `--articles`), codes them into a database in a
    /// temporary folder (removed on exit; `--db` keeps it), and serves it like `serve`.
    ///
    /// Example: entente demo   (then open the printed address)
    Demo(DemoArgs),
}

/// Options shared by the commands that code events.
#[derive(Args, Debug, Clone)]
pub struct CoderArg {
    /// Read dictionaries from DIR (with `actors/` and `verbs/` folders of `.txt` files)
    /// instead of the built-in ones.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["dictionaries", "petrarch_config"])]
    pub dict: Option<PathBuf>,
    /// Read dictionaries in another format: `petrarch:DIR` reads PETRARCH-2 dictionaries
    /// (DIR's `PETR_config.ini`, or PETRARCH-2's default Phoenix file names).
    #[arg(long, value_name = "FORMAT:DIR", conflicts_with = "petrarch_config")]
    pub dictionaries: Option<String>,
    /// Read the PETRARCH-2 dictionaries named in this PETRARCH configuration file.
    #[arg(long, value_name = "FILE")]
    pub petrarch_config: Option<PathBuf>,
    /// Skip dictionary lines with errors (each is reported) instead of refusing to run.
    #[arg(long)]
    pub lenient: bool,
    /// Also emit negated events ("did not attack"), flagged `"modality": "negated"`.
    #[arg(long)]
    pub keep_negated: bool,
    /// Also emit deeds that a known actor only claims or alleges ("the US claimed that
    /// ISIL attacked Iraq"), flagged `"modality": "claimed"`; by default the claim is
    /// coded as the claimant's accusation (112) alone.
    #[arg(long)]
    pub keep_claimed: bool,
    #[command(flatten)]
    pub model: ModelArg,
}

/// How a coding run goes, shared by `code`, `fetch` and `ingest`.
#[derive(Args, Debug)]
pub struct RunArg {
    /// Article date (YYYY-MM-DD) for documents that have none (a feed's own date comes
    /// first).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Print no progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `code`.
#[derive(Args, Debug)]
pub struct CodeArgs {
    /// Files or folders to code; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// Write events to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArg,
    #[command(flatten)]
    pub coder: CoderArg,
    // Last: its help heading ("Input") holds for the options after it.
    #[command(flatten)]
    pub ingest: IngestArg,
}

/// Arguments of `explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The sentence (or text) to explain.
    #[arg(required_unless_present = "doc")]
    pub text: Option<String>,
    /// Explain a document instead (a `.txt` file).
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub doc: Option<PathBuf>,
    /// With `--doc`, only this sentence (0-based, as in `sentence_index`).
    #[arg(long, value_name = "N", requires = "doc")]
    pub sentence: Option<usize>,
    /// Article date (YYYY-MM-DD), for leaders' roles and relative dates.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    #[command(flatten)]
    pub coder: CoderArg,
}

/// Arguments of `eval`.
#[derive(Args, Debug)]
pub struct EventEvalArgs {
    /// Gold: a JSON Lines file of coded sentences or a folder of `<id>.txt` + `<id>.json`.
    #[arg(long, value_name = "PATH")]
    pub gold: PathBuf,
    /// System events (JSON Lines); without it, entente codes the gold texts.
    #[arg(long, value_name = "FILE")]
    pub system: Option<PathBuf>,
    /// Write the events entente produced to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "system")]
    pub system_output: Option<PathBuf>,
    /// Print every false positive and missed event.
    #[arg(short, long)]
    pub verbose: bool,
    /// Fail (exit 1) when root-level F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    #[command(flatten)]
    pub coder: CoderArg,
}

/// `entente dict ...` subcommands.
#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Validate dictionaries (the built-in ones, or DIR); every error names file and line.
    Check(DictCheckArgs),
    /// Translate PETRARCH-2 dictionaries into our format (`actors/` and `verbs/` folders).
    ///
    /// Example: entente dict convert --petrarch ../petrarch/data --output my-dict
    Convert(DictConvertArgs),
}

/// Arguments of `dict convert`.
#[derive(Args, Debug)]
pub struct DictConvertArgs {
    /// A folder of PETRARCH-2 dictionaries (its `PETR_config.ini`, or the default names).
    #[arg(long, value_name = "DIR", required_unless_present = "petrarch_config")]
    pub petrarch: Option<PathBuf>,
    /// A PETRARCH configuration file naming the dictionaries.
    #[arg(long, value_name = "FILE", conflicts_with = "petrarch")]
    pub petrarch_config: Option<PathBuf>,
    /// Where to write the dictionaries in our format.
    #[arg(long, short, value_name = "OUTDIR")]
    pub output: PathBuf,
    /// List every PETRARCH entry or pattern that could not be expressed, with the reason.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Arguments of `validate-petrarch`.
#[derive(Args, Debug)]
pub struct ValidatePetrarchArgs {
    /// The validation file (dictionaries are found relative to its folder).
    pub file: PathBuf,
    /// Show each failed record, and what the dictionaries could not express.
    #[arg(short, long)]
    pub verbose: bool,
    /// Skip dictionary lines with errors (each is reported) instead of refusing to run.
    #[arg(long)]
    pub lenient: bool,
    /// Fail (exit 1) when fewer records pass.
    #[arg(long, value_name = "N")]
    pub min_pass: Option<usize>,
    #[command(flatten)]
    pub model: ModelArg,
}

/// Arguments of `dict check`.
#[derive(Args, Debug)]
pub struct DictCheckArgs {
    /// A dictionary folder with `actors/` and `verbs/`; the built-in set if omitted.
    pub dir: Option<PathBuf>,
}

/// Arguments of `actors`.
#[derive(Args, Debug)]
pub struct ActorsArgs {
    /// Files or folders to read; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// List proper-noun phrases that match no dictionary entry, with counts.
    #[arg(long)]
    pub unknown: bool,
    /// Show at most N rows.
    #[arg(long, default_value = "100")]
    pub limit: usize,
    #[command(flatten)]
    pub coder: CoderArg,
}

/// Output formats of `parse`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseFormat {
    /// CoNLL-U, the Universal Dependencies format (with `# text` and `# sent_id`).
    Conllu,
    /// One JSON object per document (JSON Lines), with character offsets.
    Json,
}

/// Arguments of `parse`.
#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Text files to parse; `-` or nothing reads standard input.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "conllu")]
    pub format: ParseFormat,
    #[command(flatten)]
    pub model: ModelArg,
}

/// The `--model` option shared by commands that analyse text.
#[derive(Args, Debug, Clone)]
pub struct ModelArg {
    /// A model file to use instead of the one built into entente.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// `entente nlp ...` subcommands.
#[derive(Subcommand, Debug)]
pub enum NlpCommand {
    /// Train a model from CoNLL-U treebanks (plain or gzip).
    ///
    /// Deterministic for a given seed. Example:
    /// entente nlp train --train gum.conllu.gz --train ewt-dev.conllu.gz --output models/en_ud.model
    Train(TrainArgs),
    /// Score the model on a gold CoNLL-U file (CoNLL 2018 shared-task metrics).
    ///
    /// Reports UPOS, XPOS, lemma, UAS and LAS with gold tokenization, and token,
    /// sentence, word, UPOS, UAS and LAS F1 starting from the file's raw text.
    Eval(EvalArgs),
    /// Measure analysis speed (one core), start-up time and peak memory.
    Bench(BenchArgs),
    /// Learn word clusters from raw text, for `nlp train --clusters`.
    ///
    /// Words that occur in the same contexts share a cluster; the tagger uses them for
    /// words the treebanks lack. Inputs are articles (JSON Lines, HTML, text,
    /// WARC, folders; gzip too) and CoNLL-U files (`.conllu`, `.conllu.gz`), whose word
    /// forms are read as they are. Example:
    /// entente nlp clusters news.jsonl.gz --conllu gum.conllu.gz -o clusters.bin
    Clusters(ClustersArgs),
}

/// Arguments of `nlp clusters`.
#[derive(Args, Debug)]
pub struct ClustersArgs {
    /// Articles to read (files or folders).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// A CoNLL-U file whose word forms are read as text (repeatable).
    #[arg(long, value_name = "FILE")]
    pub conllu: Vec<PathBuf>,
    /// Where to write the clusters.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Number of clusters at each level, finest first.
    #[arg(long, value_delimiter = ',', default_value = "512,128,32")]
    pub levels: Vec<usize>,
    /// Words seen fewer times than this get no cluster.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    /// Most passes over the vocabulary.
    #[arg(long, default_value_t = 12)]
    pub iterations: usize,
    /// Also write the clusters as text, one word a line with its class at each level,
    /// ordered by class, to look at.
    #[arg(long, value_name = "FILE")]
    pub words: Option<PathBuf>,
}

/// Arguments of `nlp train`.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Training treebank (repeatable).
    #[arg(long = "train", value_name = "FILE", required = true)]
    pub train: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Random seed (shuffling, exploration).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Tagger training epochs (default: the tagger's own).
    #[arg(long)]
    pub tagger_epochs: Option<usize>,
    /// Parser training epochs.
    #[arg(long)]
    pub parser_epochs: Option<usize>,
    /// Folds for jackknifed training tags (1 = train the parser on gold tags only).
    #[arg(long, default_value_t = 3)]
    pub folds: usize,
    /// WordNet's database folder (`index.noun`, `noun.exc`, ...; Debian's wordnet-base
    /// installs it in /usr/share/wordnet): the parts of speech it lists are stored in the
    /// model and help the tagger with words the treebanks lack.
    #[arg(long, value_name = "DIR")]
    pub wordnet: Option<PathBuf>,
    /// Word clusters made by `nlp clusters`: stored in the model, they help the tagger
    /// with words the treebanks lack.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// A note stored in the model (repeatable), e.g. the treebanks' licences.
    #[arg(long = "note")]
    pub notes: Vec<String>,
    /// What scores the parser's moves.
    #[arg(long, value_enum, default_value = "perceptron")]
    pub parser: ParserEngine,
    /// BiLSTM engine: hidden units of each LSTM direction.
    #[arg(long, value_name = "N")]
    pub lstm_hidden: Option<usize>,
    /// BiLSTM engine: stacked BiLSTM layers.
    #[arg(long, value_name = "N")]
    pub lstm_layers: Option<usize>,
    /// BiLSTM engine: word embedding size.
    #[arg(long, value_name = "N")]
    pub word_dim: Option<usize>,
    /// BiLSTM engine: size of the word-cluster embedding (with --clusters; 0 = unused).
    #[arg(long, value_name = "N")]
    pub cluster_dim: Option<usize>,
    /// BiLSTM engine: the model is the mean of the weights after this many last epochs.
    #[arg(long, value_name = "N")]
    pub average_last: Option<usize>,
    /// Let only the parser learn from --clusters, not the tagger.
    #[arg(long)]
    pub no_tagger_clusters: bool,
    /// BiLSTM engine: dropout rate of the embedded words while training.
    #[arg(long, value_name = "RATE")]
    pub dropout: Option<f32>,
}

/// The parser's move scorer.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParserEngine {
    /// Averaged perceptron over feature templates: small and fast.
    Perceptron,
    /// Bidirectional LSTM over the sentence with a small network scoring moves: reads
    /// each word in its whole sentence, so it leans less on the predicted tags.
    Bilstm,
}

/// Arguments of `nlp eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold CoNLL-U file (plain or gzip).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Which evaluations to run.
    #[arg(long, value_enum, default_value = "both")]
    pub mode: EvalMode,
    /// Fail (exit 1) when UPOS accuracy with gold tokenization is below this.
    #[arg(long, value_name = "PERCENT")]
    pub min_upos: Option<f64>,
    /// Fail when UAS with gold tokenization is below this.
    #[arg(long, value_name = "PERCENT")]
    pub min_uas: Option<f64>,
    /// Fail when LAS with gold tokenization is below this.
    #[arg(long, value_name = "PERCENT")]
    pub min_las: Option<f64>,
    /// Write the system's CoNLL-U (gold tokenization) here.
    #[arg(long, value_name = "FILE")]
    pub system_output: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArg,
}

/// Evaluation modes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalMode {
    /// Gold tokenization only.
    GoldTok,
    /// Raw text only.
    Raw,
    /// Both.
    Both,
}

/// Arguments of `nlp bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A CoNLL-U file whose words are tagged and parsed (gold tokenization), and whose
    /// raw text is analysed end to end.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Passes over the data (the best pass is reported).
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Fail (exit 1) when tag + lemma + parse on gold tokens runs below this many
    /// tokens per second of CPU time (the thread's own time, so another process on the
    /// machine does not fail it).
    #[arg(long, value_name = "N")]
    pub min_tokens_per_sec: Option<f64>,
    #[command(flatten)]
    pub model: ModelArg,
}

// -- Ingestion (issue 5): reading options, near-duplicates --

/// How documents are read and filtered before coding.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Input")]
pub struct IngestArg {
    /// JSON Lines: the field holding the document id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// JSON Lines: the field holding the text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// JSON Lines: the field holding the date (YYYY-MM-DD, a time may follow).
    #[arg(long, value_name = "NAME", default_value = "date")]
    pub date_field: String,
    /// JSON Lines: the field holding the title.
    #[arg(long, value_name = "NAME", default_value = "title")]
    pub title_field: String,
    /// JSON Lines: the field holding the URL.
    #[arg(long, value_name = "NAME", default_value = "url")]
    pub url_field: String,
    /// JSON Lines: the field holding the publisher.
    #[arg(long, value_name = "NAME", default_value = "source")]
    pub source_field: String,
    /// Refuse pages (HTML files, WARC records) and JSON lines larger than this, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 16)]
    pub max_page_mb: u64,
    /// Keep one document per cluster of near-duplicates (same story, other site).
    #[arg(long)]
    pub dedup: bool,
    /// Similarity (estimated Jaccard of 5-word shingles) from which a document is a copy.
    #[arg(long, value_name = "0..1", default_value_t = 0.5)]
    pub dedup_threshold: f64,
}

impl Default for IngestArg {
    /// The defaults the command line gives (for commands that read without these flags).
    fn default() -> Self {
        IngestArg {
            id_field: "id".into(),
            text_field: "text".into(),
            date_field: "date".into(),
            title_field: "title".into(),
            url_field: "url".into(),
            source_field: "source".into(),
            max_page_mb: 16,
            dedup: false,
            dedup_threshold: 0.5,
        }
    }
}

/// Arguments of `dedup`.
#[derive(Args, Debug)]
pub struct DedupArgs {
    /// Files or folders; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// Write the copies to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print no progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub ingest: IngestArg,
}

/// Arguments of `dedup-bench`.
#[derive(Args, Debug)]
pub struct DedupBenchArgs {
    /// Documents to generate.
    #[arg(long, default_value_t = 100_000)]
    pub docs: usize,
    /// Share of documents that republish an earlier story.
    #[arg(long, default_value_t = 0.3)]
    pub copy_rate: f64,
    /// Similarity from which a document is a copy.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Random seed of the corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fail (exit 1) when one core deduplicates fewer documents per second than this.
    #[arg(long, value_name = "N")]
    pub min_docs_per_sec: Option<f64>,
    /// Fail (exit 1) when precision or recall of the planted copies is below this.
    #[arg(long, value_name = "0..1")]
    pub min_quality: Option<f64>,
}

/// How politely to fetch (`fetch`, `watch`).
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Fetching")]
pub struct PoliteArg {
    /// Seconds between two requests to one host.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub delay: f64,
    /// Seconds allowed for one request.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    pub timeout: f64,
    /// Retries on server errors (5xx, 429), timeouts and network errors.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds before the first retry; each further retry waits twice as long.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.5)]
    pub backoff: f64,
    /// Do not read robots.txt (only for sites you own or may crawl).
    #[arg(long)]
    pub ignore_robots: bool,
}

/// Arguments of `fetch`.
#[derive(Args, Debug)]
pub struct FetchArgs {
    /// Feed or article URLs (http:// or https://).
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Save the fetched pages in DIR (one `.html` file each) instead of coding them.
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Write events to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArg,
    #[command(flatten)]
    pub coder: CoderArg,
    // Last: their help headings hold for the options after them.
    #[command(flatten)]
    pub polite: PoliteArg,
    #[command(flatten)]
    pub ingest: IngestArg,
}

/// Arguments of `watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Seconds between two polls of the feeds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 300,
        help_heading = "Watching"
    )]
    pub interval: u64,
    /// Stop after this many polls (default: run until interrupted).
    #[arg(long, value_name = "N", help_heading = "Watching")]
    pub rounds: Option<usize>,
}

// -- main-text extraction (issue 5) --

/// Output format of `extract`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtractFormat {
    /// The article text alone: paragraphs separated by blank lines.
    Text,
    /// One JSON object: `text` plus `title`, `date`, `author`, `site`, `url`, `language`.
    Json,
}

/// Arguments of `extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// An HTML page (`.html`, `.htm`, or any file that looks like HTML) or a text file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// `text` (default) or `json` with the metadata.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExtractFormat,
    /// The page's address: gives the site name, and dates found in its path.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Instead of the text, show why it was chosen: the best candidate containers with
    /// their scores, sizes and tag paths.
    #[arg(long)]
    pub explain: bool,
}

/// Arguments of `eval-extract`.
#[derive(Args, Debug)]
pub struct EvalExtractArgs {
    /// Benchmark folder: `ground-truth.json` (`{"<id>": {"articleBody", "url"}}`) and
    /// `html/<id>.html.gz` (or `.html`).
    #[arg(long, value_name = "DIR")]
    pub truth: PathBuf,
    /// Write each page's extracted text to DIR/<id>.txt (the reference scorer's `--pred`).
    #[arg(long, value_name = "DIR")]
    pub system_output: Option<PathBuf>,
    /// Fail (exit 1) when F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    /// Extract every page this many times for the speed figure.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub repeat: usize,
    /// Print each page's precision, recall and F1, worst first.
    #[arg(short, long)]
    pub verbose: bool,
}

// --- event store (crates/store) ---

/// The `--db` option of the store commands.
#[derive(Args, Debug, Clone)]
pub struct DbArg {
    /// The event database (SQLite).
    #[arg(long, value_name = "FILE", default_value = "entente.db")]
    pub db: PathBuf,
}

/// Arguments of `ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders to code; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub run: RunArg,
    #[command(flatten)]
    pub coder: CoderArg,
    #[command(flatten)]
    pub ingest: IngestArg,
}

/// Which events: the filters shared by `query` and `export`. All given must hold.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Actor code on either side (`RUSMIL`).
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// State code of either side (`RUS`).
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// Agent code of either side (`MIL`).
    #[arg(long, value_name = "CODE")]
    pub agent: Option<String>,
    /// Source: a state code, or an actor code for actors without a state.
    #[arg(long, value_name = "NODE")]
    pub source: Option<String>,
    /// Target: a state code, or an actor code for actors without a state.
    #[arg(long, value_name = "NODE")]
    pub target: Option<String>,
    /// With --source/--target: both directions of the dyad.
    #[arg(long)]
    pub both_directions: bool,
    /// CAMEO code, exact (`0874`).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// CAMEO root (`19`).
    #[arg(long, value_name = "NN")]
    pub root: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    #[arg(long, value_name = "N")]
    pub quad_class: Option<u8>,
    /// First day (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Last day (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// asserted, reported, claimed, intended, conditional or negated.
    #[arg(long, value_name = "MODALITY")]
    pub modality: Option<String>,
    /// Full-text query on the sentence (SQLite FTS5: `sanctions AND oil`, `"peace talks"`).
    #[arg(long, value_name = "QUERY")]
    pub text: Option<String>,
    /// Only this document.
    #[arg(long, value_name = "ID")]
    pub doc_id: Option<String>,
}

/// How `query` prints rows.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RowFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// An aligned text table.
    Table,
}

/// Options of every `query` subcommand.
#[derive(Args, Debug, Clone)]
pub struct QueryOpts {
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RowFormat::Jsonl)]
    pub format: RowFormat,
}

/// Paging options.
#[derive(Args, Debug, Clone)]
pub struct PageArgs {
    /// Rows per page (at most 1000).
    #[arg(long, default_value = "50")]
    pub limit: u32,
    /// Rows to skip.
    #[arg(long, default_value = "0")]
    pub offset: u64,
    /// Continue after this cursor (printed on standard error after a full page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
}

/// `entente query ...` subcommands.
#[derive(Subcommand, Debug)]
pub enum QueryCommand {
    /// Events matching the filters, newest first.
    ///
    /// Example: entente query events --country IRN --root 19 --limit 20 --format table
    Events {
        #[command(flatten)]
        opts: QueryOpts,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        page: PageArgs,
    },
    /// One event with its sentence (source, trigger and target marked) and the text around it.
    ///
    /// Example: entente query event 42
    Event {
        /// The event's store id (the `id` field of `query events`).
        id: i64,
        #[command(flatten)]
        opts: QueryOpts,
    },
    /// Counts per day, week or month: events per quad class, Goldstein sum and mean.
    ///
    /// Example: entente query series --source USA --target CHN --both-directions --interval month
    Series {
        #[command(flatten)]
        opts: QueryOpts,
        #[command(flatten)]
        filter: FilterArgs,
        /// Bucket width.
        #[arg(long, value_enum, default_value_t = IntervalArg::Month)]
        interval: IntervalArg,
    },
    /// The relations network of a period: edges between states with cooperation and
    /// conflict counts and mean Goldstein.
    ///
    /// Example: entente query network --from 2024-01-01 --to 2024-12-31 --min-events 5
    Network {
        #[command(flatten)]
        opts: QueryOpts,
        /// First day (inclusive).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day (inclusive).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Leave out edges with fewer events.
        #[arg(long, default_value = "1")]
        min_events: u64,
        /// Keep the busiest N edges (at most 1000).
        #[arg(long, default_value = "200")]
        max_edges: u32,
    },
    /// One state's (or actor's) events, top partners and adversaries.
    ///
    /// Example: entente query actor RUS --from 2024-01-01
    Actor {
        /// A state code, or an actor code for actors without a state.
        node: String,
        #[command(flatten)]
        opts: QueryOpts,
        /// First day (inclusive).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day (inclusive).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// How many partners, adversaries, codes and actors to list.
        #[arg(long, default_value = "10")]
        top: u32,
    },
    /// Actor codes seen, most active first.
    Actors {
        #[command(flatten)]
        opts: QueryOpts,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Proper-noun phrases no dictionary entry knows, most mentioned first.
    Unknown {
        #[command(flatten)]
        opts: QueryOpts,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Sentences matching a full-text query, with the ids of their events.
    ///
    /// Example: entente query search '"peace talks" OR ceasefire'
    Search {
        /// SQLite FTS5 query.
        query: String,
        #[command(flatten)]
        opts: QueryOpts,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Counts of documents, sentences, events and actors; the first and last day.
    Stats {
        #[command(flatten)]
        opts: QueryOpts,
    },
}

/// Time series bucket width.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalArg {
    /// Calendar days.
    Day,
    /// Weeks from Monday.
    Week,
    /// Calendar months.
    Month,
}

/// Export formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The event records of `entente code`, one JSON object per line, plus the store id.
    Jsonl,
    /// One row per event, flat columns, with a header.
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns in GDELT's order, no header.
    Gdelt,
    /// Apache Parquet, flat columns as in CSV.
    Parquet,
}

/// Arguments of `export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (`-` for standard output; Parquet needs a file).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// `entente store ...` subcommands.
#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Fill a new database with synthetic events (skewed actors, codes and dates) for
    /// benchmarks.
    ///
    /// Example: entente store generate --events 1000000 --db bench.db
    Generate {
        /// Events to generate.
        #[arg(long, default_value = "1000000")]
        events: u64,
        /// The database to create (must not exist).
        #[arg(long, value_name = "FILE", default_value = "bench.db")]
        db: PathBuf,
        /// Random seed.
        #[arg(long, default_value = "1")]
        seed: u64,
    },
    /// Time representative queries on a database: median, p99 and max per query.
    ///
    /// Example: entente store bench --db bench.db --runs 200
    Bench {
        #[command(flatten)]
        db: DbArg,
        /// Runs of each query.
        #[arg(long, default_value = "100")]
        runs: usize,
    },
}

// -- serve and demo (crates/serve) --

/// Where and how `serve` and `demo` listen.
#[derive(Args, Debug, Clone)]
pub struct ListenArg {
    /// Address and port to listen on. Anything but a loopback address (127.0.0.1, ::1)
    /// exposes the data to the network: entente warns, and has no authentication.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8750")]
    pub listen: std::net::SocketAddr,
    /// Stop any one database query after this many milliseconds (the request gets a 503).
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub query_timeout: u64,
}

/// Arguments of `serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The event database written by `entente ingest` (opened read-only).
    #[arg(long, value_name = "FILE", default_value = "entente.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub listen: ListenArg,
}

/// Arguments of `demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The articles to code (a file or a folder, read recursively).
    #[arg(long, value_name = "PATH", default_value = "samples")]
    pub articles: PathBuf,
    /// Code into this database and keep it (a re-run adds only what changed), instead of
    /// a temporary one.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// The date of articles that do not give one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", default_value = "2024-09-16")]
    pub date: String,
    #[command(flatten)]
    pub listen: ListenArg,
    #[command(flatten)]
    pub coder: CoderArg,
}
