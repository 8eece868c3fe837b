//! Builds the web dashboard (`web/`) and embeds it in the crate.
//!
//! The repository holds only our own dashboard sources and `web/package-lock.json`; the
//! JavaScript libraries come from the npm registry at build time. When `web/dist` is
//! missing or older than any source, and `npm` is on the PATH, this script runs `npm ci`
//! (only when `web/node_modules` is older than the lock file) and `npm run build`. It then
//! writes `$OUT_DIR/assets.rs`: every file of `web/dist` (copied into `$OUT_DIR`) with its
//! media type, its bytes and a gzip copy. Without npm, or when the build fails, the crate
//! still builds: the asset table is empty and the server shows a page saying how to build
//! the dashboard.
//!
//! `ENTENTE_WEB_BUILD=skip` never runs npm; `ENTENTE_WEB_BUILD=require` (CI) turns any
//! failure to build the dashboard into a build error.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Files and folders whose change means the bundle must be rebuilt.
const INPUTS: &[&str] = &["package.json", "package-lock.json", "build.mjs", "src"];

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let web = manifest.join("../../web");
    let mode = env::var("ENTENTE_WEB_BUILD").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=ENTENTE_WEB_BUILD");
    println!("cargo:rerun-if-env-changed=NPM");
    for input in INPUTS {
        println!("cargo:rerun-if-changed={}", web.join(input).display());
    }

    let dist = web.join("dist");
    let mut note = None;
    if !web.join("package.json").is_file() {
        note = Some("the dashboard sources (web/) are not part of this build".to_string());
    } else if is_stale(&web, &dist) {
        if mode == "skip" {
            note = Some("ENTENTE_WEB_BUILD=skip was set when entente was built".to_string());
        } else if let Err(e) = build_dashboard(&web) {
            if mode == "require" {
                panic!("dashboard build failed (ENTENTE_WEB_BUILD=require): {e}");
            }
            println!("cargo:warning=dashboard not built: {e}");
            note = Some(e);
        }
    }
    let files = if dist.join("index.html").is_file() {
        list_files(&dist)
    } else {
        Vec::new()
    };
    if !files.is_empty() {
        if note.is_some() {
            println!("cargo:warning=embedding the previous dashboard build in web/dist");
        }
        note = None;
    } else if note.is_none() {
        note = Some("web/dist holds no dashboard".to_string());
    }
    if let Err(e) = write_table(&out_dir, &dist, &files, note.as_deref()) {
        panic!("cannot write the asset table in {}: {e}", out_dir.display());
    }
}

/// Whether `dist` is missing or older than any input.
fn is_stale(web: &Path, dist: &Path) -> bool {
    let Some(built) = mtime(&dist.join("index.html")) else {
        return true;
    };
    INPUTS
        .iter()
        .filter_map(|i| newest(&web.join(i)))
        .any(|t| t > built)
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file or of anything under a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = fs::metadata(path).ok()?;
    let mut best = meta.modified().ok();
    if meta.is_dir() {
        for entry in fs::read_dir(path).ok()?.flatten() {
            best = best.max(newest(&entry.path()));
        }
    }
    best
}

/// Runs `npm ci` when needed and `npm run build`, holding a lock file so that two cargo
/// runs (say clippy and test) never install or build at the same time.
fn build_dashboard(web: &Path) -> Result<(), String> {
    let npm = env::var("NPM").unwrap_or_else(|_| "npm".to_string());
    match Command::new(&npm).arg("--version").output() {
        Ok(o) if o.status.success() => {}
        _ => return Err("npm was not found; install Node.js and npm, then rebuild".to_string()),
    }
    let _lock = Lock::take(&web.join(".build.lock"))?;
    let installed = web.join("node_modules/.package-lock.json");
    if mtime(&installed) < mtime(&web.join("package-lock.json")) {
        run(
            Command::new(&npm).args(["ci", "--no-audit", "--no-fund"]),
            web,
            "npm ci",
        )?;
    }
    run(
        Command::new(&npm).args(["run", "--silent", "build"]),
        web,
        "npm run build",
    )
}

fn run(cmd: &mut Command, dir: &Path, what: &str) -> Result<(), String> {
    let out = cmd
        .current_dir(dir)
        .output()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    Err(format!("{what} failed ({}): {last}", out.status))
}

/// A lock file created with `create_new`; removed on drop. A lock older than ten minutes
/// is left over from a killed build and is taken over.
struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> Result<Lock, String> {
        let start = SystemTime::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(_) => return Ok(Lock(path.to_path_buf())),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = mtime(path).and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > Duration::from_secs(600)) {
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    if start.elapsed().unwrap_or_default() > Duration::from_secs(600) {
                        return Err(format!("{} is held by another build", path.display()));
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Every regular file under `dist`, as paths relative to it with `/` separators, sorted.
fn list_files(dist: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            match entry.file_type() {
                Ok(t) if t.is_dir() => walk(&entry.path(), &format!("{rel}/"), out),
                Ok(t) if t.is_file() => out.push(rel),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(dist, "", &mut out);
    out.sort();
    out
}

fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A short content hash (FNV-1a, 64 bits) for the ETag.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn write_table(
    out_dir: &Path,
    dist: &Path,
    files: &[String],
    note: Option<&str>,
) -> std::io::Result<()> {
    let gz_dir = out_dir.join("dashboard");
    fs::create_dir_all(&gz_dir)?;
    let mut code = String::from(
        "/// Every file of the built dashboard.\npub(crate) static ASSETS: &[Asset] = &[\n",
    );
    for (i, rel) in files.iter().enumerate() {
        let src = dist.join(rel);
        let bytes = fs::read(&src)?;
        let gz = gz_dir.join(format!("{i}.gz"));
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&bytes)?;
        fs::write(&gz, enc.finish()?)?;
        // A copy in OUT_DIR: the build keeps compiling if web/dist is deleted later.
        let copy = gz_dir.join(format!("{i}"));
        fs::write(&copy, &bytes)?;
        let _ = writeln!(
            code,
            "    Asset {{ path: {rel:?}, media_type: {:?}, etag: \"\\\"{:016x}\\\"\", body: include_bytes!({:?}), gzip: include_bytes!({:?}) }},",
            media_type(rel),
            fnv(&bytes),
            copy.display().to_string(),
            gz.display().to_string(),
        );
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// Why the dashboard is missing from this build, if it is.\npub(crate) const NOT_BUILT: Option<&str> = {note:?};"
    );
    fs::write(out_dir.join("assets.rs"), code)
}
