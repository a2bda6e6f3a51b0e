//! Drafts of the editor, kept in this browser's storage from the first keystroke until they
//! are published: a session that expires mid-edit, a closed tab or a reload loses nothing.

use patron_api::faq::admin::ArticleBody;
use patron_api::Locale;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub category: String,
    pub keywords: String,
    pub body: String,
}

impl Draft {
    pub fn body(&self) -> ArticleBody {
        ArticleBody {
            category: self.category.trim().to_owned(),
            title: self.title.trim().to_owned(),
            keywords: Some(
                self.keywords
                    .split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            body_markdown: self.body.clone(),
        }
    }
}

fn key(site: &str, id: &str, locale: Locale) -> String {
    format!("patron-console-draft/{site}/{id}/{}", locale.as_str())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(site: &str, id: &str, locale: Locale) -> Option<Draft> {
    let text = storage()?.get_item(&key(site, id, locale)).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save(site: &str, id: &str, locale: Locale, draft: &Draft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&key(site, id, locale), &text);
    }
}

pub fn forget(site: &str, id: &str, locale: Locale) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(site, id, locale));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_split_on_latin_and_chinese_commas() {
        let d = Draft {
            keywords: "退货, 换货，以旧换新、 ,".into(),
            ..Draft::default()
        };
        assert_eq!(d.body().keywords.unwrap(), ["退货", "换货", "以旧换新"]);
    }
}
