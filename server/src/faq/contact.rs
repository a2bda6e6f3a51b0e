//! Contact requests: validation, a short reference to read aloud, one transaction.

use patron_api::faq::{ContactReceipt, ContactRequest};
use rand::Rng;
use sqlx::AnyPool;

use super::storage;
use crate::error::AppError;
use crate::storage::{is_contention, now_millis, with_retries};

/// Crockford's base-32 letters without 0 and 1 (and, as in Crockford, no I, L, O, U): nothing
/// that reads like another character.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `PT-XXXX-XXXX`: 30^8 ≈ 6.6 × 10^11 possibilities.
pub fn new_reference() -> String {
    let mut rng = rand::thread_rng();
    let mut group = || -> String {
        (0..4)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let first = group();
    format!("PT-{first}-{}", group())
}

/// Validates and stores a request; the receipt carries its unique reference.
/// `member`: the verified member who sent it, if signed in.
pub async fn submit(
    pool: &AnyPool,
    site: &str,
    request: &ContactRequest,
    member: Option<&str>,
) -> Result<ContactReceipt, AppError> {
    request.validate()?;
    for _ in 0..5 {
        let reference = new_reference();
        let stored = with_retries(|| {
            storage::insert_contact(pool, site, &reference, request, member, now_millis())
        })
        .await
        .map_err(|e| {
            if is_contention(&e) {
                AppError::Unavailable(format!("storing a contact request: {e}"))
            } else {
                e.into()
            }
        })?;
        if stored {
            return Ok(ContactReceipt { reference });
        }
    }
    Err(AppError::internal(
        "no free contact reference after 5 draws",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable() {
        for _ in 0..200 {
            let r = new_reference();
            assert_eq!(r.len(), 12, "{r}");
            assert!(r.starts_with("PT-") && r.as_bytes()[7] == b'-', "{r}");
            assert!(
                r[3..]
                    .chars()
                    .all(|c| c == '-' || ALPHABET.contains(&(c as u8))),
                "{r}"
            );
            assert!(!r[3..].contains(['0', 'O', '1', 'I']), "{r}");
        }
    }
}
