//! Reader and writer: round trips, gzip, every error kind, recovery, and no panics.

use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;

use entente_conllu::{
    read_path, write_sentence, write_sentences, Error, ErrorKind, MultiwordToken, Reader, Sentence,
    Word,
};
use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;

/// Turns space-separated columns into tab-separated ones (comment lines are kept as they are).
fn tabs(text: &str) -> String {
    text.trim_end_matches(' ')
        .lines()
        .map(|line| {
            let line = line.trim_start();
            if line.starts_with('#') {
                line.to_owned()
            } else {
                line.split_whitespace().collect::<Vec<_>>().join("\t")
            }
        })
        .map(|line| line + "\n")
        .collect()
}

/// A small document with comments, a multi-word token, an empty node, and a `_` HEAD.
fn sample() -> String {
    tabs(
        "# newdoc id = toy
         # sent_id = toy-1
         # text = I don't know.
         1 I I PRON PRP Case=Nom|Number=Sing|Person=1|PronType=Prs 4 nsubj 4:nsubj _
         2-3 don't _ _ _ _ _ _ _ _
         2 do do AUX VBP Mood=Ind|Tense=Pres 4 aux 4:aux _
         3 n't not PART RB _ 4 advmod 4:advmod _
         4 know know VERB VB VerbForm=Inf 0 root 0:root SpaceAfter=No
         4.1 knows know VERB VBZ _ _ _ 4:conj CopyOf=4
         5 . . PUNCT . _ 4 punct 4:punct _

         #
         # sent_id = toy-2
         1 Yes yes INTJ UH _ _ discourse _ _

         ",
    )
}

fn read_str(text: &str) -> Vec<Result<Sentence, Error>> {
    Reader::new(text.as_bytes(), "test.conllu").collect()
}

fn read_ok(text: &str) -> Vec<Sentence> {
    Reader::new(text.as_bytes(), "test.conllu")
        .collect::<Result<_, _>>()
        .expect("valid CoNLL-U")
}

fn write_all(sentences: &[Sentence]) -> String {
    let mut out = Vec::new();
    write_sentences(&mut out, sentences).expect("writing to a Vec");
    String::from_utf8(out).expect("UTF-8 output")
}

/// The single error of a one-sentence input.
fn error_of(text: &str) -> Error {
    let mut items = read_str(text);
    assert_eq!(items.len(), 1, "expected one item for {text:?}");
    items.remove(0).expect_err("expected an error")
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("entente-conllu-{}-{name}", std::process::id()))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("compressing");
    encoder.finish().expect("compressing")
}

#[test]
fn reads_columns_comments_tokens_and_empty_nodes() {
    let sentences = read_ok(&sample());
    assert_eq!(sentences.len(), 2);
    let first = &sentences[0];
    assert_eq!(
        first.comments,
        ["newdoc id = toy", "sent_id = toy-1", "text = I don't know."]
    );
    assert_eq!(first.comment_value("text"), Some("I don't know."));
    assert!(first.starts_document());
    assert_eq!(first.words.len(), 5);
    assert_eq!(
        first.words[0],
        Word {
            id: 1,
            form: "I".into(),
            lemma: "I".into(),
            upos: "PRON".into(),
            xpos: "PRP".into(),
            feats: "Case=Nom|Number=Sing|Person=1|PronType=Prs".into(),
            head: Some(4),
            deprel: "nsubj".into(),
            deps: "4:nsubj".into(),
            misc: "_".into(),
        }
    );
    assert_eq!(first.words[3].head, Some(0));
    assert!(first.words[3].no_space_after());
    assert_eq!(
        first.tokens,
        [MultiwordToken {
            first: 2,
            last: 3,
            form: "don't".into(),
            misc: "_".into(),
        }]
    );
    assert_eq!(
        first.empty_nodes,
        ["4.1\tknows\tknow\tVERB\tVBZ\t_\t_\t_\t4:conj\tCopyOf=4"]
    );
    let second = &sentences[1];
    assert_eq!(second.comments, ["", "sent_id = toy-2"]);
    assert_eq!(second.words[0].head, None);
}

#[test]
fn round_trip_is_byte_exact() {
    let text = sample();
    assert_eq!(write_all(&read_ok(&text)), text);
}

#[test]
fn write_sentence_writes_one_block() {
    let sentences = read_ok(&sample());
    let mut out = Vec::new();
    write_sentence(&mut out, &sentences[1]).expect("writing to a Vec");
    let expected = "#\n# sent_id = toy-2\n1\tYes\tyes\tINTJ\tUH\t_\t_\tdiscourse\t_\t_\n\n";
    assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
}

#[test]
fn empty_node_before_first_word_round_trips() {
    let text = tabs(
        "0.1 said say VERB _ _ _ _ 0:root _
         1-2 He's _ _ _ _ _ _ _ _
         1 He he PRON _ _ 2 nsubj _ _
         2 's be AUX _ _ 0 root _ _
         2.1 x x X _ _ _ _ _ _
         2.2 y y X _ _ _ _ _ _

         ",
    );
    assert_eq!(write_all(&read_ok(&text)), text);
}

#[test]
fn final_sentence_without_blank_line() {
    let text = sample();
    let trimmed = text.trim_end_matches('\n');
    let sentences = read_ok(trimmed);
    assert_eq!(sentences, read_ok(&text));
    assert_eq!(write_all(&sentences), text);
}

#[test]
fn crlf_and_bom_are_accepted() {
    let text = sample();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let sentences = read_ok(&crlf);
    assert_eq!(sentences, read_ok(&text));
    assert_eq!(write_all(&sentences), text);
}

#[test]
fn extra_blank_lines_between_sentences_are_skipped() {
    let text = sample().replace("\n\n", "\n\n\n\n");
    assert_eq!(read_ok(&format!("\n\n{text}")), read_ok(&sample()));
}

#[test]
fn empty_input_has_no_sentences() {
    assert!(read_str("").is_empty());
    assert!(read_str("\n\n").is_empty());
}

#[test]
fn opens_gzip_by_magic_bytes() -> Result<(), Error> {
    let text = sample();
    // No `.gz` in the name: detection is by content.
    let path = temp_path("gzip-sample.conllu");
    std::fs::write(&path, gzip(text.as_bytes())).expect("writing a temp file");
    let from_gzip = read_path(&path);
    let reader = Reader::open(&path)?;
    assert!(reader.source_name().ends_with("gzip-sample.conllu"));
    let streamed: Vec<Sentence> = reader.collect::<Result<_, _>>()?;
    std::fs::remove_file(&path).ok();
    assert_eq!(from_gzip?, read_ok(&text));
    assert_eq!(streamed, read_ok(&text));
    Ok(())
}

#[test]
fn opens_plain_file() -> Result<(), Error> {
    let path = temp_path("plain.conllu");
    std::fs::write(&path, sample()).expect("writing a temp file");
    let sentences = read_path(&path);
    std::fs::remove_file(&path).ok();
    assert_eq!(sentences?, read_ok(&sample()));
    Ok(())
}

#[test]
fn concatenated_gzip_members_are_read() -> Result<(), Error> {
    let text = sample();
    let mut bytes = gzip(text.as_bytes());
    bytes.extend(gzip(text.as_bytes()));
    let path = temp_path("members.conllu.gz");
    std::fs::write(&path, bytes).expect("writing a temp file");
    let sentences = read_path(&path);
    std::fs::remove_file(&path).ok();
    assert_eq!(sentences?.len(), 4);
    Ok(())
}

#[test]
fn truncated_gzip_is_an_error() {
    let text = sample().repeat(50);
    let bytes = gzip(text.as_bytes());
    for cut in [3, 12, bytes.len() / 2, bytes.len() - 5, bytes.len() - 1] {
        let path = temp_path(&format!("truncated-{cut}.conllu.gz"));
        std::fs::write(&path, &bytes[..cut]).expect("writing a temp file");
        let result = read_path(&path);
        std::fs::remove_file(&path).ok();
        let err = result.expect_err("truncated gzip must fail");
        assert!(
            matches!(err.kind(), ErrorKind::TruncatedGzip(_)),
            "cut at {cut}: {err}"
        );
        assert!(err.to_string().contains("truncated-"), "{err}");
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read_path(temp_path("does-not-exist.conllu")).expect_err("no such file");
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
    assert!(err
        .to_string()
        .contains("does-not-exist.conllu:0: I/O error"));
}

#[test]
fn io_error_is_reported_and_ends_iteration() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }
    let good = sample();
    let input = good.as_bytes().chain(Failing);
    let items: Vec<_> = Reader::new(BufReader::new(input), "flaky.conllu").collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    let err = items[2].as_ref().expect_err("the I/O error");
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
    assert_eq!(err.to_string(), "flaky.conllu:16: I/O error: disk on fire");
}

/// Each malformed input, the expected message, and the expected line.
#[test]
fn every_error_names_file_and_line() {
    let word = |id: &str, head: &str| format!("{id}\tw\tw\tX\t_\t_\t{head}\tdep\t_\t_\n");
    let cases: Vec<(String, &str)> = vec![
        (
            format!("# c\n{}1\tw\t_\n", word("1", "0")),
            "test.conllu:3: expected 10 tab-separated columns, found 3",
        ),
        (
            "1\t\tw\tX\t_\t_\t0\troot\t_\t_\n".into(),
            "test.conllu:1: empty FORM column",
        ),
        (
            "\t\tw\tX\t_\t_\t0\troot\t_\t_\n".into(),
            "test.conllu:1: empty ID column",
        ),
        (word("x", "0"), "test.conllu:1: invalid ID \"x\""),
        (word("01", "0"), "test.conllu:1: invalid ID \"01\""),
        (word("+1", "0"), "test.conllu:1: invalid ID \"+1\""),
        (word("0", "0"), "test.conllu:1: invalid ID \"0\""),
        (word("1-x", "0"), "test.conllu:1: invalid ID \"1-x\""),
        (word("1.0", "0"), "test.conllu:1: invalid ID \"1.0\""),
        (
            format!("{}{}", word("1", "0"), word("3", "1")),
            "test.conllu:2: expected ID 2, found \"3\"",
        ),
        (
            format!("{}{}", word("1", "0"), word("1.2", "_")),
            "test.conllu:2: expected ID 1.1, found \"1.2\"",
        ),
        (
            format!("{}{}", word("1", "x"), word("2", "1")),
            "test.conllu:1: HEAD \"x\" is not an integer",
        ),
        (
            word("1", "-1"),
            "test.conllu:1: HEAD \"-1\" is not an integer",
        ),
        (
            format!("{}{}{}", word("1", "0"), word("2", "7"), word("3", "1")),
            "test.conllu:2: HEAD 7 is out of range for a sentence of 3 words",
        ),
        (
            format!("{}{}", word("1-1", "_"), word("1", "0")),
            "test.conllu:1: invalid multi-word token range \"1-1\": \
             the range must span at least two words",
        ),
        (
            format!("{}{}", word("1", "0"), word("2-3", "_")),
            "test.conllu:2: invalid multi-word token range \"2-3\": \
             it ends after the last word of the sentence",
        ),
        (
            format!("{}{}{}", word("1-2", "_"), word("1", "0"), word("2-3", "_")),
            "test.conllu:3: invalid multi-word token range \"2-3\": \
             it overlaps the previous multi-word token",
        ),
        (
            format!("{}{}", word("1", "0"), word("3-4", "_")),
            "test.conllu:2: expected ID 2, found \"3-4\"",
        ),
        (
            "# only a comment\n".into(),
            "test.conllu:1: sentence has no words",
        ),
        (
            format!("{}\u{feff}\n", word("1", "0")),
            "test.conllu:2: expected 10 tab-separated columns, found 1",
        ),
    ];
    for (text, expected) in cases {
        let err = error_of(&text);
        assert_eq!(err.to_string(), expected, "input {text:?}");
        assert_eq!(err.source_name(), "test.conllu");
    }
}

#[test]
fn error_kinds_carry_the_bad_input() {
    let err = error_of("1\tw\tw\n");
    assert_eq!(err.line(), 1);
    assert!(matches!(err.kind(), ErrorKind::ColumnCount { found: 3 }));
    let err = error_of("1\tw\tw\tX\t_\t_\tH\tdep\t_\t_\n");
    assert!(matches!(err.into_kind(), ErrorKind::BadHead(h) if h == "H"));
}

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    let mut bytes = b"# ok\n1\tw".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\tw\tX\t_\t_\t0\troot\t_\t_\n");
    let items: Vec<_> = Reader::new(&bytes[..], "bytes.conllu").collect();
    assert_eq!(items.len(), 1);
    let err = items[0].as_ref().expect_err("invalid UTF-8");
    assert!(matches!(err.kind(), ErrorKind::InvalidUtf8(_)));
    assert!(err.to_string().starts_with("bytes.conllu:2: invalid UTF-8"));
}

#[test]
fn reading_continues_after_a_bad_sentence() {
    let good = sample();
    let bad = "1\tbad\n2\tworse\n\n";
    let text = format!("{good}{bad}{good}");
    let items = read_str(&text);
    assert_eq!(items.len(), 5);
    let err = items[2].as_ref().expect_err("the bad sentence");
    // The first error of the block is reported; the rest of the block is skipped.
    assert_eq!(err.line(), 16);
    let expected = read_ok(&good);
    assert_eq!(items[3].as_ref().ok(), Some(&expected[0]));
    assert_eq!(items[4].as_ref().ok(), Some(&expected[1]));
}

#[test]
fn mwt_columns_other_than_form_and_misc_are_written_as_underscore() {
    let sentence = Sentence {
        words: vec![
            Word {
                id: 1,
                form: "a".into(),
                head: Some(0),
                ..Word::default()
            },
            Word {
                id: 2,
                form: "b".into(),
                head: Some(1),
                ..Word::default()
            },
        ],
        tokens: vec![MultiwordToken {
            first: 1,
            last: 2,
            form: "ab".into(),
            misc: "SpaceAfter=No".into(),
        }],
        ..Sentence::default()
    };
    let out = write_all(std::slice::from_ref(&sentence));
    assert_eq!(
        out,
        "1-2\tab\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n1\ta\t\t\t\t\t0\t\t\t\n2\tb\t\t\t\t\t1\t\t\t\n\n"
    );
}

/// A column value: non-empty, without tabs, newlines or a leading `#`.
fn column() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_:|=.,'ü-]{1,6}"
}

fn word_strategy(id: u32, words: u32) -> impl Strategy<Value = Word> {
    (prop::array::uniform8(column()), prop::option::of(0..=words)).prop_map(move |(c, head)| Word {
        id,
        form: c[0].clone(),
        lemma: c[1].clone(),
        upos: c[2].clone(),
        xpos: c[3].clone(),
        feats: c[4].clone(),
        head,
        deprel: c[5].clone(),
        deps: c[6].clone(),
        misc: c[7].clone(),
    })
}

/// Well-formed sentences: 1-6 words, some multi-word tokens and empty nodes.
fn sentence_strategy() -> impl Strategy<Value = Sentence> {
    (1u32..=6).prop_flat_map(|n| {
        let words: Vec<_> = (1..=n).map(|id| word_strategy(id, n)).collect();
        (
            prop::collection::vec("[^\r\n]{0,12}", 0..3),
            words,
            prop::collection::vec(any::<bool>(), n as usize),
            prop::collection::vec((0..=n, 1u32..3), 0..3),
        )
            .prop_map(move |(comments, words, starts, empty)| Sentence {
                comments,
                tokens: tokens_from(&starts, n),
                empty_nodes: empty_nodes_from(empty),
                words,
            })
    })
}

/// A two-word multi-word token at each marked word that has room for one.
fn tokens_from(starts: &[bool], n: u32) -> Vec<MultiwordToken> {
    let mut tokens = Vec::new();
    let mut id = 1;
    while id < n {
        if starts[id as usize - 1] {
            tokens.push(MultiwordToken {
                first: id,
                last: id + 1,
                form: format!("mwt{id}"),
                misc: "_".into(),
            });
            id += 2;
        } else {
            id += 1;
        }
    }
    tokens
}

/// Empty nodes `k.1`, `k.2`, ... after the chosen words, in order.
fn empty_nodes_from(mut picks: Vec<(u32, u32)>) -> Vec<String> {
    picks.sort_unstable();
    picks.dedup_by_key(|p| p.0);
    picks
        .into_iter()
        .flat_map(|(k, count)| {
            (1..=count).map(move |m| format!("{k}.{m}\te\t_\t_\t_\t_\t_\t_\t{k}:dep\t_"))
        })
        .collect()
}

/// Mostly well-formed lines (right IDs, sometimes a bad HEAD, range or stray tab).
fn conllu_like(pieces: &[(u8, String)]) -> String {
    let mut text = String::new();
    let mut next = 1u32;
    for (kind, field) in pieces {
        let head = u32::from(*kind / 8) % (next + 2);
        let line = match kind % 8 {
            0..=3 => {
                next += 1;
                format!("{}\t{field}\t_\tX\t_\t_\t{head}\tdep\t_\t_", next - 1)
            }
            4 => format!(
                "{next}-{}\t{field}\t_\t_\t_\t_\t_\t_\t_\t_",
                next + 1 + head % 2
            ),
            5 => format!("{}.1\t{field}\t_\t_\t_\t_\t_\t_\t_\t_", next - 1),
            6 => format!("# {field}"),
            _ => {
                next = 1;
                String::new()
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,300}") {
        for sentence in Reader::new(text.as_bytes(), "prop").flatten() {
            let mut out = Vec::new();
            write_sentence(&mut out, &sentence).expect("writing to a Vec");
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _: Vec<_> = Reader::new(&bytes[..], "prop").collect();
    }

    #[test]
    fn conllu_like_lines_never_panic(
        pieces in prop::collection::vec((any::<u8>(), "[a-z_\t]{1,3}"), 0..16)
    ) {
        let text = conllu_like(&pieces);
        for sentence in Reader::new(text.as_bytes(), "prop").flatten() {
            // Whatever parsed must survive a write and a second read unchanged.
            let mut out = Vec::new();
            write_sentence(&mut out, &sentence).expect("writing to a Vec");
            let again: Vec<_> = Reader::new(&out[..], "again").collect();
            prop_assert_eq!(again.len(), 1);
            prop_assert_eq!(again[0].as_ref().ok(), Some(&sentence));
        }
    }

    #[test]
    fn written_sentences_read_back_equal(sentences in prop::collection::vec(sentence_strategy(), 1..4)) {
        let text = write_all(&sentences);
        let back = read_ok(&text);
        prop_assert_eq!(&back, &sentences);
        prop_assert_eq!(write_all(&back), text);
    }
}
