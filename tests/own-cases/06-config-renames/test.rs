// `[rename]` in config.toml: the new names are the only ones, and everything referring to them follows.
use generated::spec::models::{ChatCompletion, ChatRequest, ChatRequestStop, Choice};

#[test]
fn renamed_types_and_methods_are_the_api() {
    let client = generated::spec::Client::builder().build().unwrap();
    let request = ChatRequest::new("gpt-4o", "END");
    assert_eq!(request.stop, ChatRequestStop::String("END".into()), "an inline type follows its renamed parent");
    assert_eq!(client.chat().completions().send(&request).path(), "/chat/completions");
    assert_eq!(client.chat().completions().send_stream(&request).path(), "/chat/completions");
    assert_eq!(client.chat().completions().get("c 1").path(), "/chat/completions/c%201");
    let answer: ChatCompletion = serde_json::from_str(r#"{"id": "c1", "choices": [{"index": 0}]}"#).unwrap();
    let first: &Choice = &answer.choices[0];
    assert_eq!(first.index, 0);
}
