//! Minifies the module style sheets that the widget's wasm chunks carry (`include_str!` of
//! `$OUT_DIR/<name>.css`): their comments and indentation would otherwise ship to every
//! customer inside the chunks. (`style/main.css` is minified by Trunk.)

use std::path::Path;

const MODULE_SHEETS: [&str; 4] = ["faq", "onboarding", "points", "survey"];

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    for name in MODULE_SHEETS {
        let source = format!("style/{name}.css");
        println!("cargo:rerun-if-changed={source}");
        let css = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let small = minify(&css);
        // Only comments, whitespace and a rule's last `;` may go: the rest, character for
        // character, stays.
        assert_eq!(
            without_space(&small),
            without_space(&without_comments(&css)).replace(";}", "}"),
            "{source}: minifying changed more than comments and whitespace"
        );
        std::fs::write(Path::new(&out).join(format!("{name}.css")), small).expect("write css");
    }
}

/// Drops comments, collapses whitespace, and drops it where CSS never needs it: around
/// `{ } ; , >` and after `:`. Quoted strings are copied as they are.
fn minify(css: &str) -> String {
    let css = without_comments(css);
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                space_before(&mut out, &mut pending_space);
                out.push(c);
                for s in chars.by_ref() {
                    out.push(s);
                    if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' | '>' => {
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                pending_space = false;
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
            }
            _ => {
                space_before(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out
}

/// The whitespace seen before a token, as one space where it may matter.
fn space_before(out: &mut String, pending: &mut bool) {
    if *pending && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>', ':']) {
        out.push(' ');
    }
    *pending = false;
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn without_space(css: &str) -> String {
    css.chars().filter(|c| !c.is_whitespace()).collect()
}
