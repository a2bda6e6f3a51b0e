//! FAQ articles on disk: `content/<site>/faq/**/*.md`, one file per article and locale, with
//! YAML front matter:
//!
//! ```text
//! ---
//! id: returns-policy
//! locale: zh-CN
//! category: 退换货
//! title: 退货政策是什么?
//! keywords: [退货, 七天无理由]
//! ---
//! Body in Markdown…
//! ```
//!
//! A file with a missing or malformed required key is rejected with its path and line;
//! unknown keys are ignored.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use patron_api::{faq, validate, FieldCode, Locale};
use serde::Deserialize;

use crate::content::imports::sha256_hex;
use crate::content::yaml::FieldLines;

pub const CATEGORY_MAX_CHARS: usize = 60;
pub const TITLE_MAX_CHARS: usize = 200;
pub const KEYWORD_MAX_CHARS: usize = 40;
pub const KEYWORDS_MAX: usize = 30;
pub const BODY_MAX_CHARS: usize = 20_000;

/// An article as an author writes it (a file or an admin PUT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInput {
    pub id: String,
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body_markdown: String,
}

/// A parsed file.
#[derive(Debug, Clone)]
pub struct ArticleFile {
    pub path: PathBuf,
    /// Of the file's bytes (`content::imports`).
    pub sha256: String,
    pub article: ArticleInput,
}

/// One problem of a rejected file, at a line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub reason: String,
}

/// A file that was not imported, with everything wrong with it.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub path: PathBuf,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: {}", self.path.display(), p.line, p.reason)?;
        }
        Ok(())
    }
}

/// The keys Patron reads; any other key is ignored.
#[derive(Deserialize, Default)]
struct FrontMatter {
    id: Option<String>,
    locale: Option<String>,
    category: Option<String>,
    title: Option<String>,
    keywords: Option<Vec<String>>,
}

/// Reads every `*.md` under `dir` (sorted by path). Files that cannot be used are returned
/// as rejections; so is the second of two files with the same id and locale.
pub fn read_dir(dir: &Path) -> std::io::Result<(Vec<ArticleFile>, Vec<Rejection>)> {
    let mut paths = Vec::new();
    collect_markdown(dir, &mut paths)?;
    paths.sort();
    let mut good: Vec<ArticleFile> = Vec::new();
    let mut rejected = Vec::new();
    let mut seen: HashMap<(String, Locale), PathBuf> = HashMap::new();
    for path in paths {
        let mut sha256 = String::new();
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| {
                vec![Problem {
                    line: 1,
                    reason: format!("cannot read the file: {e}"),
                }]
            })
            .and_then(|text| {
                sha256 = sha256_hex(text.as_bytes());
                parse_article(&text)
            });
        match parsed {
            Ok(article) => {
                let key = (article.id.clone(), article.locale);
                if let Some(first) = seen.get(&key) {
                    rejected.push(Rejection {
                        path,
                        problems: vec![Problem {
                            line: 1,
                            reason: format!(
                                "duplicate article {} {}: already defined in {}",
                                key.0,
                                key.1,
                                first.display()
                            ),
                        }],
                    });
                } else {
                    seen.insert(key, path.clone());
                    good.push(ArticleFile {
                        path,
                        sha256,
                        article,
                    });
                }
            }
            Err(problems) => rejected.push(Rejection { path, problems }),
        }
    }
    Ok((good, rejected))
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_markdown(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses one file's text; the problems carry 1-based line numbers of the file.
pub fn parse_article(text: &str) -> Result<ArticleInput, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let problem = |line: usize, reason: String| vec![Problem { line, reason }];
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Err(problem(
            1,
            "no front matter: the file must start with a line `---`".into(),
        ));
    }
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|i| i + 1)
    else {
        return Err(problem(
            1,
            "the front matter is not closed by a line `---`".into(),
        ));
    };
    let yaml = lines[1..close].join("\n");
    let front: FrontMatter = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        serde_yaml_ng::from_str(&yaml).map_err(|e| {
            // Lines in the YAML error count from the line after the opening `---`.
            let line = e.location().map_or(1, |l| l.line() + 1);
            problem(line, format!("malformed front matter: {e}"))
        })?
    };
    let body = lines[close + 1..].join("\n");
    // The front matter starts on the file's second line.
    let fields = FieldLines::of(&yaml);
    let key_line = |key: &str| fields.line(key) + 1;

    let mut problems = Vec::new();
    let mut required = |key: &str, value: Option<String>| match value {
        Some(v) => Some(v),
        None => {
            problems.push(Problem {
                line: 1,
                reason: format!("the front matter has no `{key}`"),
            });
            None
        }
    };
    let id = required("id", front.id);
    let locale = required("locale", front.locale);
    let category = required("category", front.category);
    let title = required("title", front.title);
    let input = PartialInput {
        id,
        locale,
        category,
        title,
        keywords: front.keywords.unwrap_or_default(),
        body_markdown: body,
    };
    match input.check() {
        Ok(article) if problems.is_empty() => Ok(article),
        Ok(_) => Err(problems),
        Err(errs) => {
            for e in errs {
                let line = if e.field == "body" {
                    close + 2
                } else {
                    key_line(e.field)
                };
                problems.push(Problem {
                    line,
                    reason: e.message,
                });
            }
            problems.sort_by_key(|p| p.line);
            Err(problems)
        }
    }
}

/// Fields as given, before checking; `None` is a missing required field (already reported).
pub struct PartialInput {
    pub id: Option<String>,
    pub locale: Option<String>,
    pub category: Option<String>,
    pub title: Option<String>,
    pub keywords: Vec<String>,
    pub body_markdown: String,
}

/// One broken rule: the field (`id`, `locale`, `category`, `title`, `keywords`, `body`), a
/// machine code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: &'static str,
    pub code: FieldCode,
    pub message: String,
}

impl PartialInput {
    /// Checks every field, trimming text.
    pub fn check(self) -> Result<ArticleInput, Vec<Issue>> {
        let mut errs = Vec::new();
        let mut issue = |field: &'static str, code: FieldCode, message: String| {
            errs.push(Issue {
                field,
                code,
                message,
            });
        };
        let id = self.id.map(|s| s.trim().to_owned());
        if let Some(id) = &id {
            if let Err(v) = faq::article_id(id) {
                issue("id", v.code, format!("id {id:?}: {}", v.message));
            }
        }
        let locale = self.locale.as_deref().and_then(|l| {
            let parsed = l.trim().parse::<Locale>().ok();
            if parsed.is_none() {
                issue(
                    "locale",
                    FieldCode::InvalidFormat,
                    format!("locale {l:?} is not one of zh-CN, zh-TW, en"),
                );
            }
            parsed
        });
        let mut text = |field: &'static str, value: Option<String>, max: usize| {
            let value = value.map(|v| v.trim().to_owned());
            if let Some(v) = &value {
                if let Err(e) = validate::text_len(v, 1, max) {
                    issue(field, e.code, format!("{field}: {}", e.message));
                }
            }
            value
        };
        let category = text("category", self.category, CATEGORY_MAX_CHARS);
        let title = text("title", self.title, TITLE_MAX_CHARS);
        let body = text("body", Some(self.body_markdown), BODY_MAX_CHARS);
        let keywords: Vec<String> = self
            .keywords
            .iter()
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
        if keywords.len() > KEYWORDS_MAX
            || keywords
                .iter()
                .any(|k| k.chars().count() > KEYWORD_MAX_CHARS)
        {
            issue(
                "keywords",
                FieldCode::TooLong,
                format!("at most {KEYWORDS_MAX} keywords of {KEYWORD_MAX_CHARS} characters"),
            );
        }
        match (id, locale, category, title, body) {
            (Some(id), Some(locale), Some(category), Some(title), Some(body))
                if errs.is_empty() =>
            {
                Ok(ArticleInput {
                    id,
                    locale,
                    category,
                    title,
                    keywords,
                    body_markdown: body,
                })
            }
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\nid: returns-policy\nlocale: zh-CN\ncategory: 退换货\n\
                        title: 退货政策是什么?\nkeywords: [退货, 七天无理由]\nauthor: x\n---\n\
                        七天无理由退货。\n";

    #[test]
    fn parses_a_good_file() {
        let a = parse_article(GOOD).expect("valid");
        assert_eq!(a.id, "returns-policy");
        assert_eq!(a.locale, Locale::ZhCn);
        assert_eq!(a.keywords, ["退货", "七天无理由"]);
        assert_eq!(a.body_markdown, "七天无理由退货。");
    }

    #[test]
    fn reports_lines() {
        let no_id = GOOD.replace("id: returns-policy\n", "");
        assert_eq!(parse_article(&no_id).unwrap_err()[0].line, 1);
        let bad_locale = GOOD.replace("zh-CN", "fr");
        let p = parse_article(&bad_locale).unwrap_err();
        assert_eq!((p[0].line, p[0].reason.contains("fr")), (3, true), "{p:?}");
        let malformed = GOOD.replace("keywords: [退货, 七天无理由]", "keywords: [退货");
        let p = parse_article(&malformed).unwrap_err();
        assert!(p[0].reason.starts_with("malformed"), "{p:?}");
        assert!(p[0].line >= 6, "{p:?}");
        assert_eq!(parse_article("no front matter").unwrap_err()[0].line, 1);
        let unclosed = "---\nid: x\n";
        assert!(parse_article(unclosed).unwrap_err()[0]
            .reason
            .contains("not closed"));
        let empty_body = GOOD.replace("七天无理由退货。\n", "");
        assert_eq!(parse_article(&empty_body).unwrap_err()[0].line, 9);
    }
}
