//! The client runtime against real HTTP servers on 127.0.0.1: wiremock for
//! well-behaved ones, raw sockets for servers that stall or hang up. What a
//! request carries is in `requests.rs`; retries, errors and broken servers in
//! `failures.rs`; event streams and pages in `streams.rs`.

mod failures;
mod requests;
mod streams;

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use generated::runtime::{self, Call, Config, Error, EventStream, FileUpload, Method, Multipart, Page, Transport};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-test-7c1e9d";

/// Every test is bounded: a hang fails instead of stalling the suite.
async fn bounded<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), test).await.expect("test timed out")
}

fn transport(base: &str) -> Arc<Transport> {
    Arc::new(Config::new(base).bearer_auth(KEY).build().expect("config"))
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Event {
    n: u32,
}

/// A server on 127.0.0.1 that runs `serve` on each connection after reading the request head.
async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let serve = Arc::new(serve);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let serve = Arc::clone(&serve);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                serve(socket).await;
            });
        }
    });
    format!("http://{addr}")
}

fn sse_response(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "text/event-stream")
}
