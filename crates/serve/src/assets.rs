//! The dashboard's files, embedded at build time by `build.rs` (see its doc), served with
//! a gzip copy to clients that accept it and an ETag for revalidation.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// One embedded file.
pub(crate) struct Asset {
    /// Path under `web/dist`, with `/` separators.
    pub path: &'static str,
    /// The `Content-Type` to send.
    pub media_type: &'static str,
    /// A quoted content hash.
    pub etag: &'static str,
    /// The file itself.
    pub body: &'static [u8],
    /// The file, gzip-compressed.
    pub gzip: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Whether this build has the dashboard (false when npm was missing at build time).
pub fn dashboard_built() -> bool {
    NOT_BUILT.is_none() && find("index.html").is_some()
}

fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// Serves `/` and the dashboard's files; anything else is a 404.
pub(crate) async fn handler(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let Some(asset) = find(path) else {
        if path == "index.html" {
            return not_built_page();
        }
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, asset.etag)]).into_response();
    }
    let gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        });
    let mut response = Response::new(Body::from(if gzip { asset.gzip } else { asset.body }));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.media_type),
    );
    h.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// The page shown when the binary was built without the dashboard. The API still works.
fn not_built_page() -> Response {
    let reason = NOT_BUILT.unwrap_or("web/dist was empty");
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>entente</title></head>\
         <body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">\
         <h1>Dashboard not built</h1>\
         <p>This entente binary was built without its web dashboard: {}.</p>\
         <p>Install Node.js and npm, then rebuild (<code>touch web/package.json &amp;&amp; cargo build --release</code>).</p>\
         <p>The JSON API works: try <a href=\"/api/stats\">/api/stats</a> or <a href=\"/api/events\">/api/events</a>.</p>\
         </body></html>\n",
        escape_html(reason)
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        page,
    )
        .into_response()
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
