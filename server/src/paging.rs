//! Paging lists that are ordered newest first by (time, id): a page ends at a row, and the
//! next page starts strictly after it in that order, so rows sharing a millisecond are never
//! skipped (paging by time alone skipped them).

use patron_api::validate::FieldErrors;
use patron_api::FieldCode;

/// Where a page ended: the last row's time (Unix milliseconds) and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: String,
}

impl Cursor {
    /// `1780000000000.3f9a…`: opaque to clients, who pass back what they were given.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (at, id) = s.split_once('.')?;
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let at = at.parse().ok()?;
        id_ok.then(|| Self {
            at,
            id: id.to_owned(),
        })
    }

    /// The cursor after `rows` when the page was full, else `None` (the last page).
    pub fn after<T>(rows: &[T], limit: i64, key: impl Fn(&T) -> (i64, &str)) -> Option<Self> {
        if rows.len() as i64 != limit {
            return None;
        }
        rows.last().map(|r| {
            let (at, id) = key(r);
            Self {
                at,
                id: id.to_owned(),
            }
        })
    }

    /// The first position of all: before every row.
    pub fn start() -> Self {
        Self {
            at: i64::MAX,
            id: String::new(),
        }
    }
}

/// `?cursor=`: absent or blank is the start; anything else must be a cursor this server gave.
pub fn cursor_param(raw: Option<&str>, errs: &mut FieldErrors) -> Cursor {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Cursor::start(),
        Some(s) => Cursor::parse(s).unwrap_or_else(|| {
            errs.push(
                "cursor",
                FieldCode::InvalidFormat,
                "pass back the next_cursor of the previous page",
            );
            Cursor::start()
        }),
    }
}

/// `?cursor=&limit=` of a console list.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PageParams {
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

impl PageParams {
    /// Where the page starts and how long it is (clamped to 1..=`LIMIT_MAX`, default
    /// `LIMIT_DEFAULT`); a field error for a cursor this server did not give or a limit that
    /// is not a number.
    pub fn page(&self, errs: &mut FieldErrors) -> (Cursor, i64) {
        use patron_api::console::{LIMIT_DEFAULT, LIMIT_MAX};
        let cursor = cursor_param(self.cursor.as_deref(), errs);
        let limit = crate::extract::int_param(self.limit.as_deref(), "limit", errs)
            .unwrap_or(LIMIT_DEFAULT)
            .clamp(1, LIMIT_MAX);
        (cursor, limit)
    }
}

/// The SQL condition "after the cursor" for a list ordered by `time DESC, id DESC`, with
/// the cursor bound as `$n` (time) and `$n+1` (id).
pub fn after_sql(time: &str, id: &str, n: usize) -> String {
    format!("({time} < ${n} OR ({time} = ${n} AND {id} < ${}))", n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = Cursor {
            at: 1_780_000_000_000,
            id: "3f9a".into(),
        };
        assert_eq!(Cursor::parse(&c.encode()), Some(c));
        for junk in ["", "1", "x.y", "1.", "1.a b", "1.a;drop"] {
            assert_eq!(Cursor::parse(junk), None, "{junk}");
        }
        let mut errs = FieldErrors::default();
        assert_eq!(cursor_param(Some(" "), &mut errs), Cursor::start());
        cursor_param(Some("nope"), &mut errs);
        assert_eq!(errs.0[0].field, "cursor");
        assert_eq!(
            after_sql("created_at", "id", 2),
            "(created_at < $2 OR (created_at = $2 AND id < $3))"
        );
    }
}
