use std::path::Path;
use std::process::Command;

use patron_server::faq::import::import_dir;
use patron_server::storage;

use crate::common::faq::{article, hit_ids, write_articles};
use crate::common::{spawn_with, write_file, Options};

async fn pool(dir: &Path) -> sqlx::AnyPool {
    storage::connect(&crate::common::database_url(&dir.join("db/patron.db")))
        .await
        .expect("database")
}

fn ids(list: &[patron_server::faq::import::Imported]) -> Vec<String> {
    let mut v: Vec<String> = list
        .iter()
        .map(|a| format!("{} {}", a.id, a.locale))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn good_folder_then_unchanged_then_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let faq = dir.path().join("faq");
    write_articles(&faq);
    let pool = pool(dir.path()).await;
    let first = import_dir(&pool, "demo", &faq).await.expect("import");
    assert_eq!(first.added.len(), 9);
    assert!(first.changed.is_empty() && first.unchanged.is_empty() && first.rejected.is_empty());

    let again = import_dir(&pool, "demo", &faq).await.expect("import");
    assert_eq!(again.unchanged.len(), 9);
    assert!(again.added.is_empty() && again.changed.is_empty());
    assert!(
        again.to_string().contains("unchanged  track-order en"),
        "{again}"
    );

    write_file(
        &faq.join("track-order.en.md"),
        article(
            "track-order",
            "en",
            "Delivery",
            "Where is my parcel?",
            "Look it up.",
        )
        .as_bytes(),
    );
    let third = import_dir(&pool, "demo", &faq).await.expect("import");
    assert_eq!(ids(&third.changed), ["track-order en"]);
    assert_eq!(third.unchanged.len(), 8);
}

#[tokio::test]
async fn bad_files_are_reported_with_lines_and_not_applied() {
    let dir = tempfile::tempdir().expect("tmp");
    let faq = dir.path().join("faq");
    let good = article("ok", "en", "General", "Fine", "Body.");
    write_file(&faq.join("ok.md"), good.as_bytes());
    write_file(
        &faq.join("no-id.md"),
        "---\nlocale: en\ncategory: C\ntitle: T\n---\nBody\n".as_bytes(),
    );
    write_file(
        &faq.join("malformed.md"),
        "---\nid: malformed\nlocale: en\ntitle: [unclosed\ncategory: C\n---\nBody\n".as_bytes(),
    );
    write_file(
        &faq.join("sub/bad-locale.md"),
        article("bad-locale", "fr", "C", "T", "Body").as_bytes(),
    );
    write_file(&faq.join("no-front-matter.md"), b"# Just markdown\n");
    write_file(&faq.join("notes.txt"), b"ignored");
    let pool = pool(dir.path()).await;
    let report = import_dir(&pool, "demo", &faq).await.expect("import");
    assert_eq!(ids(&report.added), ["ok en"]);
    let text = report.to_string();
    for expected in [
        format!(
            "{}:1: the front matter has no `id`",
            faq.join("no-id.md").display()
        ),
        format!(
            "{}:3: locale \"fr\"",
            faq.join("sub/bad-locale.md").display()
        ),
        format!(
            "{}:1: no front matter",
            faq.join("no-front-matter.md").display()
        ),
        format!("{}:", faq.join("malformed.md").display()),
    ] {
        assert!(text.contains(&expected), "{expected} not in:\n{text}");
    }
    assert_eq!(report.rejected.len(), 4, "{text}");
    let mut conn = pool.acquire().await.expect("conn");
    let stored = patron_server::faq::storage::all_articles(&mut conn, "demo")
        .await
        .expect("articles");
    let stored: Vec<&str> = stored.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(stored, ["ok"]);
}

#[tokio::test]
async fn partial_folder_keeps_existing_articles() {
    let dir = tempfile::tempdir().expect("tmp");
    let full = dir.path().join("full");
    write_articles(&full);
    let pool = pool(dir.path()).await;
    import_dir(&pool, "demo", &full).await.expect("import");

    let partial = dir.path().join("partial");
    write_file(
        &partial.join("a.md"),
        article(
            "refund-time",
            "en",
            "Returns",
            "When is my refund?",
            "Soon.",
        )
        .as_bytes(),
    );
    write_file(
        &partial.join("b.md"),
        article("new-one", "zh-CN", "其他", "新文章", "内容").as_bytes(),
    );
    write_file(
        &partial.join("c.md"),
        article("track-order", "zh-CN", "", "空分类", "内容").as_bytes(),
    );
    let report = import_dir(&pool, "demo", &partial).await.expect("import");
    assert_eq!(ids(&report.added), ["new-one zh-CN"]);
    assert_eq!(ids(&report.changed), ["refund-time en"]);
    assert_eq!(report.rejected.len(), 1);
    let mut conn = pool.acquire().await.expect("conn");
    let all = patron_server::faq::storage::all_articles(&mut conn, "demo")
        .await
        .expect("articles");
    assert_eq!(all.len(), 10);
    let track = all
        .iter()
        .find(|a| a.id == "track-order" && a.locale == patron_api::Locale::ZhCn)
        .expect("kept");
    assert_eq!(track.title, "如何查询物流信息？");
}

#[tokio::test]
async fn cli_import_prints_and_exits_2_on_rejections() {
    let dir = tempfile::tempdir().expect("tmp");
    let faq = dir.path().join("faq");
    write_articles(&faq);
    let db = crate::common::database_url(&dir.path().join("cli.db"));
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_patron-server"))
            .args(["faq", "import", "--site", "demo"])
            .arg(&faq)
            .env("DATABASE_URL", &db)
            .env("RUST_LOG", "warn")
            .output()
            .expect("runs")
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("9 added, 0 changed, 0 unchanged, 0 rejected"),
        "{stdout}"
    );
    write_file(&faq.join("broken.md"), b"---\nid: Broken\n---\nx\n");
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("0 added, 0 changed, 9 unchanged, 1 rejected"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "rejected   {}:2: id \"Broken\"",
            faq.join("broken.md").display()
        )),
        "{stdout}"
    );
}

#[tokio::test]
async fn startup_loads_articles_and_skips_bad_ones() {
    let app = spawn_with(Options {
        faq: true,
        ..Options::default()
    })
    .await;
    let found = app
        .get_json("/v1/sites/demo/faq/search?q=%E9%80%80%E8%B4%A7&locale=zh-CN")
        .await;
    assert!(!hit_ids(&found).is_empty());

    // A bad article does not stop a restart, and the good ones stay.
    let dir = app.dir;
    write_file(
        &dir.path().join("content/demo/faq/bad.md"),
        b"---\nid: bad\nlocale: de\n---\nx\n",
    );
    let again = crate::common::start(crate::common::test_config(dir.path()), dir).await;
    let home = again.get_json("/v1/sites/demo/faq?locale=en").await;
    assert_eq!(home["categories"].as_array().expect("categories").len(), 3);
}

#[tokio::test]
async fn cli_eval_and_bench_run_without_a_database() {
    let dir = tempfile::tempdir().expect("tmp");
    write_articles(&dir.path().join("site/faq"));
    let queries = dir.path().join("queries.yaml");
    write_file(
        &queries,
        "- {q: 怎么退货, locale: zh-CN, expect: [returns-how-to]}\n\
         - {q: trackng, locale: en, expect: [track-order]}\n\
         - {q: 查詢物流, locale: zh-TW, expect: [track-order]}\n"
            .as_bytes(),
    );
    let bin = env!("CARGO_BIN_EXE_patron-server");
    let out = Command::new(bin)
        .args(["faq", "eval", "--content"])
        .arg(dir.path().join("site"))
        .arg("--queries")
        .arg(&queries)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let all = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("all"))
        .unwrap_or_default();
    let cols: Vec<&str> = all.split_whitespace().collect();
    // Ours, then the reference (plain BM25 over bigrams), which has no typo correction and
    // so misses "trackng".
    assert_eq!(
        cols,
        ["all", "3", "100.0%", "100.0%", "66.7%", "66.7%"],
        "{stdout}"
    );
    let out = Command::new(bin)
        .args([
            "faq",
            "bench",
            "--articles",
            "60",
            "--queries",
            "30",
            "--content",
        ])
        .arg(dir.path().join("site"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("articles: 60") && stdout.contains("p95"),
        "{stdout}"
    );
}
