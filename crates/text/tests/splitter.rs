//! Sentence splitting: punctuation, abbreviations, line structure and the length cap.

use entente_text::{tokenize, Tokenized, MAX_SENTENCE_WORDS};

/// The text of each sentence, after checking that sentences partition the words.
fn sentences(text: &str) -> Vec<&str> {
    let t = tokenize(text);
    check_partition(text, &t);
    t.sentences.iter().map(|s| &text[s.span.range()]).collect()
}

/// Sentences cover every word once, in order, never split a multi-word token and
/// span from their first word's start to their last word's end.
fn check_partition(text: &str, t: &Tokenized) {
    let mut next = 0;
    for s in &t.sentences {
        assert_eq!(s.first_word, next, "sentences must be contiguous");
        assert!(s.end_word > s.first_word, "empty sentence");
        assert!(s.end_word - s.first_word <= MAX_SENTENCE_WORDS);
        assert_eq!(s.span.start, t.words[s.first_word].span.start);
        assert_eq!(s.span.end, t.words[s.end_word - 1].span.end);
        if s.first_word > 0 {
            assert_ne!(
                t.words[s.first_word - 1].token,
                t.words[s.first_word].token,
                "multi-word token split across sentences in {text:?}"
            );
        }
        next = s.end_word;
    }
    assert_eq!(next, t.words.len(), "sentences must cover all words");
}

fn run(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = sentences(input);
        if got != *expected {
            failures.push(format!(
                "\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.concat());
}

#[test]
fn terminal_punctuation() {
    run(&[
        (
            "The vote was held on Sunday. Turnout was low! Was it fair? Observers said yes.",
            &[
                "The vote was held on Sunday.",
                "Turnout was low!",
                "Was it fair?",
                "Observers said yes.",
            ],
        ),
        (
            "Prices rose 3.5 percent. 2019 was worse.",
            &["Prices rose 3.5 percent.", "2019 was worse."],
        ),
        (
            "Talks stalled… Then the envoy left.",
            &["Talks stalled…", "Then the envoy left."],
        ),
        (
            "Talks stalled... and then resumed.",
            &["Talks stalled... and then resumed."],
        ),
        ("No punctuation at all", &["No punctuation at all"]),
        ("", &[]),
        (" \n\t\r\n ", &[]),
    ]);
}

#[test]
fn closing_quotes_and_brackets_stay_with_the_sentence() {
    run(&[
        (
            "\"We will not resign.\" The minister left.",
            &["\"We will not resign.\"", "The minister left."],
        ),
        (
            "“We will not resign.” The minister left.",
            &["“We will not resign.”", "The minister left."],
        ),
        (
            "(The figures were revised.) Markets fell.",
            &["(The figures were revised.)", "Markets fell."],
        ),
        ("\"Why now?\" he asked.", &["\"Why now?\" he asked."]),
        (
            "He was born in 1950. [3] He died in 2020.",
            &["He was born in 1950. [3]", "He died in 2020."],
        ),
        (
            "He left. \"It is over,\" an aide said.",
            &["He left.", "\"It is over,\" an aide said."],
        ),
    ]);
}

#[test]
fn abbreviations_that_continue() {
    run(&[
        (
            "Mr. Smith met Gen. Allen in Sept. to discuss No. 4 with Dr. Rao.",
            &["Mr. Smith met Gen. Allen in Sept. to discuss No. 4 with Dr. Rao."],
        ),
        (
            "The letter was signed by J. R. Ewing and Lt. Col. Day.",
            &["The letter was signed by J. R. Ewing and Lt. Col. Day."],
        ),
        (
            "Fruit, e.g. Apples, sold well.",
            &["Fruit, e.g. Apples, sold well."],
        ),
        (
            "The U.S. President spoke to Acme Inc. Chairman Lee.",
            &["The U.S. President spoke to Acme Inc. Chairman Lee."],
        ),
        (
            "Trading opened at 9 a.m. Tokyo time.",
            &["Trading opened at 9 a.m. Tokyo time."],
        ),
    ]);
}

#[test]
fn abbreviations_that_end_a_sentence() {
    run(&[
        (
            "The troops returned to the U.S. The war was over.",
            &["The troops returned to the U.S.", "The war was over."],
        ),
        (
            "Shares of Acme Inc. rose. It was sold to Beta Corp. He declined to comment.",
            &[
                "Shares of Acme Inc. rose.",
                "It was sold to Beta Corp.",
                "He declined to comment.",
            ],
        ),
        (
            "They bought grain, rice, etc. The ship sailed.",
            &["They bought grain, rice, etc.", "The ship sailed."],
        ),
        (
            "The deal closed at Acme Inc. \"It is done,\" he said.",
            &["The deal closed at Acme Inc.", "\"It is done,\" he said."],
        ),
    ]);
}

#[test]
fn lower_case_after_a_full_stop_still_ends_a_sentence() {
    run(&[
        (
            "the shop was closed. they said it would reopen.",
            &["the shop was closed.", "they said it would reopen."],
        ),
        ("Why? nobody knows.", &["Why?", "nobody knows."]),
    ]);
}

#[test]
fn headlines_bylines_and_lists_are_their_own_sentences() {
    let text = "Storm batters coast as thousands lose power\n\
                By Maria Lopez\n\
                Updated 10:45 GMT\n\
                Heavy rain and strong winds hit the northern coast on Sunday, cutting power to thousands of homes. Officials said repairs could take days.\n\
                Key points\n\
                - Power cut to 40,000 homes\n\
                - Schools closed on Monday\n\
                Photo: Waves break over the harbour wall";
    assert_eq!(
        sentences(text),
        [
            "Storm batters coast as thousands lose power",
            "By Maria Lopez",
            "Updated 10:45 GMT",
            "Heavy rain and strong winds hit the northern coast on Sunday, cutting power to thousands of homes.",
            "Officials said repairs could take days.",
            "Key points",
            "- Power cut to 40,000 homes",
            "- Schools closed on Monday",
            "Photo: Waves break over the harbour wall",
        ]
    );
}

#[test]
fn blank_lines_always_separate() {
    run(&[
        (
            "Election results\n\nThe ruling party won a majority",
            &["Election results", "The ruling party won a majority"],
        ),
        (
            "Shares in the company rose\r\n\r\nafter the announcement",
            &["Shares in the company rose", "after the announcement"],
        ),
        (
            "First part\u{2029}second part",
            &["First part", "second part"],
        ),
    ]);
}

#[test]
fn hard_wrapped_wire_copy_is_joined() {
    let text = "\
CENTRAL BANK HOLDS RATES

    LONDON, March 4 - The central bank left its main lending rate
unchanged on Thursday, saying that inflation pressures in the
economy had eased over the past three months but that it would
watch wage growth and the housing market closely.
    The decision, which was widely expected by analysts, followed a
sharp fall in consumer prices in January and February, the bank
said in a statement released after its monthly policy meeting.
    Sterling rose slightly against the dollar after the
announcement.
 REUTER
";
    assert_eq!(
        sentences(text)
            .iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        [
            "CENTRAL BANK HOLDS RATES",
            "LONDON, March 4 - The central bank left its main lending rate unchanged on \
             Thursday, saying that inflation pressures in the economy had eased over the \
             past three months but that it would watch wage growth and the housing market \
             closely.",
            "The decision, which was widely expected by analysts, followed a sharp fall in \
             consumer prices in January and February, the bank said in a statement released \
             after its monthly policy meeting.",
            "Sterling rose slightly against the dollar after the announcement.",
            "REUTER",
        ]
    );
}

#[test]
fn hard_wrapped_paragraphs_without_indentation() {
    let text = "\
Rescue teams reached the flooded villages on Tuesday after two days
of heavy rain had cut the only road into the valley, local officials
said. More than two hundred families were moved to schools and
sports halls in the provincial capital, where volunteers handed out
blankets and food.

The regional governor said damage to farms and bridges would cost
millions to repair and asked the national government for help.";
    let got = sentences(text);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[0].ends_with("officials\nsaid."));
    assert!(got[1].starts_with("More than"));
    assert!(got[2].starts_with("The regional governor"));
}

#[test]
fn short_lines_are_not_mistaken_for_wrapping() {
    let text = "Oil prices climb to a new high\n\
                Central bank holds rates steady amid inflation fears\n\
                Floods displace thousands in the north\n\
                Parliament approves the budget after a long debate";
    assert_eq!(sentences(text).len(), 4);
}

#[test]
fn long_runs_are_cut_at_the_cap() {
    let text = "word ".repeat(450);
    let t = tokenize(&text);
    let sizes: Vec<usize> = t
        .sentences
        .iter()
        .map(|s| s.end_word - s.first_word)
        .collect();
    assert_eq!(sizes, [200, 200, 50]);
    check_partition(&text, &t);
}

#[test]
fn forced_cuts_prefer_punctuation() {
    let clause = "the committee met again ";
    let mut text = String::new();
    for k in 0..60 {
        text.push_str(clause);
        text.push_str(if k % 7 == 6 { "; " } else { ", " });
    }
    let t = tokenize(&text);
    check_partition(&text, &t);
    assert!(t.sentences.len() >= 2);
    for s in &t.sentences[..t.sentences.len() - 1] {
        let last = t.words[s.end_word - 1].form(&text);
        assert_eq!(last, ";", "cut should follow a semicolon");
    }

    let mut text = String::new();
    for _ in 0..60 {
        text.push_str("officials said the talks would continue and ");
    }
    let t = tokenize(&text);
    check_partition(&text, &t);
    for s in &t.sentences[1..] {
        assert_eq!(
            t.words[s.first_word].form(&text),
            "and",
            "cut before a conjunction"
        );
    }
}

#[test]
fn huge_single_line_is_linear() {
    let text = "protest ".repeat(250_000); // 2 MB, one line, no punctuation
    let start = std::time::Instant::now();
    let t = tokenize(&text);
    assert_eq!(t.words.len(), 250_000);
    assert_eq!(t.sentences.len(), 250_000 / MAX_SENTENCE_WORDS);
    check_partition(&text, &t);
    assert!(
        start.elapsed().as_secs() < 20,
        "tokenizing took {:?}",
        start.elapsed()
    );
}

#[test]
fn control_characters_never_become_words() {
    let text = "Talks\u{0}resumed\u{1b}today.\u{7f} They\u{7}ended.";
    let t = tokenize(text);
    check_partition(text, &t);
    let forms: Vec<&str> = t.words.iter().map(|w| w.form(text)).collect();
    assert_eq!(
        forms,
        ["Talks", "resumed", "today", ".", "They", "ended", "."]
    );
    assert_eq!(t.sentences.len(), 2);
}

#[test]
fn multiword_tokens_are_never_split() {
    let text = format!("{}don't", "word ".repeat(MAX_SENTENCE_WORDS - 1));
    let t = tokenize(&text);
    check_partition(&text, &t);
    assert_eq!(t.sentences.len(), 2);
    assert_eq!(t.sentence_words(1).len(), 2);
}
