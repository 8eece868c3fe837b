//! The tagger on a small hand-made corpus: it learns it, trains deterministically,
//! round-trips through its encoding, rejects damaged data and takes any input.

use entente_nlp::codec::{Decoder, Encoder};
use entente_nlp::{GoldSentence, Tagger, TaggerOptions, Upos};

/// A sentence from `form/UPOS/XPOS` items.
fn sentence(tagged: &str) -> GoldSentence {
    let mut s = GoldSentence::default();
    for item in tagged.split_whitespace() {
        let mut parts = item.rsplitn(3, '/');
        let xpos = parts.next().expect("xpos");
        let upos: Upos = parts.next().expect("upos").parse().expect("a UPOS tag");
        let form = parts.next().expect("form");
        s.forms.push(form.to_string());
        s.upos.push(upos);
        s.xpos.push(xpos.to_string());
        s.lemmas.push(form.to_lowercase());
        s.heads.push(0);
        s.deprels.push("dep".to_string());
    }
    s
}

const SUBJECTS: &[&str] = &[
    "The/DET/DT army/NOUN/NN",
    "Russia/PROPN/NNP",
    "The/DET/DT rebels/NOUN/NNS",
    "Japan/PROPN/NNP",
    "A/DET/DT spokesman/NOUN/NN",
    "They/PRON/PRP",
];

const PREDICATES: &[&str] = &[
    "attacked/VERB/VBD the/DET/DT village/NOUN/NN",
    "imposed/VERB/VBD new/ADJ/JJ sanctions/NOUN/NNS on/ADP/IN Iran/PROPN/NNP",
    "will/AUX/MD meet/VERB/VB the/DET/DT minister/NOUN/NN in/ADP/IN Geneva/PROPN/NNP",
    "has/AUX/VBZ accused/VERB/VBN the/DET/DT government/NOUN/NN of/ADP/IN fraud/NOUN/NN",
    "said/VERB/VBD that/SCONJ/IN talks/NOUN/NNS failed/VERB/VBD",
    "quickly/ADV/RB rejected/VERB/VBD the/DET/DT offer/NOUN/NN",
];

/// Every subject with every predicate: 36 sentences.
fn corpus() -> Vec<GoldSentence> {
    let mut out = Vec::new();
    for subject in SUBJECTS {
        for predicate in PREDICATES {
            out.push(sentence(&format!("{subject} {predicate} ./PUNCT/.")));
        }
    }
    out
}

fn options() -> TaggerOptions {
    TaggerOptions {
        epochs: 5,
        seed: 7,
        ..TaggerOptions::default()
    }
}

fn encode(tagger: &Tagger) -> Vec<u8> {
    let mut enc = Encoder::new();
    tagger.encode(&mut enc);
    enc.into_bytes()
}

fn tags(tagger: &Tagger, forms: &[&str]) -> Vec<(Upos, String)> {
    let set = tagger.tagset();
    let classes = tagger.tag(forms);
    classes
        .iter()
        .map(|&c| (set.upos(c), set.xpos(c).to_string()))
        .collect()
}

#[test]
fn learns_the_training_corpus() {
    let corpus = corpus();
    let tagger = Tagger::train(&corpus, &options());
    for s in &corpus {
        let got = tags(&tagger, &s.form_refs());
        let want: Vec<(Upos, String)> =
            s.upos.iter().copied().zip(s.xpos.iter().cloned()).collect();
        assert_eq!(got, want, "{:?}", s.forms);
    }
}

#[test]
fn tags_a_new_combination_of_known_words() {
    let tagger = Tagger::train(&corpus(), &options());
    let got = tags(&tagger, &["Iran", "rejected", "the", "sanctions", "."]);
    let upos: Vec<Upos> = got.iter().map(|t| t.0).collect();
    assert_eq!(
        upos,
        [Upos::Propn, Upos::Verb, Upos::Det, Upos::Noun, Upos::Punct]
    );
}

#[test]
fn tagset_has_the_pairs_seen_in_training() {
    let tagger = Tagger::train(&corpus(), &options());
    let set = tagger.tagset();
    assert_eq!(set.len(), 15);
    let nns = set.class(Upos::Noun, "NNS").expect("NOUN/NNS is a class");
    assert_eq!((set.upos(nns), set.xpos(nns)), (Upos::Noun, "NNS"));
    assert_eq!(set.class(Upos::Verb, "NNS"), None);
    assert_eq!((set.upos(999), set.xpos(999)), (Upos::X, "_"));
}

#[test]
fn training_is_deterministic_for_a_seed() {
    let corpus = corpus();
    let a = encode(&Tagger::train(&corpus, &options()));
    let b = encode(&Tagger::train(&corpus, &options()));
    assert_eq!(a, b);
}

#[test]
fn reports_progress_once_per_epoch() {
    let mut seen = Vec::new();
    Tagger::train_with_progress(&corpus(), &options(), &mut |epoch, accuracy| {
        seen.push((epoch, accuracy))
    });
    let epochs: Vec<usize> = seen.iter().map(|s| s.0).collect();
    assert_eq!(epochs, [1, 2, 3, 4, 5]);
    assert!(seen.iter().all(|s| (0.0..=1.0).contains(&s.1)));
    assert!(seen[4].1 > 0.95, "last epoch accuracy {}", seen[4].1);
}

#[test]
fn decoded_tagger_predicts_the_same() {
    let corpus = corpus();
    let tagger = Tagger::train(&corpus, &options());
    let bytes = encode(&tagger);
    let decoded = Tagger::decode(&mut Decoder::new(&bytes)).expect("decodes");
    assert_eq!(decoded.tagset(), tagger.tagset());
    let unseen = [
        "Sanctions",
        "on",
        "Zürich",
        "were",
        "lifted",
        "in",
        "2024",
        "!",
    ];
    for s in &corpus {
        assert_eq!(decoded.tag(&s.form_refs()), tagger.tag(&s.form_refs()));
    }
    assert_eq!(decoded.tag(&unseen), tagger.tag(&unseen));
    assert_eq!(encode(&decoded), bytes);
}

#[test]
fn damaged_bytes_are_an_error_not_a_panic() {
    let bytes = encode(&Tagger::train(&corpus(), &options()));
    assert!(Tagger::decode(&mut Decoder::new(&[])).is_err());
    let step = (bytes.len() / 300).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        assert!(
            Tagger::decode(&mut Decoder::new(&bytes[..cut])).is_err(),
            "cut at {cut}"
        );
    }
    let mut wrong_version = bytes.clone();
    wrong_version[0] ^= 0xff;
    assert!(Tagger::decode(&mut Decoder::new(&wrong_version)).is_err());
    // Flipped bytes early in the data (tag set, dictionary) must not panic; whether
    // they decode depends on which byte was hit.
    for i in 4..bytes.len().min(400) {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x5a;
        if let Ok(t) = Tagger::decode(&mut Decoder::new(&damaged)) {
            t.tag(&["The", "army", "attacked", "."]);
        }
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let tagger = Tagger::train(&corpus(), &options());
    assert!(tagger.tag(&[]).is_empty());
    let long = "x".repeat(100_000);
    let odd = [
        "",
        " ",
        long.as_str(),
        "東京",
        "naïve",
        "İstanbul",
        "🙂",
        "\u{0}",
        "-",
        "3.14",
        "e-mail@example.org",
        "ǅemal",
    ];
    let classes = tagger.tag(&odd);
    assert_eq!(classes.len(), odd.len());
    assert!(classes
        .iter()
        .all(|&c| (c as usize) < tagger.tagset().len()));
    for form in odd {
        assert_eq!(tagger.tag(&[form]).len(), 1);
    }
}

#[test]
fn degenerate_training_data_gives_a_working_tagger() {
    let empty = Tagger::train(&[], &options());
    assert!(empty.tagset().is_empty());
    assert_eq!(empty.tag(&["anything", "."]), vec![0, 0]);
    let bytes = encode(&empty);
    let decoded = Tagger::decode(&mut Decoder::new(&bytes)).expect("decodes");
    assert_eq!(decoded.tag(&["x"]).len(), 1);

    // A missing XPOS is filled with the most frequent XPOS of the word's UPOS.
    let mut corpus = corpus();
    corpus[0].xpos[1] = "_".to_string();
    let tagger = Tagger::train(&corpus, &options());
    assert_eq!(tagger.tagset().class(Upos::Noun, "_"), None);
}
