//! Marked titles and body excerpts for search hits, as plain-text pieces.

use std::collections::HashSet;

use patron_api::faq::SnippetPart;

use super::analysis;
use super::text;

/// Target excerpt length in characters.
pub const WIDTH: usize = 100;

/// What to mark: normalised Chinese terms (matched as substrings of the normalised text) or
/// English stems (matched word by word).
#[derive(Debug, Clone)]
pub enum Marks {
    Zh(Vec<Vec<char>>),
    En(HashSet<String>),
}

impl Marks {
    /// Character ranges of `display` to mark, sorted, not overlapping.
    pub fn ranges(&self, display: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        match self {
            Marks::Zh(terms) => {
                let norm = text::normalize_aligned(display);
                for t in terms
                    .iter()
                    .filter(|t| !t.is_empty() && t.len() <= norm.len())
                {
                    for i in 0..=norm.len() - t.len() {
                        if norm[i..i + t.len()] == t[..] {
                            found.push((i, i + t.len()));
                        }
                    }
                }
            }
            Marks::En(stems) => {
                let starts: Vec<usize> = display.char_indices().map(|(b, _)| b).collect();
                let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
                for w in analysis::english_words(display) {
                    if !analysis::is_en_stop_word(&w.raw) && stems.contains(&analysis::stem(&w.raw))
                    {
                        found.push((char_at(w.start), char_at(w.end)));
                    }
                }
            }
        }
        merge(found)
    }
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// All of `text`, marked.
pub fn whole(text: &str, ranges: &[(usize, usize)]) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.chars().collect();
    parts(&chars, 0, chars.len(), ranges)
}

/// About `width` characters of `text` around its best-marked stretch, with `…` where cut.
pub fn excerpt(text: &str, ranges: &[(usize, usize)], width: usize) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= width + width / 5 {
        return parts(&chars, 0, n, ranges);
    }
    let lead = width / 5;
    let mut best = (0usize, (0usize, 0usize));
    for &(a, _) in ranges {
        let start = a.saturating_sub(lead).min(n - width);
        let end = start + width;
        let inside: Vec<&(usize, usize)> = ranges
            .iter()
            .filter(|r| r.0 >= start && r.1 <= end)
            .collect();
        let distinct: HashSet<String> = inside
            .iter()
            .map(|r| {
                chars[r.0..r.1]
                    .iter()
                    .flat_map(|c| c.to_lowercase())
                    .collect()
            })
            .collect();
        let score = (distinct.len(), inside.iter().map(|r| r.1 - r.0).sum());
        if score > best.1 {
            best = (start, score);
        }
    }
    let (start, end) = boundaries(&chars, best.0, best.0 + width);
    let mut out = Vec::new();
    if start > 0 {
        push(&mut out, "…".into(), false);
    }
    for p in parts(&chars, start, end, ranges) {
        push(&mut out, p.text, p.mark);
    }
    if end < n {
        push(&mut out, "…".into(), false);
    }
    out
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || "。，；：！？、.,;:!?()（）".contains(c)
}

/// Moves a window's start back to just after a nearby break, and its end back off a
/// half-cut English word.
fn boundaries(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let mut s = start;
    if s > 0 {
        if let Some(p) = (start.saturating_sub(15)..start)
            .rev()
            .find(|&p| is_break(chars[p]))
        {
            s = p + 1;
        }
    }
    let mut e = end.min(chars.len());
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    if e < chars.len() && chars[e].is_alphanumeric() && chars[e - 1].is_ascii_alphanumeric() {
        if let Some(p) = (e.saturating_sub(15).max(s + 1)..e)
            .rev()
            .find(|&p| chars[p].is_whitespace())
        {
            e = p;
        }
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

fn parts(chars: &[char], start: usize, end: usize, ranges: &[(usize, usize)]) -> Vec<SnippetPart> {
    let mut out = Vec::new();
    let mut pos = start;
    for &(a, b) in ranges {
        let (a, b) = (a.max(pos), b.min(end));
        if a >= b {
            continue;
        }
        push(&mut out, chars[pos..a].iter().collect(), false);
        push(&mut out, chars[a..b].iter().collect(), true);
        pos = b;
    }
    if pos < end {
        push(&mut out, chars[pos..end].iter().collect(), false);
    }
    out
}

fn push(out: &mut Vec<SnippetPart>, text: String, mark: bool) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.mark == mark => last.text.push_str(&text),
        _ => out.push(SnippetPart { text, mark }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_traditional_text_with_simplified_terms() {
        let marks = Marks::Zh(vec!["退货".chars().collect()]);
        let title = "怎麼申請退貨？";
        assert_eq!(
            render(&whole(title, &marks.ranges(title))),
            "怎麼申請[退貨]？"
        );
    }

    #[test]
    fn marks_english_by_stem() {
        let marks = Marks::En(HashSet::from(["return".to_owned()]));
        let t = "Returns are free; we returned it.";
        assert_eq!(
            render(&whole(t, &marks.ranges(t))),
            "[Returns] are free; we [returned] it."
        );
    }

    #[test]
    fn excerpts_centre_on_matches() {
        let body = format!(
            "{} refund here. {}",
            "lorem ipsum ".repeat(20),
            "dolor ".repeat(30)
        );
        let marks = Marks::En(HashSet::from(["refund".to_owned()]));
        let parts = excerpt(&body, &marks.ranges(&body), WIDTH);
        let text = render(&parts);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("[refund]"), "{text}");
        let n = text.chars().count();
        assert!((60..=130).contains(&n), "{n}: {text}");
        assert!(!text.contains("dolo…") && !text.contains(" …"), "{text}");
    }
}
