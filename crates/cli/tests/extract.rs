//! End-to-end tests of `entente extract` and `entente eval-extract`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "entente-extract-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const PAGE: &str = r#"<html lang="en"><head><title>Dam opens - River Times</title>
<meta property="og:site_name" content="River Times">
<meta property="article:published_time" content="2021-06-01T12:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Dam opens</h1>
<p>The new dam on the river opened on Tuesday after six years of building work and a long dispute over its cost.</p>
<p>It will supply water to three towns and generate power for about ten thousand homes, the operator said.</p>
</article><footer>Copyright River Times</footer></body></html>"#;

#[test]
fn extract_prints_the_article_text_and_json_metadata() {
    let dir = temp_dir("page");
    let path = dir.join("dam.html");
    std::fs::write(&path, PAGE).expect("write");
    let p = path.to_str().expect("utf-8 path");

    let out = entente(&["extract", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = text(&out.stdout);
    assert!(
        body.starts_with("The new dam on the river opened"),
        "{body}"
    );
    assert!(body.contains("\n\nIt will supply water"));
    assert!(!body.contains("Copyright") && !body.contains("Home"));

    let out = entente(&[
        "extract",
        p,
        "--format",
        "json",
        "--url",
        "https://rivertimes.example/dam",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["title"], "Dam opens");
    assert_eq!(v["date"], "2021-06-01");
    assert_eq!(v["site"], "River Times");
    assert_eq!(v["url"], "https://rivertimes.example/dam");
    assert_eq!(v["language"], "en");
    assert!(v["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("The new dam")));
}

#[test]
fn extract_cleans_text_files() {
    let dir = temp_dir("txt");
    let path = dir.join("story.txt");
    std::fs::write(&path, "Russia imposed sanctions on Iran on Monday.\n\nREAD MORE: Other news\n\nThe move followed talks.\n").expect("write");
    let out = entente(&["extract", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "Russia imposed sanctions on Iran on Monday.\n\nThe move followed talks.\n"
    );
}

#[test]
fn extract_refuses_binary_and_missing_files_naming_them() {
    let dir = temp_dir("bad");
    let path = dir.join("image.html");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").expect("write");
    let out = entente(&["extract", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("image.html") && err.contains("not an HTML page"),
        "{err}"
    );

    let missing = dir.join("missing.html");
    let out = entente(&["extract", missing.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing.html"));
}

#[test]
fn eval_extract_scores_a_benchmark_folder() {
    let dir = temp_dir("bench");
    std::fs::create_dir_all(dir.join("html")).expect("html dir");
    std::fs::write(dir.join("html/a.html"), PAGE).expect("write");
    std::fs::write(
        dir.join("html/b.html"),
        "<html><body><div><p>Only this sentence is the article body of page b.</p></div></body></html>",
    )
    .expect("write");
    let truth = serde_json::json!({
        "a": {"articleBody": "The new dam on the river opened on Tuesday after six years of building work and a long dispute over its cost.\n\nIt will supply water to three towns and generate power for about ten thousand homes, the operator said.", "url": "https://rivertimes.example/dam"},
        "b": {"articleBody": "A gold text that page b does not contain at all.", "url": "https://b.example/"}
    });
    std::fs::write(dir.join("ground-truth.json"), truth.to_string()).expect("write");
    let outdir = dir.join("pred");
    let d = dir.to_str().expect("utf-8 path");
    let out = entente(&[
        "eval-extract",
        "--truth",
        d,
        "--system-output",
        outdir.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    // Page a is perfect, page b entirely wrong: precision and recall are both 0.5.
    assert!(
        report.starts_with("precision=0.5000 recall=0.5000 f1=0.5000 pages=2"),
        "{report}"
    );
    assert!(report.contains("pages/s"));
    assert!(
        std::fs::read_to_string(outdir.join("a.txt")).is_ok_and(|t| t.starts_with("The new dam"))
    );

    let out = entente(&["eval-extract", "--truth", d, "--min-f1", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("below the floor"));
}
