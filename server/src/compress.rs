//! Compression shared by the static file server and `size-report`, so the report measures
//! exactly the bytes browsers download.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Brotli at the strongest settings: files are compressed once at startup, not per request.
pub fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(9));
    encoder.write_all(data)?;
    encoder.finish()
}

/// Whether a file type gains from compression (images other than SVG are already compressed).
pub fn is_compressible(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "js" | "mjs"
            | "ts"
            | "wasm"
            | "css"
            | "html"
            | "htm"
            | "svg"
            | "json"
            | "txt"
            | "map"
            | "xml"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// Which of brotli and gzip an `Accept-Encoding` header allows (`q=0` forbids; `*` covers
/// codings not named).
pub fn accepted(accept_encoding: Option<&str>) -> (bool, bool) {
    let mut br = None;
    let mut gz = None;
    let mut star = None;
    for item in accept_encoding.unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gz = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let ok = |q: Option<f32>| q.or(star).is_some_and(|q| q > 0.0);
    (ok(br), ok(gz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn round_trips() {
        let data = b"hello hello hello hello hello".repeat(20);
        let br = brotli(&data).expect("br");
        let mut out = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut out)
            .expect("unbr");
        assert_eq!(out, data);
        let gz = gzip(&data).expect("gz");
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .expect("ungz");
        assert_eq!(out, data);
        assert!(br.len() < data.len() && gz.len() < data.len());
    }

    #[test]
    fn negotiates() {
        assert_eq!(accepted(Some("gzip, deflate, br, zstd")), (true, true));
        assert_eq!(accepted(Some("gzip")), (false, true));
        assert_eq!(accepted(Some("br;q=0, gzip;q=0.5")), (false, true));
        assert_eq!(accepted(Some("*")), (true, true));
        assert_eq!(accepted(Some("*;q=0, br")), (true, false));
        assert_eq!(accepted(None), (false, false));
    }

    #[test]
    fn compressible_types() {
        assert!(is_compressible("x_bg.wasm"));
        assert!(is_compressible("a/b.JS"));
        assert!(!is_compressible("logo.png"));
        assert!(!is_compressible("README"));
    }
}
