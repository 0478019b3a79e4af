//! Parameter styles on the wire, read raw from a loopback server: every query
//! style and explode combination of OpenAPI for arrays and objects, headers in
//! `simple` style (and JSON text), path parameters in `simple`, `label` and
//! `matrix` style. The tables passed here are what the generator emits for
//! `codegen/tests/fixtures/parameters.yaml` (see its snapshot).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use generated::runtime::{self, Call, Config, Method, ParamStyle, Style};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A server answering `[]` to every request; the raw request heads, in order.
async fn server() -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = tx.send(String::from_utf8_lossy(&head).into_owned());
                    head.clear();
                    let reply = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]";
                    if socket.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, rx)
}

async fn next_head(rx: &mut mpsc::UnboundedReceiver<String>) -> String {
    tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("no request arrived").unwrap()
}

fn request_line(head: &str) -> &str {
    head.lines().next().unwrap()
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[derive(Serialize)]
struct Color {
    #[serde(rename = "R")]
    r: i64,
    #[serde(rename = "G")]
    g: i64,
}

fn color() -> Option<Color> {
    Some(Color { r: 100, g: 200 })
}

/// Members in declaration order (the workspace's serde_json keeps map order).
/// One parameter per style; values with the delimiters in them, to show they
/// are escaped while the delimiters are not.
#[derive(Serialize, Default)]
struct Query {
    a_form_exploded: Option<Vec<i64>>,
    b_form: Option<Vec<String>>,
    c_space: Option<Vec<String>>,
    d_pipe: Option<Vec<String>>,
    e_form_exploded: Option<Color>,
    f_form: Option<Color>,
    g_deep: Option<Color>,
    h_space: Option<Color>,
    i_pipe: Option<Color>,
    j_metadata: Option<BTreeMap<String, String>>,
    k_filter: Option<Value>,
    l_unset: Option<Vec<i64>>,
}

const QUERY_STYLES: &[ParamStyle] = &[
    ParamStyle { name: "b_form", style: Style::Form, explode: false },
    ParamStyle { name: "c_space", style: Style::SpaceDelimited, explode: false },
    ParamStyle { name: "d_pipe", style: Style::PipeDelimited, explode: false },
    ParamStyle { name: "f_form", style: Style::Form, explode: false },
    ParamStyle { name: "g_deep", style: Style::DeepObject, explode: true },
    ParamStyle { name: "h_space", style: Style::SpaceDelimited, explode: false },
    ParamStyle { name: "i_pipe", style: Style::PipeDelimited, explode: false },
    ParamStyle { name: "j_metadata", style: Style::DeepObject, explode: true },
    ParamStyle { name: "k_filter", style: Style::Json, explode: false },
    ParamStyle { name: "l_unset", style: Style::Form, explode: false },
];

fn transport(base: &str) -> Arc<runtime::Transport> {
    Arc::new(Config::new(base).max_retries(0).build().unwrap())
}

#[tokio::test]
async fn every_query_style_and_explode() {
    let (base, mut rx) = server().await;
    let t = transport(&base);
    let query = Query {
        a_form_exploded: Some(vec![1, 2]),
        b_form: Some(vec!["1".into(), "2,3".into()]),
        c_space: Some(vec!["a".into(), "b c".into()]),
        d_pipe: Some(vec!["a".into(), "b|c".into()]),
        e_form_exploded: color(),
        f_form: color(),
        g_deep: color(),
        h_space: color(),
        i_pipe: color(),
        j_metadata: Some(BTreeMap::from([("k 1".into(), "v&1".into())])),
        k_filter: Some(json!({"q": "a b"})),
        l_unset: None,
    };
    let _: Value = Call::json(&t, Method::GET, "/items").query_styled(&query, QUERY_STYLES).await.unwrap();
    let head = next_head(&mut rx).await;
    let expected = [
        "a_form_exploded=1&a_form_exploded=2",
        "b_form=1,2%2C3",
        "c_space=a%20b%20c",
        "d_pipe=a|b%7Cc",
        "R=100&G=200",
        "f_form=R,100,G,200",
        "g_deep[R]=100&g_deep[G]=200",
        "h_space=R%20100%20G%20200",
        "i_pipe=R|100|G|200",
        "j_metadata[k%201]=v%261",
        "k_filter=%7B%22q%22%3A%22a%20b%22%7D",
    ]
    .join("&");
    assert_eq!(request_line(&head), format!("GET /items?{expected} HTTP/1.1"));

    // Without a table: OpenAI's default for queries (form, exploded).
    let plain = Query { a_form_exploded: Some(vec![3]), e_form_exploded: color(), ..Default::default() };
    let _: Value = Call::json(&t, Method::GET, "/items").query(&plain).await.unwrap();
    let head = next_head(&mut rx).await;
    assert_eq!(request_line(&head), "GET /items?a_form_exploded=3&R=100&G=200 HTTP/1.1");

    // The issue's example, the base URL's own query kept, extra_query encoded alike.
    #[derive(Serialize)]
    struct Ids {
        ids: Vec<u32>,
    }
    let styles = [ParamStyle { name: "ids", style: Style::Form, explode: false }];
    let t = transport(&format!("{base}/v1?api-version=2024-10-01"));
    let call = Call::<Value>::json(&t, Method::GET, "/items").query_styled(&Ids { ids: vec![1, 2] }, &styles);
    let _ = call.extra_query("x y", "1/2").await.unwrap();
    let head = next_head(&mut rx).await;
    assert_eq!(request_line(&head), "GET /v1/items?api-version=2024-10-01&ids=1,2&x%20y=1%2F2 HTTP/1.1");
}

#[derive(Serialize, Default)]
struct Headers {
    #[serde(rename = "X-Tags")]
    tags: Option<Vec<String>>,
    #[serde(rename = "X-Color")]
    color: Option<Color>,
    #[serde(rename = "X-Color-Exploded")]
    color_exploded: Option<Color>,
    #[serde(rename = "X-Metadata")]
    metadata: Option<Value>,
    #[serde(rename = "X-Count")]
    count: Option<u32>,
}

const HEADER_STYLES: &[ParamStyle] = &[
    ParamStyle { name: "X-Color-Exploded", style: Style::Simple, explode: true },
    ParamStyle { name: "X-Metadata", style: Style::Json, explode: false },
];

#[tokio::test]
async fn headers_in_simple_style_and_paths_in_theirs() {
    let (base, mut rx) = server().await;
    let t = transport(&base);
    let headers = Headers {
        tags: Some(vec!["a".into(), "b".into()]),
        color: color(),
        color_exploded: color(),
        metadata: Some(json!({"user": "u1"})),
        count: Some(3),
    };
    let _: Value = Call::json(&t, Method::GET, "/h").header_params_styled(&headers, HEADER_STYLES).await.unwrap();
    let head = next_head(&mut rx).await;
    assert_eq!(header(&head, "x-tags"), Some("a,b"));
    assert_eq!(header(&head, "x-color"), Some("R,100,G,200"));
    assert_eq!(header(&head, "x-color-exploded"), Some("R=100,G=200"));
    assert_eq!(header(&head, "x-metadata"), Some(r#"{"user":"u1"}"#));
    assert_eq!(header(&head, "x-count"), Some("3"));

    let path = format!(
        "/items/{}/{}/{}",
        runtime::path_param("label", "x y", Style::Label),
        runtime::path_param("matrix", "5", Style::Matrix),
        runtime::path_param("plain", "a/b", Style::Simple),
    );
    let _: Value = Call::json(&t, Method::GET, path).await.unwrap();
    let head = next_head(&mut rx).await;
    assert_eq!(request_line(&head), "GET /items/.x%20y/;matrix=5/a%2Fb HTTP/1.1");
}

#[tokio::test]
async fn a_query_credential_is_added_and_encoded() {
    let (base, mut rx) = server().await;
    let t = Arc::new(Config::new(&base).api_key_query("api_key", "k&1=2").max_retries(0).build().unwrap());
    let _: Value = Call::json(&t, Method::GET, "/items").extra_query("limit", 2).await.unwrap();
    let head = next_head(&mut rx).await;
    assert_eq!(request_line(&head), "GET /items?limit=2&api_key=k%261%3D2 HTTP/1.1");
}
