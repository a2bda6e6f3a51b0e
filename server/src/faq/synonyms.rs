//! Optional per-site synonyms: `content/<site>/faq/synonyms.yaml`, a list of groups of words
//! that mean the same to a shopper, e.g. `- [退款, 退钱]` or `- [parcel, package]`. A query
//! word in a group also searches the other words of its group, at a lower weight.

use std::collections::HashMap;
use std::sync::Arc;

use super::text;

pub const FILE_NAME: &str = "synonyms.yaml";

#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Arc<Vec<Vec<String>>>,
    by_word: Arc<HashMap<String, Vec<String>>>,
}

impl Synonyms {
    /// Groups of words (as written); words are normalised for matching.
    pub fn new(groups: Vec<Vec<String>>) -> Self {
        let mut by_word: HashMap<String, Vec<String>> = HashMap::new();
        for group in &groups {
            let words: Vec<String> = group.iter().map(|w| text::normalize(w.trim())).collect();
            for w in &words {
                let others = by_word.entry(w.clone()).or_default();
                for o in &words {
                    if o != w && !others.contains(o) {
                        others.push(o.clone());
                    }
                }
            }
        }
        Self {
            groups: Arc::new(groups),
            by_word: Arc::new(by_word),
        }
    }

    /// Parses the YAML file; an error carries the 1-based line.
    pub fn parse(yaml: &str) -> Result<Self, (usize, String)> {
        if yaml.trim().is_empty() {
            return Ok(Self::default());
        }
        let groups: Vec<Vec<String>> = serde_yaml_ng::from_str(yaml).map_err(|e| {
            (
                e.location().map_or(1, |l| l.line()),
                format!("malformed synonyms: {e}"),
            )
        })?;
        Ok(Self::new(groups))
    }

    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// Every word of the groups found in `text` (normalised), with its other words.
    pub fn in_text<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, &'a [String])> {
        self.by_word
            .iter()
            .filter(move |(w, _)| !w.is_empty() && text.contains(w.as_str()))
            .map(|(w, others)| (w.as_str(), others.as_slice()))
    }

    /// The other words of `word`'s groups (normalised).
    pub fn of(&self, word: &str) -> &[String] {
        self.by_word.get(word).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_symmetric_and_normalised() {
        let s = Synonyms::parse("- [退款, 退錢]\n- [Parcel, package]\n").expect("valid");
        assert_eq!(s.of("退钱"), ["退款"]);
        assert_eq!(s.of("package"), ["parcel"]);
        assert!(s.of("x").is_empty());
        assert!(Synonyms::parse("- [a\n").is_err());
    }
}
