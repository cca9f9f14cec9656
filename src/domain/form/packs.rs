//! The packs of a deployment: one for everywhere, and any number for a
//! province, a kabupaten or a kecamatan (`REPORT_FORMS`, a folder of pack
//! files). A posyandu reports with the most specific pack whose regions
//! hold its desa.

use std::sync::Arc;

use super::Form;
use crate::domain::region::RegionCode;

#[derive(Clone, Debug, PartialEq)]
pub struct Forms {
    /// The pack for every region no other pack names.
    pub default: Arc<Form>,
    /// Packs for some regions.
    pub regional: Vec<Arc<Form>>,
}

impl Forms {
    /// One pack for everywhere.
    pub fn one(form: Arc<Form>) -> Forms {
        Forms { default: form, regional: Vec::new() }
    }

    /// The shipped pack alone.
    pub fn shipped() -> Forms {
        Forms::one(Form::shipped())
    }

    /// `default` with the `regional` packs, refused when two packs name the
    /// same region (which one applies would be a guess).
    pub fn new(default: Arc<Form>, regional: Vec<Arc<Form>>) -> anyhow::Result<Forms> {
        let mut seen = std::collections::HashSet::new();
        for form in &regional {
            anyhow::ensure!(
                !form.regions.is_empty(),
                "pack {} names no regions; only one pack is for everywhere",
                form.version
            );
            for region in &form.regions {
                let code = RegionCode::parse(region)
                    .map_err(|_| anyhow::anyhow!("pack {}: {region} is not a region code", form.version))?;
                anyhow::ensure!(seen.insert(code.to_string()), "region {region} is in two packs");
            }
        }
        Ok(Forms { default, regional })
    }

    /// The pack for a posyandu in `region`: the one naming the longest
    /// prefix of it, else the default.
    pub fn for_region(&self, region: &RegionCode) -> &Arc<Form> {
        self.regional
            .iter()
            .filter_map(|form| {
                let best = form
                    .regions
                    .iter()
                    .filter_map(|r| RegionCode::parse(r).ok())
                    .filter(|r| r.contains(region))
                    .map(|r| r.as_str().len())
                    .max()?;
                Some((best, form))
            })
            .max_by_key(|(len, _)| *len)
            .map_or(&self.default, |(_, form)| form)
    }

    /// Every pack, the default first.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Form>> {
        std::iter::once(&self.default).chain(&self.regional)
    }
}
