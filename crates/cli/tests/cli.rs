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
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("writes");
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
