//! Everyday tasks written against the client generated from the full
//! `../shared/specs/openai.yaml`, as a user writes them: `new(required…)`,
//! setters, `From` conversions, role constructors, `Client::from_env`, and the
//! SDK helpers (`output_text()`, stream accumulators, `parsed::<T>()`). The
//! requests are those of async-openai's own examples (chat, chat-stream,
//! tool-call, structured-outputs, embeddings, image-generate, responses,
//! responses-stream, audio-transcribe), so the README compares their lengths. `tests/tests/requests.rs` runs it against a
//! recording loopback server (`OPENAI_BASE_URL`) and checks each request on the
//! wire. Prints one line per task.

use std::time::Duration;

use full_specs_openai::openai::{models::*, Client};
use full_specs_openai::runtime::{FileUpload, ParseError};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;

type Message = ChatCompletionRequestMessage;

/// The structured output the structured-outputs task asks for.
#[derive(Debug, serde::Deserialize)]
struct MathReasoning {
    final_answer: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    // The SDKs' other set-ups compile too (not sent: they target the real server).
    let _ = Client::new("sk-...");
    let _ = Client::builder().api_key("sk-...").organization("org-...").project("proj_...").build()?;

    // chat
    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        [
            Message::system("You are a helpful assistant."),
            Message::user("Who won the world series in 2020?"),
            Message::assistant("The Los Angeles Dodgers won the World Series in 2020."),
            Message::user("Where was it played?"),
        ],
    );
    let chat = client.chat().completions().create(&request).await?;
    println!("chat: {} choices", chat.choices.len());

    // chat-stream
    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        [Message::user("write a song if Coldplay and AR Rahman collaborated together")],
    );
    let mut events = client.chat().completions().create_stream(&request).await?;
    let mut chunks = 0;
    while let Some(event) = events.next().await {
        event?;
        chunks += 1;
    }
    println!("chat stream: {chunks} chunks");

    // tool-call
    let parameters = json!({
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
        },
        "required": ["location"]
    });
    let request = CreateChatCompletionRequest::new(
        "gpt-4-1106-preview",
        [Message::user("What's the weather like in Boston and Atlanta?")],
    )
    .max_completion_tokens(512)
    .tools([ChatCompletionTool::new(
        FunctionObject::new("get_current_weather")
            .description("Get the current weather in a given location")
            .parameters(parameters),
    )
    .into()]);
    let chat = client.chat().completions().create(&request).await?;
    println!("tool call: {} choices", chat.choices.len());
    // No content to parse: a typed error, not a panic.
    if let Err(ParseError::NoContent) = chat.choices[0].message.parsed::<MathReasoning>() {
        println!("no content to parse");
    }

    // tool-call-stream: the chunks added up into the final message with its tool calls.
    let request = CreateChatCompletionRequest::new("gpt-4o", [Message::user("Weather in Boston and Atlanta?")])
        .tools([ChatCompletionTool::new(FunctionObject::new("get_current_weather").parameters(json!({}))).into()]);
    let completion = client.chat().completions().create_stream(&request).await?.final_output().await?;
    for call in completion.choices[0].message.tool_calls.iter().flatten() {
        if let ChatCompletionMessageToolCallsItem::Function(call) = call {
            println!("tool stream: {} {}({})", call.id, call.function.name, call.function.arguments);
        }
    }

    // structured-outputs
    let schema = json!({
        "type": "object",
        "properties": {"final_answer": {"type": "string"}},
        "required": ["final_answer"],
        "additionalProperties": false
    });
    let response_format = CreateChatCompletionRequestResponseFormat::json_schema(
        ResponseFormatJsonSchemaKind::new("math_reasoning").schema(schema).strict(true),
    );
    let request = CreateChatCompletionRequest::new(
        "gpt-4o-2024-08-06",
        [
            Message::system("You are a helpful math tutor. Guide the user through the solution step by step."),
            Message::user("how can I solve 8x + 7 = -23"),
        ],
    )
    .max_completion_tokens(512)
    .response_format(response_format);
    let chat = client.chat().completions().create(&request).await?;
    let answer: MathReasoning = chat.choices[0].message.parsed()?;
    println!("structured: {}", answer.final_answer);

    // embeddings
    let request = CreateEmbeddingRequest::new(
        "text-embedding-ada-002",
        [
            "Why do programmers hate nature? It has too many bugs.",
            "Why was the computer cold? It left its Windows open.",
        ],
    );
    let embeddings = client.embeddings().create(&request).await?;
    println!("embeddings: {}", embeddings.data.len());

    // image-generate
    let request = CreateImageRequest::new("cats on sofa and carpet in living room")
        .model("gpt-image-1")
        .n(2)
        .size("auto")
        .user("async-openai");
    let images = client.images().generations().create(&request).await?;
    println!("images: {}", images.data.map(|d| d.len()).unwrap_or(0));

    // responses
    let request = CreateResponse::new()
        .max_output_tokens(512)
        .model("gpt-4.1")
        .text(ResponseTextParam::new().format(ResponseFormatText::new()).verbosity("medium"))
        .input("What transport protocols does the 2025-03-26 version of the MCP spec (modelcontextprotocol/modelcontextprotocol) support?")
        .tools([
            WebSearchPreviewTool::new().into(),
            McpTool::new("deepwiki")
                .server_url("https://mcp.deepwiki.com/mcp")
                .require_approval("never")
                .allowed_tools(["ask_question"])
                .into(),
        ]);
    let response = client.responses().create(&request).await?;
    println!("responses: {} {:?}", response.id, response.output_text());

    // responses-stream: text deltas as they come, the completed response at the end.
    let request = CreateResponse::new().model("gpt-4.1").input("Write a haiku about programming.");
    let mut stream = client.responses().create_stream(&request).await?;
    let mut response = ResponseAccumulator::default();
    while let Some(event) = stream.next().await {
        response.push(&event?);
    }
    println!("responses stream: {:?}", response.text());
    println!("completed: {:?}", response.finish()?.output_text());

    // audio-transcribe (multipart)
    let request = CreateTranscriptionRequest::new(FileUpload::new("speech.mp3", vec![0u8; 16]), "whisper-1")
        .response_format("json");
    let transcription = client.audio().transcriptions().create(&request).await?;
    println!("transcription: {transcription:?}");

    // File upload, then a batch over it (multipart, then JSON).
    let upload = FileUpload::new("batch.jsonl", r#"{"custom_id": "r1"}"#);
    let file = client.files().create(&CreateFileRequest::new(upload, "batch")).await?;
    let batch = client.batches().create(&CreateBatchRequest::new(file.id, "/v1/chat/completions")).await?;
    println!("batch: {}", batch.id);

    // Every page of a list.
    let files: Vec<OpenAiFile> = client.files().list(&ListFilesQuery::new().limit(1)).paginate().try_collect().await?;
    println!("files: {:?}", files.iter().map(|f| f.id.as_str()).collect::<Vec<_>>());

    // Retries and timeouts per call (the server answers 429 first), typed errors.
    let request = CreateChatCompletionRequest::new("gpt-4o", [Message::user("Hi")]);
    let chat = client.chat().completions().create(&request).timeout(Duration::from_secs(30)).max_retries(1).await?;
    println!("tuned: {} choices", chat.choices.len());
    match client.models().retrieve("no-such-model").await {
        Err(e) => {
            let code = e.as_api().and_then(|api| api.error.as_ref()).and_then(|body| body.code.as_deref());
            println!("typed error: {:?} {code:?}", e.status().map(|s| s.as_u16()));
        }
        Ok(model) => println!("unexpected model {}", model.id),
    }
    let _ = readme_writing_requests; // compiled, not sent
    Ok(())
}

/// The README's "Writing requests" example, line for line (the `requests`
/// test checks that the README's block is in this file).
async fn readme_writing_requests() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?; // OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID
    let request = CreateChatCompletionRequest::new(
        "gpt-4o",
        [Message::system("You are terse."), Message::user("Weather in Paris?")],
    )
    .max_completion_tokens(512)
    .tools([ChatCompletionTool::new(FunctionObject::new("get_weather").parameters(json!({"type": "object"}))).into()]);
    let chat = client.chat().completions().create(&request).await?;
    println!("{} choices", chat.choices.len());
    Ok(())
}
