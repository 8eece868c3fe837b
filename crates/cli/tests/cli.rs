//! End-to-end tests of the `entente` binary: outputs, exit statuses and bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn entente(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(input) = stdin {
        // A command may finish (e.g. refuse to run) before reading its input.
        match child.stdin.take().expect("stdin").write_all(input) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("writes: {e}"),
            _ => {}
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("finishes")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn parse_prints_conllu_with_multiword_tokens() {
    let out = entente(
        &["parse", "-"],
        Some("Iran didn't sign the deal.\n".as_bytes()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let conllu = text(&out.stdout);
    assert!(
        conllu.contains("# text = Iran didn't sign the deal."),
        "{conllu}"
    );
    assert!(
        conllu.lines().any(|l| l.starts_with("2-3\tdidn't\t")),
        "{conllu}"
    );
    let words: Vec<&str> = conllu
        .lines()
        .filter(|l| {
            l.split('\t')
                .next()
                .is_some_and(|id| id.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(words.len(), 7, "{conllu}");
    assert!(words.iter().all(|l| l.split('\t').count() == 10));
}

#[test]
fn parse_json_gives_character_offsets() {
    let doc = "Ankara’s envoy met Kyiv’s minister.";
    let path = temp_file("offsets.txt", doc.as_bytes());
    let out = entente(
        &[
            "parse",
            "--format",
            "json",
            path.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["doc_id"], "offsets");
    let chars: Vec<char> = doc.chars().collect();
    for w in v["sentences"][0]["words"].as_array().expect("words") {
        let (s, e) = (
            w["span"][0].as_u64().expect("start") as usize,
            w["span"][1].as_u64().expect("end") as usize,
        );
        let form: String = chars[s..e].iter().collect();
        assert_eq!(form, w["form"].as_str().expect("form"));
    }
}

#[test]
fn invalid_utf8_is_replaced_with_one_warning() {
    let path = temp_file("latin1.txt", b"Caf\xe9 owners protested in Paris.\n");
    let out = entente(&["parse", path.to_str().expect("utf-8 path")], None);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.matches("invalid UTF-8").count(), 1, "{err}");
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(text(&out.stdout).contains("protested"));
}

#[test]
fn a_missing_file_fails_alone_and_the_rest_is_processed() {
    let good = temp_file("good.txt", b"Japan protested.\n");
    let out = entente(
        &[
            "parse",
            "/nonexistent/entente.txt",
            good.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/entente.txt"), "{err}");
    assert!(text(&out.stdout).contains("protested"));
}

#[test]
fn empty_and_control_character_input_parse_cleanly() {
    let out = entente(&["parse", "-"], Some(b""));
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let out = entente(&["parse", "-"], Some(b"\x00\x01\x02 Talks \x07ended.\x1b"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Talks"));
}

#[test]
fn usage_errors_exit_with_2() {
    let out = entente(&["parse", "--format", "yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = entente(&["no-such-command"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eval_reports_a_malformed_gold_file_with_its_line() {
    let path = temp_file(
        "bad.conllu",
        b"# text = Hi\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n1\tBye\tbye\n",
    );
    let out = entente(
        &["nlp", "eval", "--gold", path.to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bad.conllu:4"), "{err}");
}

fn events(stdout: &[u8]) -> Vec<serde_json::Value> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON event"))
        .collect()
}

#[test]
fn code_prints_one_json_event_per_line_with_the_contract_fields() {
    let out = entente(
        &["code", "-", "--date", "2024-05-15", "-q"],
        Some(b"Title\n\nRussia imposed new sanctions on Iran on Monday.\nREAD MORE: Russia imposes sanctions on Iraq\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ev = events(&out.stdout);
    assert_eq!(ev.len(), 1, "{}", text(&out.stdout));
    let e = &ev[0];
    for field in [
        "doc_id",
        "event_id",
        "sentence_index",
        "sentence",
        "span",
        "date",
        "source",
        "target",
        "code",
        "root",
        "quad_class",
        "goldstein",
        "plover",
        "trigger",
        "attribution",
        "modality",
        "quantities",
        "pattern",
    ] {
        assert!(e.get(field).is_some(), "missing {field}");
    }
    assert_eq!(e["source"]["code"], "RUS");
    assert_eq!(e["target"]["code"], "IRN");
    assert_eq!(e["code"], "163");
    assert_eq!(e["date"], "2024-05-13");
}

#[test]
fn code_reads_jsonl_and_reports_bad_lines_by_file_and_line() {
    let path = temp_file(
        "docs.jsonl",
        b"{\"id\": \"a\", \"text\": \"France condemned Russia.\", \"date\": \"2023-01-02\"}\n{not json\n{\"id\": \"b\", \"text\": \"Japan criticised China.\"}\n",
    );
    let out = entente(&["code", path.to_str().unwrap(), "-q"], None);
    assert_eq!(out.status.code(), Some(1), "some input failed");
    let err = text(&out.stderr);
    assert!(err.contains("docs.jsonl:2: malformed JSON"), "{err}");
    let ev = events(&out.stdout);
    let docs: Vec<&str> = ev.iter().filter_map(|e| e["doc_id"].as_str()).collect();
    assert_eq!(
        docs,
        ["a", "b"],
        "the run goes on after a bad line, in input order"
    );
}

#[test]
fn explain_shows_patterns_and_events() {
    let out = entente(&["explain", "Russia imposed new sanctions on Iran."], None);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("actor phrase \"Russia\""), "{s}");
    assert!(s.contains("matched"), "{s}");
    assert!(s.contains("event RUS → IRN 163"), "{s}");
}

#[test]
fn broken_dictionaries_are_refused_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("entente-dict-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("actors")).unwrap();
    std::fs::create_dir_all(dir.join("verbs")).unwrap();
    std::fs::write(
        dir.join("actors/a.txt"),
        "[country RUS] Russia\nname: Russia\nnonsense line\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("verbs/v.txt"),
        "[163] sanctions\nimpose sanction on $T\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = entente(&["dict", "check", d], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("a.txt:3:"),
        "{}",
        text(&out.stdout)
    );
    let out = entente(
        &["code", "--dict", d, "-"],
        Some(b"Russia imposed sanctions on Russia."),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--lenient"));
    let out = entente(
        &["code", "--dict", d, "--lenient", "-q", "-"],
        Some(b"Russia imposed sanctions on Russia."),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn eval_scores_sentence_gold() {
    let gold = temp_file(
        "gold.jsonl",
        b"{\"id\": \"s1\", \"date\": \"2020-01-01\", \"text\": \"Russia imposed sanctions on Iran.\", \"events\": [{\"source\": \"RUS\", \"target\": \"IRN\", \"code\": \"163\"}]}\n{\"id\": \"s2\", \"text\": \"The weather was fine.\", \"events\": [], \"noevents\": true}\n",
    );
    let out = entente(&["eval", "--gold", gold.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("root:  precision=1.000 recall=1.000 f1=1.000"),
        "{s}"
    );
    assert!(
        s.contains("exact: precision=1.000 recall=1.000 f1=1.000"),
        "{s}"
    );
}

fn petrarch_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/petrarch")
}

#[test]
fn validate_petrarch_counts_passes_per_category() {
    let xml = petrarch_data().join("validation.xml");
    let out = entente(&["validate-petrarch", xml.to_str().unwrap(), "-v"], None);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Five records are marked sentence="true"; the one about the sea expects an event
    // that nothing in the dictionaries codes.
    assert!(stdout.contains("FAIL V-05"), "{stdout}");
    let total = stdout.lines().find(|l| l.starts_with("total")).unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["total", "4", "5"]
    );
    let verb = stdout.lines().find(|l| l.starts_with("VERB")).unwrap();
    assert_eq!(
        verb.split_whitespace().collect::<Vec<_>>(),
        ["VERB", "1", "2"]
    );
    let out = entente(
        &[
            "validate-petrarch",
            xml.to_str().unwrap(),
            "--min-pass",
            "5",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn code_reads_petrarch_dictionaries() {
    let spec = format!("petrarch:{}", petrarch_data().display());
    let out = entente(
        &[
            "code",
            "--dictionaries",
            &spec,
            "--date",
            "2015-01-01",
            "-q",
        ],
        Some(b"Velmorian soldiers sent medicine to Tarsis.\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let event: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().expect("one event")).unwrap();
    assert_eq!(event["source"]["code"], "VLMMIL");
    assert_eq!(event["target"]["code"], "TRS");
    assert_eq!(event["code"], "070");
    let ini = petrarch_data().join("PETR_config.ini");
    let out = entente(
        &[
            "code",
            "--petrarch-config",
            ini.to_str().unwrap(),
            "--date",
            "2022-01-01",
            "-q",
        ],
        Some(b"Odile commended Velmora.\n"),
    );
    let first = text(&out.stdout);
    let event: serde_json::Value =
        serde_json::from_str(first.lines().next().expect("event")).unwrap();
    assert_eq!(event["source"]["code"], "TRSELI");
}

#[test]
fn dict_convert_writes_dictionaries_our_loaders_accept() {
    let dir = std::env::temp_dir().join(format!("entente-convert-{}", std::process::id()));
    let out = entente(
        &[
            "dict",
            "convert",
            "--petrarch",
            petrarch_data().to_str().unwrap(),
            "--output",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 discard phrases not converted"));
    let check = entente(&["dict", "check", dir.to_str().unwrap()], None);
    assert!(check.status.success(), "{}", text(&check.stdout));
    let actors = std::fs::read_to_string(dir.join("actors/Test.actors.txt")).unwrap();
    assert!(actors.contains("[country VLM] Velmora"));
    assert!(actors.contains("role: TRSGOV 2010-01-01..2020-12-31"));
}

#[test]
fn petrarch_errors_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("entente-petr-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "GOODLAND [GDL]\nBADLAND [BDL >991399]\n").unwrap();
    std::fs::write(dir.join("v.txt"), "--- PRAISE [051] ---\nPRAISE\n").unwrap();
    std::fs::write(
        dir.join("PETR_config.ini"),
        "[Dictionaries]\nverbfile_name = v.txt\nactorfile_list = a.txt\n",
    )
    .unwrap();
    let spec = format!("petrarch:{}", dir.display());
    let out = entente(&["code", "--dictionaries", &spec, "-q"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("a.txt:2:"),
        "{}",
        text(&out.stderr)
    );
    let out = entente(
        &["code", "--dictionaries", &spec, "--lenient", "-q"],
        Some(b"Goodland praised Goodland's neighbours.\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn nlp_clusters_learns_from_articles_and_treebanks() {
    let mut lines = String::new();
    for (i, (city, day)) in [
        ("Moscow", "Monday"),
        ("Tokyo", "Tuesday"),
        ("Paris", "Friday"),
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            "{{\"id\": \"{i}\", \"text\": \"Talks opened in {city} on {day}. Talks ended in {city} on {day}.\"}}\n"
        ));
    }
    let articles = temp_file("clusters-in.jsonl", lines.as_bytes());
    let treebank = temp_file(
        "clusters-in.conllu",
        b"1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\topened\topen\tVERB\tVBD\t_\t0\troot\t_\t_\n\n",
    );
    let output = articles.with_file_name("clusters.bin");
    let words = articles.with_file_name("clusters.txt");
    let out = entente(
        &[
            "nlp",
            "clusters",
            articles.to_str().unwrap(),
            "--conllu",
            treebank.to_str().unwrap(),
            "--levels",
            "4,2",
            "--min-count",
            "2",
            "-o",
            output.to_str().unwrap(),
            "--words",
            words.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("in 2 levels"),
        "{}",
        text(&out.stderr)
    );
    let listed = std::fs::read_to_string(&words).unwrap();
    let class = |w: &str| {
        listed
            .lines()
            .find(|l| l.split('\t').next() == Some(w))
            .map(|l| l.split('\t').nth(1).unwrap_or("").to_string())
    };
    assert!(class("talks").is_some(), "{listed}");
    assert_eq!(class("moscow"), class("tokyo"), "{listed}");
    assert!(std::fs::metadata(&output).unwrap().len() > 0);

    // Nothing to learn from is a clear error.
    let empty = temp_file("clusters-empty.jsonl", b"");
    let out = entente(
        &[
            "nlp",
            "clusters",
            empty.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no text"),
        "{}",
        text(&out.stderr)
    );
}
