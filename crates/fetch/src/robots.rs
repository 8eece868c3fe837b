//! robots.txt: the group for our user agent (or `*`), and its Allow/Disallow rules with
//! `*` wildcards and `$` anchors; the longest matching rule wins, Allow on a tie.

/// The rules of one robots.txt that apply to us.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// (allow, pattern) pairs.
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// No rules: everything is allowed (no robots.txt, or a 404 for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything is forbidden (the site refused access to robots.txt itself: 401/403).
    pub fn deny_all() -> Robots {
        Robots {
            rules: vec![(false, "/".into())],
        }
    }

    /// Parses a robots.txt for the agent named `agent` (its product token, such as
    /// `entente`): the groups naming it, or else the `*` groups.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let mut found_ours = false;
        // The user agents of the group being read, and whether rules started.
        let mut group: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group.clear();
                        in_rules = false;
                    }
                    group.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    // An empty Disallow allows everything: no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    if group.iter().any(|g| g != "*" && agent.contains(g.as_str())) {
                        found_ours = true;
                        ours.push(rule);
                    } else if group.iter().any(|g| g == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if found_ours { ours } else { star },
        }
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                let better = match best {
                    None => true,
                    Some((l, a)) => len > l || (len == l && *allow && !a),
                };
                if better {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots.txt pattern matches the start of `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            at = part.len();
        } else if i == parts.len() - 1 && anchored {
            return path.len() >= at + part.len() && path[at..].ends_with(part);
        } else {
            match path[at..].find(part) {
                Some(j) => at += j + part.len(),
                None => return false,
            }
        }
    }
    !anchored || at == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_rules() {
        let txt = "User-agent: *\nDisallow: /private/\nAllow: /private/open\n\n\
                   User-agent: BadBot\nDisallow: /\n";
        let r = Robots::parse(txt, "entente");
        assert!(r.allows("/news/a.html"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/open/y"));
        let r = Robots::parse(txt, "BadBot/1.0");
        assert!(!r.allows("/news"));
        let r = Robots::parse(
            "User-agent: entente\nDisallow: /x\n\nUser-agent: *\nDisallow: /",
            "entente",
        );
        assert!(r.allows("/news") && !r.allows("/x/1"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "entente").allows("/a"));
    }

    #[test]
    fn wildcards_and_anchors() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\n",
            "e",
        );
        assert!(!r.allows("/files/a.pdf"));
        assert!(r.allows("/files/a.pdf.html"));
        assert!(!r.allows("/search?x=1&q=iran"));
        assert!(r.allows("/searching"));
    }
}
