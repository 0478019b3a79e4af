//! `Client::from_env()` of the client generated from the full
//! `../shared/specs/portkey.yaml`: `PORTKEY_API_KEY` and `PORTKEY_BASE_URL`.
//! Run by `tests/tests/requests.rs` with the variables set for this process only.

use full_specs_portkey::portkey::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), full_specs_portkey::runtime::Error> {
    let _ = Client::new("pk-...");
    let client = Client::from_env()?;
    let batch = client.batches().cancel("batch_abc123").await?;
    println!("cancelled: {}", batch.id);
    Ok(())
}
