//! CoNLL 2018 shared-task scores on small hand-made documents, and `document_text`.

use entente_conllu::eval::{evaluate, EvalError, Score, Scores};
use entente_conllu::{document_text, Reader, Sentence};

/// Parses CoNLL-U written with spaces between columns.
fn parse(text: &str) -> Vec<Sentence> {
    let tabbed: String = text
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = if line.starts_with('#') {
                line.to_owned()
            } else {
                line.split_whitespace().collect::<Vec<_>>().join("\t")
            };
            line + "\n"
        })
        .collect();
    Reader::new(tabbed.as_bytes(), "test")
        .collect::<Result<_, _>>()
        .expect("valid CoNLL-U")
}

fn scores(gold: &str, system: &str) -> Scores {
    evaluate(&parse(gold), &parse(system)).expect("same text")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Checks counts and precision, recall, F1.
fn check(name: &str, score: &Score, correct: usize, gold: usize, system: usize) {
    assert_eq!(
        (score.correct, score.gold, score.system),
        (correct, gold, system),
        "{name}: (correct, gold, system)"
    );
    let p = correct as f64 / system as f64;
    let r = correct as f64 / gold as f64;
    assert!(close(score.precision(), p), "{name} precision");
    assert!(close(score.recall(), r), "{name} recall");
    let f1 = 2.0 * correct as f64 / (gold + system) as f64;
    assert!(close(score.f1(), f1), "{name} F1");
}

const CAT: &str = "
    # text = The cat sat.
    1 The the DET DT Definite=Def|PronType=Art 2 det _ _
    2 cat cat NOUN NN Number=Sing 3 nsubj _ _
    3 sat sit VERB VBD Mood=Ind|Tense=Past|VerbForm=Fin 0 root _ SpaceAfter=No
    4 . . PUNCT . _ 3 punct _ _

    # text = It purred.
    1 It it PRON PRP Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs 2 nsubj _ _
    2 purred purr VERB VBD Mood=Ind|Tense=Past|VerbForm=Fin 0 root _ SpaceAfter=No
    3 . . PUNCT . _ 2 punct _ _
";

#[test]
fn identical_files_score_100_everywhere() {
    let s = scores(CAT, CAT);
    for (name, score) in s.metrics() {
        assert!(close(score.f1(), 1.0), "{name}");
        assert!(close(score.precision(), 1.0), "{name}");
        assert!(close(score.recall(), 1.0), "{name}");
        if let Some(acc) = score.aligned_accuracy() {
            assert!(close(acc, 1.0), "{name}");
        }
    }
    check("words", &s.words, 7, 7, 7);
    check("sentences", &s.sentences, 2, 2, 2);
    // CLAS and friends count content words only: cat, sat, It, purred.
    check("CLAS", &s.clas, 4, 4, 4);
    assert_eq!(s.upos.aligned, Some(7));
    assert_eq!(s.tokens.aligned, None);
}

#[test]
fn changed_annotations_give_exact_scores() {
    // Word 1: wrong head (3). Word 2: PROPN. Word 3: lemma "sat", features reordered
    // plus a language-specific one (ignored by UFeats). Word 4: `dep` instead of `punct`.
    let system = "
        1 The the DET DT Definite=Def|PronType=Art 3 det _ _
        2 cat cat PROPN NN Number=Sing 3 nsubj _ _
        3 sat sat VERB VBD Tense=Past|Mood=Ind|VerbForm=Fin|Foo=Bar 0 root _ _
        4 . . PUNCT . _ 3 dep _ _

        1 It it PRON PRP Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs 2 nsubj _ _
        2 purred purr VERB VBD Mood=Ind|Tense=Past|VerbForm=Fin 0 root _ _
        3 . . PUNCT . _ 2 punct _ _
    ";
    let s = scores(CAT, system);
    check("tokens", &s.tokens, 7, 7, 7);
    check("words", &s.words, 7, 7, 7);
    check("UPOS", &s.upos, 6, 7, 7);
    check("XPOS", &s.xpos, 7, 7, 7);
    check("UFeats", &s.ufeats, 7, 7, 7);
    check("AllTags", &s.alltags, 6, 7, 7);
    check("Lemmas", &s.lemmas, 6, 7, 7);
    check("UAS", &s.uas, 6, 7, 7);
    check("LAS", &s.las, 5, 7, 7);
    // Content words: gold cat, sat, It, purred; the system also calls "." `dep` (content).
    check("CLAS", &s.clas, 4, 4, 5);
    // MLAS: cat has the wrong UPOS and loses its functional child The, which sat gains.
    check("MLAS", &s.mlas, 2, 4, 5);
    // BLEX: sat has the wrong lemma; functional children do not matter here.
    check("BLEX", &s.blex, 3, 4, 5);
    assert_eq!(s.las.aligned, Some(7));
    assert!(close(s.las.aligned_accuracy().unwrap_or(0.0), 5.0 / 7.0));
}

#[test]
fn mlas_checks_functional_children() {
    // Only the determiner's head changes: cat loses its functional child in the system.
    let system = CAT.replace(
        "1 The the DET DT Definite=Def|PronType=Art 2 det",
        "1 The the DET DT Definite=Def|PronType=Art 3 det",
    );
    let s = scores(CAT, &system);
    check("LAS", &s.las, 6, 7, 7);
    check("CLAS", &s.clas, 4, 4, 4);
    check("MLAS", &s.mlas, 2, 4, 4);
    check("BLEX", &s.blex, 4, 4, 4);
}

#[test]
fn deprel_subtypes_are_ignored() {
    let gold = "
        1 Her she PRON PRP$ _ 2 nmod:poss _ _
        2 book book NOUN NN _ 4 nsubj:pass _ _
        3 was be AUX VBD _ 4 aux:pass _ _
        4 read read VERB VBN _ 0 root _ _
    ";
    let system = "
        1 Her she PRON PRP$ _ 2 nmod _ _
        2 book book NOUN NN _ 4 nsubj:xsubj _ _
        3 was be AUX VBD _ 4 aux _ _
        4 read read VERB VBN _ 0 root:x _ _
    ";
    let s = scores(gold, system);
    check("LAS", &s.las, 4, 4, 4);
    check("CLAS", &s.clas, 3, 3, 3);
    check("MLAS", &s.mlas, 3, 3, 3);
}

#[test]
fn gold_lemma_underscore_matches_anything() {
    let gold = "1 Hi _ INTJ UH _ 0 root _ _\n2 there there ADV RB _ 1 advmod _ _\n";
    let system = "1 Hi hi INTJ UH _ 0 root _ _\n2 there here ADV RB _ 1 advmod _ _\n";
    let s = scores(gold, system);
    check("Lemmas", &s.lemmas, 1, 2, 2);
}

#[test]
fn gold_tokenization_makes_f1_equal_accuracy() {
    let system = CAT
        .replace("DET DT", "PRON DT")
        .replace("sit VERB", "sat AUX")
        .replace("2 nsubj", "3 obj")
        .replace("3 punct", "1 punct");
    let s = scores(CAT, &system);
    assert!(s.upos.correct < s.upos.gold && s.uas.correct < s.uas.gold);
    for (name, score) in s.metrics() {
        if let Some(acc) = score.aligned_accuracy() {
            assert!(close(score.f1(), acc), "{name}: F1 {} vs {acc}", score.f1());
        }
    }
}

#[test]
fn split_and_merged_tokens() {
    // Gold: New | York | cannot | wait. System: NewYork | can | not | wait.
    let gold = "
        1 New New PROPN NNP _ 2 compound _ _
        2 York York PROPN NNP _ 4 nsubj _ _
        3 cannot cannot AUX MD _ 4 aux _ _
        4 wait wait VERB VB _ 0 root _ _
    ";
    let system = "
        1 NewYork NewYork PROPN NNP _ 4 nsubj _ _
        2 can can AUX MD _ 4 aux _ _
        3 not not PART RB _ 4 advmod _ _
        4 wait wait VERB VB _ 0 root _ _
    ";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 1, 4, 4);
    check("words", &s.words, 1, 4, 4);
    check("UAS", &s.uas, 1, 4, 4);
    assert_eq!(s.uas.aligned, Some(1));
    assert!(close(s.uas.aligned_accuracy().unwrap_or(0.0), 1.0));
    check("sentences", &s.sentences, 1, 1, 1);
}

#[test]
fn one_merged_token_of_five() {
    let gold = "1 New _ X _ _ 0 root _ _\n2 York _ X _ _ 1 flat _ _\n3 is _ X _ _ 1 cop _ _\n\
                4 big _ X _ _ 1 amod _ _\n5 . _ X _ _ 1 punct _ _\n";
    let system = "1 NewYork _ X _ _ 0 root _ _\n2 is _ X _ _ 1 cop _ _\n3 big _ X _ _ 1 amod _ _\n\
                  4 . _ X _ _ 1 punct _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 3, 5, 4);
    check("words", &s.words, 3, 5, 4);
    assert!(close(s.tokens.f1(), 6.0 / 9.0));
    // Heads point at NewYork, which is not aligned: no attachment is right.
    check("UAS", &s.uas, 0, 5, 4);
}

const DONT_MWT: &str = "
    1-2 don't _ _ _ _ _ _ _ _
    1 do do AUX VBP _ 3 aux _ _
    2 n't not PART RB _ 3 advmod _ _
    3 go go VERB VB _ 0 root _ _
";

const DONT_SPLIT: &str = "
    1 do do AUX VBP _ 3 aux _ SpaceAfter=No
    2 n't not PART RB _ 3 advmod _ _
    3 go go VERB VB _ 0 root _ _
";

#[test]
fn multiword_token_against_separate_tokens() {
    let s = scores(DONT_MWT, DONT_SPLIT);
    // Tokens: gold don't, go; system do, n't, go.
    check("tokens", &s.tokens, 1, 2, 3);
    assert!(close(s.tokens.f1(), 0.4));
    // Words align inside the multi-word token by their forms.
    check("words", &s.words, 3, 3, 3);
    check("LAS", &s.las, 3, 3, 3);
    // And the other way round.
    let s = scores(DONT_SPLIT, DONT_MWT);
    check("tokens", &s.tokens, 1, 3, 2);
    check("words", &s.words, 3, 3, 3);
    check("UAS", &s.uas, 3, 3, 3);
}

#[test]
fn multiword_alignment_ignores_case() {
    let gold =
        "1-2 Don't _ _ _ _ _ _ _ _\n1 Do do AUX _ _ 3 aux _ _\n2 n't not PART _ _ 3 advmod _ _\n\
                3 go go VERB _ _ 0 root _ _\n";
    let system =
        "1-2 Don't _ _ _ _ _ _ _ _\n1 do do AUX _ _ 3 aux _ _\n2 N'T not PART _ _ 3 advmod _ _\n\
                  3 go go VERB _ _ 0 root _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 2, 2, 2);
    check("words", &s.words, 3, 3, 3);
    check("UAS", &s.uas, 3, 3, 3);
}

#[test]
fn multiword_words_with_other_forms_do_not_align() {
    // Gold splits "del" into de + el; the system keeps one word "del".
    let gold = "1-2 del _ _ _ _ _ _ _ _\n1 de de ADP _ _ 3 case _ _\n2 el el DET _ _ 3 det _ _\n\
                3 mar mar NOUN _ _ 0 root _ _\n";
    let system = "1 del del ADP _ _ 2 case _ _\n2 mar mar NOUN _ _ 0 root _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 2, 2, 2);
    check("words", &s.words, 1, 3, 2);
    assert!(close(s.words.f1(), 0.4));
    check("UPOS", &s.upos, 1, 3, 2);
    check("UAS", &s.uas, 1, 3, 2);
}

#[test]
fn different_multiword_splits_align_common_words() {
    // Gold: "vámonos" = vamos + nos; system: "vámonos" = vámo + nos.
    let gold = "1-2 vámonos _ _ _ _ _ _ _ _\n1 vamos ir VERB _ _ 0 root _ _\n\
                2 nos nosotros PRON _ _ 1 obj _ _\n";
    let system = "1-2 vámonos _ _ _ _ _ _ _ _\n1 vámo ir VERB _ _ 0 root _ _\n\
                  2 nos nosotros PRON _ _ 1 obj _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 1, 1, 1);
    check("words", &s.words, 1, 2, 2);
    // "nos" is aligned but its head (vamos / vámo) is not.
    check("UAS", &s.uas, 0, 2, 2);
    check("Lemmas", &s.lemmas, 1, 2, 2);
}

#[test]
fn sentence_split_differences() {
    let gold = "
        1 Hello hello INTJ UH _ 0 root _ _
        2 world world NOUN NN _ 1 vocative _ _
        3 ! ! PUNCT . _ 1 punct _ _

        1 Bye bye INTJ UH _ 0 root _ _
        2 now now ADV RB _ 1 advmod _ _
        3 . . PUNCT . _ 1 punct _ _
    ";
    let three = "
        1 Hello hello INTJ UH _ 0 root _ _
        2 world world NOUN NN _ 1 vocative _ _
        3 ! ! PUNCT . _ 1 punct _ _

        1 Bye bye INTJ UH _ 0 root _ _

        1 now now ADV RB _ 0 root _ _
        2 . . PUNCT . _ 1 punct _ _
    ";
    let s = scores(gold, three);
    check("sentences", &s.sentences, 1, 2, 3);
    assert!(close(s.sentences.f1(), 0.4));
    check("words", &s.words, 6, 6, 6);
    // "now" is a root in the system; "." is attached to "now", not "Bye".
    check("UAS", &s.uas, 4, 6, 6);

    let one = "
        1 Hello hello INTJ UH _ 0 root _ _
        2 world world NOUN NN _ 1 vocative _ _
        3 ! ! PUNCT . _ 1 punct _ _
        4 Bye bye INTJ UH _ 1 parataxis _ _
        5 now now ADV RB _ 4 advmod _ _
        6 . . PUNCT . _ 4 punct _ _
    ";
    let s = scores(gold, one);
    check("sentences", &s.sentences, 0, 2, 1);
    check("tokens", &s.tokens, 6, 6, 6);
    check("LAS", &s.las, 5, 6, 6);
}

#[test]
fn different_text_is_an_error() {
    let gold = parse("1 The _ _ _ _ 0 root _ _\n2 cat _ _ _ _ 1 dep _ _\n");
    let system = parse("1 The _ _ _ _ 0 root _ _\n2 cot _ _ _ _ 1 dep _ _\n");
    let err = evaluate(&gold, &system).expect_err("texts differ");
    let EvalError::TextMismatch {
        offset,
        gold: g,
        system: s,
    } = &err
    else {
        panic!("unexpected error {err}");
    };
    assert_eq!((*offset, g.as_str(), s.as_str()), (4, "at", "ot"));
    assert_eq!(
        err.to_string(),
        "gold and system texts differ at character 4 (whitespace removed): \
         gold \"at\", system \"ot\""
    );
    let shorter = parse("1 The _ _ _ _ 0 root _ _\n");
    let err = evaluate(&gold, &shorter).expect_err("texts differ");
    assert!(matches!(err, EvalError::TextMismatch { offset: 3, .. }));
}

#[test]
fn empty_documents_score_zero_without_panicking() {
    let s = evaluate(&[], &[]).expect("both empty");
    assert_eq!(s.words.f1(), 0.0);
    assert_eq!(s.upos.aligned_accuracy(), None);
}

#[test]
fn table_matches_the_shared_task_layout() {
    let system = CAT.replace("cat NOUN", "cat PROPN");
    let table = scores(CAT, &system).table();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 15);
    assert_eq!(
        lines[0],
        "Metric     | Precision |    Recall |  F1 Score | AligndAcc"
    );
    assert_eq!(
        lines[1],
        "-----------+-----------+-----------+-----------+-----------"
    );
    assert_eq!(lines[2], "Tokens     |    100.00 |    100.00 |    100.00 |");
    assert_eq!(
        lines[5],
        "UPOS       |     85.71 |     85.71 |     85.71 |     85.71"
    );
    assert_eq!(
        lines[14],
        "BLEX       |    100.00 |    100.00 |    100.00 |    100.00"
    );
}

#[test]
fn document_text_uses_text_comments_and_paragraphs() {
    let doc = parse(
        "
        # newdoc id = d1
        # text = The cat sat.
        1 The _ _ _ _ 0 root _ _

        # text = It purred.
        1 It _ _ _ _ 0 root _ _

        # newpar
        1-2 Don't _ _ _ _ _ _ _ _
        1 Do _ _ _ _ 0 root _ _
        2 n't _ _ _ _ 1 advmod _ _
        3 go _ _ _ _ 1 dep _ SpaceAfter=No
        4 ! _ _ _ _ 1 punct _ _

        # newdoc
        1 (( _ _ _ _ 0 root _ SpaceAfter=No
        2 Yes _ _ _ _ 1 dep _ SpaceAfter=No
        ",
    );
    assert_eq!(
        document_text(&doc),
        "The cat sat. It purred.\n\nDon't go!\n\n((Yes"
    );
    assert_eq!(document_text(&[]), "");
}

#[test]
fn document_text_honours_space_after_on_multiword_tokens() {
    let doc = parse(
        "1-2 Al _ _ _ _ _ _ _ SpaceAfter=No\n1 A _ _ _ _ 0 root _ _\n2 l _ _ _ _ 1 dep _ _\n\
         3 , _ _ _ _ 1 punct _ _\n4 x _ _ _ _ 1 dep _ _\n",
    );
    assert_eq!(document_text(&doc), "Al, x");
}

#[test]
fn overlapping_multiword_tokens_form_one_region() {
    // Gold "abcd" = a b c d; system "ab" = a b and "cd" = c d.
    let gold = "1-4 abcd _ _ _ _ _ _ _ _\n1 a _ X _ _ 0 root _ _\n2 b _ X _ _ 1 dep _ _\n\
                3 c _ X _ _ 1 dep _ _\n4 d _ X _ _ 3 dep _ _\n";
    let system = "1-2 ab _ _ _ _ _ _ _ _\n1 a _ X _ _ 0 root _ _\n2 b _ X _ _ 1 dep _ _\n\
                  3-4 cd _ _ _ _ _ _ _ _\n3 c _ X _ _ 1 dep _ _\n4 d _ X _ _ 1 dep _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 0, 1, 2);
    check("words", &s.words, 4, 4, 4);
    check("UAS", &s.uas, 3, 4, 4);
}

#[test]
fn word_before_a_multiword_token_is_aligned_by_span() {
    // Gold: x | "yz" = y z. System: x | y | z.
    let gold = "1 x _ X _ _ 0 root _ _\n2-3 yz _ _ _ _ _ _ _ _\n2 y _ X _ _ 1 dep _ _\n\
                3 z _ X _ _ 1 dep _ _\n";
    let system = "1 x _ X _ _ 0 root _ _\n2 y _ X _ _ 1 dep _ _\n3 z _ X _ _ 2 dep _ _\n";
    let s = scores(gold, system);
    check("tokens", &s.tokens, 1, 2, 3);
    check("words", &s.words, 3, 3, 3);
    check("UAS", &s.uas, 2, 3, 3);
}
