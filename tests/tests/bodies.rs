//! Large success bodies against a raw loopback server: a body read into memory
//! stops at `max_response_bytes` with a typed error (from `Content-Length` or
//! while reading a chunked body), and binary answers stream in chunks or into
//! an `AsyncWrite` without ever being held whole. Peak memory (VmHWM) is
//! checked where Linux reports it.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::StreamExt;
use generated::openai;
use generated::runtime::{Bytes, Call, Config, Error, Method, DEFAULT_MAX_RESPONSE_BYTES};
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const MB: usize = 1 << 20;

/// Serves every request with a body of the size (MB) and framing named by the
/// path: `/<len|chunked|stall>/<size>/…`; `stall` sends half and goes quiet.
async fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket));
        }
    });
    base
}

/// The byte at `offset` of every body: a pattern a reader can check (its
/// period divides the server's 1 MB chunks).
fn pattern(offset: usize) -> u8 {
    (offset % 256) as u8
}

async fn serve(mut socket: TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut parts = path.trim_start_matches('/').split('/');
    let framing = parts.next().unwrap_or("len").to_string();
    let size = parts.next().and_then(|s| s.parse::<usize>().ok()).unwrap_or(1) * MB;
    let mut reply = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n".to_string();
    reply += &if framing == "chunked" {
        "transfer-encoding: chunked\r\n\r\n".to_string()
    } else {
        format!("content-length: {size}\r\n\r\n")
    };
    if socket.write_all(reply.as_bytes()).await.is_err() {
        return;
    }
    let chunk: Vec<u8> = (0..MB).map(pattern).collect();
    let send = if framing == "stall" { size / 2 } else { size };
    let mut sent = 0;
    while sent < send {
        let n = MB.min(send - sent);
        let ok = if framing == "chunked" {
            let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
            socket.write_all(&framed).await.is_ok()
        } else {
            socket.write_all(&chunk[..n]).await.is_ok()
        };
        if !ok {
            return; // the client stopped reading, as it should past its limit
        }
        sent += n;
    }
    if framing == "chunked" {
        let _ = socket.write_all(b"0\r\n\r\n").await;
    }
    if framing == "stall" {
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}

fn transport(base: &str, config: impl FnOnce(Config) -> Config) -> Arc<generated::runtime::Transport> {
    Arc::new(config(Config::new(base).max_retries(0)).build().unwrap())
}

/// Peak resident memory of this process in KiB (Linux), to bound what a body costs.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(60), f).await.expect("test timed out")
}

/// Counts and checks what is written, keeping nothing.
#[derive(Default)]
struct CheckingWriter {
    written: usize,
    mismatches: usize,
    flushed: bool,
}

impl AsyncWrite for CheckingWriter {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let start = self.written;
        self.mismatches += buf.iter().enumerate().filter(|(i, &b)| b != pattern(start + i)).count();
        self.written += buf.len();
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.flushed = true;
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// One test, so the memory figures are not another test's allocations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_bodies_are_capped_or_streamed() {
    bounded(async {
        let base = server().await;
        assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 32 * MB as u64);

        // 100 MB of JSON through a generated operation: refused at the limit,
        // from Content-Length and, chunked, while reading.
        for framing in ["len", "chunked"] {
            let before = peak_kib();
            let client = openai::Client::builder()
                .base_url(format!("{base}/{framing}/100/v1"))
                .api_key("sk-test")
                .max_retries(0)
                .build()
                .unwrap();
            let err = client.vector_stores().file_batches().cancel("vs_1", "vsfb_1").await.unwrap_err();
            match &err {
                Error::BodyTooLarge { limit, status, .. } => {
                    assert_eq!((*limit, status.as_u16()), (DEFAULT_MAX_RESPONSE_BYTES, 200))
                }
                other => panic!("{framing}: expected BodyTooLarge, got {other:?}"),
            }
            assert!(!err.is_retryable());
            assert!(err.to_string().contains("max_response_bytes"), "{err}");
            if let (Some(before), Some(after)) = (before, peak_kib()) {
                let grown = (after.saturating_sub(before)) / 1024;
                println!("{framing}: 100 MB JSON refused; peak memory grew by {grown} MB");
                assert!(grown < 64, "{framing}: peak memory grew by {grown} MB");
            }
        }

        // The limit set on a generated client's builder.
        let client = openai::Client::builder()
            .base_url(format!("{base}/len/1/v1"))
            .max_response_bytes(512 * 1024)
            .max_retries(0)
            .build()
            .unwrap();
        // A nested namespace borrows the client, not its parent: it outlives the temporary parent.
        let file_batches = client.vector_stores().file_batches();
        let err = file_batches.cancel("vs_1", "vsfb_1").await.unwrap_err();
        assert!(matches!(err, Error::BodyTooLarge { limit: 524_288, .. }), "{err:?}");

        // The client-wide limit and the per-call override, both ways.
        let t = transport(&format!("{base}/len/2"), |c| c.max_response_bytes(MB as u64));
        let err = Call::bytes(&t, Method::GET, "/file").await.unwrap_err();
        assert!(matches!(err, Error::BodyTooLarge { limit, .. } if limit == MB as u64), "{err:?}");
        let body: Bytes = Call::bytes(&t, Method::GET, "/file").max_response_bytes(3 * MB as u64).await.unwrap();
        assert_eq!(body.len(), 2 * MB);
        assert!(body.iter().enumerate().all(|(i, &b)| b == pattern(i)));
        let t = transport(&format!("{base}/chunked/2"), |c| c);
        let err = Call::bytes(&t, Method::GET, "/file").max_response_bytes(MB as u64 + 1).await.unwrap_err();
        assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
        let exact = Call::bytes(&t, Method::GET, "/file").max_response_bytes(2 * MB as u64).await.unwrap();
        assert_eq!(exact.len(), 2 * MB, "a body of exactly the limit arrives whole");

        // 100 MB of file content (over the limit) streamed chunk by chunk, never held whole.
        let before = peak_kib();
        let t = transport(&format!("{base}/chunked/100"), |c| c);
        let mut stream = Call::bytes(&t, Method::GET, "/files/f/content").bytes_stream().await.unwrap();
        assert_eq!(stream.status().as_u16(), 200);
        assert_eq!(stream.headers()["content-type"], "application/octet-stream");
        let (mut total, mut chunks, mut mismatches) = (0usize, 0usize, 0usize);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.unwrap();
            mismatches += chunk.iter().enumerate().filter(|(i, &b)| b != pattern(total + i)).count();
            total += chunk.len();
            chunks += 1;
        }
        assert_eq!((total, mismatches), (100 * MB, 0));
        assert!(chunks > 1, "handed out in several chunks");
        // And into an AsyncWrite, with Content-Length.
        let t = transport(&format!("{base}/len/100"), |c| c);
        let mut writer = CheckingWriter::default();
        let written = Call::bytes(&t, Method::GET, "/audio/speech").write_to(&mut writer).await.unwrap();
        assert_eq!((written, writer.written, writer.mismatches), (100 * MB as u64, 100 * MB, 0));
        assert!(writer.flushed);
        if let (Some(before), Some(after)) = (before, peak_kib()) {
            let grown = (after.saturating_sub(before)) / 1024;
            println!("200 MB streamed; peak memory grew by {grown} MB");
            assert!(grown < 64, "streaming grew peak memory by {grown} MB");
        }
    })
    .await
}

#[tokio::test]
async fn a_stalled_stream_times_out_and_a_file_receives_the_body() {
    bounded(async {
        let base = server().await;
        let t = transport(&format!("{base}/stall/2"), |c| c.timeout(Duration::from_millis(500)));
        let mut stream = Call::bytes(&t, Method::GET, "/file").bytes_stream().await.unwrap();
        let mut got = 0;
        let end = loop {
            match stream.next().await {
                Some(Ok(chunk)) => got += chunk.len(),
                Some(Err(e)) => break e,
                None => panic!("the stream ended silently after {got} bytes"),
            }
        };
        assert!(end.is_timeout(), "{end:?}");
        assert!(stream.next().await.is_none(), "one error ends the stream");
        assert_eq!(got, MB, "what arrived before the silence was handed out");

        let dir = std::env::temp_dir().join(format!("bodies-test-{}", std::process::id()));
        tokio::fs::create_dir_all(&dir).await.unwrap();
        let path = dir.join("download.bin");
        let mut file = tokio::fs::File::create(&path).await.unwrap();
        let t = transport(&format!("{base}/len/3"), |c| c);
        let written = Call::bytes(&t, Method::GET, "/file").write_to(&mut file).await.unwrap();
        drop(file);
        let on_disk = tokio::fs::read(&path).await.unwrap();
        tokio::fs::remove_dir_all(&dir).await.unwrap();
        assert_eq!(written as usize, 3 * MB);
        assert!(on_disk.len() == 3 * MB && on_disk.iter().enumerate().all(|(i, &b)| b == pattern(i)));
    })
    .await
}
