//! Content a retailer keeps in git, read by every feature the same way: YAML with every
//! problem on its line (`yaml`), a site's folder (`site`), its Markdown rendered and sanitised
//! (`markdown`), and translated text, which is `patron_api::Localized` everywhere (files,
//! database, wire). Who owns each kind of a site's configuration, files or the admin API
//! (`owners`), and which files were imported with what in them (`imports`).

pub mod imports;
pub mod markdown;
pub mod owners;
pub mod site;
pub mod yaml;

pub use owners::{Kind, Owner, Owners, SiteOwners};
pub use site::{load_site_entries, load_sites, SiteEntry, SITE_FILE};
