//! Content-Security-Policies of the widget page and the demo shop (`page_headers` adds them
//! and the other headers every page carries).
//!
//! Trunk's `index.html` boots the wasm from an inline `<script type="module">`. Rather than
//! allowing all inline scripts, the page's own inline scripts are allowed by hash, computed
//! once at startup from the exact file that is served; the demo shop's the same way.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `'sha256-…'` sources for every inline (no `src`) script in `html`, in document order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    // Browsers hash the script text after the HTML parser normalised line endings to LF.
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes: Vec<String> = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<script") {
        let name_end = pos + found + "<script".len();
        if !matches!(
            lower.as_bytes().get(name_end),
            Some(b' ' | b'\t' | b'\n' | b'\x0c' | b'>' | b'/')
        ) {
            pos = name_end;
            continue;
        }
        let Some(tag_end) = find_tag_end(&lower, name_end) else {
            break;
        };
        let body_start = tag_end + 1;
        let Some(body_len) = lower[body_start..].find("</script") else {
            break;
        };
        if !has_attribute(&lower[name_end..tag_end], "src") {
            let digest = Sha256::digest(&html.as_bytes()[body_start..body_start + body_len]);
            let source = format!("'sha256-{}'", STANDARD.encode(digest));
            if !hashes.contains(&source) {
                hashes.push(source);
            }
        }
        pos = body_start + body_len;
    }
    hashes
}

/// Index of the `>` closing the tag whose attributes start at `from`, skipping quoted values.
fn find_tag_end(s: &str, from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Whether an (already lowercased) attribute list names `wanted`.
fn has_attribute(attrs: &str, wanted: &str) -> bool {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if &attrs[start..i] == wanted {
            return true;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
    }
    false
}

/// The policy of the widget page: its own scripts only, embeddable by Patron itself and by
/// `ancestors` (the site's allowed origins, already validated as bare origins).
///
/// What the widget loads, and so what it is allowed: its wasm, JS glue and CSS from its own
/// origin (`'self'`, wasm compiled under `'wasm-unsafe-eval'`); its API calls to its own origin
/// (`connect-src 'self'`: the wasm and its chunks are fetched too); images from its origin or a
/// site's `https://` logo and guide images (`img-src`); inline `style` attributes, which the
/// view sets for progress bars and the brand colour. Everything else falls back to
/// `default-src 'self'`; plugins, `<base>` and form posts are refused outright.
pub fn widget_policy(script_hashes: &[String], ancestors: &[String]) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    let mut frame_ancestors = String::from("frame-ancestors 'self'");
    for origin in ancestors {
        frame_ancestors.push(' ');
        frame_ancestors.push_str(origin);
    }
    format!(
        "default-src 'self'; {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'; {frame_ancestors}"
    )
}

/// The demo shop's policy, as a retailer's could be: its own inline scripts by hash, the
/// loader and widget from Patron's origin (`patron`), its own inline styles; nobody frames it.
pub fn demo_shop_policy(script_hashes: &[String], patron: &str) -> String {
    let hashes = script_hashes.join(" ");
    format!(
        "default-src 'self'; script-src 'self' {patron} {hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: {patron}; \
         connect-src 'self' {patron}; frame-src {patron}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(s: &str) -> String {
        format!("'sha256-{}'", STANDARD.encode(Sha256::digest(s.as_bytes())))
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<html><head>\
            <script type=\"module\">import init from '/widget/a.js';await init();</script>\
            <script src=\"/widget/x.js\"></script>\
            <SCRIPT data-x='a>b'>console.log(1)</SCRIPT>\
            <scripts>not a script</scripts>\
            </head></html>";
        assert_eq!(
            inline_script_hashes(html),
            [
                sha("import init from '/widget/a.js';await init();"),
                sha("console.log(1)")
            ]
        );
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(
            inline_script_hashes("<script>\r\na()\r\n</script>"),
            [sha("\na()\n")]
        );
    }

    #[test]
    fn src_detection_ignores_values() {
        assert!(has_attribute("type=\"module\" src=x.js", "src"));
        assert!(!has_attribute("data-src=\"x\" title=\"src\"", "src"));
        assert!(has_attribute(" defer src", "src"));
    }

    #[test]
    fn policy_shape() {
        let p = widget_policy(&["'sha256-x'".into()], &["https://shop.example.com".into()]);
        assert_eq!(
            p,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-x'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'self' https://shop.example.com"
        );
    }
}
