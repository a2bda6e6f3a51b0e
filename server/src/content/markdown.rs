//! Article bodies: Markdown rendered to HTML by pulldown-cmark, then sanitised by ammonia,
//! and the plain text that search and snippets use.
//!
//! The sanitiser keeps ordinary formatting (emphasis, lists, headings, tables, code, links,
//! https images) and removes everything else: script, style, iframes, event handlers,
//! `javascript:`/`data:` URLs and relative URLs (which would point at Patron, not the shop).

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{html, Event, Options, Parser, TagEnd};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.url_schemes(HashSet::from(["https", "http", "mailto", "tel"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("a", "target", "_blank")
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !value.starts_with("https://") {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Markdown → sanitised HTML.
pub fn render(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    SANITIZER.clean(&raw).to_string()
}

/// The words of a Markdown text without markup, on one line; raw HTML is dropped.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&out)
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_formatting() {
        let html = render("**bold** and [shop](https://shop.example.com/x)\n\n- one\n- two");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        assert!(
            html.contains(r#"href="https://shop.example.com/x""#)
                && html.contains(r#"rel="noopener noreferrer""#)
                && html.contains(r#"target="_blank""#),
            "{html}"
        );
    }

    #[test]
    fn removes_active_content() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
                  [x](javascript:alert(1))\n\n<iframe src=\"https://evil.test\"></iframe>\n\n\
                  <style>p{}</style>\n\n![i](http://plain.test/i.png) ![j](https://cdn.test/j.png)";
        let html = render(md);
        for bad in [
            "<script",
            "alert(1)</",
            "onerror",
            "javascript:",
            "<iframe",
            "<style",
            "http://plain.test",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains(r#"src="https://cdn.test/j.png""#), "{html}");
    }

    #[test]
    fn plain_text_strips_markup() {
        let t = plain_text("# Title\n\n1. Go to **My orders**;\n2. tap `Return`.\n\n<b>x</b>");
        assert_eq!(t, "Title Go to My orders; tap Return. x");
    }
}
