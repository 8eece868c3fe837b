//! Near-duplicate detection on hand-written stories and on a synthetic corpus.

use entente_dedup::synth::{generate, Spec};
use entente_dedup::{Deduper, Params, Verdict};

const WIRE: &str = "Ukraine said on Tuesday that Russian drones struck energy facilities in \
three regions overnight, cutting power to hundreds of thousands of homes as temperatures \
fell below freezing. The energy ministry said repair crews were working to restore supplies \
in Kharkiv, Sumy and Poltava, and that scheduled blackouts would continue in the capital \
through the end of the week. Air defence units shot down 31 of the 40 drones launched, the \
air force said in a statement. Moscow did not comment on the attack. The strikes came a day \
after Ukrainian officials met European partners in Brussels to ask for more air defence \
systems ahead of the winter, when attacks on the grid have intensified in past years.";

const SAME_TOPIC: &str = "European Union energy ministers agreed on Thursday to send more \
generators and transformers to Ukraine, whose power grid has been repeatedly hit by Russian \
drone and missile attacks this autumn. The package, worth about 200 million euros, will be \
delivered before the end of the year, the EU's energy commissioner said after the meeting in \
Luxembourg. Ukraine's energy minister thanked the bloc and said the country still needed \
more air defence systems to protect power stations. Russia has said its strikes target \
military infrastructure. Kyiv says they are meant to break civilian morale before winter.";

#[test]
fn exact_copies_are_copies() {
    let mut d = Deduper::new(Params::default()).unwrap();
    assert_eq!(d.observe("reuters", WIRE), Verdict::Original);
    assert_eq!(d.observe("site-a", WIRE), Verdict::CopyOf("reuters"));
    assert_eq!(d.originals(), 1);
    assert_eq!(d.copies(), 1);
}

#[test]
fn copies_with_a_new_byline_and_boilerplate_are_copies() {
    let mut d = Deduper::new(Params::default()).unwrap();
    assert_eq!(d.observe(1, WIRE), Verdict::Original);
    let republished = format!(
        "By Maria Kowalski, Staff Reporter\nPublished 14:05 GMT\n\n{WIRE}\n\
         Read more: Ukraine war latest\nSign up for our daily briefing. \
         Copyright 2024 Example Media Group. All rights reserved."
    );
    assert_eq!(d.observe(2, &republished), Verdict::CopyOf(1));
    // A copy with the last two sentences cut and a changed first word.
    let cut = WIRE.replacen("Ukraine said", "Kyiv said", 1);
    let cut = &cut[..cut.find("The strikes came").unwrap()];
    assert_eq!(d.observe(3, cut), Verdict::CopyOf(1));
}

#[test]
fn stories_on_the_same_topic_are_not_merged() {
    let mut d = Deduper::new(Params::default()).unwrap();
    assert_eq!(d.observe(1, WIRE), Verdict::Original);
    assert_eq!(d.observe(2, SAME_TOPIC), Verdict::Original);
    // A follow-up quoting one sentence of the wire story is still its own story.
    let follow_up = format!(
        "{SAME_TOPIC} Air defence units shot down 31 of the 40 drones launched, the air force \
         said in a statement."
    );
    assert_eq!(d.observe(3, &follow_up), Verdict::CopyOf(2));
    let quoting = "Officials in Kharkiv said on Wednesday that most homes had power again. \
        Air defence units shot down 31 of the 40 drones launched, the air force said in a \
        statement. The city council said schools would reopen on Monday and that heating \
        points would stay open for residents who still had no electricity at home.";
    assert_eq!(d.observe(4, quoting), Verdict::Original);
    assert_eq!(d.originals(), 3);
}

#[test]
fn synthetic_corpus_precision_and_recall() {
    let corpus = generate(&Spec {
        docs: 3000,
        seed: 7,
        ..Spec::default()
    });
    let mut d = Deduper::new(Params::default()).unwrap();
    let (mut right, mut wrong) = (0usize, 0usize);
    for (i, text) in corpus.docs.iter().enumerate() {
        if let Verdict::CopyOf(j) = d.observe(i, text) {
            if corpus.story[j] == corpus.story[i] {
                right += 1;
            } else {
                wrong += 1;
            }
        }
    }
    let planted = corpus.planted_copies();
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let recall = right as f64 / planted as f64;
    assert!(precision >= 0.99, "precision {precision}");
    assert!(recall >= 0.97, "recall {recall} ({right} of {planted})");
}
