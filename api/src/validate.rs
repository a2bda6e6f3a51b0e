//! Validation rules as plain functions, shared by the server (which enforces them) and the
//! widget (which checks forms before sending, so a customer sees the error beside the field).

use crate::error::{FieldCode, FieldError};

/// Why one value broke a rule: a machine code and an English sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: FieldCode,
    pub message: String,
}

impl Violation {
    pub fn new(code: FieldCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

pub type Rule = Result<(), Violation>;

/// Collects the broken rules of a whole request.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &str, code: FieldCode, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code,
            message: message.into(),
        });
    }

    pub fn check(&mut self, field: &str, rule: Rule) {
        if let Err(v) = rule {
            self.push(field, v.code, v.message);
        }
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

pub const SITE_ID_MAX_LEN: usize = 63;

/// `demo`, `acme-shop-2`: lowercase ASCII letters, digits and `-`, starting with a letter or
/// digit, at most 63 bytes. Site ids appear in URLs and file paths, so nothing else is allowed.
pub fn site_id(s: &str) -> Rule {
    let ok_chars = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let ok_start = s.bytes().next().is_some_and(|b| b != b'-');
    if s.is_empty() || s.len() > SITE_ID_MAX_LEN || !ok_chars || !ok_start {
        return Err(Violation::new(
            FieldCode::InvalidFormat,
            "a site id is 1 to 63 lowercase letters, digits or '-', not starting with '-'",
        ));
    }
    Ok(())
}

/// `#rrggbb`.
pub fn hex_color(s: &str) -> Rule {
    let b = s.as_bytes();
    if b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a colour is written #rrggbb",
        ))
    }
}

/// A length in characters (not bytes: Chinese text is three bytes a character in UTF-8).
pub fn text_len(s: &str, min: usize, max: usize) -> Rule {
    let n = s.chars().count();
    if n < min {
        Err(Violation::new(
            if min == 1 {
                FieldCode::Required
            } else {
                FieldCode::TooShort
            },
            format!("at least {min} characters"),
        ))
    } else if n > max {
        Err(Violation::new(
            FieldCode::TooLong,
            format!("at most {max} characters"),
        ))
    } else {
        Ok(())
    }
}

/// A web origin exactly as browsers report it: `https://host[:port]`, no path, no trailing
/// slash, lowercase scheme and host. `http` is accepted (local development, kiosks on a LAN).
pub fn origin(s: &str) -> Rule {
    let bad = || {
        Violation::new(
            FieldCode::InvalidFormat,
            "an origin is scheme://host[:port] with no path, e.g. https://shop.example.com",
        )
    };
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let (host, port) = match rest.rsplit_once(':') {
        // An IPv6 literal such as [::1] contains ':' inside the brackets.
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.[]:".contains(&b));
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if host_ok && port_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// An image URL: `https://…` or a path on Patron's own origin (`/assets/demo/logo.svg`).
/// `javascript:`, `data:` and protocol-relative `//host` URLs are refused.
pub fn asset_url(s: &str) -> Rule {
    let ok = (s.starts_with("https://") || (s.starts_with('/') && !s.starts_with("//")))
        && s.len() <= 2048
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\'' || c == '<');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an https:// URL or a path starting with /",
        ))
    }
}

/// A plausible email address: one `@`, a dot in the domain, no spaces, at most 254 bytes.
/// Deliverability is the mail server's business; this catches typing mistakes.
pub fn email(s: &str) -> Rule {
    let bad = || {
        Violation::new(
            FieldCode::InvalidFormat,
            "an email address looks like name@example.com",
        )
    };
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;\\".contains(c));
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// A phone number: digits with optional `+`, spaces, `-` and parentheses; 6 to 20 digits.
pub fn phone(s: &str) -> Rule {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let ok =
        s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && (6..=20).contains(&digits);
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a phone number is 6 to 20 digits",
        ))
    }
}

// Ids several features share (each feature re-exports the ones its requests carry).

pub const ARTICLE_ID_MAX_LEN: usize = 80;
pub const KEY_MIN_LEN: usize = 16;
pub const KEY_MAX_LEN: usize = 64;
pub const EVENT_NAME_MAX_LEN: usize = 64;

/// 1 to `max_len` lowercase ASCII letters, digits and `-`, not starting with `-`: the shape of
/// the ids retailers write (articles, surveys).
pub fn is_lowercase_id(s: &str, max_len: usize) -> bool {
    !s.is_empty()
        && s.len() <= max_len
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// `returns-policy`: lowercase ASCII letters, digits and `-`, at most 80 bytes.
pub fn article_id(s: &str) -> Rule {
    if is_lowercase_id(s, ARTICLE_ID_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an article id is lowercase letters, digits and '-'",
        ))
    }
}

/// An idempotency key, display id, device id or kiosk session: 16 to 64 of
/// `[A-Za-z0-9_-]`, generated at random by the widget.
pub fn idempotency_key(s: &str) -> Rule {
    let ok = (KEY_MIN_LEN..=KEY_MAX_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "16 to 64 letters, digits, '-' or '_'",
        ))
    }
}

/// The widget's random device id (32 hex digits) or a kiosk session id: 16 to 64 of
/// `[A-Za-z0-9_-]`, the same ids surveys accept.
pub fn device_id(s: &str) -> Rule {
    idempotency_key(s).map_err(|_| {
        Violation::new(
            FieldCode::InvalidFormat,
            "a device id is 16 to 64 letters, digits, '-' or '_'",
        )
    })
}

/// A host event name for `patron('track', name)`: `order_completed`, `checkout.done`.
pub fn event_name(s: &str) -> Rule {
    let ok = !s.is_empty()
        && s.len() <= EVENT_NAME_MAX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an event name is 1 to 64 letters, digits, '_', '-', '.' or ':'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_ids() {
        for good in ["demo", "a", "acme-2", "0shop"] {
            assert!(site_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-x",
            "Demo",
            "a_b",
            "a/b",
            "..",
            "商店",
            &"a".repeat(64),
        ] {
            assert!(site_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn colours() {
        assert!(hex_color("#C8102e").is_ok());
        for bad in ["red", "#fff", "c8102e", "#c8102g", "#c8102e00"] {
            assert!(hex_color(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(text_len("退货政策", 1, 4).is_ok());
        assert_eq!(
            text_len("退货政策!", 1, 4).unwrap_err().code.as_str(),
            "too_long"
        );
        assert_eq!(text_len("", 1, 4).unwrap_err().code.as_str(), "required");
        assert_eq!(text_len("ab", 3, 4).unwrap_err().code.as_str(), "too_short");
    }

    #[test]
    fn origins() {
        for good in [
            "https://shop.example.com",
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
        ] {
            assert!(origin(good).is_ok(), "{good}");
        }
        for bad in [
            "shop.example.com",
            "https://shop.example.com/",
            "https://shop.example.com/x",
            "https://Shop.example.com",
            "https://shop.example.com:",
            "https://shop.example.com:99999x",
            "ftp://x",
            "https://",
            "*",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn asset_urls() {
        assert!(asset_url("/assets/demo/logo.svg").is_ok());
        assert!(asset_url("https://cdn.example.com/l.png").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg>",
            "//evil.test/x.png",
            "http://x/y.png",
            "/a b.png",
            "/x\".png",
        ] {
            assert!(asset_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_and_phones() {
        for good in ["a@b.co", "xiao.ming+shop@example.com.cn"] {
            assert!(email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.co",
            "a@b.co.",
            "a b@c.com",
            "a@b@c.com",
            "<a@b.co>",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(phone("+86 (138) 0000-0000").is_ok());
        for bad in ["12345", "call me", "+86 138 0000 0000 0000 0000 0"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn field_errors_collect() {
        let mut e = FieldErrors::default();
        e.check("a", Ok(()));
        assert!(e.clone().into_result().is_ok());
        e.check("b", hex_color("x"));
        let errs = e.into_result().unwrap_err();
        assert_eq!(errs.0[0].field, "b");
        assert_eq!(errs.0[0].code, FieldCode::InvalidFormat);
    }
}
