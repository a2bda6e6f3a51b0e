//! Signing a delivery, the Standard Webhooks way (<https://www.standardwebhooks.com>), so a
//! receiver can check who sent it and reject replays:
//!
//! - `webhook-id`: the delivery id, the same on every attempt (deduplicate by it);
//! - `webhook-timestamp`: the attempt's time, Unix seconds (reject one too far from now);
//! - `webhook-signature`: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`.
//!
//! The key is the site's secret: a `whsec_<base64>` secret (what Standard Webhooks libraries
//! generate and expect) is base64-decoded first; any other secret is used as its bytes.
//!
//! Deprecated, sent until the deprecation period ends (see the README): `X-Patron-Signature:
//! sha256=<hex HMAC-SHA256 of the body>` keyed by the secret as written, and
//! `X-Patron-Delivery: <id>`. It signs no time, so a captured request can be replayed.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The headers of one attempt, as `(name, value)`.
pub fn headers(
    secret: &[u8],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Vec<(&'static str, String)> {
    vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            standard_signature(secret, id, timestamp, body),
        ),
        ("x-patron-delivery", id.to_owned()),
        (
            "x-patron-signature",
            format!("sha256={}", hex(&hmac(secret, &[body]))),
        ),
    ]
}

/// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
pub fn standard_signature(secret: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = standard_key(secret);
    let mac = hmac(
        &key,
        &[
            id.as_bytes(),
            b".",
            timestamp.to_string().as_bytes(),
            b".",
            body,
        ],
    );
    format!("v1,{}", BASE64.encode(mac))
}

/// The HMAC key Standard Webhooks libraries derive from a secret: the bytes behind
/// `whsec_<base64>`, else the secret itself.
fn standard_key(secret: &[u8]) -> Vec<u8> {
    secret
        .strip_prefix(b"whsec_")
        .and_then(|b64| BASE64.decode(b64).ok())
        .unwrap_or_else(|| secret.to_vec())
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return Vec::new();
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_signature_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            hex(&hmac(b"Jefe", &[b"what do ya want for nothing?"])),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn standard_signature_matches_the_reference_vector() {
        // The Standard Webhooks reference libraries' own test vector.
        assert_eq!(
            standard_signature(
                b"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1_649_367_553,
                br#"{"email":"test@example.com","username":"test_user"}"#,
            ),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn a_plain_secret_is_its_own_key_and_the_time_is_signed() {
        let a = standard_signature(b"plain secret", "id1", 100, b"{}");
        assert_ne!(a, standard_signature(b"plain secret", "id1", 101, b"{}"));
        assert_ne!(a, standard_signature(b"plain secret", "id2", 100, b"{}"));
        let names: Vec<&str> = headers(b"s", "id1", 100, b"{}")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            [
                "webhook-id",
                "webhook-timestamp",
                "webhook-signature",
                "x-patron-delivery",
                "x-patron-signature"
            ]
        );
    }
}
