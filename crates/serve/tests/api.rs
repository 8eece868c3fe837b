//! The API's contract on an empty store: strict parameters (400 with a JSON body), bounded
//! pages, read-only connections, security headers and the dashboard's files. The same API
//! over coded articles is tested in crates/cli/tests/serve.rs.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use entente_serve::{router, AppState, Config};
use entente_store::Store;
use tower::ServiceExt as _;

/// A router over a fresh, empty database in `dir`.
fn app(dir: &Path) -> Router {
    let db = dir.join("empty.db");
    drop(Store::open(&db).expect("create the test database"));
    let config = Config::new(db);
    router(AppState::open(&config).expect("open read-only"), &config)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, headers, json)
}

#[tokio::test]
async fn empty_store_answers_every_route() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    let (status, _, stats) = get(&app, "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["events"], 0);
    for uri in [
        "/api",
        "/api/events",
        "/api/events?country=RUS&from=2024-01-01&to=2024-12-31&limit=500",
        "/api/series?source=USA&target=RUS&both_directions=true&interval=week",
        "/api/network?from=2024-01-01",
        "/api/actors",
        "/api/actors/RUS?top=5",
        "/api/unknown-actors?limit=10",
        "/api/search?q=sanctions",
    ] {
        let (status, headers, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
        assert!(!body.is_null(), "{uri}");
    }
    let (status, _, body) = get(&app, "/api/events/12345").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], 404);
    let (status, _, _) = get(&app, "/api/documents/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_parameters_get_a_json_400_naming_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    let long = "x".repeat(entente_serve::MAX_TEXT + 1);
    let cases: Vec<(String, &str)> = vec![
        ("/api/events?limit=0".into(), "limit"),
        (
            format!("/api/events?limit={}", entente_serve::MAX_LIMIT + 1),
            "limit",
        ),
        ("/api/events?limit=ten".into(), "limit"),
        ("/api/events?offset=10001".into(), "offset"),
        ("/api/events?from=yesterday".into(), "from"),
        ("/api/events?to=2024-13".into(), "to"),
        ("/api/events?quad_class=7".into(), "quad_class"),
        ("/api/events?quad_class=-1".into(), "quad_class"),
        ("/api/events?modality=certain".into(), "modality"),
        ("/api/events?country=R%27US".into(), "country"),
        ("/api/events?colour=red".into(), "colour"),
        ("/api/events?limit=1&limit=2".into(), "limit"),
        ("/api/events?after=garbage".into(), "cursor"),
        ("/api/events?interval=week".into(), "interval"),
        (format!("/api/events?q={long}"), "text"),
        ("/api/events?q=%22unbalanced".into(), "text search"),
        ("/api/events/abc".into(), "path"),
        ("/api/series?interval=fortnight".into(), "interval"),
        ("/api/series?limit=5".into(), "limit"),
        ("/api/network?max_edges=100000".into(), "max_edges"),
        ("/api/network?min_events=many".into(), "min_events"),
        ("/api/actors/RUS?top=0".into(), "top"),
        ("/api/search".into(), "q"),
        ("/api/search?q=%20".into(), "q"),
    ];
    for (uri, names) in cases {
        let (status, headers, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
        assert_eq!(body["status"], 400, "{uri}");
        let message = body["error"].as_str().unwrap_or("");
        assert!(
            message.contains(names),
            "{uri}: {message:?} should name {names:?}"
        );
    }
}

#[tokio::test]
async fn only_reads_are_routed_and_unknown_routes_are_json_404s() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    for (method, uri) in [
        (Method::POST, "/api/events"),
        (Method::DELETE, "/api/events/1"),
        (Method::PUT, "/api/stats"),
        (Method::POST, "/"),
    ] {
        let request = Request::builder()
            .method(method.clone())
            .uri(uri)
            .body(Body::from("{}"))
            .expect("request");
        let response = app.clone().oneshot(request).await.expect("response");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
    }
    let (status, _, body) = get(&app, "/api/drop-table").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], 404);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    let request = Request::get("/api/stats")
        .header(header::CONTENT_LENGTH, 1 << 20)
        .body(Body::from(vec![b'x'; 1 << 20]))
        .expect("request");
    let response = app.oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn connections_cannot_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("ro.db");
    drop(Store::open(&db).expect("create"));
    let store = entente_serve::db::open_read_only(&db, std::time::Duration::from_secs(1))
        .expect("open read-only");
    let conn = store.connection();
    for sql in [
        "DELETE FROM events",
        "CREATE TABLE evil (x)",
        "PRAGMA query_only = OFF; CREATE TABLE evil (x)",
    ] {
        assert!(conn.execute_batch(sql).is_err(), "{sql} should fail");
    }
    assert!(entente_serve::db::open_read_only(
        &dir.path().join("missing.db"),
        std::time::Duration::from_secs(1)
    )
    .is_err());
}

#[tokio::test]
async fn answers_carry_security_headers_and_the_page_is_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    let request = Request::get("/").body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap_or("");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or("")
        .starts_with("text/html"));
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    let page = String::from_utf8_lossy(&body);
    if entente_serve::dashboard_built() {
        assert!(page.contains("/app.js"), "{page}");
        let request = Request::get("/app.js")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .expect("request");
        let response = app.clone().oneshot(request).await.expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let etag = response.headers()[header::ETAG].clone();
        let request = Request::get("/app.js")
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .expect("request");
        let response = app.clone().oneshot(request).await.expect("response");
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    } else {
        assert!(page.contains("Dashboard not built"), "{page}");
    }
    let (status, _, _) = get(&app, "/no-such-file.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
