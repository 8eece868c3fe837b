//! Parser tests on a small hand-made treebank.

use super::*;

fn sent(words: &[(&str, &str, u32, &str)]) -> GoldSentence {
    let mut g = GoldSentence::default();
    for (form, tag, head, rel) in words {
        g.forms.push(form.to_string());
        g.upos.push(match *tag {
            "NNP" => crate::Upos::Propn,
            "NN" | "NNS" => crate::Upos::Noun,
            "VBD" => crate::Upos::Verb,
            "DT" => crate::Upos::Det,
            "IN" => crate::Upos::Adp,
            "PRP$" => crate::Upos::Pron,
            _ => crate::Upos::Punct,
        });
        g.xpos.push(tag.to_string());
        g.lemmas.push(form.to_lowercase());
        g.heads.push(*head);
        g.deprels.push(rel.to_string());
    }
    g
}

fn corpus() -> Vec<GoldSentence> {
    vec![
        sent(&[
            ("Russia", "NNP", 2, "nsubj"),
            ("imposed", "VBD", 0, "root"),
            ("sanctions", "NNS", 2, "obj"),
            (".", ".", 2, "punct"),
        ]),
        sent(&[
            ("China", "NNP", 2, "nsubj"),
            ("criticized", "VBD", 0, "root"),
            ("Japan", "NNP", 2, "obj"),
            (".", ".", 2, "punct"),
        ]),
        sent(&[
            ("The", "DT", 2, "det"),
            ("minister", "NN", 3, "nsubj"),
            ("met", "VBD", 0, "root"),
            ("his", "PRP$", 5, "nmod:poss"),
            ("counterpart", "NN", 3, "obj"),
            ("in", "IN", 7, "case"),
            ("Paris", "NNP", 3, "obl"),
            (".", ".", 3, "punct"),
        ]),
        sent(&[
            ("Iran", "NNP", 2, "nsubj"),
            ("rejected", "VBD", 0, "root"),
            ("the", "DT", 4, "det"),
            ("offer", "NN", 2, "obj"),
            (".", ".", 2, "punct"),
        ]),
    ]
}

fn train(seed: u64) -> Parser {
    let opts = ParserOptions {
        epochs: 10,
        seed,
        // The toy corpus is far too small for pruning rare features.
        min_updates: 1,
        ..ParserOptions::default()
    };
    Parser::train(&corpus(), &opts, &mut |_, _| {})
}

/// A small BiLSTM engine trained on the toy corpus.
fn train_neural(seed: u64) -> Parser {
    let opts = ParserOptions {
        seed,
        neural: Some(NeuralOptions {
            word_dim: 8,
            tag_dim: 4,
            suffix_dim: 4,
            shape_dim: 2,
            hidden: 12,
            mlp: 16,
            epochs: 40,
            batch: 2,
            rate: 0.01,
            explore: 0.0,
            dropout: 0.0,
            ..NeuralOptions::default()
        }),
        ..ParserOptions::default()
    };
    Parser::train(&corpus(), &opts, &mut |_, _| {})
}

#[test]
fn learns_its_training_trees() {
    learns_training_trees(&train(3));
}

#[test]
fn the_bilstm_engine_learns_its_training_trees() {
    let p = train_neural(3);
    assert!(matches!(p.engine, Engine::BiLstm(_)));
    learns_training_trees(&p);
}

#[test]
fn the_bilstm_engine_is_deterministic_and_round_trips() {
    let (a, b) = (train_neural(4), train_neural(4));
    assert_eq!(bytes(&a), bytes(&b));
    let encoded = bytes(&a);
    let back = Parser::decode(&mut Decoder::new(&encoded), true).expect("decodes");
    assert_eq!(bytes(&back), encoded);
    for cut in [1, encoded.len() / 3, encoded.len() - 1] {
        assert!(Parser::decode(&mut Decoder::new(&encoded[..cut]), true).is_err());
    }
    for n in [0usize, 1, 2, 9, 80] {
        let forms: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        let arcs = back.parse(&forms, &vec!["NN"; n], &vec![crate::Upos::Noun; n]);
        assert_eq!(arcs.len(), n);
        if n > 0 {
            assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
        }
    }
}

fn bytes(p: &Parser) -> Vec<u8> {
    let mut e = Encoder::new();
    p.encode(&mut e);
    e.into_bytes()
}

fn learns_training_trees(p: &Parser) {
    for s in corpus() {
        let forms = s.form_refs();
        let tags: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
        let arcs = p.parse(&forms, &tags, &s.upos);
        let heads: Vec<u32> = arcs.iter().map(|a| a.head).collect();
        let rels: Vec<&str> = arcs.iter().map(|a| p.label(a.label)).collect();
        assert_eq!(heads, s.heads, "{forms:?}");
        assert_eq!(
            rels,
            s.deprels.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }
}

#[test]
fn unseen_input_gives_one_rooted_tree() {
    let p = train(3);
    for n in [0usize, 1, 2, 7, 60] {
        let forms: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        let tags = vec!["NN"; n];
        let arcs = p.parse(&forms, &tags, &vec![crate::Upos::Noun; n]);
        assert_eq!(arcs.len(), n);
        if n > 0 {
            assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
            assert!(arcs.iter().all(|a| a.head as usize <= n));
            let root = arcs.iter().find(|a| a.head == 0).map(|a| p.label(a.label));
            assert_eq!(root, Some("root"));
        }
    }
}

#[test]
fn training_is_deterministic_and_encoding_round_trips() {
    let (a, b) = (train(5), train(5));
    assert_eq!(bytes(&a), bytes(&b));
    let encoded = bytes(&a);
    let back = Parser::decode(&mut Decoder::new(&encoded), true).expect("decodes");
    assert_eq!(bytes(&back), encoded);
    assert!(Parser::decode(&mut Decoder::new(&encoded[..encoded.len() / 2]), true).is_err());
}

#[test]
fn partially_annotated_sentences_are_left_out_of_training() {
    let mut partial = corpus()[0].clone();
    partial.deprels[2] = "_".to_string();
    let labels = label_set(&corpus());
    assert!(Example::new(&partial, &labels).is_none());
    assert!(Example::new(&corpus()[0], &labels).is_some());
}
