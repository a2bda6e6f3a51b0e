//! The widget's build output, held in memory with brotli and gzip variants computed once at
//! startup. Only files found in the map can be served, which rules out path traversal.

use std::collections::HashMap;
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::compress::{self, Encoding};
use crate::csp;
use crate::error::StartupError;

pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const CACHE_LOADER: &str = "public, max-age=300";
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The loader script retailers include; short-lived cache so updates spread within minutes.
pub const LOADER: &str = "embed.js";
/// The folder of the loader's extensions (`embed/panel.js`, …), cached like the loader.
pub const LOADER_EXTENSIONS: &str = "embed/";
/// The loader's TypeScript declarations (`window.patron`).
pub const LOADER_TYPES: &str = "embed.d.ts";
pub const INDEX: &str = "index.html";
/// The console's build, a folder of the same output, served at `/console/` only.
pub const CONSOLE_DIR: &str = "console/";

pub struct StaticFile {
    raw: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
    content_type: HeaderValue,
    cache_control: HeaderValue,
    /// Hex SHA-256 prefix of `raw`; each encoding appends a suffix, since a strong ETag
    /// names one exact byte sequence.
    digest: String,
}

impl StaticFile {
    pub fn new(path: &str, raw: Vec<u8>) -> std::io::Result<Self> {
        let (br, gzip) = if compress::is_compressible(path) {
            let smaller = |v: Vec<u8>| (v.len() < raw.len()).then(|| Bytes::from(v));
            (
                smaller(compress::brotli(&raw)?),
                smaller(compress::gzip(&raw)?),
            )
        } else {
            (None, None)
        };
        let digest: String = Sha256::digest(&raw)
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Self {
            raw: Bytes::from(raw),
            br,
            gzip,
            content_type: HeaderValue::from_static(content_type(path)),
            cache_control: HeaderValue::from_static(cache_policy(path)),
            digest,
        })
    }

    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Bytes on the wire for identity, gzip and brotli. A variant that did not shrink the
    /// file is never served, so its size is the raw size.
    pub fn served_sizes(&self) -> (u64, u64, u64) {
        let len = |b: &Bytes| b.len() as u64;
        let raw = len(&self.raw);
        (
            raw,
            self.gzip.as_ref().map_or(raw, len),
            self.br.as_ref().map_or(raw, len),
        )
    }

    fn pick(&self, headers: &HeaderMap) -> (Encoding, &Bytes) {
        let accept = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok());
        let (br_ok, gzip_ok) = compress::accepted(accept);
        match (&self.br, &self.gzip) {
            (Some(br), _) if br_ok => (Encoding::Brotli, br),
            (_, Some(gz)) if gzip_ok => (Encoding::Gzip, gz),
            _ => (Encoding::Identity, &self.raw),
        }
    }

    /// A 200 with the best encoding the client accepts, or a 304 if its cached copy matches.
    pub fn respond(&self, request_headers: &HeaderMap) -> Response {
        let (encoding, body) = self.pick(request_headers);
        let etag = match encoding.header_value() {
            Some(suffix) => format!("\"{}-{suffix}\"", self.digest),
            None => format!("\"{}\"", self.digest),
        };
        let not_modified = request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| etag_matches(v, &etag));

        let mut response = if not_modified {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            Response::new(Body::from(body.clone()))
        };
        let h = response.headers_mut();
        h.insert(header::CACHE_CONTROL, self.cache_control.clone());
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        if self.br.is_some() || self.gzip.is_some() {
            h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        if !not_modified {
            h.insert(header::CONTENT_TYPE, self.content_type.clone());
            if let Some(coding) = encoding.header_value() {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
        }
        response
    }
}

/// `If-None-Match` uses weak comparison, so `W/"x"` matches `"x"`.
fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// All files of the widget build, keyed by their path relative to the build directory.
#[derive(Default)]
pub struct WidgetFiles {
    files: HashMap<String, StaticFile>,
    /// CSP sources (`'sha256-…'`) for the inline scripts of `index.html`.
    pub index_script_hashes: Vec<String>,
}

impl WidgetFiles {
    /// Reads and compresses everything under `dir`. Blocking and CPU-heavy: run it off the
    /// async executor. A missing `dir` gives an empty set (the widget is built separately).
    pub fn load(dir: &Path) -> Result<Self, StartupError> {
        if !dir.is_dir() {
            tracing::warn!(dir = %dir.display(), "widget directory not found; /widget/ and /embed.js will answer 404");
            return Ok(Self::default());
        }
        let mut files = HashMap::new();
        walk(dir, "", &mut files)?;
        let index_script_hashes = files
            .get(INDEX)
            .map(|index| csp::inline_script_hashes(&String::from_utf8_lossy(index.raw())))
            .unwrap_or_default();
        tracing::info!(dir = %dir.display(), files = files.len(), "widget files loaded");
        Ok(Self {
            files,
            index_script_hashes,
        })
    }

    pub fn get(&self, path: &str) -> Option<&StaticFile> {
        self.files.get(path)
    }
}

fn walk(
    dir: &Path,
    prefix: &str,
    out: &mut HashMap<String, StaticFile>,
) -> Result<(), StartupError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StartupError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        // Hidden entries are build scratch (Trunk's `.stage`) or VCS data, never served.
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let key = format!("{prefix}{name}");
        // `file_type` does not follow symlinks, so links out of the build dir are skipped.
        let kind = entry.file_type().map_err(io_err(&path))?;
        if kind.is_dir() {
            walk(&path, &format!("{key}/"), out)?;
        } else if kind.is_file() {
            let raw = std::fs::read(&path).map_err(io_err(&path))?;
            let file = StaticFile::new(&key, raw).map_err(io_err(&path))?;
            out.insert(key, file);
        }
    }
    Ok(())
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        // TypeScript, not an MPEG transport stream as the extension alone would say.
        "ts" => "application/typescript; charset=utf-8",
        _ => mime_guess::from_ext(&ext)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

fn cache_policy(path: &str) -> &'static str {
    if path == LOADER || path.starts_with(LOADER_EXTENSIONS) {
        CACHE_LOADER
    } else if is_hashed_name(path) {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    }
}

/// Whether a path carries a Trunk content hash, so its content can never change under that
/// name: `-` and 12 to 16 lowercase hex digits (Trunk prints a 64-bit hash without leading
/// zeros), followed by `.`, `_` or the end of a path segment.
pub fn is_hashed_name(path: &str) -> bool {
    path.split('/').any(|segment| {
        segment.match_indices('-').any(|(i, _)| {
            let rest = &segment[i + 1..];
            let digits = rest
                .bytes()
                .take_while(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
                .count();
            (12..=16).contains(&digits)
                && matches!(rest.as_bytes().get(digits), None | Some(b'.') | Some(b'_'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_trunk_hashes() {
        for hashed in [
            "patron-widget-1a2b3c4d5e6f7a8b_bg.wasm",
            "patron-widget-1a2b3c4d5e6f7a8b.js",
            "main-0123456789abcdef.css",
            // Trunk drops leading zeros: this name came out of a real build.
            "main-116945267a511e8.css",
            "snippets/patron-widget-0123456789abcdef/inline0.js",
            // scripts/build-wasm.mjs: one hash for the folder of a split build.
            "app-0123456789abcdef/split_faq.wasm",
        ] {
            assert!(is_hashed_name(hashed), "{hashed}");
        }
        for plain in [
            "embed.js",
            "index.html",
            "main-0123456789a.css",
            "main-0123456789ABCDEF.css",
            "main-0123456789abcdef0.css",
            "main_0123456789abcdef.css",
        ] {
            assert!(!is_hashed_name(plain), "{plain}");
        }
    }

    #[test]
    fn cache_policies() {
        assert_eq!(cache_policy("embed.js"), CACHE_LOADER);
        assert_eq!(cache_policy("embed/tour.js"), CACHE_LOADER);
        assert_eq!(cache_policy("x-0123456789abcdef_bg.wasm"), CACHE_IMMUTABLE);
        assert_eq!(cache_policy("index.html"), CACHE_REVALIDATE);
    }

    #[test]
    fn etag_comparison_is_weak() {
        assert!(etag_matches("W/\"abc\", \"def\"", "\"abc\""));
        assert!(etag_matches("*", "\"abc\""));
        assert!(!etag_matches("\"abc-br\"", "\"abc\""));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a_bg.wasm"), "application/wasm");
        assert_eq!(content_type("a.js"), "text/javascript");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(
            content_type("embed.d.ts"),
            "application/typescript; charset=utf-8"
        );
    }
}
