//! The one way content files are read: YAML into a type, with every problem on its line.
//!
//! A syntax or type error (a typo in a key, a word where a number goes) comes from the parser
//! with its line. A rule broken after parsing is a `FieldError` whose field is a path such as
//! `surveys[1].labels.10` or `steps[2].action.selector`; `FieldLines` knows the line of every
//! key and list item in the text, so `describe` can put the line in front of each one.

use std::collections::HashMap;
use std::path::Path;

use patron_api::validate::FieldErrors;
use patron_api::FieldError;
use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::ContentProblem;

/// A content file parsed, with the lines its fields stand on.
#[derive(Debug)]
pub struct Located<T> {
    pub value: T,
    pub lines: FieldLines,
}

/// Parses `text` into `T`. A problem the parser finds is `line N: message`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<Located<T>, Vec<String>> {
    let value = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        vec![format!("line {line}: {e}")]
    })?;
    Ok(Located {
        value,
        lines: FieldLines::of(text),
    })
}

/// Reads a content file for parsing. `None` when it cannot be read (a problem of that file,
/// added to `problems`) or holds nothing but comments (`is_blank`: it counts as absent).
pub fn read_file(path: &Path, problems: &mut Vec<ContentProblem>) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) if is_blank(&text) => None,
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(ContentProblem {
                path: path.to_path_buf(),
                problems: vec![e.to_string()],
            });
            None
        }
    }
}

/// Whether `text` holds no YAML at all: only comments and blank lines, as the commented
/// templates of `patron-server sites new` are. Such a file counts as absent.
pub fn is_blank(text: &str) -> bool {
    matches!(
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text),
        Ok(serde_yaml_ng::Value::Null)
    )
}

/// Where each field path of a YAML text starts (1-based lines): a mapping key's line, a list
/// item's line.
#[derive(Debug, Default, Clone)]
pub struct FieldLines(HashMap<String, usize>);

impl FieldLines {
    /// Reads the text's structure; text that does not parse gives no lines (every field is
    /// then on line 1, and the parser's own error says more).
    pub fn of(text: &str) -> Self {
        let mut walker = Walker::default();
        // A parse error leaves what was read so far, which is still worth having.
        let _ = Parser::new_from_str(text).load(&mut walker, false);
        Self(walker.lines)
    }

    /// The line of `field`, or of the nearest enclosing field the text has; 1 when none.
    pub fn line(&self, field: &str) -> usize {
        let mut path = field;
        loop {
            if let Some(&line) = self.0.get(path) {
                return line;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return 1,
            }
        }
    }

    /// One line per broken rule: `line N: field (code): message`.
    pub fn describe(&self, errs: &FieldErrors) -> Vec<String> {
        self.describe_with(errs, |_| String::new())
    }

    /// Like `describe`, with `note(error)` between the line and the field (e.g. the id of
    /// the step the field belongs to).
    pub fn describe_with(
        &self,
        errs: &FieldErrors,
        note: impl Fn(&FieldError) -> String,
    ) -> Vec<String> {
        errs.0
            .iter()
            .map(|e| {
                format!(
                    "line {}: {}{} ({}): {}",
                    self.line(&e.field),
                    note(e),
                    e.field,
                    e.code.as_str(),
                    e.message
                )
            })
            .collect()
    }
}

/// Follows the parser's events, keeping the path of the node being read.
#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    lines: HashMap<String, usize>,
}

enum Frame {
    /// A mapping at `path`; `key` is set between a key and its value.
    Map { path: String, key: Option<String> },
    /// A sequence at `path`; `next` is the index of the next item.
    Seq { path: String, next: usize },
    /// A node whose path is not worth knowing (a mapping or list used as a key).
    Skip,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl Walker {
    /// The path of a node starting now (recording its line), or `None` when it is a key or
    /// inside a skipped node. A scalar key is remembered by its frame.
    fn node(&mut self, scalar: Option<&str>, line: usize) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Skip) => None,
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    // A key. A mapping or list as a key has no useful path.
                    let k = scalar?.to_owned();
                    self.lines.insert(join(path, &k), line);
                    *key = Some(k);
                    None
                }
            },
            Some(Frame::Seq { path, next }) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                self.lines.insert(item.clone(), line);
                Some(item)
            }
        }
    }

    /// After a key that was a whole mapping or list: its value follows, under no name.
    fn is_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(text, ..) => {
                self.node(Some(&text), line);
            }
            Event::Alias(_) => {
                self.node(None, line);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let key_position = self.is_key_position();
                let frame = match self.node(None, line) {
                    Some(path) if matches!(ev, Event::MappingStart(..)) => {
                        Frame::Map { path, key: None }
                    }
                    Some(path) => Frame::Seq { path, next: 0 },
                    None => {
                        if key_position {
                            // The key's value will come; give it a name nobody asks for.
                            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                                *key = Some("?".to_owned());
                            }
                        }
                        Frame::Skip
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use patron_api::FieldCode;

    #[test]
    fn comments_only_is_blank() {
        assert!(is_blank(""));
        assert!(is_blank("# surveys\n\n#  - id: x\n"));
        assert!(!is_blank("surveys: []\n"));
        assert!(!is_blank("surveys: [\n"));
    }

    const TEXT: &str = "\
name: { zh-CN: 明家, en: Mingjia }
surveys:
  - id: first
    labels:
      1: { en: Bad }
      5: { en: Good }
  - id: second
    triggers:
      - event: order_completed
      - page_url: \"*/done\"
";

    #[test]
    fn every_key_and_item_has_its_line() {
        let lines = FieldLines::of(TEXT);
        assert_eq!(lines.line("name"), 1);
        assert_eq!(lines.line("name.en"), 1);
        assert_eq!(lines.line("surveys"), 2);
        assert_eq!(lines.line("surveys[0]"), 3);
        assert_eq!(lines.line("surveys[0].labels"), 4);
        assert_eq!(lines.line("surveys[0].labels.5"), 6);
        assert_eq!(lines.line("surveys[1].id"), 7);
        assert_eq!(lines.line("surveys[1].triggers[1].page_url"), 10);
    }

    #[test]
    fn a_field_the_text_lacks_gets_its_nearest_parent() {
        let lines = FieldLines::of(TEXT);
        assert_eq!(lines.line("surveys[1].question"), 7);
        assert_eq!(lines.line("surveys[0].labels.3"), 4);
        assert_eq!(lines.line("cooldown_hours"), 1);
    }

    #[test]
    fn describes_broken_rules_on_their_lines() {
        let mut errs = FieldErrors::default();
        errs.push(
            "surveys[0].labels.5",
            FieldCode::TooLong,
            "at most 40 characters",
        );
        let lines = FieldLines::of(TEXT);
        assert_eq!(
            lines.describe(&errs),
            ["line 6: surveys[0].labels.5 (too_long): at most 40 characters"]
        );
        let noted = lines.describe_with(&errs, |_| "survey \"first\": ".to_owned());
        assert!(noted[0].starts_with("line 6: survey \"first\": surveys[0]"));
    }

    #[test]
    fn parser_errors_carry_their_line() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Two {
            #[allow(dead_code)]
            a: u32,
        }
        let errs = parse::<Two>("a: 1\nb: 2\n").expect_err("unknown key");
        assert!(errs[0].starts_with("line 2:"), "{errs:?}");
        let errs = parse::<Two>("a: [\n").expect_err("syntax");
        assert!(errs[0].starts_with("line "), "{errs:?}");
        assert_eq!(parse::<Two>("a: 3\n").expect("ok").value.a, 3);
    }

    #[test]
    fn complex_keys_and_broken_text_do_not_panic() {
        let lines = FieldLines::of("? [a, b]\n: 1\nc: 2\n");
        assert_eq!(lines.line("c"), 3);
        let lines = FieldLines::of("a: [1, 2\nb: {");
        assert_eq!(lines.line("a"), 1);
    }
}
