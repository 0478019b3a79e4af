//! The model macros of the runtime: string enums that keep unlisted values
//! (`string_enum!`, `string_enum_impl!`) and unions decoded by their tag
//! (`tagged_union_impl!`), as the generated models use them.

use std::sync::Arc;
use std::time::Duration;

use generated::runtime::{self, Call, Config, Error, Method};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

generated::string_enum! {
    /// Status of a batch.
    pub enum BatchStatus {
        /// In progress.
        InProgress = "in_progress",
        Completed = "completed",
    }
}

generated::runtime::string_enum! {
    /// A one-value enum with a default, as for `const` schemas.
    #[derive(Default)]
    pub enum ObjectKind {
        #[default]
        Batch = "batch",
    }
}

#[test]
fn string_enum_round_trip_keeps_unknown_values() {
    assert_eq!(ObjectKind::default(), ObjectKind::Batch);
    assert_eq!(serde_json::to_value(ObjectKind::default()).unwrap(), json!("batch"));

    let s: BatchStatus = serde_json::from_str(r#""in_progress""#).unwrap();
    assert_eq!(s, BatchStatus::InProgress);
    assert_eq!(serde_json::to_string(&s).unwrap(), r#""in_progress""#);
    assert_eq!(s.as_str(), "in_progress");
    assert_eq!(s.to_string(), "in_progress");
    assert_eq!("completed".parse::<BatchStatus>().unwrap(), BatchStatus::Completed);
    assert_eq!(BatchStatus::from("cancelling"), BatchStatus::Unknown("cancelling".into()));
    assert_eq!(BatchStatus::VALUES, ["in_progress", "completed"]);

    let from_value: Result<BatchStatus, _> = serde_json::from_value(json!("cancelling"));
    let from_str: Result<BatchStatus, _> = serde_json::from_str(r#""cancelling""#);
    if runtime::strict_enums() {
        assert!(from_str.unwrap_err().to_string().contains("unknown variant `cancelling`"));
        assert!(from_value.is_err());
    } else {
        let unknown = from_str.unwrap();
        assert_eq!(unknown, BatchStatus::Unknown("cancelling".into()));
        assert_eq!(from_value.unwrap(), unknown);
        assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""cancelling""#);
        assert_eq!(unknown.as_str(), "cancelling");
    }
    assert!(serde_json::from_str::<BatchStatus>("3").is_err());
}

/// A batch's status, declared as the generator now emits it.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum JobStatus {
    /// Queued.
    Queued,
    Running,
    /// A value this version of the API description does not list.
    Unknown(String),
}
generated::runtime::string_enum_impl!(JobStatus { Queued = "queued", Running = "running" });

/// The markers of `const`s (one value, the default), as the generator emits them.
pub mod constants {
    pub enum TextKind {}
    impl generated::runtime::ConstantValue for TextKind {
        const VALUE: &'static str = "text";
    }
    pub enum ImageKind {}
    impl generated::runtime::ConstantValue for ImageKind {
        const VALUE: &'static str = "image_url";
    }
}
pub type TextKind = runtime::Constant<constants::TextKind>;
pub type ImageKind = runtime::Constant<constants::ImageKind>;

#[test]
fn constant_writes_the_spec_value_and_keeps_what_the_server_sends() {
    use std::collections::HashSet;
    assert_eq!(TextKind::VALUE, "text");
    assert_eq!(TextKind::VALUES, ["text"]);
    let spec = TextKind::default();
    assert!(spec.is_expected());
    assert_eq!(spec, TextKind::new());
    assert_eq!(serde_json::to_value(&spec).unwrap(), json!("text"));
    assert_eq!(format!("{spec:?} {spec}"), r#""text" text"#);
    assert_eq!("text".parse::<TextKind>().unwrap(), spec, "the spec's value parses as the spec's value");
    assert!(TextKind::from(String::from("text")).is_expected());

    let other = TextKind::from("input_text");
    assert!(!other.is_expected());
    assert_ne!(other, spec);
    assert_eq!(other.clone(), other);
    assert_eq!(HashSet::from([spec.clone(), other.clone(), TextKind::new()]).len(), 2);

    let read = serde_json::from_str::<TextKind>(r#""input_text""#);
    if runtime::strict() {
        let err = read.unwrap_err().to_string();
        assert!(err.contains("unknown variant `input_text`, expected `text`"), "{err}");
    } else {
        let read = read.unwrap();
        assert_eq!(read, other);
        assert_eq!(read.as_str(), "input_text");
        assert_eq!(serde_json::to_string(&read).unwrap(), r#""input_text""#, "written back as sent");
    }
    assert_eq!(serde_json::from_str::<TextKind>(r#""text""#).unwrap(), spec);
    let wrong = serde_json::from_value::<TextKind>(json!(1)).unwrap_err().to_string();
    assert!(wrong.contains(r#"expected the string "text""#), "{wrong}");
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum GroupKind {
    Group,
    Section,
    Unknown(String),
}
generated::runtime::string_enum_impl!(GroupKind {
    Group = "group",
    Section = "section",
});

#[test]
fn string_enum_impl_round_trip_keeps_unknown_values() {
    assert_eq!(JobStatus::VALUES, ["queued", "running"]);
    // `Eq` comes from the macro (not derived): the values still serve as set and map keys.
    let keys: std::collections::HashSet<JobStatus> =
        [JobStatus::Queued, JobStatus::from("queued"), JobStatus::from("paused")].into_iter().collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&JobStatus::Unknown("paused".into())));

    let s: JobStatus = serde_json::from_str(r#""running""#).unwrap();
    assert_eq!(s, JobStatus::Running);
    assert_eq!(serde_json::to_string(&s).unwrap(), r#""running""#);
    assert_eq!(s.as_str(), "running");
    assert_eq!(s.to_string(), "running");
    assert_eq!("queued".parse::<JobStatus>().unwrap(), JobStatus::Queued);
    assert_eq!(JobStatus::from("paused"), JobStatus::Unknown("paused".into()));

    let from_str = serde_json::from_str::<JobStatus>(r#""paused""#);
    if runtime::strict_enums() {
        let err = from_str.unwrap_err().to_string();
        assert!(err.contains("unknown variant `paused`"), "{err}");
        assert!(err.contains("expected `queued` or `running`"), "{err}");
    } else {
        let unknown = from_str.unwrap();
        assert_eq!(unknown, JobStatus::Unknown("paused".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""paused""#);
    }
    assert!(serde_json::from_value::<JobStatus>(json!(1)).is_err());
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextPart {
    pub r#type: TextKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagePart {
    pub r#type: ImageKind,
    pub image_url: ImageUrl,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageUrl {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<JobStatus>,
}

/// Recursive: a group holds parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupPart {
    pub r#type: GroupKind,
    pub parts: Vec<Part>,
}

/// A content part.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text part
    Text(TextPart),
    ImageUrl(Box<ImagePart>),
    Group(Box<GroupPart>),
    /// A variant this version of the API description does not list.
    Unknown(Value),
}
generated::runtime::tagged_union_impl!(Part, "type" {
    Text = "text",
    ImageUrl = "image_url",
    Group = "group" | "section",
});

#[test]
fn tagged_union_round_trips_by_its_tag() {
    assert_eq!(Part::TAG, "type");
    assert_eq!(Part::TAGS, ["text", "image_url", "group", "section"]);

    // The tag comes last: the input is buffered, not read in order.
    let input = json!({"text": "hi", "type": "text"});
    let part: Part = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(part, Part::Text(TextPart { r#type: TextKind::new(), text: "hi".into() }));
    assert_eq!(part.tag(), Some("text"));
    assert_eq!(serde_json::to_value(&part).unwrap(), input);

    let input = r#"{"image_url":{"url":"https://x/y.png"},"type":"image_url"}"#;
    let part: Part = serde_json::from_str(input).unwrap();
    let Part::ImageUrl(image) = &part else { panic!("{part:?}") };
    assert_eq!(image.image_url.url, "https://x/y.png");
    assert_eq!(serde_json::to_string(&part).unwrap(), r#"{"type":"image_url","image_url":{"url":"https://x/y.png"}}"#);

    // Recursive and boxed; `section` selects the same variant as `group`.
    let input = json!({"parts": [{"type": "text", "text": "a"}], "type": "section"});
    let part: Part = serde_json::from_value(input.clone()).unwrap();
    let Part::Group(group) = &part else { panic!("{part:?}") };
    assert_eq!(group.r#type, GroupKind::Section);
    assert_eq!(group.parts[0].tag(), Some("text"));
    assert_eq!(serde_json::to_value(&part).unwrap(), input);
}

#[test]
fn tagged_union_keeps_unlisted_or_missing_tags_as_unknown() {
    let unlisted = json!({"type": "audio", "data": "AAAA"});
    let missing = json!({"text": "no tag"});
    let not_a_string = json!({"type": 7});
    let results = [&unlisted, &missing, &not_a_string].map(|input| serde_json::from_value::<Part>(input.clone()));
    if runtime::strict_enums() {
        let errors = results.map(|r| r.unwrap_err().to_string());
        assert_eq!(errors[0], "unknown `type` value `audio`, expected one of `text`, `image_url`, `group`, `section`");
        assert_eq!(errors[1], "missing field `type`");
        assert_eq!(errors[2], "`type` is a number, not a string");
    } else {
        let [unlisted_part, missing_part, not_a_string_part] = results.map(Result::unwrap);
        assert_eq!(unlisted_part, Part::Unknown(unlisted.clone()));
        assert_eq!(unlisted_part.tag(), Some("audio"));
        assert_eq!(serde_json::to_value(&unlisted_part).unwrap(), unlisted);
        assert_eq!(missing_part, Part::Unknown(missing));
        assert_eq!(missing_part.tag(), None);
        assert_eq!(not_a_string_part.tag(), None);
    }

    // Not an object: never a variant, so an error even when lenient.
    let err = serde_json::from_value::<Part>(json!("text")).unwrap_err();
    assert_eq!(err.to_string(), "expected an object with a `type` member, found a string");
}

#[test]
fn tagged_union_variant_errors_say_where() {
    // A listed tag whose variant does not decode is an error, not `Unknown`.
    let err = serde_json::from_value::<Part>(json!({"type": "image_url", "image_url": {}})).unwrap_err();
    assert_eq!(err.to_string(), "type `image_url`: image_url: missing field `url`");
}

#[derive(Debug, Deserialize)]
struct Message {
    content: Vec<Part>,
}

#[tokio::test]
async fn tagged_union_decode_error_path_reaches_into_the_variant() {
    let bound = Duration::from_secs(20);
    tokio::time::timeout(bound, async {
        let server = MockServer::start().await;
        let bad = json!({"content": [
            {"type": "text", "text": "a"},
            {"type": "group", "parts": [{"type": "text", "text": 5}]},
        ]});
        Mock::given(path("/bad")).respond_with(ResponseTemplate::new(200).set_body_json(bad)).mount(&server).await;
        let good = json!({"content": [{"type": "text", "text": "a"}]});
        Mock::given(path("/good")).respond_with(ResponseTemplate::new(200).set_body_json(good)).mount(&server).await;
        let t = Arc::new(Config::new(server.uri()).build().expect("config"));

        let message: Message = Call::json(&t, Method::GET, "/good").await.unwrap();
        assert_eq!(message.content[0].tag(), Some("text"));

        let err = Call::<Message>::json(&t, Method::GET, "/bad").await.unwrap_err();
        let Error::Decode(decode) = err else { panic!("{err:?}") };
        // The outer path leads to the union; the message goes on inside it.
        assert_eq!(decode.path, "content[1]");
        let message = decode.source.to_string();
        assert!(
            message
                .starts_with("type `group`: parts[0]: type `text`: text: invalid type: integer `5`, expected a string"),
            "{message}"
        );
    })
    .await
    .expect("test timed out")
}
