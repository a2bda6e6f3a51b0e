//! Text normalisation shared by indexing, querying and snippets: full-width folding,
//! lowercasing, and Chinese script conversion (OpenCC dictionaries via `ferrous-opencc`).
//!
//! Both the index and every query are folded to simplified Chinese, so a traditional query
//! finds a simplified article and the other way round.

use std::sync::LazyLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

/// Traditional → simplified without vocabulary changes, which would map a traditional word
/// to a different word than simplified text uses (查詢 → 查找 while 查询 stays). Plain `T2s`
/// also leaves simplified text as it is, which the Taiwan-variant table does not (么 → 幺).
static TO_SIMPLIFIED: LazyLock<Option<OpenCC>> = LazyLock::new(|| converter(BuiltinConfig::T2s));
/// Simplified → traditional (Taiwan usage, with vocabulary).
static TO_TRADITIONAL: LazyLock<Option<OpenCC>> = LazyLock::new(|| converter(BuiltinConfig::S2twp));

fn converter(config: BuiltinConfig) -> Option<OpenCC> {
    match OpenCC::from_config(config) {
        Ok(c) => Some(c),
        Err(err) => {
            // The dictionaries are compiled into the binary, so this is a build problem; text
            // is then served unconverted rather than failing requests.
            tracing::error!(%err, "cannot load the Chinese script converter");
            None
        }
    }
}

/// Loads the converters now instead of on the first request.
pub fn warm_up() {
    LazyLock::force(&TO_SIMPLIFIED);
    LazyLock::force(&TO_TRADITIONAL);
}

/// A Han ideograph (CJK unified ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

pub fn to_simplified(s: &str) -> String {
    match TO_SIMPLIFIED.as_ref() {
        Some(cc) if has_han(s) => cc.convert(s),
        _ => s.to_owned(),
    }
}

pub fn to_traditional(s: &str) -> String {
    match TO_TRADITIONAL.as_ref() {
        Some(cc) if has_han(s) => cc.convert(s),
        _ => s.to_owned(),
    }
}

/// One character folded: full-width ASCII to ASCII, the ideographic space to a space, and
/// lowercase (when lowercasing gives a single character). Always one character for one, so
/// positions in folded text are positions in the original.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// What the index and queries see: folded and simplified.
pub fn normalize(s: &str) -> String {
    to_simplified(&fold(s))
}

/// The normalised form of `display`, one character per character of `display`, so that a
/// match found in the result marks the same characters of the original.
pub fn normalize_aligned(display: &str) -> Vec<char> {
    let folded: Vec<char> = display.chars().map(fold_char).collect();
    if !folded.iter().copied().any(is_han) {
        return folded;
    }
    let whole: String = folded.iter().collect();
    let converted: Vec<char> = to_simplified(&whole).chars().collect();
    if converted.len() == folded.len() {
        return converted;
    }
    // A phrase conversion changed the length: convert character by character instead.
    folded
        .iter()
        .map(|&c| {
            if is_han(c) {
                to_simplified(&c.to_string()).chars().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("ＲｅＴｕｒｎ　Ａ"), "return a");
        assert_eq!(fold("退货 App"), "退货 app");
    }

    #[test]
    fn converts_scripts_both_ways() {
        assert_eq!(to_simplified("退貨"), "退货");
        assert_eq!(to_simplified("查詢物流"), "查询物流");
        assert_eq!(to_traditional("退货政策"), "退貨政策");
        assert_eq!(to_simplified("return"), "return");
    }

    #[test]
    fn both_scripts_normalise_alike() {
        for (traditional, simplified) in [
            ("退貨", "退货"),
            ("查詢物流", "查询物流"),
            ("發票抬頭", "发票抬头"),
            ("門市會員", "门市会员"),
        ] {
            assert_eq!(
                normalize(traditional),
                normalize(simplified),
                "{traditional}"
            );
        }
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let s = "怎么申请退货？发票抬头写错了";
        assert_eq!(to_simplified(s), s);
    }

    #[test]
    fn aligned_normalisation_keeps_length() {
        let s = "發票抬頭 ABC";
        let n = normalize_aligned(s);
        assert_eq!(n.len(), s.chars().count());
        assert_eq!(n.iter().collect::<String>(), normalize(s));
    }
}
