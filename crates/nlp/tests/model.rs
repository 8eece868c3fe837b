//! The committed model: it loads, and it reads news sentences the way the coder needs
//! (who is the subject, what is the object).

use std::path::Path;
use std::sync::OnceLock;

use entente_nlp::{Doc, Model, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ud.model");
        let model = Model::load(&path).expect("the committed model loads");
        Pipeline::new(model)
    })
}

/// (dependent form, relation, head form) triples of the first sentence.
fn arcs(doc: &Doc) -> Vec<(String, String, String)> {
    let (words, anns) = doc.sentence(0);
    words
        .iter()
        .zip(anns)
        .map(|(w, a)| {
            let head = if a.head == 0 {
                "ROOT".to_string()
            } else {
                words[a.head as usize - 1].form(&doc.text).to_string()
            };
            (w.form(&doc.text).to_string(), a.deprel.clone(), head)
        })
        .collect()
}

fn has(doc: &Doc, dep: &str, rel: &str, head: &str) -> bool {
    arcs(doc)
        .iter()
        .any(|(d, r, h)| d == dep && r == rel && h == head)
}

#[test]
fn subjects_and_objects_of_news_sentences() {
    let cases = [
        (
            "Russia imposed new sanctions on Iran.",
            [
                ("Russia", "nsubj", "imposed"),
                ("sanctions", "obj", "imposed"),
            ],
        ),
        (
            "The president criticized the government on Monday.",
            [
                ("president", "nsubj", "criticized"),
                ("government", "obj", "criticized"),
            ],
        ),
        (
            "China signed an agreement with Pakistan.",
            [("China", "nsubj", "signed"), ("agreement", "obj", "signed")],
        ),
        (
            "Israeli troops killed three protesters in Gaza.",
            [
                ("troops", "nsubj", "killed"),
                ("protesters", "obj", "killed"),
            ],
        ),
    ];
    for (text, expected) in cases {
        let doc = pipeline().analyze(text);
        assert_eq!(doc.sentences.len(), 1, "{text}");
        for (dep, rel, head) in expected {
            assert!(
                has(&doc, dep, rel, head),
                "{text}: expected {dep} -{rel}-> {head}, got {:?}",
                arcs(&doc)
            );
        }
    }
}

#[test]
fn passive_agent_and_tags() {
    let doc = pipeline().analyze("The embassy was attacked by protesters.");
    assert!(
        has(&doc, "embassy", "nsubj:pass", "attacked"),
        "{:?}",
        arcs(&doc)
    );
    assert!(
        has(&doc, "protesters", "obl", "attacked")
            || has(&doc, "protesters", "obl:agent", "attacked"),
        "{:?}",
        arcs(&doc)
    );
    let (_, anns) = doc.sentence(0);
    let upos: Vec<&str> = anns.iter().map(|a| a.upos.as_str()).collect();
    assert_eq!(upos, ["DET", "NOUN", "AUX", "VERB", "ADP", "NOUN", "PUNCT"]);
    let lemmas: Vec<&str> = anns.iter().map(|a| a.lemma.as_str()).collect();
    assert_eq!(
        lemmas,
        ["the", "embassy", "be", "attack", "by", "protester", "."]
    );
}

#[test]
fn every_sentence_gets_one_rooted_tree() {
    let text = "Talks resumed in Doha. Egypt's foreign minister didn't attend!\n\nSanctions explained\n$40billion in trade";
    let doc = pipeline().analyze(text);
    assert_eq!(doc.annotations.len(), doc.words.len());
    assert!(doc.sentences.len() >= 3);
    for s in 0..doc.sentences.len() {
        let (words, anns) = doc.sentence(s);
        assert_eq!(anns.iter().filter(|a| a.head == 0).count(), 1);
        assert!(anns.iter().all(|a| a.head as usize <= words.len()));
        assert!(anns
            .iter()
            .filter(|a| a.head == 0)
            .all(|a| a.deprel == "root"));
    }
}

#[test]
fn the_model_round_trips_through_bytes() {
    let bytes = pipeline().model().to_bytes();
    let back = Model::from_bytes(&bytes).expect("decodes");
    assert_eq!(back.to_bytes(), bytes);
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(Model::from_bytes(b"not a model").is_err());
}
