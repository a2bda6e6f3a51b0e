//! The reference the relevance figures are compared with: plain BM25 (k1 1.2, b 0.75) over
//! one field holding title, keywords and body, with overlapping character bigrams for
//! Chinese and lowercase words for everything else. No jieba, stemming, synonyms, typo
//! correction or field weights. It ranks the same documents as the real index (the view's,
//! folded and simplified the same way), so the two rows of `faq eval` differ by ranking alone.

use std::collections::HashMap;

use crate::faq::analysis;
use crate::faq::index::Doc;
use crate::faq::text;

const K1: f32 = 1.2;
const B: f32 = 0.75;

pub struct Bm25Bigrams {
    /// Per document: term → frequency.
    docs: Vec<HashMap<String, u32>>,
    lengths: Vec<f32>,
    average_length: f32,
    document_frequency: HashMap<String, u32>,
}

/// Bigrams of each run of Han characters (a lone character stands alone, as in
/// `analysis::zh_bigrams`) and the words of runs of other letters and digits, in text order.
pub fn tokens(text: &str) -> Vec<String> {
    let normalized = text::normalize(text);
    let mut out: Vec<(usize, String)> = analysis::zh_bigrams(&normalized)
        .into_iter()
        .map(|t| (t.offset_from, t.text))
        .collect();
    let mut start = None;
    for (i, c) in normalized.char_indices().chain([(normalized.len(), ' ')]) {
        let in_word = c.is_alphanumeric() && !text::is_han(c);
        match (start, in_word) {
            (None, true) => start = Some(i),
            (Some(from), false) => {
                out.push((from, normalized[from..i].to_owned()));
                start = None;
            }
            _ => {}
        }
    }
    out.sort_by_key(|(offset, _)| *offset);
    out.into_iter().map(|(_, t)| t).collect()
}

impl Bm25Bigrams {
    pub fn build(docs: &[Doc]) -> Self {
        let mut index = Self {
            docs: Vec::with_capacity(docs.len()),
            lengths: Vec::with_capacity(docs.len()),
            average_length: 0.0,
            document_frequency: HashMap::new(),
        };
        for d in docs {
            let all = format!("{} {} {}", d.title, d.keywords.join(" "), d.body);
            let terms = tokens(&all);
            let mut frequency: HashMap<String, u32> = HashMap::new();
            for t in &terms {
                *frequency.entry(t.clone()).or_default() += 1;
            }
            for t in frequency.keys() {
                *index.document_frequency.entry(t.clone()).or_default() += 1;
            }
            index.lengths.push(terms.len() as f32);
            index.docs.push(frequency);
        }
        let total: f32 = index.lengths.iter().sum();
        index.average_length = total / (index.docs.len().max(1) as f32);
        index
    }

    /// The indexes of the best `limit` documents, best first (ties in document order).
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let mut terms = tokens(query);
        terms.sort();
        terms.dedup();
        let n = self.docs.len() as f32;
        let mut scored: Vec<(usize, f32)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, frequency)| {
                let score: f32 = terms
                    .iter()
                    .filter_map(|t| {
                        let tf = *frequency.get(t)? as f32;
                        let df = self.document_frequency[t] as f32;
                        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                        let norm = K1 * (1.0 - B + B * self.lengths[i] / self.average_length);
                        Some(idf * tf * (K1 + 1.0) / (tf + norm))
                    })
                    .sum();
                (score > 0.0).then_some((i, score))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().take(limit).map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str) -> Doc {
        Doc {
            id: id.into(),
            category: "c".into(),
            title: title.into(),
            keywords: Vec::new(),
            body: body.into(),
        }
    }

    #[test]
    fn bigrams_for_han_words_for_the_rest() {
        assert_eq!(
            tokens("怎么退貨 Order-42 钱"),
            ["怎么", "么退", "退货", "order", "42", "钱"]
        );
    }

    #[test]
    fn ranks_the_document_sharing_the_rarer_bigrams_first() {
        let docs = [
            doc("returns", "退货政策", "七天内可以退货，退款原路返回"),
            doc("delivery", "配送时间", "订单一般三天内送达"),
            doc("points", "会员积分", "每消费一元得一积分"),
        ];
        let index = Bm25Bigrams::build(&docs);
        assert_eq!(index.search("我想退货", 3), [0]);
        assert_eq!(index.search("多久送达", 3), [1]);
        assert!(index.search("xyz", 3).is_empty());
    }
}
