//! Redirects against two raw loopback servers: A answers with a redirect to B
//! (another port, so another origin), B records what reaches it. No credential
//! (header or query, from any security scheme) may reach B; within one origin
//! the request is repeated as it was.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::runtime::{Call, Config, Error, Method};
use generated::{openai, portkey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OK_BODY: &str = r#"{"id":"vsfb_1","object":"vector_store.file_batch","created_at":1,"vector_store_id":"vs_1","status":"cancelled","file_counts":{"in_progress":0,"completed":1,"failed":0,"cancelled":0,"total":1}}"#;
const SECRETS: [&str; 7] = [
    "sk-SECRET-openai",
    "pk-SECRET-portkey",
    "vk-SECRET-virtual",
    "prov-SECRET-auth",
    "cfg-SECRET",
    "SECRET-query",
    "SECRET-extra",
];

/// One request as a server saw it: request line, lower-cased header lines, body.
#[derive(Debug, Clone)]
struct Seen {
    line: String,
    headers: Vec<String>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}:");
        self.headers.iter().find_map(|h| h.strip_prefix(&prefix)).map(str::trim)
    }

    fn leaked(&self) -> Vec<&str> {
        let text = format!("{}\n{}\n{}", self.line, self.headers.join("\n"), self.body);
        SECRETS.iter().copied().filter(|s| text.contains(s)).collect()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A server answering every request with `answer(request, port)`; its base URL and log.
async fn server(answer: fn(&Seen, u16) -> String) -> (u16, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket, port, Arc::clone(&seen), answer));
        }
    });
    (port, log)
}

async fn serve(mut socket: TcpStream, port: u16, log: Log, answer: fn(&Seen, u16) -> String) {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&data[..end]).into_owned();
        let mut lines = head.lines();
        let line = lines.next().unwrap_or_default().to_string();
        let headers: Vec<String> = lines.map(|l| l.to_ascii_lowercase()).collect();
        let length: usize =
            headers.iter().find_map(|h| h.strip_prefix("content-length:")).map_or(0, |v| v.trim().parse().unwrap_or(0));
        while data.len() < end + 4 + length {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
        }
        let body = String::from_utf8_lossy(&data[end + 4..end + 4 + length]).into_owned();
        data.drain(..end + 4 + length);
        let seen = Seen { line, headers, body };
        let reply = answer(&seen, port);
        log.lock().unwrap().push(seen);
        if socket.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn reply(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text + "\r\n" + body
}

fn ok(_: &Seen, _: u16) -> String {
    reply("200 OK", &[("content-type", "application/json")], OK_BODY)
}

/// The target's request path names the redirect: `/to/<code>/<host>/<port>/…`.
fn redirector(seen: &Seen, _: u16) -> String {
    let path = seen.line.split_whitespace().nth(1).unwrap_or("/");
    let parts: Vec<&str> = path.trim_start_matches('/').splitn(5, '/').collect();
    let [_, code, host, port, rest] = parts[..] else { return reply("400 Bad Request", &[], "") };
    let location = format!("http://{host}:{port}/{rest}");
    reply(&format!("{code} Moved"), &[("location", &location)], "")
}

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f).await.expect("test timed out")
}

fn snapshot(log: &Log) -> Vec<Seen> {
    log.lock().unwrap().clone()
}

#[tokio::test]
async fn no_credential_crosses_origins() {
    bounded(async {
        let (a, a_log) = server(redirector).await;
        let (b, b_log) = server(ok).await;
        for code in [301, 302, 303, 307, 308] {
            for host in ["127.0.0.1", "localhost"] {
                let base = format!("http://127.0.0.1:{a}/to/{code}/{host}/{b}/v1");
                let before = snapshot(&b_log).len();

                let openai =
                    openai::Client::builder().base_url(&base).api_key(SECRETS[0]).max_retries(0).build().unwrap();
                let batch = openai
                    .vector_stores()
                    .file_batches()
                    .cancel("vs_1", "vsfb_1")
                    .extra_header("x-extra-api-key", SECRETS[6])
                    .await;
                assert_eq!(batch.expect("the redirect is followed").id, "vsfb_1");

                let portkey = portkey::Client::builder()
                    .base_url(&base)
                    .api_key(SECRETS[1])
                    .virtual_key(SECRETS[2])
                    .provider_auth(SECRETS[3])
                    .config(SECRETS[4])
                    .max_retries(0)
                    .build()
                    .unwrap();
                // B's answer is not a batch; only what reached B matters here.
                let _ = portkey.batches().cancel("batch_1").await;

                let transport = Config::new(&base).api_key_query("key", SECRETS[5]).max_retries(0).build().unwrap();
                let call: Call<serde_json::Value> = Call::json(&Arc::new(transport), Method::GET, "/models?x=1");
                call.await.expect("the redirect is followed");

                let reached = &snapshot(&b_log)[before..];
                assert_eq!(reached.len(), 3, "{code} to {host}: {reached:#?}");
                for seen in reached {
                    assert_eq!(seen.leaked(), Vec::<&str>::new(), "{code} to {host}: {seen:#?}");
                    for name in ["authorization", "x-portkey-api-key", "x-portkey-virtual-key", "x-portkey-config"] {
                        assert_eq!(seen.header(name), None, "{code} to {host}: {name} reached the other origin");
                    }
                }
                // 303 (and 301/302 after a POST) repeat the request as a GET without a body.
                let post_method = reached[0].line.split(' ').next().unwrap();
                let expected = if code == 307 || code == 308 { "POST" } else { "GET" };
                assert_eq!(post_method, expected, "{code}: {}", reached[0].line);
            }
        }
        // A saw every credential: they were sent to the origin they were given for.
        let first = &snapshot(&a_log)[0];
        assert_eq!(first.header("authorization"), Some(format!("bearer {}", SECRETS[0]).to_lowercase().as_str()));
    })
    .await
}

#[tokio::test]
async fn credentials_kept_within_the_origin_and_body_kept_on_307() {
    bounded(async {
        let (a, a_log) = server(|seen, port| {
            if seen.line.contains("/hop/") {
                let target = seen.line.split_whitespace().nth(1).unwrap().replacen("/hop/", "/", 1);
                reply("307 Temporary Redirect", &[("location", &format!("http://127.0.0.1:{port}{target}"))], "")
            } else {
                ok(seen, port)
            }
        })
        .await;
        let portkey = portkey::Client::builder()
            .base_url(format!("http://127.0.0.1:{a}/hop/v1"))
            .api_key(SECRETS[1])
            .virtual_key(SECRETS[2])
            .max_retries(0)
            .build()
            .unwrap();
        let _ = portkey.batches().cancel("batch_1").await;
        let openai = openai::Client::builder()
            .base_url(format!("http://127.0.0.1:{a}/hop/v1"))
            .api_key(SECRETS[0])
            .max_retries(0)
            .build()
            .unwrap();
        let batch = openai
            .vector_stores()
            .file_batches()
            .cancel("vs_1", "vsfb_1")
            .extra_body("n", serde_json::json!(1))
            .await
            .expect("the redirect is followed");
        assert_eq!(batch.id, "vsfb_1");
        let log = snapshot(&a_log);
        assert_eq!(log.len(), 4, "{log:#?}");
        let (pk, pk_redirected) = (&log[0], &log[1]);
        assert!(pk.line.contains("/hop/") && !pk_redirected.line.contains("/hop/"));
        assert_eq!(pk_redirected.header("x-portkey-api-key"), Some(SECRETS[1].to_lowercase().as_str()));
        assert_eq!(pk_redirected.header("x-portkey-virtual-key"), Some(SECRETS[2].to_lowercase().as_str()));
        let oa_redirected = &log[3];
        assert!(oa_redirected.line.starts_with("POST "), "{oa_redirected:?}");
        assert_eq!(oa_redirected.body, r#"{"n":1}"#, "307 repeats the body");
        assert!(oa_redirected.header("authorization").is_some());
    })
    .await
}

#[tokio::test]
async fn a_redirect_loop_ends_in_an_api_error() {
    bounded(async {
        let (a, a_log) = server(|seen, port| {
            let path = seen.line.split_whitespace().nth(1).unwrap();
            reply("302 Found", &[("location", &format!("http://127.0.0.1:{port}{path}"))], "")
        })
        .await;
        let openai =
            openai::Client::builder().base_url(format!("http://127.0.0.1:{a}/v1")).max_retries(0).build().unwrap();
        let err = openai.vector_stores().file_batches().cancel("vs_1", "vsfb_1").await.unwrap_err();
        assert!(matches!(&err, Error::Api(e) if e.status.as_u16() == 302), "{err:?}");
        assert_eq!(snapshot(&a_log).len(), 11, "the first request and 10 redirects");
    })
    .await
}

#[tokio::test]
async fn a_query_credential_is_not_in_error_messages() {
    bounded(async {
        // Nothing listens on the port of a listener just dropped: connecting fails.
        let port = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
        let transport = Config::new(format!("http://127.0.0.1:{port}")).api_key_query("key", SECRETS[5]).max_retries(0);
        let call: Call<serde_json::Value> = Call::json(&Arc::new(transport.build().unwrap()), Method::GET, "/models");
        let err = call.await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(matches!(err, Error::Transport(_)), "{text}");
        assert!(!text.contains(SECRETS[5]), "{text}");
        assert!(text.contains("key=***"), "{text}");
    })
    .await
}
