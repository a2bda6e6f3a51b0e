//! Content a retailer keeps in git, read by every feature the same way: a site's folder
//! (`site`), its Markdown rendered and sanitised (`markdown`), and translated text, which is
//! `patron_api::Localized` everywhere (files, database, wire).

pub mod markdown;
pub mod site;

pub use site::{load_site_entries, load_sites, SiteEntry, SITE_FILE};
