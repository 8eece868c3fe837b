//! The lemmatizer on a small hand-made corpus: learned lookups, suffix rules for unseen
//! words, irregulars, proper nouns, numbers and punctuation, and its encoding.

use entente_nlp::codec::{Decoder, Encoder};
use entente_nlp::{GoldSentence, Lemmatizer, Upos};

/// A sentence from `form/lemma/UPOS/XPOS` items.
fn sentence(items: &str) -> GoldSentence {
    let mut s = GoldSentence::default();
    for item in items.split_whitespace() {
        let parts: Vec<&str> = item.split('/').collect();
        let [form, lemma, upos, xpos] = parts[..] else {
            panic!("bad item {item}");
        };
        s.forms.push(form.to_string());
        s.lemmas.push(lemma.to_string());
        s.upos.push(upos.parse().expect("a UPOS tag"));
        s.xpos.push(xpos.to_string());
        s.heads.push(0);
        s.deprels.push("dep".to_string());
    }
    s
}

fn corpus() -> Vec<GoldSentence> {
    [
        "The/the/DET/DT soldiers/soldier/NOUN/NNS walked/walk/VERB/VBD to/to/ADP/IN Kyiv/Kyiv/PROPN/NNP ././PUNCT/.",
        "Police/police/NOUN/NN arrested/arrest/VERB/VBD two/two/NUM/CD Americans/American/PROPN/NNPS ././PUNCT/.",
        "Officials/official/NOUN/NNS talked/talk/VERB/VBD and/and/CCONJ/CC worked/work/VERB/VBD late/late/ADV/RB ././PUNCT/.",
        "They/they/PRON/PRP visited/visit/VERB/VBD the/the/DET/DT cities/city/NOUN/NNS ././PUNCT/.",
        "The/the/DET/DT army/army/NOUN/NN is/be/AUX/VBZ moving/move/VERB/VBG troops/troop/NOUN/NNS ././PUNCT/.",
        "He/he/PRON/PRP told/tell/VERB/VBD me/I/PRON/PRP about/about/ADP/IN the/the/DET/DT parties/party/NOUN/NNS ././PUNCT/.",
        "Leaders/leader/NOUN/NNS are/be/AUX/VBP making/make/VERB/VBG plans/plan/NOUN/NNS ././PUNCT/.",
        "Rebels/rebel/NOUN/NNS fired/fire/VERB/VBD rockets/rocket/NOUN/NNS at/at/ADP/IN towns/town/NOUN/NNS ././PUNCT/.",
        "She/she/PRON/PRP joined/join/VERB/VBD talks/talk/NOUN/NNS in/in/ADP/IN Geneva/Geneva/PROPN/NNP ././PUNCT/.",
        "Prices/price/NOUN/NNS rose/rise/VERB/VBD 3.5/3.5/NUM/CD %/%/SYM/NN ././PUNCT/.",
        "Armies/army/NOUN/NNS attacked/attack/VERB/VBD bases/base/NOUN/NNS ././PUNCT/.",
    ]
    .iter()
    .map(|s| sentence(s))
    .collect()
}

fn trained() -> Lemmatizer {
    Lemmatizer::train(&corpus())
}

/// (form, UPOS, XPOS, expected lemma).
type Case = (&'static str, Upos, &'static str, &'static str);

fn check(lemmatizer: &Lemmatizer, cases: &[Case]) {
    for &(form, upos, xpos, want) in cases {
        assert_eq!(
            lemmatizer.lemma(form, upos, xpos),
            want,
            "{form} {upos} {xpos}"
        );
    }
}

#[test]
fn learned_lookups() {
    check(
        &trained(),
        &[
            ("soldiers", Upos::Noun, "NNS", "soldier"),
            ("walked", Upos::Verb, "VBD", "walk"),
            ("me", Upos::Pron, "PRP", "I"),
            ("The", Upos::Det, "DT", "the"),
            ("THE", Upos::Det, "DT", "the"),
            ("Officials", Upos::Noun, "NNS", "official"),
            ("is", Upos::Aux, "VBZ", "be"),
            ("rose", Upos::Verb, "VBD", "rise"),
        ],
    );
}

#[test]
fn suffix_rules_cover_unseen_words() {
    check(
        &trained(),
        &[
            ("kicked", Upos::Verb, "VBD", "kick"),
            ("Jumped", Upos::Verb, "VBD", "jump"),
            ("ladies", Upos::Noun, "NNS", "lady"),
            ("doctors", Upos::Noun, "NNS", "doctor"),
            ("proving", Upos::Verb, "VBG", "prove"),
            ("Germans", Upos::Propn, "NNPS", "German"),
        ],
    );
}

#[test]
fn a_past_tense_seen_in_training_lemmatizes_as_a_participle_too() {
    check(
        &trained(),
        &[
            // The corpus has no participles, so no suffix rule for them.
            ("fired", Upos::Verb, "VBN", "fire"),
            ("Visited", Upos::Verb, "VBN", "visit"),
            // Unseen, but the past tense's suffix rules apply.
            ("kicked", Upos::Verb, "VBN", "kick"),
        ],
    );
}

#[test]
fn irregulars_the_data_lacks() {
    check(
        &trained(),
        &[
            ("went", Upos::Verb, "VBD", "go"),
            ("was", Upos::Aux, "VBD", "be"),
            ("had", Upos::Verb, "VBD", "have"),
            ("Said", Upos::Verb, "VBD", "say"),
            ("children", Upos::Noun, "NNS", "child"),
            ("women", Upos::Noun, "NNS", "woman"),
            ("better", Upos::Adj, "JJR", "good"),
        ],
    );
}

#[test]
fn proper_nouns_numbers_and_punctuation() {
    check(
        &trained(),
        &[
            ("Kyiv", Upos::Propn, "NNP", "Kyiv"),
            ("Obama", Upos::Propn, "NNP", "Obama"),
            ("NATO", Upos::Propn, "NNP", "NATO"),
            ("1,250", Upos::Num, "CD", "1250"),
            ("42", Upos::Num, "CD", "42"),
            ("3.5", Upos::Num, "CD", "3.5"),
            ("1990s", Upos::Num, "CD", "1990s"),
            (",", Upos::Punct, ",", ","),
            ("!!", Upos::Punct, ".", "!!"),
            ("$", Upos::Sym, "$", "$"),
        ],
    );
}

#[test]
fn missing_xpos_falls_back_to_upos() {
    let mut corpus = corpus();
    for s in &mut corpus {
        s.xpos.iter_mut().for_each(|x| *x = "_".to_string());
    }
    let lemmatizer = Lemmatizer::train(&corpus);
    check(
        &lemmatizer,
        &[
            ("soldiers", Upos::Noun, "_", "soldier"),
            ("fired", Upos::Verb, "_", "fire"),
            ("reached", Upos::Verb, "", "reach"),
        ],
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let lemmatizer = trained();
    let long = "ß".repeat(50_000);
    let forms = [
        "",
        " ",
        long.as_str(),
        "İİ",
        "東京",
        "🙂s",
        "\u{0}ed",
        "s",
        "ies",
        "'s",
    ];
    for form in forms {
        for upos in Upos::ALL {
            for xpos in ["NNS", "VBD", "_", "", "NNP", "CD"] {
                lemmatizer.lemma(form, upos, xpos);
            }
        }
    }
    assert_eq!(lemmatizer.lemma("", Upos::Noun, "NN"), "");
    let untrained = Lemmatizer::train(&[]);
    assert_eq!(untrained.lemma("Tanks", Upos::Noun, "NNS"), "tanks");
    assert_eq!(untrained.lemma("went", Upos::Verb, "VBD"), "go");
}

#[test]
fn encoding_round_trips_and_rejects_damage() {
    let lemmatizer = trained();
    let mut enc = Encoder::new();
    lemmatizer.encode(&mut enc);
    let bytes = enc.into_bytes();
    let decoded = Lemmatizer::decode(&mut Decoder::new(&bytes)).expect("decodes");
    let queries: [(&str, Upos, &str); 5] = [
        ("soldiers", Upos::Noun, "NNS"),
        ("kicked", Upos::Verb, "VBD"),
        ("Americans", Upos::Propn, "NNPS"),
        ("went", Upos::Verb, "VBD"),
        ("The", Upos::Det, "DT"),
    ];
    for (form, upos, xpos) in queries {
        assert_eq!(
            decoded.lemma(form, upos, xpos),
            lemmatizer.lemma(form, upos, xpos)
        );
    }
    let mut again = Encoder::new();
    decoded.encode(&mut again);
    assert_eq!(again.into_bytes(), bytes);
    let again = {
        let mut enc = Encoder::new();
        trained().encode(&mut enc);
        enc.into_bytes()
    };
    assert_eq!(again, bytes, "training is deterministic");
    for cut in 0..bytes.len() {
        assert!(
            Lemmatizer::decode(&mut Decoder::new(&bytes[..cut])).is_err(),
            "cut at {cut}"
        );
    }
}
