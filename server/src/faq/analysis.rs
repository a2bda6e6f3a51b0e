//! Tokenisers for the search index. Chinese text is cut into words by `jieba-rs` (search
//! mode, which also yields the shorter words inside long ones) and, in a second field, into
//! overlapping character bigrams, which find words the dictionary does not know. English
//! goes through tantivy's own pipeline with the Snowball English stemmer.
//!
//! Every text handed to these has already been through `text::normalize`.

use std::collections::HashSet;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer as Snowball};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenStream, Tokenizer,
};

use super::text::is_han;

pub const ZH_WORDS: &str = "patron_zh_words";
pub const ZH_NGRAMS: &str = "patron_zh_ngrams";
pub const EN_WORDS: &str = "patron_en_words";

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);
static STEMMER: LazyLock<Snowball> = LazyLock::new(|| Snowball::create(Algorithm::English));

/// Function words that say nothing about which article is wanted. Dropped from queries
/// (and from the English index); a query made only of these keeps them.
#[rustfmt::skip]
pub const EN_STOP_WORDS: &[&str] = &[
    "a", "about", "already", "also", "am", "an", "and", "any", "anything", "are", "as", "at", "be",
    "been", "but", "by", "came", "can", "come", "could", "did", "do", "does", "everything", "for",
    "from", "get", "got", "had", "has", "have", "how", "i", "if", "im", "in", "into", "is", "it",
    "its", "just", "me", "my", "need", "of", "on", "or", "our", "please", "really", "s", "should",
    "so", "some", "something", "still", "stuff", "t", "that", "the", "their", "them", "then",
    "there", "these", "they", "thing", "things", "this", "to", "want", "was", "we", "what", "will",
    "with", "would", "you", "your",
];

#[rustfmt::skip]
pub const ZH_STOP_WORDS: &[&str] = &[
    "的", "了", "吗", "呢", "吧", "啊", "呀", "嘛", "么", "我", "我的", "我们", "你", "你们", "您", "是", "在", "有",
    "和", "与", "或", "也", "都", "就", "还", "又", "怎么", "怎么办", "怎样", "怎么样", "如何", "什么", "为什么", "哪", "哪里",
    "哪儿", "去", "一下", "一个", "请问", "请", "能", "能不能", "可以", "可不可以", "会", "要", "想", "得", "着", "把", "被",
    "给", "这", "那", "这个", "那个", "这么", "那么", "东西",
];

static EN_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| EN_STOP_WORDS.iter().copied().collect());
static ZH_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ZH_STOP_WORDS.iter().copied().collect());

/// Loads the dictionaries now instead of on the first request.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
    LazyLock::force(&STEMMER);
}

pub fn is_en_stop_word(word: &str) -> bool {
    EN_STOP.contains(word)
}

pub fn is_zh_stop_word(word: &str) -> bool {
    ZH_STOP.contains(word)
}

pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// The analyzer of English fields: words, lowercased, stop words removed, stemmed.
pub fn english_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            EN_STOP_WORDS.iter().map(|w| (*w).to_owned()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// An English word of a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnWord {
    pub raw: String,
    pub start: usize,
    pub end: usize,
}

/// The lowercased words of `text` (not stemmed, stop words kept).
pub fn english_words(text: &str) -> Vec<EnWord> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(t) = stream.next() {
        words.push(EnWord {
            raw: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
        });
    }
    words
}

/// jieba words of `text` in search mode, punctuation and spaces left out.
pub fn zh_words(text: &str) -> Vec<Token> {
    JIEBA
        .cut_for_search(text, true)
        .into_iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .enumerate()
        .map(|(position, t)| Token {
            offset_from: t.byte_start,
            offset_to: t.byte_end,
            position,
            text: t.word.to_lowercase(),
            position_length: 1,
        })
        .collect()
}

/// jieba words of `text` in precise mode (no overlaps), as slices of `text`.
pub fn zh_cut(text: &str) -> Vec<&str> {
    JIEBA.cut(text, true).into_iter().map(|t| t.word).collect()
}

/// Overlapping bigrams of every run of Han characters; a lone character is a unigram.
pub fn zh_bigrams(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    let flush = |run: &mut Vec<(usize, char)>, tokens: &mut Vec<Token>| {
        let end_of = |i: usize, run: &[(usize, char)]| run[i].0 + run[i].1.len_utf8();
        if run.len() == 1 {
            tokens.push(token(text, run[0].0, end_of(0, run), tokens.len()));
        }
        for i in 1..run.len() {
            tokens.push(token(text, run[i - 1].0, end_of(i, run), tokens.len()));
        }
        run.clear();
    };
    for (i, c) in text.char_indices() {
        if is_han(c) {
            run.push((i, c));
        } else if !run.is_empty() {
            flush(&mut run, &mut tokens);
        }
    }
    flush(&mut run, &mut tokens);
    tokens
}

/// Every Han character, plus the bigrams of runs of them: the index side of `zh_bigrams`,
/// with unigrams as a weak fallback for words that jieba cuts differently in a query.
pub fn zh_ngrams(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = text
        .char_indices()
        .filter(|(_, c)| is_han(*c))
        .map(|(i, c)| token(text, i, i + c.len_utf8(), 0))
        .collect();
    let bigrams = zh_bigrams(text)
        .into_iter()
        .filter(|t| t.offset_to - t.offset_from > 4);
    tokens.extend(bigrams);
    for (position, t) in tokens.iter_mut().enumerate() {
        t.position = position;
    }
    tokens
}

fn token(text: &str, from: usize, to: usize, position: usize) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text: text[from..to].to_owned(),
        position_length: 1,
    }
}

/// A tantivy tokenizer over a function producing all tokens at once.
#[derive(Clone, Copy)]
pub struct FnTokenizer(pub fn(&str) -> Vec<Token>);

impl Tokenizer for FnTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: (self.0)(text),
            next: 0,
            empty: Token::default(),
        }
    }
}

pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
    empty: Token,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

/// Registers the tokenisers on an index.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(ZH_WORDS, TextAnalyzer::from(FnTokenizer(zh_words)));
    manager.register(ZH_NGRAMS, TextAnalyzer::from(FnTokenizer(zh_ngrams)));
    manager.register(EN_WORDS, english_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: Vec<Token>) -> Vec<String> {
        tokens.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn bigrams_cover_han_runs_only() {
        assert_eq!(
            texts(zh_bigrams("怎么退货 abc 钱")),
            ["怎么", "么退", "退货", "钱"]
        );
        let t = zh_bigrams("a退货");
        assert_eq!((t[0].offset_from, t[0].offset_to), (1, 7));
    }

    #[test]
    fn ngrams_add_unigrams() {
        assert_eq!(texts(zh_ngrams("退货 钱")), ["退", "货", "钱", "退货"]);
    }

    #[test]
    fn jieba_cuts_without_spaces() {
        let words = texts(zh_words("地址填错了，怎么退货？"));
        assert!(words.contains(&"地址".to_owned()), "{words:?}");
        assert!(words.contains(&"退货".to_owned()), "{words:?}");
        assert!(!words.iter().any(|w| w == "，" || w == "？"), "{words:?}");
    }

    #[test]
    fn english_is_stemmed() {
        let mut a = english_analyzer();
        let mut stream = a.token_stream("How do I track my Returns?");
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        assert_eq!(out, ["track", "return"]);
        assert_eq!(stem("returns"), "return");
    }
}
