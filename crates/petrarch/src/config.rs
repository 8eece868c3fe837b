//! Which PETRARCH files make a dictionary set: a `PETR_config.ini`, a validation file's
//! `<Environment>`, or the PETRARCH-2 default names in a folder.

use std::path::{Path, PathBuf};

/// The files of a PETRARCH dictionary set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictionarySet {
    /// Verb dictionaries.
    pub verbs: Vec<PathBuf>,
    /// Actor dictionaries.
    pub actors: Vec<PathBuf>,
    /// Agent dictionaries.
    pub agents: Vec<PathBuf>,
    /// Discard lists.
    pub discards: Vec<PathBuf>,
}

/// The PETRARCH-2 default set (the names its own configuration file uses).
const DEFAULTS: &[(&str, &str)] = &[
    ("verb", "CAMEO.2.0.txt"),
    ("actor", "Phoenix.Countries.actors.txt"),
    ("actor", "Phoenix.International.actors.txt"),
    ("actor", "Phoenix.MilNonState.actors.txt"),
    ("agent", "Phoenix.agents.txt"),
    ("discard", "Phoenix.discards.txt"),
];

impl DictionarySet {
    /// Adds `name` (relative to `dir`) as a file of `kind` (`verb`, `actor`, `agent`,
    /// `discard`); other kinds are ignored.
    pub fn add(&mut self, kind: &str, dir: &Path, name: &str) {
        let path = dir.join(name.trim());
        match kind {
            "verb" => self.verbs.push(path),
            "actor" => self.actors.push(path),
            "agent" => self.agents.push(path),
            "discard" => self.discards.push(path),
            _ => {}
        }
    }

    /// All files of the set.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.verbs
            .iter()
            .chain(&self.actors)
            .chain(&self.agents)
            .chain(&self.discards)
    }

    /// The set in a folder: its `PETR_config.ini` when there is one, otherwise the
    /// PETRARCH-2 default file names.
    pub fn from_dir(dir: &Path) -> std::io::Result<DictionarySet> {
        let ini = dir.join("PETR_config.ini");
        if ini.is_file() {
            return read_config(&ini);
        }
        let mut set = DictionarySet::default();
        for (kind, name) in DEFAULTS {
            set.add(kind, dir, name);
        }
        if let Some(missing) = set.files().find(|p| !p.is_file()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{}: no PETR_config.ini in the folder, and the PETRARCH-2 default file {} is missing",
                    dir.display(),
                    missing.display()
                ),
            ));
        }
        Ok(set)
    }
}

/// Reads the `[Dictionaries]` section of a PETRARCH configuration file
/// (`verbfile_name`, `actorfile_list`, `agentfile_name`, `discardfile_name`). File names
/// are relative to the folder of the ini file.
pub fn read_config(path: &Path) -> std::io::Result<DictionarySet> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut set = DictionarySet::default();
    let mut section = String::new();
    for raw in text.lines() {
        let line = raw.split(['#', ';']).next().unwrap_or("").trim();
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().to_lowercase();
            continue;
        }
        let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else {
            continue;
        };
        if section != "dictionaries" {
            continue;
        }
        let kind = match key.trim().to_lowercase().as_str() {
            "verbfile_name" => "verb",
            "actorfile_list" | "actorfile_name" => "actor",
            "agentfile_name" => "agent",
            "discardfile_name" => "discard",
            _ => continue,
        };
        for name in value.split(',').filter(|n| !n.trim().is_empty()) {
            set.add(kind, dir, name);
        }
    }
    if set.verbs.is_empty() && set.actors.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}: no verbfile_name or actorfile_list in a [Dictionaries] section",
                path.display()
            ),
        ));
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ini() {
        let dir = std::env::temp_dir().join(format!("petr-ini-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ini = dir.join("PETR_config.ini");
        std::fs::write(
            &ini,
            "[Dictionaries]\n# comment\nverbfile_name = v.txt\nactorfile_list = a.txt, b.txt\nagentfile_name = g.txt\ndiscardfile_name = d.txt\n[Options]\nverbfile_name = no.txt\n",
        )
        .unwrap();
        let set = DictionarySet::from_dir(&dir).unwrap();
        assert_eq!(set.verbs, vec![dir.join("v.txt")]);
        assert_eq!(set.actors, vec![dir.join("a.txt"), dir.join("b.txt")]);
        assert_eq!(set.agents.len() + set.discards.len(), 2);
    }
}
