//! Importing pack files at start-up, as `owners.onboarding` in site.yaml says
//! (`content::owners`). A site's packs are one stored document, so what a file replaces is
//! chosen here:
//!
//! - `files`: the folder is the truth: the stored packs become the folder's, in file-name
//!   order (a pack whose file was removed is gone).
//! - `api` (the default): only new or changed files are imported, each replacing the stored
//!   pack with its id, in place, or added after the others when there is none. Packs added,
//!   changed or removed through the admin API stay as they are unless their own file changes;
//!   a pack whose file was removed stays until it is removed through the API.
//!
//! Every file's hash is claimed in the same transaction as the write (`content::imports`),
//! so instances starting together import a changed file once.

use sqlx::AnyPool;

use super::definitions::{PackDef, PACKS_MAX};
use super::{faq_articles, storage, PackFile};
use crate::content::imports;
use crate::content::{Kind, Owner, SiteOwners};
use crate::error::AppError;
use crate::ports::HelpArticles;

/// Imports every site's pack files (`sites`: only those with an `onboarding/` folder),
/// warning about FAQ articles they open that the site does not have (they may be added
/// later, so this is not an error).
pub async fn import_all(
    pool: &AnyPool,
    articles: &dyn HelpArticles,
    owners: &SiteOwners,
    sites: &[(String, Vec<PackFile>)],
) -> Result<(), AppError> {
    let now = crate::storage::now_millis();
    for (site, files) in sites {
        for file in files {
            for (field, article) in faq_articles(&file.pack) {
                if !articles.exists(site, article).await? {
                    tracing::warn!(
                        file = %file.path.display(),
                        field,
                        "onboarding pack: there is no FAQ article {article:?}"
                    );
                }
            }
        }
        let owner = owners.of(site, Kind::Onboarding);
        let mut tx = pool.begin().await?;
        let mut changed = Vec::new();
        for file in files {
            if imports::claim(
                &mut tx,
                owner,
                site,
                Kind::Onboarding,
                &file.stamp,
                &file.pack.id,
            )
            .await?
            {
                changed.push(&file.pack);
            }
        }
        let present: Vec<&str> = files.iter().map(|f| f.stamp.path.as_str()).collect();
        imports::forget_missing(&mut tx, site, Kind::Onboarding, &present).await?;
        let packs = match owner {
            Owner::Files => files.iter().map(|f| f.pack.clone()).collect(),
            Owner::Api if changed.is_empty() => {
                tx.commit().await?;
                tracing::info!(site, "no pack file new or changed; the stored packs stay");
                continue;
            }
            Owner::Api => {
                let stored = match storage::load_packs(&mut *tx, site).await? {
                    Some(json) => serde_json::from_str(&json)
                        .map_err(|e| AppError::internal(format!("stored packs of {site}: {e}")))?,
                    None => Vec::new(),
                };
                let merged = merge(stored, &changed);
                if merged.len() > PACKS_MAX {
                    return Err(AppError::internal(format!(
                        "importing the changed pack files of {site} would make {} packs, more \
                         than {PACKS_MAX}: remove packs through the admin API first",
                        merged.len()
                    )));
                }
                merged
            }
        };
        let json = serde_json::to_string(&packs).map_err(AppError::internal)?;
        storage::put_packs(&mut *tx, site, &json, now).await?;
        tx.commit().await?;
        tracing::info!(
            site,
            ?owner,
            imported = changed.len(),
            packs = packs.len(),
            "onboarding packs imported"
        );
    }
    Ok(())
}

/// `stored` with each of `changed` in place of the pack with its id, or after the others.
fn merge(mut stored: Vec<PackDef>, changed: &[&PackDef]) -> Vec<PackDef> {
    for pack in changed {
        match stored.iter_mut().find(|p| p.id == pack.id) {
            Some(slot) => *slot = (*pack).clone(),
            None => stored.push((*pack).clone()),
        }
    }
    stored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(id: &str, title: &str) -> PackDef {
        let yaml = format!(
            "id: {id}\ntitle: {{ en: {title} }}\naudience: {{ everyone: true }}\n\
             steps:\n  - id: one\n    title: {{ en: One }}\n    body: {{ en: Do it. }}\n"
        );
        serde_yaml_ng::from_str(&yaml).expect("pack")
    }

    #[test]
    fn a_changed_file_replaces_its_pack_in_place_and_a_new_one_comes_last() {
        let stored = vec![pack("a", "A"), pack("api-made", "B"), pack("c", "C")];
        let merged = merge(stored, &[&pack("c", "C2"), &pack("d", "D")]);
        let ids: Vec<&str> = merged.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "api-made", "c", "d"]);
        assert_eq!(merged[2], pack("c", "C2"));
        assert_eq!(merged[0], pack("a", "A"));
    }
}
