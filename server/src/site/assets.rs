//! `GET /assets/{site}/{file}`: a site's images (logos) from `<content-dir>/<site>/public/`.

use axum::extract::State;
use axum::response::Response;
use patron_api::validate;

use crate::error::AppError;
use crate::extract::AppPath;
use crate::state::AppState;

pub async fn site_asset(
    State(state): State<AppState>,
    AppPath((site, file)): AppPath<(String, String)>,
) -> Result<Response, AppError> {
    if validate::site_id(&site).is_err() || !is_safe_file_name(&file) {
        return Err(AppError::NotFound);
    }
    let content_type = image_type(&file).ok_or(AppError::NotFound)?;
    let path = state.content_dir.join(&site).join("public").join(&file);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(err) => {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %path.display(), %err, "cannot read site asset");
            }
            return Err(AppError::NotFound);
        }
    };
    Ok(crate::http::image_response(
        bytes,
        content_type,
        "public, max-age=3600",
    ))
}

/// `^[A-Za-z0-9._-]+$`, not hidden and without `..`: a plain name inside `public/`.
fn is_safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn image_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert!(is_safe_file_name("logo.svg"));
        assert!(is_safe_file_name("hero_2-x.PNG"));
        for bad in [
            "",
            "..",
            ".hidden.png",
            "a..png",
            "a/b.png",
            "a\\b.png",
            "a b.png",
            "%2e.png",
        ] {
            assert!(!is_safe_file_name(bad), "{bad}");
        }
    }

    #[test]
    fn only_images() {
        assert_eq!(image_type("logo.SVG"), Some("image/svg+xml"));
        assert_eq!(image_type("site.yaml"), None);
        assert_eq!(image_type("noext"), None);
    }
}
