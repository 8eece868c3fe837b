//! A view of one analysed sentence as a dependency tree, with the queries the coder
//! needs (children by relation, case markers, voice).

use entente_nlp::{Annotation, Doc, Upos};
use entente_text::Span;

use crate::stance::SAY_VERBS;

/// One sentence of a [`Doc`] as a tree. Word indices are 0-based within the sentence.
pub struct Tree<'a> {
    /// The document text.
    pub text: &'a str,
    /// Word forms.
    pub forms: Vec<&'a str>,
    /// Byte spans of the words in the document.
    pub spans: Vec<Span>,
    /// Annotations.
    pub ann: &'a [Annotation],
    /// Lower-cased lemmas.
    pub lemmas: Vec<String>,
    /// Children of each word, in order.
    pub children: Vec<Vec<usize>>,
    /// The head of each word, after [`rehang_before_report`].
    heads: Vec<Option<usize>>,
}

impl<'a> Tree<'a> {
    /// The tree of sentence `s` of `doc`.
    pub fn new(doc: &'a Doc, s: usize) -> Tree<'a> {
        let (words, ann) = doc.sentence(s);
        let forms: Vec<&str> = words.iter().map(|w| w.form(&doc.text)).collect();
        let n = words.len();
        let mut heads: Vec<Option<usize>> = ann
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let h = a.head as usize;
                (h > 0 && h <= n && h - 1 != i).then(|| h - 1)
            })
            .collect();
        let lemmas: Vec<String> = ann.iter().map(|a| a.lemma.to_lowercase()).collect();
        rehang_before_report(ann, &lemmas, &mut heads);
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        Tree {
            text: &doc.text,
            forms,
            spans: words.iter().map(|w| w.span).collect(),
            ann,
            lemmas,
            children,
            heads,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// The head of `i`, or `None` at the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }

    /// The full relation of `i` (`nsubj:pass`).
    pub fn rel(&self, i: usize) -> &str {
        &self.ann[i].deprel
    }

    /// The relation without its subtype (`nsubj`).
    pub fn base_rel(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split_once(':').map_or(r, |(a, _)| a)
    }

    /// The universal tag of `i`.
    pub fn upos(&self, i: usize) -> Upos {
        self.ann[i].upos
    }

    /// Children of `i` whose relation is `rel` or a subtype of it.
    pub fn kids<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.rel(c) == rel || self.base_rel(c) == rel)
    }

    /// The first child of `i` with exactly relation `rel`.
    pub fn kid(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == rel)
    }

    /// The lower-cased case marker (preposition) of a nominal, if any.
    pub fn case_of(&self, i: usize) -> Option<String> {
        let c = self.kids(i, "case").next()?;
        let mut s = self.forms[c].to_lowercase();
        // Multi-word prepositions ("according to", "because of") keep their first word.
        if let Some(f) = self.kids(c, "fixed").next() {
            s.push(' ');
            s.push_str(&self.forms[f].to_lowercase());
        }
        Some(s)
    }

    /// Is verb `i` in the passive voice?
    pub fn is_passive(&self, i: usize) -> bool {
        self.children[i]
            .iter()
            .any(|&c| matches!(self.rel(c), "nsubj:pass" | "aux:pass" | "csubj:pass"))
            || (self.rel(i) == "acl" && self.ann[i].xpos == "VBN" && !self.is_main_verb_misread(i))
            || self.is_misread_relative(i)
    }

    /// A participle read as the main verb: in "Iranian soldiers arrested during the
    /// protests were released by Iraq" the parser may make "arrested" the root, with
    /// "soldiers" its subject, and hang the real main verb ("were released") under it
    /// with no subject of its own. For such a clause `i`, this is the noun the
    /// participle modifies, which is the clause's subject.
    ///
    /// The clause must be finite (an auxiliary or copula of its own), have no subject,
    /// and not be joined by a conjunction or a subordinator ("arrested them and were
    /// fined" shares a subject rightly); the participle must be bare (no auxiliary, no
    /// object) with a nominal subject before it.
    pub fn misread_relative_noun(&self, i: usize) -> Option<usize> {
        if !matches!(self.base_rel(i), "conj" | "parataxis" | "advcl" | "ccomp") {
            return None;
        }
        let mut finite = false;
        for &c in &self.children[i] {
            match self.base_rel(c) {
                "aux" | "cop" => finite = true,
                "nsubj" | "csubj" | "expl" | "cc" | "mark" => return None,
                _ => {}
            }
        }
        let h = self.head(i)?;
        if !finite || h > i {
            return None;
        }
        // A participle the tagger took for a past tense ("imprisoned/VBD") qualifies
        // when nothing separates it from the clause: "He left, was arrested later"
        // shares its subject with the comma.
        let participle = match self.ann[h].xpos.as_str() {
            "VBN" => true,
            "VBD" => !(h + 1..i).any(|k| self.forms[k] == "," || self.forms[k] == ";"),
            _ => false,
        };
        if !participle {
            return None;
        }
        if self.children[h]
            .iter()
            .any(|&c| matches!(self.base_rel(c), "aux" | "cop" | "obj" | "ccomp" | "xcomp"))
        {
            return None;
        }
        self.kids(h, "nsubj").find(|&n| {
            self.rel(n) == "nsubj"
                && n < h
                && matches!(self.upos(n), Upos::Noun | Upos::Propn | Upos::Pron)
        })
    }

    /// Is `i` the participle of [`Tree::misread_relative_noun`], read as a main verb?
    pub fn is_misread_relative(&self, i: usize) -> bool {
        self.children[i]
            .iter()
            .any(|&c| self.misread_relative_noun(c).is_some())
    }

    /// A past tense read as a participle: "Iraq's advisor met with Assad" parsed with the
    /// noun as root and "met" as its modifier. A sentence whose root is a noun has no
    /// other main verb, so the participle is one.
    /// A participle with a direct object is active, too ("troops shelled Kharkiv").
    pub fn is_main_verb_misread(&self, i: usize) -> bool {
        self.rel(i) == "acl"
            && matches!(self.ann[i].xpos.as_str(), "VBN" | "VBD")
            && (self.head(i).is_some_and(|h| {
                self.head(h).is_none() && matches!(self.upos(h), Upos::Noun | Upos::Propn)
            }) || self.kid(i, "obj").is_some())
            && !self.children[i].iter().any(|&c| self.rel(c) == "aux:pass")
    }

    /// The words dominated by `i` (including `i`), in order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend(self.children[out[k]].iter().copied());
            k += 1;
        }
        out.sort_unstable();
        out
    }

    /// The byte span covering words `from..=to`.
    pub fn span(&self, from: usize, to: usize) -> Span {
        self.spans[from].cover(self.spans[to])
    }

    /// The text of words `from..=to` as written.
    pub fn text_of(&self, from: usize, to: usize) -> &'a str {
        &self.text[self.span(from, to).range()]
    }

    /// True when nominal `c` carries its own verb of saying as a clause ("killing
    /// eight people, Syrian state media reported" parsed with "media" as a conjunct of
    /// "people"): the phrase names who reports the event, not a further participant.
    pub fn is_misattached_source(&self, c: usize) -> bool {
        self.children[c].iter().any(|&k| {
            matches!(self.rel(k), "acl" | "acl:relcl")
                && crate::stance::SAY_VERBS.contains(&self.lemmas[k].as_str())
                && self.kid(k, "obj").is_none()
                && self.kid(k, "ccomp").is_none()
        })
    }

    /// The infinitive clause under verb `t` ("urged Iran *to release* them"), if any.
    pub fn infinitive_clause(&self, t: usize) -> Option<usize> {
        self.children[t].iter().copied().find(|&c| {
            matches!(self.base_rel(c), "xcomp" | "advcl" | "ccomp")
                && self.kids(c, "mark").any(|m| self.lemmas[m] == "to")
        })
    }

    /// The nominal's conjuncts: `i` and every `conj` child (recursively).
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            let n = out[k];
            out.extend(self.kids(n, "conj").filter(|&c| {
                matches!(self.upos(c), Upos::Noun | Upos::Propn | Upos::Pron)
                    && !self.is_misattached_source(c)
            }));
            k += 1;
        }
        out
    }
}

/// Re-hangs an adverbial clause that the parser hung under a closing report. In
/// "Insurgents shelled the city, killing eight people, state media reported" the parser
/// may make "killing" a clause of "reported", and "X is about to restore ties with Y,
/// an official said" may hang "restore" under "said"; then the reporter would seem to
/// kill or restore. A report that follows its main clause (parataxis) has nothing of its
/// own between the two: an adverbial clause there belongs to the main clause.
fn rehang_before_report(ann: &[Annotation], lemmas: &[String], heads: &mut [Option<usize>]) {
    let base = |i: usize| {
        let r = ann[i].deprel.as_str();
        r.split_once(':').map_or(r, |(a, _)| a)
    };
    for r in 0..heads.len() {
        let Some(main) = heads[r] else { continue };
        if main > r || !SAY_VERBS.contains(&lemmas[r].as_str()) {
            continue;
        }
        // The parser calls such a report parataxis, or a complement without a
        // subordinator ("that", "if"), which a closing report never has.
        let closing = match base(r) {
            "parataxis" => true,
            "ccomp" => !heads
                .iter()
                .enumerate()
                .any(|(k, h)| *h == Some(r) && base(k) == "mark"),
            _ => false,
        };
        if !closing {
            continue;
        }
        for (e, h) in heads.iter_mut().enumerate().take(r).skip(main + 1) {
            if *h == Some(r) && base(e) == "advcl" {
                *h = Some(main);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(words: &[(&str, u32, &str)]) -> (Vec<Annotation>, Vec<String>, Vec<Option<usize>>) {
        let ann: Vec<Annotation> = words
            .iter()
            .map(|&(lemma, head, deprel)| Annotation {
                upos: Upos::X,
                xpos: String::new(),
                lemma: lemma.to_string(),
                head,
                deprel: deprel.to_string(),
            })
            .collect();
        let lemmas = ann.iter().map(|a| a.lemma.clone()).collect();
        let heads = ann
            .iter()
            .map(|a| (a.head > 0).then(|| a.head as usize - 1))
            .collect();
        (ann, lemmas, heads)
    }

    #[test]
    fn a_clause_before_a_closing_report_belongs_to_the_main_clause() {
        // "Rebels shelled Aleppo , killing eight , media reported": the parser hung
        // "killing" (5) under "reported" (9).
        let (a, l, mut heads) = ann(&[
            ("rebel", 2, "nsubj"),
            ("shell", 0, "root"),
            ("Aleppo", 2, "obj"),
            (",", 5, "punct"),
            ("kill", 9, "advcl"),
            ("eight", 5, "obj"),
            (",", 9, "punct"),
            ("medium", 9, "nsubj"),
            ("report", 2, "parataxis"),
        ]);
        rehang_before_report(&a, &l, &mut heads);
        assert_eq!(heads[4], Some(1), "killing now hangs under shelled");
        assert_eq!(heads[7], Some(8), "the report keeps its own subject");
        // The same report read as a complement moves it too; one with "that" does not
        // close a sentence, and keeps its clauses.
        for (mark, moved) in [(false, true), (true, false)] {
            let mut words = vec![
                ("rebel", 2, "nsubj"),
                ("shell", 0, "root"),
                ("kill", 5, "advcl"),
                ("medium", 5, "nsubj"),
                ("say", 2, "ccomp"),
            ];
            if mark {
                words.push(("that", 5, "mark"));
            }
            let (a, l, mut heads) = ann(&words);
            rehang_before_report(&a, &l, &mut heads);
            assert_eq!(heads[2] == Some(1), moved, "with a mark: {mark}");
        }
        // Under a verb that does not report, nothing moves; after the report ("...,
        // media reported, adding ..."), nothing moves either.
        for verb in ["fear", "report"] {
            let (a, l, mut heads) = ann(&[
                ("rebel", 2, "nsubj"),
                ("shell", 0, "root"),
                (",", 6, "punct"),
                ("kill", if verb == "fear" { 6 } else { 2 }, "advcl"),
                ("medium", 6, "nsubj"),
                (verb, 2, "parataxis"),
                ("add", 6, "advcl"),
            ]);
            let before = heads.clone();
            rehang_before_report(&a, &l, &mut heads);
            assert_eq!(heads, before, "{verb}");
        }
    }
}
