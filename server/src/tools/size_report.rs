//! `patron-server size-report`: what a customer downloads on first open, for each module and
//! in all, measured with the same compression the server applies, checked against a budget
//! file.
//!
//! Three figures sum what a customer actually fetches:
//! - **first open**: the loader, `index.html`, the JS glue, the first-open wasm and the CSS,
//!   plus the files of every split the home screen fetches for its first paint (listed under
//!   `[first_paint]` in the budget file);
//! - **each module**: its own split and the shared chunks the chunk loader fetches with it,
//!   less what the first open fetched already (the build's `splits.json` says which files a
//!   split needs: `scripts/build-wasm.mjs` writes it from `__wasm_split.js`);
//! - **the whole widget**: every file above, every chunk and every loader extension.
//!
//! Budget keys are `<part>_<metric>`: part is `loader`, `panel` (the loader's `embed/panel.js`,
//! imported on the first open), `wasm`, `glue`, `css`, `html`, `chunk` (the largest lazily
//! loaded chunk), `extension` (the largest other loader extension), `first_open`, `module` (the
//! largest module download) or `whole`; metric is `raw`, `gzip` or `brotli`. For example:
//!
//! ```toml
//! [budget]
//! loader_brotli = 1536
//! first_open_brotli = 61440
//! module_brotli = 30720
//! whole_brotli = 184320
//!
//! [first_paint]
//! splits = []
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::assets::{StaticFile, INDEX, LOADER, LOADER_EXTENSIONS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Loader,
    /// The loader's panel (`embed/panel.js`): the iframe and its messages, imported when the
    /// widget is first needed, so part of the first open.
    Panel,
    Wasm,
    Glue,
    Css,
    Html,
    /// A module's wasm chunk, fetched when the module is first opened (or pointed at).
    Chunk,
    /// A loader extension (`embed/*.js`), imported on the host page only when used.
    Extension,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::Loader,
        Part::Panel,
        Part::Wasm,
        Part::Glue,
        Part::Css,
        Part::Html,
        Part::Chunk,
        Part::Extension,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Part::Loader => "loader",
            Part::Panel => "panel",
            Part::Wasm => "wasm",
            Part::Glue => "glue",
            Part::Css => "css",
            Part::Html => "html",
            Part::Chunk => "chunk",
            Part::Extension => "extension",
        }
    }

    /// Downloaded on the panel's first open (everything but the lazy parts).
    pub fn first_open(self) -> bool {
        !matches!(self, Part::Chunk | Part::Extension)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Sizes {
    pub fn get(&self, metric: &str) -> Option<u64> {
        match metric {
            "raw" => Some(self.raw),
            "gzip" => Some(self.gzip),
            "brotli" => Some(self.brotli),
            _ => None,
        }
    }

    fn add(self, other: Sizes) -> Sizes {
        Sizes {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
            brotli: self.brotli + other.brotli,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub part: Part,
    pub file: String,
    pub sizes: Sizes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub key: String,
    pub actual: u64,
    pub limit: u64,
}

impl Check {
    pub fn exceeded(&self) -> bool {
        self.actual > self.limit
    }
}

/// What opening one module downloads beyond the first open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDownload {
    /// The split's name (`faq`).
    pub name: String,
    pub files: Vec<String>,
    pub sizes: Sizes,
}

/// The sums the budget checks besides the single parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// The first open, including what the home screen fetches for its first paint.
    pub first_open: Sizes,
    pub modules: Vec<ModuleDownload>,
    pub whole: Sizes,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub rows: Vec<Row>,
    /// The first open (`figures.first_open`, kept under its old name).
    pub total: Sizes,
    pub figures: Figures,
    pub checks: Vec<Check>,
}

impl Report {
    pub fn exceeded(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| c.exceeded()).collect()
    }
}

#[derive(Debug)]
pub enum SizeReportError {
    Missing {
        dir: PathBuf,
        what: Vec<String>,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Budget {
        path: PathBuf,
        message: String,
    },
    Manifest {
        path: PathBuf,
        message: String,
    },
}

impl fmt::Display for SizeReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { dir, what } => {
                write!(
                    f,
                    "{} lacks {} (build the widget with Trunk first)",
                    dir.display(),
                    what.join(", ")
                )
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Budget { path, message } => write!(f, "budget {}: {message}", path.display()),
            Self::Manifest { path, message } => {
                write!(f, "split manifest {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for SizeReportError {}

pub fn run(widget_dir: &Path, budget_path: &Path) -> Result<Report, SizeReportError> {
    let budget_error = |message| SizeReportError::Budget {
        path: budget_path.to_path_buf(),
        message,
    };
    let budget = load_budget(budget_path)?;
    let rows = measure(widget_dir)?;
    let splits = load_splits(widget_dir, &rows)?;
    let figures = figures(&rows, &splits, &budget.first_paint).map_err(budget_error)?;
    let checks = check(&rows, &figures, &budget.limits).map_err(budget_error)?;
    Ok(Report {
        rows,
        total: figures.first_open,
        figures,
        checks,
    })
}

/// The budget file: limits, and the splits the home screen fetches for its first paint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Budget {
    pub limits: BTreeMap<String, u64>,
    pub first_paint: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetFile {
    budget: BTreeMap<String, u64>,
    #[serde(default)]
    first_paint: FirstPaint,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FirstPaint {
    splits: Vec<String>,
}

pub fn load_budget(path: &Path) -> Result<Budget, SizeReportError> {
    let text = std::fs::read_to_string(path).map_err(|source| SizeReportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_budget(&text).map_err(|message| SizeReportError::Budget {
        path: path.to_path_buf(),
        message,
    })
}

pub fn parse_budget(text: &str) -> Result<Budget, String> {
    toml::from_str::<BudgetFile>(text)
        .map(|f| Budget {
            limits: f.budget,
            first_paint: f.first_paint.splits,
        })
        .map_err(|e| e.to_string())
}

/// The split manifest's name, beside the wasm: `{"<split>": ["split_<split>.wasm",
/// "chunk_3.wasm", …]}`, the files the chunk loader fetches for each split.
pub const SPLITS: &str = "splits.json";

/// Each split's files (paths as in `rows`), from the manifest beside the wasm; none for a
/// build without chunks. A split build without a manifest, or a manifest naming a file that
/// is not there, is an error: the module figures would be wrong.
pub fn load_splits(
    dir: &Path,
    rows: &[Row],
) -> Result<BTreeMap<String, Vec<String>>, SizeReportError> {
    let Some(wasm) = rows.iter().find(|r| r.part == Part::Wasm) else {
        return Ok(BTreeMap::new());
    };
    let folder = wasm.file.rsplit_once('/').map_or("", |(folder, _)| folder);
    let in_folder = |file: &str| {
        if folder.is_empty() {
            file.to_owned()
        } else {
            format!("{folder}/{file}")
        }
    };
    let path = dir.join(in_folder(SPLITS));
    let manifest_error = |message: String| SizeReportError::Manifest {
        path: path.clone(),
        message,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if rows.iter().any(|r| r.part == Part::Chunk) {
                Err(manifest_error(
                    "missing: a split build must list each split's files".into(),
                ))
            } else {
                Ok(BTreeMap::new())
            };
        }
        Err(source) => return Err(SizeReportError::Io { path, source }),
    };
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&text).map_err(|e| manifest_error(e.to_string()))?;
    manifest
        .into_iter()
        .map(|(split, files)| {
            let files = files.iter().map(|f| in_folder(f)).collect::<Vec<_>>();
            match files
                .iter()
                .find(|f| !rows.iter().any(|r| r.part == Part::Chunk && &r.file == *f))
            {
                Some(f) => Err(manifest_error(format!(
                    "split {split} needs {f}, not built"
                ))),
                None => Ok((split, files)),
            }
        })
        .collect()
}

/// The first open (with the files of the `first_paint` splits), each other split's download
/// beyond it, and the whole widget.
pub fn figures(
    rows: &[Row],
    splits: &BTreeMap<String, Vec<String>>,
    first_paint: &[String],
) -> Result<Figures, String> {
    let mut fetched_first = Vec::new();
    for split in first_paint {
        let files = splits
            .get(split)
            .ok_or_else(|| format!("first_paint names {split:?}, which the build does not have"))?;
        fetched_first.extend(files.iter().map(String::as_str));
    }
    let size_of = |file: &str| rows.iter().find(|r| r.file == file).map(|r| r.sizes);
    let sum = |sizes: &mut dyn Iterator<Item = Sizes>| sizes.fold(Sizes::default(), Sizes::add);
    fetched_first.sort_unstable();
    fetched_first.dedup();
    let first_open = sum(&mut rows
        .iter()
        .filter(|r| r.part.first_open())
        .map(|r| r.sizes)
        .chain(fetched_first.iter().filter_map(|f| size_of(f))));
    let modules = splits
        .iter()
        .filter(|(split, _)| !first_paint.contains(split))
        .map(|(split, files)| {
            let files: Vec<String> = files
                .iter()
                .filter(|f| !fetched_first.contains(&f.as_str()))
                .cloned()
                .collect();
            ModuleDownload {
                name: split.clone(),
                sizes: sum(&mut files.iter().filter_map(|f| size_of(f))),
                files,
            }
        })
        .collect();
    Ok(Figures {
        first_open,
        modules,
        whole: sum(&mut rows.iter().map(|r| r.sizes)),
    })
}

/// One check per budget key; an unknown key is an error so a typo cannot disable a limit.
/// A part made of several files (the glue and the chunk loader) is checked on their sum;
/// `chunk` and `extension` are checked on the largest one, `module` on the largest module
/// download.
pub fn check(
    rows: &[Row],
    figures: &Figures,
    budget: &BTreeMap<String, u64>,
) -> Result<Vec<Check>, String> {
    budget
        .iter()
        .map(|(key, &limit)| {
            let (part, metric) = key.rsplit_once('_').ok_or_else(|| unknown_key(key))?;
            let sizes = if part == "first_open" {
                Some(figures.first_open)
            } else if part == "whole" {
                Some(figures.whole)
            } else if part == "module" {
                // A build without modules has nothing to exceed.
                let largest = figures.modules.iter().map(|m| m.sizes);
                Some(largest.max_by_key(|s| s.brotli).unwrap_or_default())
            } else {
                let part = Part::ALL
                    .into_iter()
                    .find(|p| p.key() == part)
                    .ok_or_else(|| unknown_key(key))?;
                let files = rows.iter().filter(|r| r.part == part).map(|r| r.sizes);
                if part.first_open() {
                    files.reduce(Sizes::add)
                } else {
                    files.max_by_key(|s| s.brotli)
                }
            };
            let actual = sizes
                .and_then(|s| s.get(metric))
                .ok_or_else(|| unknown_key(key))?;
            Ok(Check {
                key: key.clone(),
                actual,
                limit,
            })
        })
        .collect()
}

fn unknown_key(key: &str) -> String {
    format!(
        "unknown key {key:?}: expected <part>_<metric> with part \
         loader|panel|wasm|glue|css|html|chunk|extension|first_open|module|whole and metric \
         raw|gzip|brotli"
    )
}

/// Finds the first-open files and the module chunks in `dir` and measures them.
pub fn measure(dir: &Path) -> Result<Vec<Row>, SizeReportError> {
    let mut names = Vec::new();
    list_files(dir, "", &mut names)?;
    names.sort();

    let (files, missing) = locate(&names);
    if !missing.is_empty() {
        return Err(SizeReportError::Missing {
            dir: dir.to_path_buf(),
            what: missing,
        });
    }
    files
        .into_iter()
        .map(|(part, name)| {
            let path = dir.join(&name);
            let raw = std::fs::read(&path).map_err(|source| SizeReportError::Io {
                path: path.clone(),
                source,
            })?;
            let served = StaticFile::new(&name, raw).map_err(|source| SizeReportError::Io {
                path: path.clone(),
                source,
            })?;
            let (raw, gzip, brotli) = served.served_sizes();
            Ok(Row {
                part,
                file: name,
                sizes: Sizes { raw, gzip, brotli },
            })
        })
        .collect()
}

/// Every file under `dir`, as `/`-separated paths relative to it.
fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), SizeReportError> {
    let io_err = |source| SizeReportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let entry = entry.map_err(io_err)?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let kind = entry.file_type().map_err(io_err)?;
        // The console's build sits beside the widget's; it is not the widget.
        let console = prefix.is_empty() && format!("{name}/") == crate::assets::CONSOLE_DIR;
        if kind.is_dir() && !name.starts_with('.') && !console {
            list_files(&entry.path(), &format!("{prefix}{name}/"), out)?;
        } else if kind.is_file() {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// Picks each part's files among `names`; the second list says what is missing or ambiguous.
///
/// The wasm is the one `*_bg.wasm`; beside it are its JS glue (same stem, `.js`) and, in a
/// split build, the chunk loader `__wasm_split.js` (also glue: the glue imports it) and the
/// chunks: `split_*.wasm` (one screen's code) and `chunk_*.wasm` (code screens share).
pub fn locate(names: &[String]) -> (Vec<(Part, String)>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut one = |part: Part, pattern: &str, matches: Vec<&String>| match matches.as_slice() {
        [only] => found.push((part, (*only).clone())),
        [] => missing.push(format!("{pattern} ({})", part.key())),
        many => missing.push(format!(
            "exactly one {pattern} ({}), found {}",
            part.key(),
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )),
    };
    one(
        Part::Loader,
        LOADER,
        names.iter().filter(|n| *n == LOADER).collect(),
    );
    let wasm: Vec<&String> = names.iter().filter(|n| n.ends_with("_bg.wasm")).collect();
    let stem = match wasm.as_slice() {
        [w] => w.strip_suffix("_bg.wasm").map(str::to_owned),
        _ => None,
    };
    one(Part::Wasm, "*_bg.wasm", wasm);
    let glue_name = stem.as_ref().map(|stem| format!("{stem}.js"));
    one(
        Part::Glue,
        glue_name.as_deref().unwrap_or("the wasm's JS glue"),
        names
            .iter()
            .filter(|n| Some(*n) == glue_name.as_ref())
            .collect(),
    );
    one(
        Part::Css,
        "*.css",
        names.iter().filter(|n| n.ends_with(".css")).collect(),
    );
    one(
        Part::Html,
        INDEX,
        names.iter().filter(|n| *n == INDEX).collect(),
    );
    for name in names {
        if name.starts_with(LOADER_EXTENSIONS) && name.ends_with(".js") {
            let part = if name[LOADER_EXTENSIONS.len()..] == *"panel.js" {
                Part::Panel
            } else {
                Part::Extension
            };
            found.push((part, name.clone()));
        }
    }
    // The split build's extras live in the wasm's folder.
    if let Some(stem) = &stem {
        let folder = stem.rsplit_once('/').map_or("", |(folder, _)| folder);
        let in_folder = |n: &&String| {
            n.rsplit_once('/')
                .map_or(("", n.as_str()), |(d, f)| (d, f))
                .0
                == folder
        };
        let file_name = |n: &String| n.rsplit_once('/').map_or(n.clone(), |(_, f)| f.to_owned());
        for name in names.iter().filter(in_folder) {
            let file = file_name(name);
            if file == "__wasm_split.js" {
                found.push((Part::Glue, name.clone()));
            } else if (file.starts_with("split_") || file.starts_with("chunk_"))
                && file.ends_with(".wasm")
            {
                found.push((Part::Chunk, name.clone()));
            }
        }
    }
    (found, missing)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .rows
            .iter()
            .map(|r| r.file.len())
            .max()
            .unwrap_or(0)
            .max(16);
        let line = |f: &mut fmt::Formatter<'_>, part: &str, file: &str, s: Sizes| {
            writeln!(
                f,
                "{part:<10} {file:<width$}  raw {:>9}  gzip {:>9}  br {:>9}",
                s.raw, s.gzip, s.brotli
            )
        };
        for row in self.rows.iter().filter(|r| r.part.first_open()) {
            line(f, row.part.key(), &row.file, row.sizes)?;
        }
        for row in self.rows.iter().filter(|r| !r.part.first_open()) {
            let label = if row.part == Part::Extension {
                "lazy ext"
            } else {
                "lazy chunk"
            };
            line(f, label, &row.file, row.sizes)?;
        }
        line(
            f,
            "first open",
            "total (with first-paint splits)",
            self.total,
        )?;
        for m in &self.figures.modules {
            let what = format!("{} ({} files)", m.name, m.files.len());
            line(f, "module", &what, m.sizes)?;
        }
        line(f, "whole", "every file", self.figures.whole)?;
        for c in &self.checks {
            let verdict = if c.exceeded() {
                format!("EXCEEDED by {}", c.actual - c.limit)
            } else {
                "ok".to_owned()
            };
            writeln!(
                f,
                "budget {:<20} {:>9} / {:>9}  {verdict}",
                c.key, c.actual, c.limit
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_open(sizes: Sizes) -> Figures {
        Figures {
            first_open: sizes,
            ..Figures::default()
        }
    }

    fn rows() -> Vec<Row> {
        let s = |raw, gzip, brotli| Sizes { raw, gzip, brotli };
        vec![
            Row {
                part: Part::Loader,
                file: "embed.js".into(),
                sizes: s(3000, 1400, 1200),
            },
            Row {
                part: Part::Wasm,
                file: "w_bg.wasm".into(),
                sizes: s(400_000, 150_000, 98_000),
            },
        ]
    }

    #[test]
    fn compares_parts_and_total() {
        let rows = rows();
        let total = rows.iter().fold(Sizes::default(), |a, r| a.add(r.sizes));
        let budget = parse_budget(
            "[budget]\nloader_brotli = 1536\nfirst_open_brotli = 99000\nwasm_raw = 500000\n",
        )
        .expect("toml");
        let checks = check(&rows, &first_open(total), &budget.limits).expect("known keys");
        let by_key = |k: &str| checks.iter().find(|c| c.key == k).expect("check");
        assert!(!by_key("loader_brotli").exceeded());
        assert_eq!(by_key("first_open_brotli").actual, 99_200);
        assert!(by_key("first_open_brotli").exceeded());
        assert!(!by_key("wasm_raw").exceeded());
        assert_eq!(checks.iter().filter(|c| c.exceeded()).count(), 1);
    }

    #[test]
    fn exact_limit_passes() {
        let rows = rows();
        let budget = parse_budget("[budget]\nloader_gzip = 1400\n").expect("toml");
        let checks = check(&rows, &Figures::default(), &budget.limits).expect("ok");
        assert!(!checks[0].exceeded());
    }

    #[test]
    fn unknown_keys_are_errors() {
        for key in ["loader_br", "wsam_raw", "total", "first_open_size"] {
            let budget = BTreeMap::from([(key.to_owned(), 1)]);
            assert!(
                check(&rows(), &Figures::default(), &budget).is_err(),
                "{key}"
            );
        }
        assert!(
            parse_budget("loader_brotli = 1").is_err(),
            "needs a [budget] table"
        );
    }

    #[test]
    fn locates_trunk_output() {
        let names: Vec<String> = [
            "embed.js",
            "index.html",
            "main-0123456789abcdef.css",
            "patron-widget-1a2b3c4d5e6f7a8b.js",
            "patron-widget-1a2b3c4d5e6f7a8b_bg.wasm",
            "favicon.svg",
        ]
        .map(String::from)
        .to_vec();
        let (found, missing) = locate(&names);
        assert!(missing.is_empty(), "{missing:?}");
        let glue = found.iter().find(|(p, _)| *p == Part::Glue).expect("glue");
        assert_eq!(glue.1, "patron-widget-1a2b3c4d5e6f7a8b.js");

        let (_, missing) = locate(&names[..2]);
        assert_eq!(missing.len(), 3, "{missing:?}");
    }

    #[test]
    fn locates_split_output() {
        let names: Vec<String> = [
            "app-0123456789abcdef/__wasm_split.js",
            "app-0123456789abcdef/chunk_0.wasm",
            "app-0123456789abcdef/patron-widget.js",
            "app-0123456789abcdef/patron-widget_bg.wasm",
            "app-0123456789abcdef/split_faq.wasm",
            "app-0123456789abcdef/split_points.wasm",
            "embed.js",
            "embed/panel.js",
            "embed/tour.js",
            "index.html",
            "main-0123456789abcdef.css",
        ]
        .map(String::from)
        .to_vec();
        let (found, missing) = locate(&names);
        assert!(missing.is_empty(), "{missing:?}");
        let of = |part| {
            found
                .iter()
                .filter(|(p, _)| *p == part)
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            of(Part::Glue),
            [
                "app-0123456789abcdef/patron-widget.js",
                "app-0123456789abcdef/__wasm_split.js"
            ]
        );
        assert_eq!(
            of(Part::Chunk),
            [
                "app-0123456789abcdef/chunk_0.wasm",
                "app-0123456789abcdef/split_faq.wasm",
                "app-0123456789abcdef/split_points.wasm"
            ]
        );
        assert_eq!(of(Part::Extension), ["embed/tour.js"]);
        assert!(!Part::Extension.first_open());
        assert_eq!(of(Part::Panel), ["embed/panel.js"]);
        assert!(Part::Panel.first_open());
    }

    #[test]
    fn chunks_are_not_first_open_and_checked_one_by_one() {
        let s = |brotli| Sizes {
            raw: brotli * 3,
            gzip: brotli * 2,
            brotli,
        };
        let mut rows = rows();
        for (file, size) in [("split_a.wasm", 40_000), ("split_b.wasm", 70_000)] {
            rows.push(Row {
                part: Part::Chunk,
                file: file.into(),
                sizes: s(size),
            });
        }
        let dir_total = rows
            .iter()
            .filter(|r| r.part.first_open())
            .fold(Sizes::default(), |a, r| a.add(r.sizes));
        assert_eq!(dir_total.brotli, 99_200);
        let budget = parse_budget("[budget]\nchunk_brotli = 60000\n").expect("toml");
        let checks = check(&rows, &first_open(dir_total), &budget.limits).expect("known key");
        assert_eq!(checks[0].actual, 70_000);
        assert!(checks[0].exceeded());
    }

    #[test]
    fn measures_a_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, body) in [
            ("embed.js", "console.log('loader');".repeat(10)),
            ("index.html", "<html></html>".to_owned()),
            ("main-0123456789abcdef.css", "body{color:red}".repeat(10)),
            ("app-0123456789abcdef/w.js", "export default 1;".to_owned()),
            ("app-0123456789abcdef/w_bg.wasm", "\0asm".repeat(50)),
            ("app-0123456789abcdef/split_faq.wasm", "\0asm".repeat(40)),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, body).expect("write");
        }
        let rows = measure(dir.path()).expect("measured");
        assert_eq!(rows.len(), 6);
        let chunk = rows.iter().find(|r| r.part == Part::Chunk).expect("chunk");
        assert_eq!(chunk.sizes.raw, 160);
        let loader = &rows[0];
        assert_eq!(loader.sizes.raw, 220);
        assert!(loader.sizes.brotli < loader.sizes.raw && loader.sizes.gzip < loader.sizes.raw);
        // Too small to shrink: served uncompressed, so its "compressed" size is the raw size.
        let html = rows.iter().find(|r| r.part == Part::Html).expect("html");
        assert_eq!(html.sizes.brotli, html.sizes.raw);
    }

    fn brotli(brotli: u64) -> Sizes {
        Sizes {
            raw: brotli * 3,
            gzip: brotli * 2,
            brotli,
        }
    }

    /// The loader, the first-open wasm, two modules' splits, a chunk both share, one only
    /// `faq` needs, and the tour.
    fn split_build() -> (Vec<Row>, BTreeMap<String, Vec<String>>) {
        let row = |part, file: &str, size| Row {
            part,
            file: file.into(),
            sizes: brotli(size),
        };
        let rows = vec![
            row(Part::Loader, "embed.js", 1_000),
            row(Part::Wasm, "app/w_bg.wasm", 50_000),
            row(Part::Chunk, "app/chunk_1.wasm", 5_000),
            row(Part::Chunk, "app/chunk_2.wasm", 2_000),
            row(Part::Chunk, "app/split_faq.wasm", 20_000),
            row(Part::Chunk, "app/split_points.wasm", 24_000),
            row(Part::Extension, "embed/tour.js", 1_200),
        ];
        let splits = BTreeMap::from([
            (
                "faq".to_owned(),
                vec![
                    "app/split_faq.wasm".to_owned(),
                    "app/chunk_1.wasm".to_owned(),
                    "app/chunk_2.wasm".to_owned(),
                ],
            ),
            (
                "points".to_owned(),
                vec![
                    "app/split_points.wasm".to_owned(),
                    "app/chunk_1.wasm".to_owned(),
                ],
            ),
        ]);
        (rows, splits)
    }

    #[test]
    fn a_module_counts_its_split_and_the_shared_chunks_it_needs() {
        let (rows, splits) = split_build();
        let figures = figures(&rows, &splits, &[]).expect("figures");
        assert_eq!(figures.first_open.brotli, 51_000);
        let of = |name: &str| {
            let m = figures.modules.iter().find(|m| m.name == name).expect(name);
            m.sizes.brotli
        };
        assert_eq!(of("faq"), 27_000);
        assert_eq!(of("points"), 29_000);
        assert_eq!(figures.whole.brotli, 103_200);

        let budget = BTreeMap::from([
            ("module_brotli".to_owned(), 28_000),
            ("whole_brotli".to_owned(), 103_200),
        ]);
        let checks = check(&rows, &figures, &budget).expect("known keys");
        let module = checks
            .iter()
            .find(|c| c.key == "module_brotli")
            .expect("module");
        assert_eq!(module.actual, 29_000, "the largest module download");
        assert!(module.exceeded());
        assert!(!checks
            .iter()
            .find(|c| c.key == "whole_brotli")
            .expect("whole")
            .exceeded());
    }

    #[test]
    fn what_the_first_paint_fetches_counts_in_the_first_open_not_again_in_a_module() {
        let (rows, splits) = split_build();
        let figures = figures(&rows, &splits, &["points".to_owned()]).expect("figures");
        assert_eq!(figures.first_open.brotli, 51_000 + 24_000 + 5_000);
        assert_eq!(figures.modules.len(), 1);
        assert_eq!(figures.modules[0].name, "faq");
        assert_eq!(
            figures.modules[0].files,
            ["app/split_faq.wasm", "app/chunk_2.wasm"]
        );
        assert_eq!(figures.modules[0].sizes.brotli, 22_000);
        assert!(super::figures(&rows, &splits, &["nope".to_owned()]).is_err());
    }

    #[test]
    fn the_budget_file_names_the_first_paint_splits() {
        let budget = parse_budget(
            "[budget]\nmodule_brotli = 30720\n\n[first_paint]\nsplits = [\"guide\"]\n",
        )
        .expect("toml");
        assert_eq!(budget.first_paint, ["guide"]);
        assert_eq!(budget.limits["module_brotli"], 30_720);
        assert!(
            parse_budget("[budget]\n[first_paint]\nsplit = []\n").is_err(),
            "typo"
        );
        assert!(parse_budget("[budget]\n")
            .expect("toml")
            .first_paint
            .is_empty());
    }

    #[test]
    fn reads_the_split_manifest_beside_the_wasm() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (rows, _) = split_build();
        // A split build without its manifest cannot say what a module downloads.
        assert!(load_splits(dir.path(), &rows).is_err());
        std::fs::create_dir_all(dir.path().join("app")).expect("mkdir");
        let manifest = dir.path().join("app").join(SPLITS);
        std::fs::write(&manifest, r#"{"faq": ["split_faq.wasm", "chunk_2.wasm"]}"#).expect("write");
        let splits = load_splits(dir.path(), &rows).expect("manifest");
        assert_eq!(splits["faq"], ["app/split_faq.wasm", "app/chunk_2.wasm"]);
        std::fs::write(&manifest, r#"{"faq": ["split_faq.wasm", "chunk_9.wasm"]}"#).expect("write");
        assert!(
            load_splits(dir.path(), &rows).is_err(),
            "a file that was not built"
        );
        // Without chunks there is nothing to split.
        let unsplit: Vec<Row> = rows.into_iter().filter(|r| r.part != Part::Chunk).collect();
        std::fs::remove_file(&manifest).expect("rm");
        assert!(load_splits(dir.path(), &unsplit).expect("none").is_empty());
    }
}
