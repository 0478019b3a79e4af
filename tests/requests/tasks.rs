//! Everyday tasks written against the client generated from the full
//! `../shared/specs/openai.yaml`, as a user writes them: `new(required…)`,
//! setters, `From` conversions, role constructors, `Client::from_env`.
//! `tests/tests/requests.rs` runs it against a recording loopback server
//! (`OPENAI_BASE_URL`) and checks each request on the wire. Prints one line per task.

use std::time::Duration;

use full_specs_openai::openai::{models::*, Client};
use futures::StreamExt;
use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), full_specs_openai::runtime::Error> {
    let client = Client::from_env()?;
    // The SDKs' other set-ups compile too (not sent: they target the real server).
    let _ = Client::new("sk-...");
    let _ = Client::builder().api_key("sk-...").organization("org-...").project("proj_...").build()?;

    // 1. Chat with a function tool.
    let weather = FunctionObject::new("get_weather")
        .description("Weather of a city")
        .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}));
    let request = CreateChatCompletionRequest::new(
        "gpt-4o",
        [ChatCompletionRequestMessage::system("You are terse."), ChatCompletionRequestMessage::user("Weather in Paris?")],
    )
    .tools([ChatCompletionTool::new(weather).into()])
    .max_completion_tokens(512)
    .temperature(0.2);
    let chat = client.chat().completions().create(&request).await?;
    println!("chat: {} choices", chat.choices.len());

    // 2. The same, streamed.
    let mut events = client.chat().completions().create_stream(&request).await?;
    let mut chunks = 0;
    while let Some(event) = events.next().await {
        event?;
        chunks += 1;
    }
    println!("chat stream: {chunks} chunks");

    // 3. Responses.
    let response =
        client.responses().create(&CreateResponse::new().model("gpt-4o").input("Say hi").instructions("Be brief")).await?;
    println!("responses: {}", response.id);

    // 4. Structured output with a JSON schema.
    let schema = ResponseFormatJsonSchemaJsonSchema::new("city")
        .schema(json!({"type": "object", "properties": {"name": {"type": "string"}}}))
        .strict(true);
    let request = CreateChatCompletionRequest::new("gpt-4o", [ChatCompletionRequestMessage::user("A city?")])
        .response_format(CreateChatCompletionRequestResponseFormat::json_schema(schema));
    client.chat().completions().create(&request).await?;
    println!("structured: ok");

    // 5. Embeddings.
    let embeddings =
        client.embeddings().create(&CreateEmbeddingRequest::new("text-embedding-3-small", "The food was delicious")).await?;
    println!("embeddings: {}", embeddings.data.len());

    // 6. Batch create.
    let batch = client.batches().create(&CreateBatchRequest::new("file-abc123", "/v1/chat/completions")).await?;
    println!("batch: {}", batch.id);

    // 7. Image generation.
    let images = client.images().generations().create(&CreateImageRequest::new("A lighthouse").n(1).size("1024x1024")).await?;
    println!("images: {}", images.data.map(|d| d.len()).unwrap_or(0));

    // 8. Retries and timeouts per call, typed errors.
    let request = CreateChatCompletionRequest::new("gpt-4o", [ChatCompletionRequestMessage::user("Hi")]);
    match client.chat().completions().create(&request).timeout(Duration::from_secs(30)).max_retries(1).await {
        Ok(chat) => println!("tuned: {} choices", chat.choices.len()),
        Err(e) => println!("tuned: error {e}"),
    }
    Ok(())
}
