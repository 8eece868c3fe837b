//! Quantities in an event's clause: money with its currency, percentages, counts of
//! troops or people.

use entente_nlp::Upos;
use serde::Serialize;

use crate::tree::Tree;

/// A number found in the clause of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The words as written ("$40 billion", "100,000 troops").
    pub text: String,
    /// The value, with scale words applied (40e9).
    pub value: f64,
    /// The unit: a currency code (`USD`), `percent`, or the counted noun's lemma.
    pub unit: Option<String>,
}

fn currency(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "$" | "us$" | "usd" | "dollar" | "dollars" => "USD",
        "£" | "gbp" | "pound" | "pounds" | "sterling" => "GBP",
        "€" | "eur" | "euro" | "euros" => "EUR",
        "¥" | "yen" | "jpy" => "JPY",
        "yuan" | "renminbi" | "rmb" | "cny" => "CNY",
        "rupee" | "rupees" | "inr" | "rs" | "rs." => "INR",
        "rouble" | "roubles" | "ruble" | "rubles" | "rub" => "RUB",
        "lira" | "liras" | "try" => "TRY",
        "riyal" | "riyals" | "sar" => "SAR",
        "won" | "krw" => "KRW",
        "hryvnia" | "hryvnias" | "uah" => "UAH",
        "shekel" | "shekels" | "ils" => "ILS",
        "rial" | "rials" | "irr" => "IRR",
        "franc" | "francs" | "chf" => "CHF",
        _ => return None,
    })
}

fn scale(word: &str) -> Option<f64> {
    Some(match word.to_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "millions" | "mn" | "m" => 1e6,
        "billion" | "billions" | "bn" | "b" => 1e9,
        "trillion" | "trillions" | "tn" => 1e12,
        _ => return None,
    })
}

fn number(word: &str) -> Option<f64> {
    let w = word.replace(',', "");
    if let Ok(v) = w.parse::<f64>() {
        return Some(v);
    }
    Some(match word.to_lowercase().as_str() {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "twenty" => 20.0,
        "fifty" => 50.0,
        "hundred" | "hundreds" => 100.0,
        "thousand" | "thousands" => 1000.0,
        "dozen" | "dozens" => 12.0,
        _ => return None,
    })
}

/// Quantities among `words` (sorted word indices of the event's clause).
pub fn quantities(tree: &Tree<'_>, words: &[usize]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let i = words[k];
        if tree.upos(i) != Upos::Num || number(tree.forms[i]).is_none() {
            k += 1;
            continue;
        }
        let mut first = i;
        let mut last = i;
        let mut value = number(tree.forms[i]).unwrap_or(0.0);
        let mut unit: Option<String> = None;
        if i > 0 {
            if let Some(c) = currency(tree.forms[i - 1]) {
                unit = Some(c.to_string());
                first = i - 1;
            }
        }
        // Scale words and a following currency or percent sign.
        let mut j = i + 1;
        while j < tree.len() {
            let f = tree.forms[j];
            if let Some(s) = scale(f) {
                value *= s;
            } else if unit.is_none() && currency(f).is_some() && f.len() > 1 {
                unit = currency(f).map(str::to_string);
            } else if matches!(f.to_lowercase().as_str(), "%" | "percent" | "per") {
                unit = Some("percent".to_string());
                if f.eq_ignore_ascii_case("per") && j + 1 < tree.len() {
                    j += 1; // "per cent"
                }
            } else {
                break;
            }
            last = j;
            j += 1;
        }
        // Years ("in 2017") are dates, not quantities.
        let year = unit.is_none()
            && first == last
            && (1900.0..=2100.0).contains(&value)
            && tree.forms[i].len() == 4;
        if !year {
            if unit.is_none() {
                let h = tree.head(i).filter(|_| tree.base_rel(i) == "nummod");
                if let Some(h) = h {
                    if matches!(tree.upos(h), Upos::Noun) {
                        unit = Some(tree.lemmas[h].clone());
                        if h == last + 1 {
                            last = h;
                        }
                    }
                }
            }
            out.push(Quantity {
                text: tree.text_of(first, last).to_string(),
                value,
                unit,
            });
        }
        while k < words.len() && words[k] <= last {
            k += 1;
        }
    }
    out
}
